"""Public pages: the published offer and the fee estimate. Internal costs never leak.

Reference grid (tests/offers/conftest.py): base prices feasibility 552.00 and follow-up 276.00
(both included by default), extraction 2127.50 per extraction, workspace 379.50 per seat-month
(secure workspace only), quality report 1265.00; academic x1.0, industrial x1.5, VAT 20 %."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from catalogue.models import Vocabulary
from offers.models import OfferVersion, UseCaseStatus
from tests.catalogue.factories import term
from tests.offers.conftest import Grid
from tests.offers.factories import UseCaseFactory, actor_type, project_type

# These pages were written and checked against the French interface (the demo language).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]
RoleClient = Callable[[str], tuple[Client, Any]]

# Figures that exist only inside the desk: unit costs, staff rates, profile names, margin.
INTERNAL = [
    "1850",
    "1100",
    "480",
    "600,00",
    "550,00",
    "Data manager",
    "Statistician",
    "margin",
    "marge",
    "Margin",
    "Marge",
    "coût interne",
    "internal cost",
    "Unit cost",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _assert_no_internal_figures(html: str) -> None:
    # CSRF tokens (64 random letters and digits) may contain "480" by chance.
    html = re.sub(r"[A-Za-z0-9]{32,}", "", html)
    leaked = [needle for needle in INTERNAL if needle in html]
    assert not leaked, f"internal figures on a public page: {leaked}"


def _estimate_data(grid: Grid, **overrides: Any) -> dict[str, Any]:
    data = {
        "project_type": project_type("academic_research").pk,
        "actor_type": actor_type("academic_lab").pk,
        "access_mode": term(Vocabulary.ACCESS_MODE, "secure_workspace").pk,
        "datasets": [grid.dataset.pk],
        f"qty_{grid.extraction.pk}": "1",
        f"qty_{grid.workspace.pk}": "6",
    }
    data.update(overrides)
    return data


def test_public_offer_lists_services_by_category_with_public_prices(
    client: Client, grid: Grid
) -> None:
    response = client.get(reverse("offers:public-offer"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2127,50" in html and "379,50" in html and "552,00" in html
    codes = [code for code, _label, _prices in response.context["groups"]]
    assert codes == ["feasibility", "provision", "description_quality", "follow_up"]
    assert "× 1,500" in html or "× 1.500" in html  # the industrial coefficient is public
    _assert_no_internal_figures(html)


def test_public_offer_without_published_offer(client: Client, db: None) -> None:
    response = client.get(reverse("offers:public-offer"))
    assert response.status_code == 200
    assert response.context["version"] is None


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.DATA_STEWARD])
def test_logged_in_requesters_see_no_costs_either(
    role_client: RoleClient, grid: Grid, role: str
) -> None:
    client, _user = role_client(role)
    _assert_no_internal_figures(client.get(reverse("offers:public-offer")).content.decode())
    html = client.post(reverse("offers:estimate"), _estimate_data(grid)).content.decode()
    assert "6279,00" in html
    _assert_no_internal_figures(html)


def test_estimate_page_renders_the_form(client: Client, grid: Grid) -> None:
    response = client.get(reverse("offers:estimate"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="qty_{grid.extraction.pk}"' in html
    # Included services are not offered as quantities: they come with every request.
    assert f'name="qty_{grid.feasibility.pk}"' not in html
    assert "jamais les données" in html or "never the data" in html
    _assert_no_internal_figures(html)


def test_estimate_reproduces_the_hand_computation(client: Client, grid: Grid) -> None:
    response = client.post(reverse("offers:estimate"), _estimate_data(grid))
    result = response.context["result"]
    lines = {line["label"]: line for line in result["lines"]}
    # 552.00 + 276.00 (included) + 2127.50 x 1 + 379.50 x 6 = 5232.50; VAT 20 % = 1046.50.
    assert [line["total"] for line in result["lines"]] == [
        Decimal("552.00"),
        Decimal("276.00"),
        Decimal("2127.50"),
        Decimal("2277.00"),
    ]
    assert lines[grid.workspace.name_fr]["unit_price"] == Decimal("379.50")
    assert result["total_excl_vat"] == Decimal("5232.50")
    assert result["vat"] == Decimal("1046.50")
    assert result["total_incl_vat"] == Decimal("6279.00")
    assert response.context["use_case"] == grid.use_case
    html = response.content.decode()
    assert ("6279,00" in html and "Non-binding" in html) or "non contractuelle" in html.lower()
    _assert_no_internal_figures(html)


def test_industrial_estimate_applies_the_coefficient(client: Client, grid: Grid) -> None:
    response = client.post(
        reverse("offers:estimate"),
        _estimate_data(
            grid,
            actor_type=actor_type("big_pharma").pk,
            access_mode="",
            **{f"qty_{grid.workspace.pk}": ""},
        ),
    )
    result = response.context["result"]
    # 2127.50 x 1.5 = 3191.25; 552 x 1.5 = 828; 276 x 1.5 = 414 -> 4433.25, VAT 886.65.
    assert result["total_excl_vat"] == Decimal("4433.25")
    assert result["vat"] == Decimal("886.65")
    assert result["total_incl_vat"] == Decimal("5319.90")
    # No use case for this pair in the inventory: the desk will examine it case by case.
    assert response.context["outside_inventory"] is True


def test_htmx_estimate_returns_only_the_result(client: Client, grid: Grid) -> None:
    response = client.post(reverse("offers:estimate"), _estimate_data(grid), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "6279,00" in html
    _assert_no_internal_figures(html)


def test_excluded_kind_of_project_gets_no_estimate(client: Client, grid: Grid) -> None:
    UseCaseFactory(
        project_type=project_type("product_development"),
        actor_type=actor_type("startup"),
        status=UseCaseStatus.EXCLUDED,
    )
    response = client.post(
        reverse("offers:estimate"),
        _estimate_data(
            grid,
            project_type=project_type("product_development").pk,
            actor_type=actor_type("startup").pk,
        ),
    )
    assert response.context["result"] is None
    assert response.context["form"].non_field_errors()


def test_service_not_offered_for_the_access_mode_is_refused(client: Client, grid: Grid) -> None:
    response = client.post(
        reverse("offers:estimate"),
        _estimate_data(grid, access_mode=term(Vocabulary.ACCESS_MODE, "transfer").pk),
    )
    assert response.context["result"] is None
    assert response.context["form"].errors
    assert 'value="6"' in response.content.decode()  # what was typed is kept


@pytest.mark.parametrize("quantity", ["-1", "abc", "1e9"])
def test_bad_quantities_are_refused_clearly(client: Client, grid: Grid, quantity: str) -> None:
    response = client.post(
        reverse("offers:estimate"), _estimate_data(grid, **{f"qty_{grid.extraction.pk}": quantity})
    )
    assert response.context["result"] is None
    assert f"qty_{grid.extraction.pk}" in response.context["form"].errors


def test_project_type_and_actor_are_required(client: Client, grid: Grid) -> None:
    response = client.post(reverse("offers:estimate"), {})
    assert {"project_type", "actor_type"} <= set(response.context["form"].errors)


def test_estimate_without_published_offer(client: Client, db: None) -> None:
    assert not OfferVersion.objects.exists()
    response = client.get(reverse("offers:estimate"))
    assert response.status_code == 200
    assert response.context["version"] is None


def test_nav_and_home_card_point_to_the_public_pages(client: Client, db: None) -> None:
    home = client.get(reverse("home")).content.decode()
    assert reverse("offers:public-offer") in home
    assert reverse("offers:estimate") in home


def test_staff_cards_follow_the_roles(role_client: RoleClient) -> None:
    steward, _user = role_client(Role.DATA_STEWARD)
    cards = steward.get(reverse("staff-home")).context["staff_cards"]
    urls = {card["url"] for card in cards}
    assert reverse("offers:perimeter") in urls
    assert reverse("offers:costgrid") not in urls
    manager, _user = role_client(Role.MANAGER)
    urls = {card["url"] for card in manager.get(reverse("staff-home")).context["staff_cards"]}
    assert {reverse("offers:costgrid"), reverse("offers:quote-list")} <= urls
