from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from catalogue.models import Assessment, CriteriaSet, Dataset, DatasetStatus, Department
from catalogue.search import SEARCH_COUNT_CAP, update_search_vectors
from tests.catalogue.factories import DatasetFactory, DepartmentFactory, VariableFactory

API = "/api/datasets/"


def slugs(response: Any) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def published(db: None) -> Dataset:
    dataset = DatasetFactory(
        slug="cohorte-coeur",
        title_fr="Cohorte insuffisance cardiaque",
        title_en="Heart failure cohort",
        published=True,
        data_types=["ehr", "imaging"],
        access_modes=["secure_workspace"],
        is_pseudonymised=True,
    )
    VariableFactory(dataset=dataset, name="fevg", label="Fraction d'éjection", position=1)
    VariableFactory(dataset=dataset, name="nt_probnp", label="NT-proBNP", position=2)
    update_search_vectors([dataset.pk])
    return dataset


@pytest.fixture
def draft(db: None) -> Dataset:
    return DatasetFactory(slug="brouillon", title_fr="Registre en préparation")


@pytest.fixture
def archived(db: None) -> Dataset:
    return DatasetFactory(slug="ancien", title_fr="Ancienne base", archived=True)


# --- Reading -------------------------------------------------------------------------------


def test_anonymous_lists_published_datasets_only(
    client: Client, published: Dataset, draft: Dataset, archived: Dataset
) -> None:
    response = client.get(API)
    assert response.status_code == 200
    assert slugs(response) == ["cohorte-coeur"]
    assert response.json()["count"] == 1


def test_anonymous_cannot_retrieve_drafts_or_archives(
    client: Client, draft: Dataset, archived: Dataset
) -> None:
    assert client.get(f"{API}brouillon/").status_code == 404
    assert client.get(f"{API}ancien/").status_code == 404
    assert client.get(f"{API}brouillon/variables/").status_code == 404


def test_requesters_see_published_only(
    role_client: Callable[[str], tuple[Client, Any]], published: Dataset, draft: Dataset
) -> None:
    client, _user = role_client(Role.REQUESTER)
    assert slugs(client.get(API)) == ["cohorte-coeur"]


def test_staff_see_drafts_and_filter_by_status(
    operator_client: Client, published: Dataset, draft: Dataset, archived: Dataset
) -> None:
    assert sorted(slugs(operator_client.get(API))) == ["ancien", "brouillon", "cohorte-coeur"]
    assert slugs(operator_client.get(API, {"status": "draft"})) == ["brouillon"]
    assert operator_client.get(f"{API}brouillon/").status_code == 200


