"""Demo indicators of the fictional desk: targets for every performance indicator, the
external figures of the last two years, a declared maturity indicator with its evidence and
monthly maturity snapshots over two years that show the desk's progress.

Idempotent: targets and figures keyed by code / (figure, period), snapshots by date, the
declaration by code; what exists is left as it is. Runs after the pipeline and contracts seeds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from kpis.definitions import MATURITY
from kpis.domain import compute_maturity
from kpis.models import (
    IndicatorTarget,
    ManualInput,
    ManualInputKey,
    MaturityDeclaration,
    MaturitySnapshot,
)

TARGETS: dict[str, tuple[str, str]] = {
    "P-DESK-1": ("lower", "90"),
    "P-DESK-2": ("higher", "12"),
    "P-DESK-3": ("higher", "6"),
    "P-DESK-4": ("higher", "60"),
    "P-DESK-5": ("lower", "30"),
    "P-CAT-1": ("higher", "80"),
    "P-CAT-2": ("lower", "10"),
    "P-CAT-3": ("higher", "25"),
    "P-UC-1": ("lower", "15"),
    "P-UC-2": ("higher", "20"),
    # Ambitious technical targets: the demo desk's weak spot, so the roadmap has work to show.
    "P-TEC-1": ("lower", "15"),
    "P-TEC-2": ("lower", "1"),
    "P-REG-1": ("higher", "70"),
    "P-REG-2": ("lower", "1"),
    "P-VAL-1": ("higher", "8000"),
    "P-VAL-2": ("higher", "20000"),
    "P-VAL-3": ("higher", "60000"),
    "P-VAL-4": ("higher", "4"),
    "P-VAL-5": ("lower", "2"),
    "P-VAL-6": ("lower", "1"),
}

# Order in which the demo desk reached its maturity indicators (month index out of 24).
REACHED_AT = {
    "M-CAT-3": 0,
    "M-UC-1": 2,
    "M-REG-2": 4,
    "M-CAT-2": 6,
    "M-UC-2": 8,
    "M-TEC-1": 10,
    "M-REG-1": 12,
    "M-VAL-2": 14,
    "M-CAT-1": 16,
    "M-TEC-2": 18,
    "M-VAL-1": 20,
    "M-TEC-3": 22,
}


def _month_starts(count: int, today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def _month_end(start: date) -> date:
    return (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def seed(stdout: TextIO) -> None:
    manager = User.objects.filter(username="direction").first()
    today = timezone.localdate()
    for code, (direction, target) in TARGETS.items():
        IndicatorTarget.objects.get_or_create(
            code=code,
            defaults={"direction": direction, "target": Decimal(target), "updated_by": manager},
        )
    months = _month_starts(24, today)
    for index, start in enumerate(months):
        end = _month_end(start)
        # A holder with a few data contracts a month, more and more of them through the desk.
        ManualInput.objects.get_or_create(
            key=ManualInputKey.HOLDER_CONTRACTS,
            period_start=start,
            period_end=end,
            defaults={
                "value": Decimal(3 + index % 3),
                "note": "Direction des affaires juridiques",
                "entered_by": manager,
            },
        )
        ManualInput.objects.get_or_create(
            key=ManualInputKey.INVOICED_REVENUE,
            period_start=start,
            period_end=end,
            defaults={
                "value": Decimal(1500 + 150 * index),
                "note": "Direction des finances",
                "entered_by": manager,
            },
        )
    if not MaturityDeclaration.objects.filter(code="M-TEC-3").exists():
        # Declared not yet met: the extraction pipeline is still being accepted, which the
        # dashboard's roadmap then lists as work to do.
        MaturityDeclaration.objects.create(
            code="M-TEC-3",
            met=False,
            evidence_text=(
                "Les bases projet sont encore extraites à la main ; la chaîne d'alimentation "
                "automatique depuis l'entrepôt (procédure ETL v3) est en recette."
            ),
            evidence_url="https://example.org/eds/procedure-etl",
            declared_on=today - timedelta(days=60),
            declared_by=manager,
        )
    current = {r.code: r.met for r in compute_maturity()}
    created = 0
    for index, start in enumerate(months):
        if MaturitySnapshot.objects.filter(taken_on=start).exists():
            continue
        results = {
            m.code: current.get(m.code, False) and REACHED_AT[m.code] <= index for m in MATURITY
        }
        MaturitySnapshot.objects.create(
            taken_on=start, results=results, met_count=sum(results.values()), taken_by=manager
        )
        created += 1
    stdout.write(
        f"  kpis: {len(TARGETS)} targets, {2 * len(months)} external figures, "
        f"{created} maturity snapshots added, {sum(current.values())}/12 maturity indicators met\n"
    )
