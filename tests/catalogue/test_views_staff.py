from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from catalogue import domain
from catalogue.dictionary import export_xlsx
from catalogue.models import Assessment, CriteriaSet, Dataset, DatasetStatus, Department
from tests.catalogue.factories import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    DatasetFactory,
    VariableFactory,
    term,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

RoleClient = Callable[[str], tuple[Client, Any]]


def url(name: str, *args: Any) -> str:
    return reverse(f"catalogue:{name}", args=args)


def test_staff_list_url_name_and_access(client: Client, role_client: RoleClient) -> None:
    assert url("staff-dataset-list") == "/staff/catalogue/"
    response = client.get(url("staff-dataset-list"))
    assert response.status_code == 302  # to the login page
    requester, _user = role_client(Role.REQUESTER)
    assert requester.get(url("staff-dataset-list")).status_code == 403
    reviewer, _user = role_client(Role.REVIEWER)
    assert reviewer.get(url("staff-dataset-list")).status_code == 200


def _seed_list(count: int, departments: list[Department], grid: CriteriaSet) -> None:
    criteria = list(grid.criteria.all())
    for n in range(count):
        dataset = DatasetFactory(department=departments[n % 2], published=n % 3 == 0)
        dataset.themes.add(term("theme", "HEAL"))
        VariableFactory.create_batch(2, dataset=dataset)
        AssessmentFactory(dataset=dataset, criteria_set=grid, scores={c.pk: 3 for c in criteria})
    domain.refresh_derived(Dataset.objects.values_list("pk", flat=True))


def test_list_shows_completeness_and_filters_without_n_plus_one(
    operator_client: Client, default_set: CriteriaSet, django_assert_max_num_queries: Any
) -> None:
    cardio = Department.objects.create(code="c", name="Cardiologie")
    onco = Department.objects.create(code="o", name="Oncologie")
    _seed_list(4, [onco, cardio], default_set)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(url("staff-dataset-list"))
    _seed_list(12, [onco, cardio], default_set)
    # Eight vocabulary prefetches and the publications prefetch are part of the fixed cost, and
    # so is the two-factor gate's device lookup (accounts.middleware).
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = operator_client.get(url("staff-dataset-list"))
    assert len(few.captured_queries) <= 21
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 16
    assert rows[0]["quality"].overall_score == 75
    assert rows[0]["dataset"].n_variables == 2
    assert rows[0]["missing"][:2] == ["Full description", "Population"]
    assert "Missing: Full description, Population" in response.content.decode()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = operator_client.get(
            url("staff-dataset-list"), {"department": cardio.pk, "status": "published"}
        )
    rows = response.context["rows"]
    assert rows and all(
        r["dataset"].department == cardio and r["dataset"].status == DatasetStatus.PUBLISHED
        for r in rows
    )


def test_steward_sees_only_allowed_edit_links_and_mine_filter(
    client: Client, steward: Any, department: Department
) -> None:
    own = DatasetFactory(department=department)
    other = DatasetFactory()
    client.force_login(steward)
    response = client.get(url("staff-dataset-list"), {"mine": "1"})
    assert [r["dataset"] for r in response.context["rows"]] == [own]
    assert client.get(url("staff-dataset-edit", own.slug)).status_code == 200
    assert client.get(url("staff-dataset-edit", other.slug)).status_code == 403
    page = client.get(url("staff-dataset-detail", other.slug))
    assert page.status_code == 200
    assert url("staff-dataset-edit", other.slug) not in page.content.decode()


def _sheet_post(department: Department, **extra: Any) -> dict[str, Any]:
    data = {
        "title_fr": "Cohorte insuffisance cardiaque",
        "summary_fr": "Patients suivis pour insuffisance cardiaque.",
        "acronym": "COHIC",
        "department": department.pk,
        "keywords": "insuffisance cardiaque, échographie, , Échographie",
        "data_types": [term("data_type", "ehr").pk, term("data_type", "imaging").pk],
        "contact_email": "cohic@example.org",
    }
    data.update(extra)
    return data


def _empty_publications(**rows: Any) -> dict[str, Any]:
    return {"pub-TOTAL_FORMS": 1, "pub-INITIAL_FORMS": 0, "pub-MIN_NUM_FORMS": 0,
            "pub-MAX_NUM_FORMS": 1000, **rows}  # fmt: skip


