"""The demo catalogue: varied, fully described, assessed, and idempotent.

The catalogue is seeded once per module inside a transaction that is rolled back at the end
(each test then runs in its own savepoint), so the ~3 s seed is paid once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from accounts import demo as accounts_demo
from catalogue import demo
from catalogue.demo_data.datasets import DATASETS
from catalogue.demo_data.variables import BLOCKS, build_dictionary
from catalogue.domain import DATASET_VOCAB_FIELDS, with_completeness_data
from catalogue.models import (
    Assessment,
    AssessmentKind,
    CriterionScore,
    Dataset,
    DatasetStatus,
    Department,
    Publication,
    Variable,
    VariableType,
)
from catalogue.quality import assessment_summary, latest_a_priori

History = Dataset.history.model


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        accounts_demo.seed(StringIO())
        demo.seed(out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(seeded: str, db: None) -> str:
    return seeded


def _snapshot() -> dict[str, Any]:
    return {
        "datasets": Dataset.objects.count(),
        "departments": Department.objects.count(),
        "variables": sorted(Variable.objects.values_list("pk", flat=True)),
        "assessments": Assessment.objects.count(),
        "scores": CriterionScore.objects.count(),
        "publications": Publication.objects.count(),
        "history": History.objects.count(),
        "sheets": list(Dataset.objects.order_by("pk").values()),
    }


# --- The demo content itself (no database) -------------------------------------------------


SHEET_FIELDS = [
    f.name
    for f in Dataset._meta.get_fields()
    if f.concrete
    and not f.auto_created
    and f.name
    not in {"status", "published_at", "created_at", "updated_at", "completeness", "search_vector"}
    and getattr(f, "editable", True)
]


@pytest.mark.parametrize("spec", DATASETS, ids=[d["slug"] for d in DATASETS])
def test_every_sheet_field_is_given(spec: dict[str, Any]) -> None:
    missing = [name for name in [*SHEET_FIELDS, *DATASET_VOCAB_FIELDS] if name not in spec]
    assert missing == []
    for name in DATASET_VOCAB_FIELDS:
        assert spec[name], name
    assert len(spec["description_fr"]) > 300 and len(spec["description_en"]) > 300
    assert spec["acronym"] and spec["title_en"] and spec["summary_en"]
    for _citation, doi, _year in spec["publications"]:
        assert doi.startswith("10.5555/")
    assert spec["landing_page"].startswith("https://") and ".example/" in spec["landing_page"]


def test_dictionaries_are_reproducible_and_plausible() -> None:
    for spec in DATASETS:
        rows = build_dictionary(spec)
        assert rows == build_dictionary(spec)
        assert 20 <= len(rows) <= 200, spec["slug"]
        assert len({row["name"] for row in rows}) == len(rows)
        for row in rows:
            assert Decimal("0") <= row["completeness"] <= Decimal("100")
            stats = row["statistics"]
            if row["value_type"] in (VariableType.INTEGER, VariableType.DECIMAL):
                assert stats["min"] <= stats["median"] <= stats["max"], row["name"]
            if row["value_type"] == VariableType.CATEGORICAL:
                codes = [v["code"] for v in row["allowed_values"]]
                assert stats["n_distinct"] == len(codes) > 0, row["name"]
                assert stats["mode"] in codes
            # Flat values: the staff dictionary and the CSV/XLSX export print them as they are.
            assert all(isinstance(v, str | int | float | bool) for v in stats.values())
    assert all(specs for specs in BLOCKS.values())


# --- The seeded catalogue ----------------------------------------------------------------


def test_catalogue_is_varied(catalogue: str) -> None:
    datasets = Dataset.objects.all()
    assert datasets.count() >= 15
    data_types = set(datasets.values_list("data_types__code", flat=True))
    assert {"ehr", "imaging", "omics", "registry", "claims", "proms", "biobank"} <= data_types
    assert len(data_types) >= 7
    assert set(datasets.values_list("standards__code", flat=True)) >= {"omop", "dicom", "fhir"}
    assert datasets.filter(is_anonymised=True).exists()
    assert datasets.filter(consent_collected=True).exists()
    assert datasets.filter(consent_collected=False).exists()
    assert datasets.filter(synthetic_version_available=True).exists()
    access_modes = set(datasets.values_list("access_modes__code", flat=True))
    assert {"secure_workspace", "federated_learning", "synthetic_data"} <= access_modes
    assert Department.objects.count() >= 6
    assert Department.objects.get(code="cardiologie").stewards.filter(username="referent")
    assert Department.objects.get(code="oncologie").stewards.filter(username="referente")


def test_lifecycle_mixes_published_draft_and_archived(catalogue: str) -> None:
    statuses = list(Dataset.objects.values_list("status", flat=True))
    assert statuses.count(DatasetStatus.DRAFT) in (1, 2)
    assert statuses.count(DatasetStatus.ARCHIVED) == 1
    assert statuses.count(DatasetStatus.PUBLISHED) >= 14
    archived = Dataset.objects.get(status=DatasetStatus.ARCHIVED)
    steps = list(archived.history.order_by("history_id").values_list("status", "history_date"))
    assert [status for status, _ in steps] == ["draft", "published", "archived"]
    assert [moment for _, moment in steps] == sorted(moment for _, moment in steps)
    assert not Dataset.objects.filter(
        status=DatasetStatus.PUBLISHED, published_at__isnull=True
    ).exists()


def test_steward_writes_their_sheets_and_the_desk_publishes(catalogue: str) -> None:
    cohort = Dataset.objects.get(slug="cohorte-insuffisance-cardiaque")
    created, published = cohort.history.order_by("history_id")
    assert created.history_user.username == "referent"
    assert published.history_user.username == "operateur"
    assert cohort.steward.username == "referent"


def test_every_dataset_has_a_dictionary_and_a_full_sheet(catalogue: str) -> None:
    sizes = dict(Dataset.objects.annotate(n=Count("variables")).values_list("slug", "n"))
    assert all(20 <= size <= 200 for size in sizes.values()), sizes
    for dataset in with_completeness_data(Dataset.objects.all()):
        computed = dataset.compute_completeness()
        assert computed == dataset.completeness, dataset.slug
        threshold = 90 if dataset.status == DatasetStatus.DRAFT else 95
        assert computed >= threshold, (dataset.slug, computed)


def test_variables_carry_types_units_codings_and_statistics(catalogue: str) -> None:
    variables = Variable.objects.select_related("coding_system")
    assert variables.filter(coding_system__code="loinc").exclude(unit="").exists()
    assert variables.filter(coding_system__code="icd-10").exists()
    assert variables.filter(coding_system__code="hgvs").exists()
    assert set(variables.values_list("value_type", flat=True)) >= {
        "identifier",
        "integer",
        "decimal",
        "categorical",
        "boolean",
        "date",
        "text",
        "string",
    }
    assert not variables.filter(completeness__isnull=True).exists()
    assert not variables.filter(statistics={}).exclude(value_type="string").exists()


def test_published_datasets_are_assessed_coherently(catalogue: str) -> None:
    published = Dataset.objects.filter(status=DatasetStatus.PUBLISHED)
    latest = latest_a_priori(published.values_list("pk", flat=True))
    assert set(latest) == set(published.values_list("pk", flat=True))
    a_priori = Assessment.objects.filter(kind=AssessmentKind.A_PRIORI)
    per_dataset = [
        published.get(pk=pk).assessments.filter(kind="a_priori").count() for pk in latest
    ]
    assert min(per_dataset) >= 1 and max(per_dataset) <= 3
    assert set(a_priori.values_list("assessed_by__username", flat=True)) == {"operateur"}
    window = (datetime(2024, 11, 23, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))
    for moment in Assessment.objects.values_list("assessed_at", flat=True):
        assert window[0] <= moment <= window[1]
    for dataset in published:
        rounds = list(
            dataset.assessments.filter(kind="a_priori")
            .order_by("assessed_at")
            .values_list("overall_score", flat=True)
        )
        assert rounds == sorted(rounds), (dataset.slug, rounds)  # teams fix what was found
    feedback = Assessment.objects.filter(kind=AssessmentKind.REQUESTER_FEEDBACK)
    assert feedback.count() >= 2
    by_slug = {latest[d.pk].dataset.slug: latest[d.pk] for d in published}
    warehouse = assessment_summary(by_slug["eds-omop-extrait-recherche"])
    registry = assessment_summary(by_slug["registre-hospitalier-cancers"])
    assert warehouse.overall < registry.overall
    completeness = {code: pct for code, _label, pct in warehouse.dimensions}
    assert (
        completeness["completeness"]
        < dict((code, pct) for code, _label, pct in registry.dimensions)["completeness"]
    )


def test_summary_line_gives_the_counts(catalogue: str) -> None:
    assert "catalogue: 8 departments, 18 datasets" in catalogue
    assert f"{Variable.objects.count()} variables" in catalogue


def test_second_run_changes_nothing(catalogue: str) -> None:
    before = _snapshot()
    demo.seed(StringIO())
    assert _snapshot() == before


def test_rerun_restores_the_demo_sheet_with_one_history_row(catalogue: str) -> None:
    from catalogue.domain import dataset_update

    dataset = Dataset.objects.get(slug="registre-avc")
    operator = Department.objects.get(code="dim-sante-publique").stewards.get()
    dataset_update(dataset, by=operator, changes={"title_fr": "Titre modifié", "themes": []})
    Variable.objects.filter(dataset=dataset, name="nihss_admission").delete()
    history = History.objects.count()
    demo.seed(StringIO())
    dataset.refresh_from_db()
    assert dataset.title_fr == "Registre des accidents vasculaires cérébraux"
    assert set(dataset.themes.values_list("code", flat=True)) == {"HEAL"}
    assert dataset.variables.filter(name="nihss_admission").exists()
    assert History.objects.count() == history + 1


def test_public_pages_serve_the_demo(catalogue: str, client: Any) -> None:
    from django.urls import reverse
    from django.utils.html import escape

    listing = client.get(reverse("catalogue:dataset-list"))
    assert listing.status_code == 200
    for dataset in Dataset.objects.all():
        response = client.get(reverse("catalogue:dataset-detail", kwargs={"slug": dataset.slug}))
        expected = 200 if dataset.status == DatasetStatus.PUBLISHED else 404
        assert response.status_code == expected, dataset.slug
        if expected == 200:
            assert escape(dataset.title_fr) in response.content.decode()


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("insuffisance cardiaque", "cohorte-insuffisance-cardiaque"),
        ("IRM cerebrale", "irm-cerebrales"),
        ("exome", "exomes-maladies-rares"),
        ("thrombolyse", "registre-avc"),
        ("SNDS", "chainage-eds-snds-diabete"),
        ("biobanque", "catalogue-biobanque"),
    ],
)
def test_demo_sheets_are_found_by_search(catalogue: str, query: str, slug: str) -> None:
    from catalogue.search import search_datasets

    found = search_datasets(Dataset.objects.published(), query)
    assert slug in set(found.values_list("slug", flat=True))
