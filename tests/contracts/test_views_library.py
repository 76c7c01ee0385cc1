"""Library pages: legal staff edit, other contract staff read, everyone else is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from contracts.models import Clause, ContractTemplate, PerimeterTemplate, TemplateStatus
from tests.offers.factories import PerimeterCellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_client(legal: User) -> Client:
    client = Client()
    client.force_login(legal)
    return client


def test_library_lists_clauses_by_category_and_templates(
    legal_client: Client, django_assert_max_num_queries: Callable
) -> None:
    with django_assert_max_num_queries(12):
        page = legal_client.get("/staff/contracts/library/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "provision-workspace" in text
    assert "confidentiality" in text


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MANAGER, 200), (Role.DESK_OPERATOR, 200), (Role.REVIEWER, 403), (Role.REQUESTER, 403)],
)
def test_who_reads_the_library(role: str, status: int, role_client: Callable) -> None:
    client, _user = role_client(role)
    assert client.get("/staff/contracts/library/").status_code == status


def test_a_manager_cannot_create_a_clause(role_client: Callable) -> None:
    client, _user = role_client(Role.MANAGER)
    assert client.get("/staff/contracts/library/clauses/new/").status_code == 403


def test_new_clause_version_page_shows_placeholders_and_saves(legal_client: Client) -> None:
    clause = Clause.objects.get(code="confidentiality")
    url = f"/staff/contracts/library/clauses/{clause.pk}/new-version/"
    page = legal_client.get(url)
    assert "project.reference" in page.content.decode()
    response = legal_client.post(
        url,
        {
            "title_fr": "Confidentialité",
            "title_en": "Confidentiality",
            "body_fr": "Secret sur {{ project.title }}.",
            "body_en": "Secret on {{ project.title }}.",
            "note": "shorter",
        },
    )
    assert response.status_code == 302
    assert clause.versions.count() == 2
    broken = legal_client.post(
        url,
        {"title_fr": "x", "title_en": "x", "body_fr": "{% for %}", "body_en": "x", "note": "n"},
    )
    assert broken.status_code == 200
    assert "cannot be used as a clause" in broken.content.decode()
    assert clause.versions.count() == 2


def test_new_draft_edit_publish_through_the_pages(legal_client: Client) -> None:
    published = ContractTemplate.objects.get(code="collaboration", status="published")
    response = legal_client.post(f"/staff/contracts/library/templates/{published.pk}/new-draft/")
    draft = ContractTemplate.objects.get(code="collaboration", status=TemplateStatus.DRAFT)
    assert response["Location"].endswith(f"/templates/{draft.pk}/")
    edit_url = f"/staff/contracts/library/templates/{draft.pk}/edit/"
    page = legal_client.get(edit_url)
    assert page.status_code == 200
    form = page.context["clauses_form"]
    data = {
        f"t-{name}": value
        for name, value in {
            "name_fr": "Accord de collaboration (révisé)",
            "name_en": "Collaboration agreement (revised)",
            "description": "",
            "kind": draft.kind,
            "data_form": draft.data_form,
            "annex_dataset_sheets": "on",
        }.items()
    }
    kept = []
    for clause, version_field, position_field in form.rows:
        initial = form.fields[version_field].initial
        if initial and clause.code != "publication":
            data[f"c-{version_field}"] = initial
            data[f"c-{position_field}"] = form.fields[position_field].initial
            kept.append(clause.code)
    response = legal_client.post(edit_url, data)
    assert response.status_code == 302, response.content[:800]
    draft.refresh_from_db()
    assert draft.name_fr == "Accord de collaboration (révisé)"
    codes = list(
        draft.template_clauses.order_by("position").values_list(
            "clause_version__clause__code", flat=True
        )
    )
    assert "publication" not in codes and len(codes) == len(kept)
    legal_client.post(f"/staff/contracts/library/templates/{draft.pk}/publish/")
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (TemplateStatus.PUBLISHED, TemplateStatus.RETIRED)
    # a published template has no edit page any more
    assert legal_client.get(edit_url).status_code == 302


def test_preview_shows_sample_data(legal_client: Client) -> None:
    template = ContractTemplate.objects.get(code="provision-workspace", status="published")
    page = legal_client.get(f"/staff/contracts/library/templates/{template.pk}/preview/?lang=en")
    assert page.status_code == 200
    assert "DAR-2026-0000" in page.content.decode()


def test_desk_sets_the_default_template_of_a_perimeter_cell(role_client: Callable) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)
    cell = PerimeterCellFactory()
    page = client.get("/staff/contracts/library/perimeter/")
    assert page.status_code == 200
    assert cell.dataset.title in page.content.decode()
    response = client.post(
        "/staff/contracts/library/perimeter/", {"cell": cell.pk, "template_code": "collaboration"}
    )
    assert response.status_code == 302
    assert PerimeterTemplate.objects.get(perimeter_cell=cell).template_code == "collaboration"
    reviewer_client, _reviewer = role_client(Role.REVIEWER)
    assert reviewer_client.get("/staff/contracts/library/perimeter/").status_code == 403


def test_staff_home_links_to_the_library_for_contract_staff(
    legal_client: Client, role_client: Callable
) -> None:
    from django.urls import reverse

    cards = legal_client.get(reverse("staff-home")).context["staff_cards"]
    assert "/staff/contracts/library/" in {card["url"] for card in cards}
    reviewer, _user = role_client(Role.REVIEWER)
    cards = reviewer.get(reverse("staff-home")).context["staff_cards"]
    assert "/staff/contracts/library/" not in {card["url"] for card in cards}