def test_detail_carries_the_whole_sheet_with_vocabulary_codes_and_labels(
    client: Client, published: Dataset
) -> None:
    data = client.get(f"{API}cohorte-coeur/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["title_fr"] == "Cohorte insuffisance cardiaque"
    assert {t["code"] for t in data["data_types"]} == {"ehr", "imaging"}
    assert all(t["label_fr"] and t["label_en"] for t in data["data_types"])
    assert data["access_modes"][0]["code"] == "secure_workspace"
    assert data["is_pseudonymised"] is True
    assert data["variables_count"] == 2
    assert data["department"]["code"] == published.department.code
    assert data["variables_url"].endswith("/api/datasets/cohorte-coeur/variables/")
    assert data["page_url"].endswith("/catalogue/cohorte-coeur/")
    assert data["quality"] is None


def test_detail_includes_the_latest_a_priori_quality(
    client: Client, published: Dataset, make_user: Callable[..., Any]
) -> None:
    from catalogue.domain import assessment_record

    grid = CriteriaSet.objects.get(code="default-quality")
    scores = {c.pk: c.scale_max for c in grid.criteria.all()}
    assessment_record(published, grid, "a_priori", scores, by=make_user(Role.DESK_OPERATOR))
    quality = client.get(f"{API}cohorte-coeur/").json()["quality"]
    assert quality["criteria_set"] == "default-quality"
    assert quality["overall"] == "100.00"
    assert {d["percent"] for d in quality["dimensions"]} == {"100.00"}


def test_full_text_search_through_the_api(client: Client, published: Dataset) -> None:
    DatasetFactory(slug="autre", title_fr="Registre des cancers", published=True)
    response = client.get(API, {"q": "fraction éjection"})
    assert slugs(response) == ["cohorte-coeur"]
    assert response.json()["results"][0]["search_rank"] is not None
    assert response.json()["count_capped"] is False


def test_search_count_is_capped(client: Client, db: None, monkeypatch: Any) -> None:
    monkeypatch.setattr("catalogue.search.SEARCH_COUNT_CAP", 2)
    datasets = [DatasetFactory(title_fr=f"Cohorte diabète {n}", published=True) for n in range(3)]
    update_search_vectors([d.pk for d in datasets])
    data = client.get(API, {"q": "diabète", "page_size": 2}).json()
    assert data["count"] == 2
    assert data["count_capped"] is True
    assert SEARCH_COUNT_CAP >= 100  # the real cap leaves room for 4 pages of 25


def test_facet_filters(client: Client, published: Dataset) -> None:
    DatasetFactory(slug="omique", data_types=["omics"], published=True, is_anonymised=True)
    assert slugs(client.get(API, {"data_type": "imaging"})) == ["cohorte-coeur"]
    assert sorted(slugs(client.get(API, {"data_type": ["imaging", "omics"]}))) == [
        "cohorte-coeur",
        "omique",
    ]
    assert slugs(client.get(API, {"access_mode": "secure_workspace"})) == ["cohorte-coeur"]
    assert slugs(client.get(API, {"anonymised": "true"})) == ["omique"]
    assert slugs(client.get(API, {"pseudonymised": "true", "data_type": "omics"})) == []
    assert slugs(client.get(API, {"department": published.department.code})) == ["cohorte-coeur"]


def test_unknown_filter_value_is_a_400_with_field_errors(
    client: Client, published: Dataset
) -> None:
    response = client.get(API, {"data_type": "no-such-type"})
    assert response.status_code == 400
    assert "data_type" in response.json()


def test_ordering(client: Client, db: None) -> None:
    DatasetFactory(slug="b", title_fr="B base", published=True)
    DatasetFactory(slug="a", title_fr="A base", published=True)
    assert slugs(client.get(API, {"ordering": "title"})) == ["a", "b"]
    assert slugs(client.get(API, {"ordering": "recent"})) == ["a", "b"]  # published last first


def test_list_query_count_does_not_depend_on_page_size(client: Client, db: None) -> None:
    department = DepartmentFactory()
    for _n in range(50):
        DatasetFactory(
            department=department,
            published=True,
            data_types=["ehr", "omics"],
            access_modes=["transfer"],
        )
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(API, {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 7


def test_variables_endpoints(client: Client, published: Dataset, draft: Dataset) -> None:
    VariableFactory(dataset=draft, name="secret", label="Hidden")
    data = client.get(f"{API}cohorte-coeur/variables/").json()
    assert [v["name"] for v in data["results"]] == ["fevg", "nt_probnp"]
    assert data["results"][0]["dataset"] == "cohorte-coeur"
    found = client.get(f"{API}cohorte-coeur/variables/", {"q": "probnp"}).json()["results"]
    assert [v["name"] for v in found] == ["nt_probnp"]
    names = [v["name"] for v in client.get("/api/variables/").json()["results"]]
    assert "secret" not in names and "fevg" in names
    filtered = client.get("/api/variables/", {"dataset": "cohorte-coeur", "q": "fevg"}).json()
    assert [v["name"] for v in filtered["results"]] == ["fevg"]


def test_variables_list_query_count_is_flat(client: Client, published: Dataset) -> None:
    for n in range(30):
        VariableFactory(dataset=published, name=f"v{n}", label=f"Variable {n}")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/variables/", {"page_size": 5})
    with CaptureQueriesContext(connection) as large:
        client.get("/api/variables/", {"page_size": 30})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_criteria_sets_with_criteria(client: Client, db: None) -> None:
    data = client.get("/api/criteria-sets/").json()
    default = next(row for row in data["results"] if row["code"] == "default-quality")
    assert default["is_default"] is True
    assert len(default["criteria"]) >= 5
    assert {"code", "dimension", "weight", "scale_max"} <= set(default["criteria"][0])
    assert client.get("/api/criteria-sets/default-quality/").status_code == 200


# --- Writing -------------------------------------------------------------------------------


def sheet(department: Department, **extra: Any) -> dict[str, Any]:
    return {
        "title_fr": "Base des urgences pédiatriques",
        "summary_fr": "Passages aux urgences des enfants.",
        "department": department.code,
        "data_types": ["ehr"],
        "access_modes": ["secure_workspace", "remote_query"],
        "contact_email": "urgences@example.org",
        "keywords": ["urgences", "pédiatrie"],
        **extra,
    }


def test_operator_creates_edits_and_publishes_through_the_domain(
    operator_client: Client, db: None
) -> None:
    department = DepartmentFactory()
    response = operator_client.post(API, sheet(department), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    slug = data["slug"]
    assert data["status"] == DatasetStatus.DRAFT
    assert {t["code"] for t in data["access_modes"]} == {"secure_workspace", "remote_query"}
    dataset = Dataset.objects.get(slug=slug)
    assert dataset.history.count() == 1
    assert dataset.completeness > 0

    response = operator_client.patch(
        f"{API}{slug}/", {"title_en": "Paediatric emergencies"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title_en"] == "Paediatric emergencies"
    assert dataset.history.count() == 2

    response = operator_client.post(f"{API}{slug}/publish/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == DatasetStatus.PUBLISHED
    response = operator_client.post(f"{API}{slug}/publish/")
    assert response.status_code == 400
    assert operator_client.post(f"{API}{slug}/archive/").json()["status"] == "archived"


def test_bad_input_is_a_400_with_field_errors(operator_client: Client, db: None) -> None:
    department = DepartmentFactory()
    bad = sheet(
        department,
        title_fr="",
        access_modes=["teleportation"],
        min_typical_age=80,
        max_typical_age=20,
    )
    response = operator_client.post(API, bad, content_type="application/json")
    assert response.status_code == 400
    assert "title_fr" in response.json()
    assert not Dataset.objects.exists()
    response = operator_client.post(
        API, sheet(department, access_modes=["teleportation"]), content_type="application/json"
    )
    assert response.status_code == 400
    assert "access_modes" in response.json()
    assert not Dataset.objects.exists()


def test_steward_edits_own_department_only(
    role_client: Callable[[str], tuple[Client, Any]], db: None
) -> None:
    client, steward = role_client(Role.DATA_STEWARD)
    own = DepartmentFactory(stewards=[steward])
    other = DepartmentFactory()
    mine = DatasetFactory(department=own, published=True)
    theirs = DatasetFactory(department=other, published=True)
    ok = client.patch(f"{API}{mine.slug}/", {"title_en": "Mine"}, content_type="application/json")
    assert ok.status_code == 200
    refused = client.patch(
        f"{API}{theirs.slug}/", {"title_en": "Theirs"}, content_type="application/json"
    )
    assert refused.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title_en != "Theirs"
    created = client.post(API, sheet(other), content_type="application/json")
    assert created.status_code == 403
    assert client.post(API, sheet(own), content_type="application/json").status_code == 201


def test_requesters_and_anonymous_cannot_write(
    role_client: Callable[[str], tuple[Client, Any]], client: Client, published: Dataset
) -> None:
    requester, _user = role_client(Role.REQUESTER)
    payload = {"title_en": "Hacked"}
    assert (
        requester.patch(
            f"{API}{published.slug}/", payload, content_type="application/json"
        ).status_code
        == 403
    )
    assert requester.post(f"{API}{published.slug}/archive/").status_code == 403
    assert client.patch(
        f"{API}{published.slug}/", payload, content_type="application/json"
    ).status_code in (401, 403)
    published.refresh_from_db()
    assert published.title_en == "Heart failure cohort"
    assert published.status == DatasetStatus.PUBLISHED


def test_assessments_recorded_and_listed(
    operator_client: Client, client: Client, published: Dataset
) -> None:
    grid = CriteriaSet.objects.get(code="default-quality")
    scores = {str(c.pk): 2 for c in grid.criteria.all()}
    payload = {"dataset": published.slug, "kind": "a_priori", "scores": scores}
    response = operator_client.post("/api/assessments/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["criteria_set"] == "default-quality"
    assert len(response.json()["scores"]) == grid.criteria.count()
    listed = client.get("/api/assessments/", {"dataset": published.slug}).json()["results"]
    assert [a["id"] for a in listed] == [response.json()["id"]]
    assert listed[0]["dimensions"]


def test_assessment_with_out_of_range_scores_is_refused(
    operator_client: Client, published: Dataset
) -> None:
    grid = CriteriaSet.objects.get(code="default-quality")
    scores = {str(c.pk): 99 for c in grid.criteria.all()}
    payload = {"dataset": published.slug, "kind": "a_priori", "scores": scores}
    response = operator_client.post("/api/assessments/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "scores" in response.json()
    assert not Assessment.objects.exists()


def test_project_relevance_assessments_are_not_public(
    client: Client, published: Dataset, make_user: Callable[..., Any]
) -> None:
    from catalogue.domain import assessment_record

    grid = CriteriaSet.objects.get(code="default-quality")
    scores = {c.pk: 1 for c in grid.criteria.all()}
    assessment_record(published, grid, "project_relevance", scores, by=make_user(Role.REVIEWER))
    assert client.get("/api/assessments/").json()["count"] == 0


def test_openapi_schema_builds(client: Client, db: None) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/datasets/" in paths
    assert "/api/datasets/{slug}/publish/" in paths


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_accent_insensitive_api_search_on_postgres(client: Client, published: Dataset) -> None:
    assert slugs(client.get(API, {"q": "ejection"})) == ["cohorte-coeur"]


def test_assessment_of_an_unknown_dataset_is_a_400(operator_client: Client, db: None) -> None:
    """Found by the API fuzzer: a bad reference in the body answered 404, as if the address
    did not exist."""
    payload = {"dataset": "no-such-dataset", "kind": "a_priori", "scores": {}}
    response = operator_client.post("/api/assessments/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"dataset": ["Unknown dataset."]}


def test_blank_urls_and_e_mails_are_in_the_response_schema(db: None) -> None:
    """Found by the API fuzzer: read-only URL fields answered "" where the schema demanded a
    URI (guichet.openapi reads blank=True from the model)."""
    schema = Client().get("/api/schema/?format=json").json()["components"]["schemas"]
    landing_page = schema["DatasetDetail"]["properties"]["landing_page"]
    assert {"type": "string", "maxLength": 0} in landing_page["oneOf"]
    assert {"type": "string", "maxLength": 0} in schema["Term"]["properties"]["uri"]["oneOf"]
