from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from catalogue.models import CriteriaSet, Dataset
from catalogue.search import update_search_vectors
from tests.catalogue.factories import DatasetFactory, DepartmentFactory, VariableFactory

LIST = "/catalogue/"


@pytest.fixture
def cohort(db: None) -> Dataset:
    dataset = DatasetFactory(
        slug="cohorte-coeur",
        title_fr="Cohorte insuffisance cardiaque",
        title_en="Heart failure cohort",
        summary_fr="Suivi des patients hospitalisés pour insuffisance cardiaque.",
        summary_en="Follow-up of patients admitted for heart failure.",
        description_fr="Description longue en français.",
        description_en="Long English description.",
        published=True,
        data_types=["ehr", "imaging"],
        access_modes=["secure_workspace"],
        is_pseudonymised=True,
        contact_email="cardio-data@example.org",
        contact_name="Unité de données cardio",
    )
    for n in range(60):
        VariableFactory(dataset=dataset, name=f"mesure_{n:02d}", label=f"Mesure {n}", position=n)
    VariableFactory(dataset=dataset, name="fevg", label="Fraction d'éjection", position=99)
    update_search_vectors([dataset.pk])
    return dataset


def test_urls_follow_the_contract() -> None:
    assert reverse("catalogue:dataset-list") == "/catalogue/"
    assert reverse("catalogue:dataset-detail", kwargs={"slug": "x"}) == "/catalogue/x/"


def test_list_shows_published_datasets_without_login(client: Client, cohort: Dataset) -> None:
    DatasetFactory(title_fr="Brouillon secret")
    DatasetFactory(title_fr="Archive ancienne", archived=True)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cohorte insuffisance cardiaque" in html
    assert "Brouillon secret" not in html
    assert "Archive ancienne" not in html


def test_drafts_and_archives_answer_404_even_to_staff(
    client: Client, operator_client: Client, db: None
) -> None:
    draft = DatasetFactory()
    archived = DatasetFactory(archived=True)
    for who in (client, operator_client):
        assert who.get(f"/catalogue/{draft.slug}/").status_code == 404
        assert who.get(f"/catalogue/{archived.slug}/").status_code == 404
    assert client.get(f"{LIST}?status=draft").context["page"].paginator.count == 0


def test_search_and_facets(client: Client, cohort: Dataset) -> None:
    DatasetFactory(title_fr="Registre des cancers", data_types=["registry"], published=True)
    response = client.get(LIST, {"q": "fraction éjection"})
    assert [d.slug for d in response.context["page"].object_list] == ["cohorte-coeur"]
    facets = {f.name: f for f in response.context["facets"]}
    data_types = {v.code: v.count for v in facets["data_type"].values}
    assert data_types == {"ehr": 1, "imaging": 1}
    response = client.get(LIST, {"data_type": "registry"})
    assert [d.title_fr for d in response.context["page"].object_list] == ["Registre des cancers"]
    # Counts of the selected facet ignore its own selection, so other choices stay visible.
    facets = {f.name: f for f in response.context["facets"]}
    counts = {v.code: (v.count, v.selected) for v in facets["data_type"].values}
    assert counts["registry"] == (1, True)
    assert counts["ehr"] == (1, False)
    legal = {v.code: v.count for v in response.context["legal"].values}
    assert legal["pseudonymised"] == 0


def test_legal_flag_filter_and_sorting(client: Client, cohort: Dataset) -> None:
    other = DatasetFactory(title_fr="A première base", is_anonymised=True, published=True)
    response = client.get(LIST, {"anonymised": "true"})
    assert [d.pk for d in response.context["page"].object_list] == [other.pk]
    titles = [d.title_fr for d in client.get(LIST, {"sort": "title"}).context["page"]]
    assert titles == sorted(titles)
    assert client.get(LIST, {"sort": "completeness"}).status_code == 200
    assert client.get(LIST, {"sort": "nonsense"}).context["sort"] == "title"


def test_pagination(client: Client, db: None) -> None:
    department = DepartmentFactory()
    for n in range(25):
        DatasetFactory(title_fr=f"Base {n:02d}", department=department, published=True)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 20
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert 'rel="next"' in first.content.decode()


def test_list_query_count_is_flat(
    client: Client, db: None, django_assert_max_num_queries: Any
) -> None:
    department = DepartmentFactory()
    for _n in range(30):
        DatasetFactory(department=department, published=True, access_modes=["transfer"])
    with django_assert_max_num_queries(16):
        response = client.get(LIST, {"access_mode": "transfer"})
    assert response.context["page"].paginator.count == 30


