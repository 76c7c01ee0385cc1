"""Timesheets and actual cost against budget.

A time entry keeps the staff profile's daily rate of the day it was logged, so a later rate
change never rewrites what a past project cost. The budget of a request is the internal cost of
its latest accepted (else latest sent) quote; the pipeline links requests to quotes and time
entries by `request_reference`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils.translation import gettext as _

from offers.models import Quote, QuoteStatus, Service, StaffProfile, TimeEntry
from offers.pricing import ZERO, money


def time_entry_record(
    *,
    person: Any,
    staff_profile: StaffProfile,
    days: Decimal,
    date: datetime.date | None = None,
    service: Service | None = None,
    request_reference: str = "",
    note: str = "",
) -> TimeEntry:
    if isinstance(days, float):
        raise ValidationError({"days": _("Give days as a decimal number.")})
    if not staff_profile.is_active:
        raise ValidationError({"staff_profile": _("This staff profile is no longer active.")})
    entry = TimeEntry(
        person=person,
        staff_profile=staff_profile,
        days=days,
        daily_rate=staff_profile.daily_rate,
        service=service,
        request_reference=request_reference.strip(),
        note=note,
    )
    if date is not None:
        entry.date = date
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


_COST = ExpressionWrapper(
    F("days") * F("daily_rate"), output_field=DecimalField(max_digits=14, decimal_places=4)
)


def actual_costs_for(references: Iterable[str]) -> dict[str, Decimal]:
    """Actual staff cost logged per request reference (one query)."""
    refs = [r for r in set(references) if r]
    rows = (
        TimeEntry.objects.filter(request_reference__in=refs)
        .values("request_reference")
        # Not named "cost": the plugin reads it as a clash with the TimeEntry.cost property.
        .annotate(logged=Sum(_COST))
    )
    found = {row["request_reference"]: money(row["logged"] or ZERO) for row in rows}
    return {ref: found.get(ref, ZERO) for ref in refs}


def actual_cost_for(reference: str) -> Decimal:
    return actual_costs_for([reference]).get(reference, ZERO)


@dataclass(frozen=True)
class CostComparison:
    reference: str
    budget: Decimal | None
    actual: Decimal

    @property
    def variance(self) -> Decimal | None:
        return None if self.budget is None else self.actual - self.budget

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.actual > self.budget


def cost_comparisons(references: Iterable[str]) -> dict[str, CostComparison]:
    """Budget (internal cost of the accepted, else latest sent, quote) vs actual, per reference.

    Two queries whatever the number of references (the KPI "projects over budgeted cost")."""
    refs = [r for r in set(references) if r]
    actual = actual_costs_for(refs)
    budgets: dict[str, tuple[int, Decimal]] = {}
    quotes = Quote.objects.filter(
        request_reference__in=refs, status__in=[QuoteStatus.ACCEPTED, QuoteStatus.SENT]
    ).values_list("request_reference", "status", "version", "total_cost")
    for ref, status, version, cost in quotes:
        rank = (1 if status == QuoteStatus.ACCEPTED else 0) * 10_000 + version
        if ref not in budgets or rank > budgets[ref][0]:
            budgets[ref] = (rank, cost)
    return {
        ref: CostComparison(ref, budgets[ref][1] if ref in budgets else None, actual[ref])
        for ref in refs
    }


def cost_comparison(reference: str) -> CostComparison:
    return cost_comparisons([reference])[reference]
