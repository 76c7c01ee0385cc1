"""Offer versions: price freezing, publication, immutability, current offer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from offers.domain import (
    Immutable,
    TransitionRefused,
    actor_coefficient_set,
    current_offer,
    offer_delete_draft,
    offer_new_version_from,
    offer_prices,
    offer_publish,
    offer_refresh_prices,
    offer_version_update,
    pricing_rule_update,
    retire_superseded_offers,
)
from offers.models import OfferStatus, ServicePrice
from tests.offers.conftest import Grid
from tests.offers.factories import ServiceFactory, actor_type

D = Decimal


def test_publication_freezes_prices_and_costs(grid: Grid, make_user) -> None:
    prices = {p.service.code: (p.unit_price, p.unit_cost) for p in offer_prices(grid.offer)}
    assert prices == {
        "feasibility": (D("552.00"), D("480.00")),
        "follow-up": (D("276.00"), D("240.00")),
        "extraction": (D("2127.50"), D("1850.00")),
        "workspace": (D("379.50"), D("330.00")),
        "quality-report": (D("1265.00"), D("1100.00")),
    }
    assert grid.offer.status == OfferStatus.PUBLISHED and grid.offer.published_at
    assert current_offer() == grid.offer
    # Changing the cost grid later does not touch the published version.
    line = grid.extraction.cost_lines.first()
    line.staff_profile.daily_rate = D("900")
    line.staff_profile.save()
    assert ServicePrice.objects.get(
        offer_version=grid.offer, service=grid.extraction
    ).unit_price == D("2127.50")


def test_published_version_refuses_every_change(grid: Grid) -> None:
    rule = grid.offer.pricing_rule
    with pytest.raises(Immutable, match="create a new version"):
        pricing_rule_update(rule, by=None, changes={"margin_rate": D("0.2")})
    with pytest.raises(Immutable):
        offer_version_update(grid.offer, by=None, changes={"title": "x"})
    with pytest.raises(Immutable):
        actor_coefficient_set(rule, actor_type("startup"), D("1.2"), by=None)
    with pytest.raises(Immutable):
        offer_refresh_prices(grid.offer, by=None)
    with pytest.raises(Immutable):
        offer_delete_draft(grid.offer, by=None)
    with pytest.raises(TransitionRefused, match="Only a draft"):
        offer_publish(grid.offer, by=None)
    with pytest.raises(AttributeError):
        grid.offer.status = OfferStatus.DRAFT


def test_new_version_copies_rule_and_retires_previous(grid: Grid, make_user) -> None:
    user = make_user("desk_operator")
    rule = grid.offer.pricing_rule
    # A draft is needed to set coefficients: v1 was published with defaults.
    draft = offer_new_version_from(grid.offer, by=user)
    assert draft.number == 2 and draft.status == OfferStatus.DRAFT
    with pytest.raises(TransitionRefused, match="already exists"):
        offer_new_version_from(grid.offer, by=user)
    actor_coefficient_set(draft.pricing_rule, actor_type("startup"), D("1.2"), by=user)
    pricing_rule_update(draft.pricing_rule, by=user, changes={"margin_rate": D("0.20")})
    assert draft.prices.get(service=grid.quality).unit_price == D("1320.00")
    assert current_offer() == grid.offer  # a draft is not in force
    offer_publish(draft, by=user)
    grid.offer.refresh_from_db()
    assert grid.offer.status == OfferStatus.RETIRED and grid.offer.retired_at
    assert current_offer() == draft and draft.published_by == user
    assert draft.pricing_rule.coefficient_for(actor_type("startup")) == D("1.2")
    assert draft.pricing_rule.coefficient_for(actor_type("medtech")) == D("1.5")
    assert draft.pricing_rule.coefficient_for(actor_type("hospital")) == D("1.0")
    v3 = offer_new_version_from(draft, by=user)
    assert v3.pricing_rule.margin_rate == D("0.20")
    assert v3.pricing_rule.actor_coefficients.get().coefficient == D("1.2")
    assert rule.margin_rate == D("0.15")


def test_future_version_takes_effect_on_its_date(grid: Grid) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    draft = offer_new_version_from(grid.offer, by=None, effective_date=tomorrow)
    offer_publish(draft, by=None)
    grid.offer.refresh_from_db()
    assert grid.offer.status == OfferStatus.PUBLISHED
    assert current_offer() == grid.offer
    assert current_offer(tomorrow) == draft
    assert retire_superseded_offers(tomorrow) == 1
    grid.offer.refresh_from_db()
    assert grid.offer.status == OfferStatus.RETIRED


def test_simple_grid_needs_flat_prices(grid: Grid) -> None:
    draft = offer_new_version_from(grid.offer, by=None)
    pricing_rule_update(draft.pricing_rule, by=None, changes={"grid_type": "simple"})
    assert draft.prices.count() == 0  # none of the reference services has a flat price
    with pytest.raises(ValidationError, match="no flat price"):
        offer_publish(draft, by=None)
    draft.refresh_from_db()
    assert draft.status == OfferStatus.DRAFT


def test_offer_needs_services_and_rule_validation(db: None) -> None:
    draft = offer_new_version_from(None, by=None)
    with pytest.raises(ValidationError, match="at least one active service"):
        offer_publish(draft, by=None)
    with pytest.raises(ValidationError) as caught:
        pricing_rule_update(draft.pricing_rule, by=None, changes={"vat_rate": D("1.5")})
    assert "vat_rate" in caught.value.message_dict
    with pytest.raises(ValidationError):
        pricing_rule_update(draft.pricing_rule, by=None, changes={"offer_version": None})
    ServiceFactory()
    offer_publish(draft, by=None)
    assert draft.prices.count() == 1


def test_applicable_prices_filter(grid: Grid) -> None:
    from catalogue.models import Vocabulary
    from tests.catalogue.factories import term

    transfer = term(Vocabulary.ACCESS_MODE, "transfer")
    workspace = term(Vocabulary.ACCESS_MODE, "secure_workspace")
    assert "workspace" not in {
        p.service.code for p in offer_prices(grid.offer, access_mode=transfer)
    }
    assert "workspace" in {p.service.code for p in offer_prices(grid.offer, access_mode=workspace)}
    grid.quality.use_cases.set([grid.use_case])
    from tests.offers.factories import UseCaseFactory

    other = UseCaseFactory()
    assert "quality-report" not in {
        p.service.code for p in offer_prices(grid.offer, use_case=other)
    }
    assert "quality-report" in {
        p.service.code for p in offer_prices(grid.offer, use_case=grid.use_case)
    }
