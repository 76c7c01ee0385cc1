"""Admin pages open, and never bypass immutability of published offers and quotes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from offers.domain import offer_new_version_from
from offers.models import (
    Campaign,
    DeskConfiguration,
    OfferStatus,
    OfferVersion,
    PerimeterCell,
    PricingRule,
    Quote,
    Service,
    StaffProfile,
    UseCase,
)
from tests.offers.conftest import Grid
from tests.offers.factories import CampaignFactory, PerimeterCellFactory
from tests.offers.test_quotes import pharma_quote


@pytest.fixture
def admin_client_(grid: Grid, make_user) -> Client:
    client = Client()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


MODELS = [
    Service,
    StaffProfile,
    UseCase,
    Campaign,
    PerimeterCell,
    OfferVersion,
    PricingRule,
    Quote,
    DeskConfiguration,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_and_change_pages_open(grid: Grid, admin_client_: Client, model) -> None:
    pharma_quote(grid)
    CampaignFactory()
    PerimeterCellFactory()
    DeskConfiguration.get()
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client_.get(url).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert admin_client_.get(change).status_code == 200


def test_published_version_and_quotes_are_read_only(grid: Grid, admin_client_: Client) -> None:
    url = reverse("admin:offers_offerversion_change", args=[grid.offer.pk])
    response = admin_client_.post(
        url, {"title": "hacked", "notes": "", "effective_date": "2020-01-01"}
    )
    assert response.status_code == 403
    grid.offer.refresh_from_db()
    assert grid.offer.title == ""
    rule_url = reverse("admin:offers_pricingrule_change", args=[grid.offer.pricing_rule.pk])
    assert admin_client_.post(rule_url, {"grid_type": "simple"}).status_code == 403
    quote = pharma_quote(grid)
    quote_url = reverse("admin:offers_quote_change", args=[quote.pk])
    assert admin_client_.post(quote_url, {"notes": "x"}).status_code == 403


def test_publish_action_uses_the_domain(grid: Grid, admin_client_: Client) -> None:
    draft = offer_new_version_from(grid.offer, by=None)
    response = admin_client_.post(
        reverse("admin:offers_offerversion_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk, grid.offer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    grid.offer.refresh_from_db()
    assert draft.status == OfferStatus.PUBLISHED and grid.offer.status == OfferStatus.RETIRED
    assert draft.prices.count() == 5
    text = response.content.decode()
    assert "Only a draft can be published" in text