def test_htmx_request_gets_the_results_fragment(client: Client, cohort: Dataset) -> None:
    response = client.get(LIST, {"q": "cardiaque"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert '<section id="results"' in html
    assert 'hx-swap-oob="true"' in html
    assert "<html" not in html


def test_detail_page_shows_the_whole_sheet(client: Client, cohort: Dataset) -> None:
    response = client.get("/catalogue/cohorte-coeur/")
    assert response.status_code == 200
    html = response.content.decode()
    for section in ("description", "population", "content", "legal", "contact", "publications"):
        assert f'id="{section}"' in html
    assert "Description longue en français." in html
    assert "cardio-data@example.org" in html  # the request-access box without pipeline hook
    assert 'id="dictionary"' in html


def test_detail_follows_the_active_language(client: Client, cohort: Dataset) -> None:
    client.cookies["django_language"] = "en"
    html = client.get("/catalogue/cohorte-coeur/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Heart failure cohort" in html
    assert "Long English description." in html


def test_dictionary_is_searchable_and_paginated(client: Client, cohort: Dataset) -> None:
    page = client.get("/catalogue/cohorte-coeur/").context["variables"]
    assert page.paginator.count == 61
    assert len(page.object_list) == 50
    # Accents and case are ignored on both databases.
    found = client.get("/catalogue/cohorte-coeur/", {"vq": "EJECTION"}).context["variables"]
    assert [v.name for v in found.object_list] == ["fevg"]
    found = client.get("/catalogue/cohorte-coeur/", {"vq": "fevg"}).context["variables"]
    assert [v.name for v in found.object_list] == ["fevg"]


def test_detail_query_count_is_flat(
    client: Client, cohort: Dataset, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(22):
        assert client.get("/catalogue/cohorte-coeur/").status_code == 200


def test_quality_and_completeness_are_shown(
    client: Client, cohort: Dataset, make_user: Callable[..., Any]
) -> None:
    from catalogue.domain import assessment_record, refresh_derived

    refresh_derived([cohort.pk])
    grid = CriteriaSet.objects.get(code="default-quality")
    scores = {c.pk: c.scale_max for c in grid.criteria.all()}
    assessment_record(cohort, grid, "a_priori", scores, by=make_user(Role.DESK_OPERATOR))
    response = client.get("/catalogue/cohorte-coeur/")
    assert response.context["summary"].overall == 100
    html = response.content.decode()
    assert 'role="meter"' in html
    cohort.refresh_from_db()
    assert f'aria-valuenow="{cohort.completeness:.0f}"' in html
    assert response.context["completeness_missing"] == []  # not an editor


def test_editors_see_what_is_missing(
    role_client: Callable[[str], tuple[Client, Any]], cohort: Dataset
) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)
    missing = client.get("/catalogue/cohorte-coeur/").context["completeness_missing"]
    assert missing and all(not row.filled for row in missing)


def test_dataset_actions_hook_replaces_the_contact_box(
    client: Client, cohort: Dataset, monkeypatch: Any
) -> None:
    def fake_collect(suffix: str, hook: str, *args: Any) -> list[dict[str, Any]]:
        if hook == "dataset_actions":
            return [{"url": "/request/new/?dataset=cohorte-coeur", "label": "Ask", "primary": True}]
        return []

    monkeypatch.setattr("catalogue.views_public.collect", fake_collect)
    html = client.get("/catalogue/cohorte-coeur/").content.decode()
    assert "/request/new/?dataset=cohorte-coeur" in html


def test_broad_searches_say_the_count_is_capped(client: Client, db: None, monkeypatch: Any) -> None:
    monkeypatch.setattr("catalogue.search.SEARCH_COUNT_CAP", 2)
    datasets = [DatasetFactory(title_fr=f"Cohorte asthme {n}", published=True) for n in range(3)]
    update_search_vectors([d.pk for d in datasets])
    response = client.get(LIST, {"q": "asthme"})
    assert response.context["page"].paginator.capped is True
    assert "2" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_nav_hooks(rf: Any, make_user: Callable[..., Any], cohort: Dataset) -> None:
    from django.contrib.auth.models import AnonymousUser

    from catalogue import nav

    DatasetFactory(title_fr="Brouillon")
    request = rf.get("/")
    request.user = AnonymousUser()
    assert nav.nav_items(request) == [{"url": "/catalogue/", "label": "Catalogue"}]
    card = nav.home_cards(request)[0]
    assert card["url"] == "/catalogue/" and "1" in card["text"]  # published only
    assert nav.staff_cards(request) == []
    request.user = make_user(Role.REQUESTER)
    assert nav.staff_cards(request) == []
    request.user = make_user(Role.DATA_STEWARD)
    assert nav.staff_cards(request)[0]["url"] == reverse("catalogue:staff-dataset-list")


def test_pages_link_to_the_dcat_exports(client: Client, db: None) -> None:
    dataset = DatasetFactory(published=True)
    listing = client.get("/catalogue/").content.decode()
    assert "/catalogue/dcat.ttl" in listing and "/catalogue/dcat.jsonld" in listing
    detail = client.get(f"/catalogue/{dataset.slug}/").content.decode()
    assert f"/catalogue/{dataset.slug}/dcat.ttl" in detail
