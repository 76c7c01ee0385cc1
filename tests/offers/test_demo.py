"""The offers part of the demo desk: coherent, complete, and idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest

from accounts import demo as accounts_demo
from catalogue import demo as catalogue_demo
from catalogue.models import Dataset
from offers import demo
from offers.domain import current_offer
from offers.models import (
    Campaign,
    DeskConfiguration,
    DeskModel,
    OfferStatus,
    OfferVersion,
    PerimeterCell,
    PerimeterStatus,
    Quote,
    Service,
    ServiceCategory,
    TimeEntry,
    UseCase,
)

# These pages were written and checked against the French interface (the demo language).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def _snapshot() -> dict[str, Any]:
    models = [Service, UseCase, PerimeterCell, OfferVersion, Campaign, Quote, TimeEntry]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["history"] = (
        Service.history.count() + UseCase.history.count() + PerimeterCell.history.count()
    )
    counts["cells"] = sorted(
        PerimeterCell.objects.values_list("dataset_id", "use_case_id", "status")
    )
    return counts


def test_demo_offer_is_complete_coherent_and_idempotent(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    accounts_demo.seed(out)
    catalogue_demo.seed(out)
    demo.seed(out)
    first = _snapshot()
    demo.seed(out)
    assert _snapshot() == first
    assert "offers:" in out.getvalue()

    services = Service.objects.all()
    assert 15 <= services.count() <= 25
    assert {s.category for s in services} == set(ServiceCategory.values)
    assert all(s.unit_cost() > 0 for s in services.filter(is_active=True))
    assert services.filter(included_by_default=True).exists()

    offer = current_offer()
    assert offer is not None and offer.status == OfferStatus.PUBLISHED
    assert OfferVersion.objects.filter(status=OfferStatus.RETIRED).exists()
    assert str(offer.pricing_rule.vat_rate) == "0.2000"
    assert offer.pricing_rule.industrial_coefficient > offer.pricing_rule.academic_coefficient

    assert 10 <= UseCase.objects.count() <= 15
    assert len(set(UseCase.objects.values_list("status", flat=True))) == 3

    published = Dataset.objects.published().count()
    cells = PerimeterCell.objects.all()
    assert cells.count() >= published  # a filled matrix
    assert {c.status for c in cells} == set(PerimeterStatus.values)
    assert all(c.conditions for c in cells if c.status == PerimeterStatus.CONDITIONAL)

    config = DeskConfiguration.get()
    assert config.desk_model == DeskModel.INTERNAL_DECENTRALISED
    assert set(config.committee_members.values_list("username", flat=True)) == {
        "operateur",
        "relecteur",
        "dpo",
        "direction",
    }
    assert config.has_sharing_procedure and config.has_feasibility_committee
    assert Campaign.objects.count() == 2
    assert TimeEntry.objects.exists() and Quote.objects.exists()
