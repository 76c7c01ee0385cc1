"""A small, hand-computable offer: the reference grid of the tests.

Staff: data manager 480.00/day, data engineer 600.00/day, statistician 550.00/day.
IT: storage 25.00 per TB-month, secure-workspace seat 180.00 per month.
Rule: complex grid, margin 15 %, academic x1.0, industrial x1.5, VAT 20 %.

service          unit              cost breakdown                     unit cost   base price
feasibility      flat  (default)   manager 1 d                          480.00       552.00
follow-up        month (default)   manager 0.5 d                        240.00       276.00
extraction       per extraction    engineer 3 d + storage 2 TB-month   1850.00      2127.50
workspace        per seat-month    seat 1 + engineer 0.25 d             330.00       379.50
quality-report   flat              statistician 2 d                    1100.00      1265.00
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from catalogue.models import Dataset, Vocabulary
from offers.domain import offer_new_version_from, offer_publish
from offers.models import OfferVersion, Service, ServiceCategory, UseCase
from tests.catalogue.factories import DatasetFactory, term
from tests.offers.factories import (
    ITCostItemFactory,
    ServiceFactory,
    StaffProfileFactory,
    UseCaseFactory,
)


@dataclass
class Grid:
    offer: OfferVersion
    feasibility: Service
    follow_up: Service
    extraction: Service
    workspace: Service
    quality: Service
    use_case: UseCase
    dataset: Dataset


def build_grid(by: Any = None) -> Grid:
    manager = StaffProfileFactory(code="data-manager", name="Data manager", daily_rate="480.00")
    engineer = StaffProfileFactory(code="data-engineer", name="Data engineer", daily_rate="600")
    statistician = StaffProfileFactory(code="statistician", name="Statistician", daily_rate="550")
    storage = ITCostItemFactory(code="storage", unit="TB-month", unit_cost="25")
    seat = ITCostItemFactory(code="seat", name="Workspace seat", unit="seat-month", unit_cost="180")
    feasibility = ServiceFactory(
        code="feasibility",
        category=ServiceCategory.FEASIBILITY,
        included_by_default=True,
        staff=[(manager, Decimal("1"))],
        position=1,
    )
    follow_up = ServiceFactory(
        code="follow-up",
        category=ServiceCategory.FOLLOW_UP,
        included_by_default=True,
        billing_unit="per_month",
        staff=[(manager, Decimal("0.5"))],
        position=1,
    )
    extraction = ServiceFactory(
        code="extraction",
        billing_unit="per_extraction",
        position=1,
        staff=[(engineer, Decimal("3"))],
        it=[(storage, Decimal("2"))],
    )
    workspace = ServiceFactory(
        code="workspace",
        billing_unit="per_seat_month",
        position=2,
        staff=[(engineer, Decimal("0.25"))],
        it=[(seat, Decimal("1"))],
    )
    quality = ServiceFactory(
        code="quality-report",
        category=ServiceCategory.DESCRIPTION_QUALITY,
        staff=[(statistician, Decimal("2"))],
    )
    workspace.access_modes.set([term(Vocabulary.ACCESS_MODE, "secure_workspace")])
    offer = offer_new_version_from(None, by=by)
    offer = offer_publish(offer, by=by)
    return Grid(
        offer=offer,
        feasibility=feasibility,
        follow_up=follow_up,
        extraction=extraction,
        workspace=workspace,
        quality=quality,
        use_case=UseCaseFactory(),
        dataset=DatasetFactory(published=True),
    )


@pytest.fixture
def grid(db: None) -> Grid:
    return build_grid()