def test_edit_adds_publications_and_detects_concurrent_saves(
    operator_client: Client, operator: Any, department: Department
) -> None:
    dataset = DatasetFactory(department=department)
    edit = url("staff-dataset-edit", dataset.slug)
    version = operator_client.get(edit).context["version"]
    data = _sheet_post(
        department,
        slug=dataset.slug,
        version=version,
        **_empty_publications(**{"pub-0-citation": "Doe J. Heart. 2024", "pub-0-year": "2024"}),
    )
    # Meanwhile, someone else saves the sheet.
    domain.dataset_update(dataset, by=operator, changes={"geographic_coverage": "Lyon"})
    response = operator_client.post(edit, data)
    assert response.status_code == 200
    assert "Someone else saved this sheet" in response.content.decode()
    assert "Doe J. Heart. 2024" in response.content.decode()  # nothing typed is lost
    assert not dataset.publications.exists()
    data["version"] = response.context["version"]
    response = operator_client.post(edit, data)
    assert response.status_code == 302
    assert list(dataset.publications.values_list("citation", "year")) == [
        ("Doe J. Heart. 2024", 2024)
    ]
    reasons = list(dataset.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons[0] == "Publications: 1 added, 0 changed, 0 removed"
    assert reasons[1].startswith("Edited: ")


def test_create_edit_and_history_through_the_pages(
    client: Client, steward: Any, department: Department
) -> None:
    client.force_login(steward)
    response = client.post(url("staff-dataset-create"), _sheet_post(department))
    dataset = Dataset.objects.get(acronym="COHIC")
    assert response.status_code == 302
    assert dataset.slug == "cohic"
    assert dataset.keywords == ["insuffisance cardiaque", "échographie"]
    assert set(dataset.data_types.values_list("code", flat=True)) == {"ehr", "imaging"}
    assert dataset.completeness > 0
    page = client.get(url("staff-dataset-edit", dataset.slug))
    response = client.post(
        url("staff-dataset-edit", dataset.slug),
        _sheet_post(
            department,
            slug="cohic",
            population_description="Adultes",
            data_types=[],
            version=page.context["version"],
            **_empty_publications(),
        ),
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.population_description == "Adultes"
    assert not dataset.data_types.exists()
    history = client.get(url("staff-dataset-history", dataset.slug))
    rows = history.context["rows"]
    assert rows[0]["record"].history_user == steward
    assert "data types" in rows[0]["record"].history_change_reason
    changes = {str(c["label"]): (c["old"], c["new"]) for c in rows[0]["changes"]}
    assert changes == {
        "population": (None, "Adultes"),
        "data types": ("Electronic health records, Imaging", None),
    }
    assert "Electronic health records, Imaging" in history.content.decode()
    assert rows[-1]["first"]


def test_bad_sheet_input_shows_errors_and_keeps_what_was_typed(
    operator_client: Client, department: Department
) -> None:
    response = operator_client.post(
        url("staff-dataset-create"),
        _sheet_post(department, title_fr="", min_typical_age="90", max_typical_age="10"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title_fr" in form.errors
    assert "Patients suivis" in response.content.decode()
    assert not Dataset.objects.exists()


def test_publish_actions_are_permission_checked(
    client: Client, operator: Any, steward: Any, department: Department
) -> None:
    dataset = DatasetFactory(department=department)
    client.force_login(steward)
    page = client.get(url("staff-dataset-detail", dataset.slug))
    assert page.context["transitions"] == []  # stewards edit but the desk publishes
    response = client.post(url("staff-dataset-transition", dataset.slug, "publish"))
    assert response.status_code == 403
    client.force_login(operator)
    assert client.get(url("staff-dataset-detail", dataset.slug)).context["transitions"] == [
        "publish"
    ]
    assert client.get(url("staff-dataset-transition", dataset.slug, "publish")).status_code == 405
    response = client.post(url("staff-dataset-transition", dataset.slug, "publish"), follow=True)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.PUBLISHED
    assert set(response.context["transitions"]) == {"unpublish", "archive"}


def test_publish_refusal_is_explained(operator_client: Client) -> None:
    dataset = DatasetFactory(contact_email="", data_types=[])
    response = operator_client.post(
        url("staff-dataset-transition", dataset.slug, "publish"), follow=True
    )
    text = response.content.decode()
    assert "data type" in text and "contact point e-mail" in text
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.DRAFT


def test_dictionary_page_import_errors_and_export(operator_client: Client) -> None:
    dataset = DatasetFactory()
    VariableFactory(dataset=dataset, name="age", label="Âge")
    bad = io.BytesIO(b"name,label,type\nage,,integer\n")
    bad.name = "dict.csv"
    response = operator_client.post(
        url("staff-variables", dataset.slug), {"file": bad, "mode": "replace"}
    )
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [(2, "label")]
    assert "label" in response.content.decode()
    assert dataset.variables.get().label == "Âge"
    good = io.BytesIO(export_xlsx(dataset).replace(b"", b""))
    good.name = "dict.xlsx"
    response = operator_client.post(
        url("staff-variables", dataset.slug), {"file": good, "mode": "merge"}
    )
    assert response.status_code == 302
    export = operator_client.get(url("staff-variables-export", dataset.slug, "csv"))
    assert export["Content-Type"].startswith("text/csv")
    assert "age,Âge" in export.content.decode("utf-8-sig")
    assert (
        operator_client.get(url("staff-variables-export", dataset.slug, "pdf")).status_code == 404
    )


def test_reader_cannot_import(role_client: RoleClient) -> None:
    client, _user = role_client(Role.MANAGER)
    dataset = DatasetFactory()
    page = client.get(url("staff-variables", dataset.slug))
    assert page.context["form"] is None
    upload = io.BytesIO(b"name,label,type\nx,X,integer\n")
    upload.name = "d.csv"
    response = client.post(url("staff-variables", dataset.slug), {"file": upload})
    assert response.status_code == 403
    assert not dataset.variables.exists()


def test_assessment_form_records_scores(operator_client: Client) -> None:
    dataset = DatasetFactory()
    grid = CriteriaSetFactory(is_default=True)
    a = CriterionFactory(criteria_set=grid, weight=2, scale_max=4, guidance="Count nulls")
    b = CriterionFactory(criteria_set=grid, weight=1, scale_max=4, dimension="timeliness")
    create = url("staff-assessment-create", dataset.slug)
    page = operator_client.get(create, {"criteria_set": grid.pk, "kind": "a_priori"})
    assert "Count nulls" in page.content.decode()
    data = {"criteria_set": grid.pk, "kind": "a_priori", f"criterion_{a.pk}": 4,
            f"criterion_{b.pk}": 9}  # fmt: skip
    response = operator_client.post(create, data)
    assert response.status_code == 200
    assert f"criterion_{b.pk}" in response.context["form"].errors
    assert not Assessment.objects.exists()
    data[f"criterion_{b.pk}"] = 1
    response = operator_client.post(create, data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert str(assessment.overall_score) == "75.00"  # (2*4/4 + 1*1/4) / 3
    history = operator_client.get(url("staff-assessments", dataset.slug))
    assert "75,00 %" in history.content.decode() or "75.00 %" in history.content.decode()


def test_criteria_set_management_is_for_the_desk(
    operator_client: Client, role_client: RoleClient, default_set: CriteriaSet
) -> None:
    steward_client, _user = role_client(Role.DATA_STEWARD)
    assert steward_client.get(url("staff-criteria-set-create")).status_code == 403
    page = operator_client.get(url("staff-criteria-set-edit", default_set.code))
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "set-code": default_set.code,
        "set-name_fr": "Grille modifiée",
        "set-name_en": default_set.name_en,
        "set-is_default": "on",
        "set-is_active": "on",
        "criteria-TOTAL_FORMS": len(formset.forms),
        "criteria-INITIAL_FORMS": formset.initial_form_count(),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "id" and form.instance.pk:
                value = form.instance.pk
            if value is not None and name not in {"DELETE", "criteria_set"}:
                data[f"criteria-{index}-{name}"] = getattr(value, "pk", value)
    first = formset.forms[0].instance
    data["criteria-0-weight"] = "3"
    data["criteria-0-guidance"] = "New guidance"
    response = operator_client.post(url("staff-criteria-set-edit", default_set.code), data)
    assert response.status_code == 302, response.context["form"].errors
    first.refresh_from_db()
    default_set.refresh_from_db()
    assert (first.weight, first.guidance, default_set.name_fr) == (
        3,
        "New guidance",
        "Grille modifiée",
    )


def test_history_page_queries_do_not_grow_with_versions(
    operator_client: Client, operator: Any, django_assert_max_num_queries: Any
) -> None:
    dataset = DatasetFactory()
    for n in range(15):
        domain.dataset_update(
            dataset,
            by=operator,
            changes={"number_of_records": n + 1, "access_modes": ["airlock"] if n % 2 else []},
        )
    with django_assert_max_num_queries(22):
        response = operator_client.get(url("staff-dataset-history", dataset.slug))
    rows = response.context["rows"]
    assert len(rows) == 16
    labels = [str(c["label"]) for c in rows[0]["changes"]]
    assert labels == ["number of records", "access modes"]
