"""Everything between the computed report and the outside: period parsing, permissions,
chart geometry (server-side SVG), table rows for exports and the API payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role, has_role
from guichet.models import AccessRequest, RequestState
from kpis.definitions import BLOCKS_BY_CODE, Unit
from kpis.domain import (
    Durations,
    Period,
    Report,
    format_value,
)

QUADRANT_LABELS = {
    "priority": gettext_lazy("Priority"),
    "mature_underused": gettext_lazy("Not a priority: no longer depends on internal work"),
    "performs_anyway": gettext_lazy("Not a priority: performs despite low maturity"),
    "done": gettext_lazy("Done"),
    "unknown": gettext_lazy("Not placed: no performance target yet"),
}
SHORT_LABELS = {
    "priority": gettext_lazy("PRIORITY"),
    "mature_underused": gettext_lazy("Not a priority (mature)"),
    "performs_anyway": gettext_lazy("Not a priority (performs)"),
    "done": gettext_lazy("Done"),
}
BLOCK_COLOURS = {
    "catalogue": "#1f6feb",
    "use_cases": "#8250df",
    "technical": "#bf3989",
    "regulatory": "#d4a72c",
    "valorisation": "#1a7f37",
}
PRESETS = {
    "last12": gettext_lazy("Last 12 months"),
    "this_year": gettext_lazy("This year"),
    "last_year": gettext_lazy("Last year"),
}


def can_read(user: Any) -> bool:
    return has_role(user, Role.MANAGER, Role.DESK_OPERATOR)


def can_manage(user: Any) -> bool:
    return has_role(user, Role.MANAGER)


class PeriodError(ValueError):
    pass


def parse_period(params: Any, today: date | None = None) -> Period:
    """`from`/`to` (YYYY-MM-DD) or `preset`; the last 12 full months by default."""
    today = today or timezone.localdate()
    preset = params.get("preset") or ""
    if preset == "this_year":
        return Period(date(today.year, 1, 1), today)
    if preset == "last_year":
        return Period.year(today.year - 1)
    raw_from, raw_to = params.get("from") or "", params.get("to") or ""
    if not raw_from and not raw_to:
        return Period.last_12_months(today)
    try:
        start = date.fromisoformat(raw_from) if raw_from else None
        end = date.fromisoformat(raw_to) if raw_to else today
    except ValueError as error:
        raise PeriodError(_("Dates must be written YYYY-MM-DD.")) from error
    if start is None:
        raise PeriodError(_("Give the start of the period ('from', YYYY-MM-DD)."))
    if end < start:
        raise PeriodError(_("The end of the period is before its start."))
    if (end - start).days > 366 * 10:
        raise PeriodError(_("A period can cover ten years at most."))
    return Period(start, end)


# --- Charts ------------------------------------------------------------------------------------


@dataclass
class QuadrantPoint:
    code: str
    label: str
    x: float
    y: float
    maturity: Decimal | None
    performance: Decimal | None
    colour: str
    quadrant: str
    label_dy: float = 0.0


def quadrant(report: Report, *, size: int = 360, margin: int = 56) -> dict[str, Any]:
    """Geometry of the maturity (x) x performance (y) chart; blocks without a score are
    listed apart, never placed at a misleading spot."""
    scale = size / 100
    threshold = report.threshold * scale
    points, unplaced = [], []
    for block in report.blocks:
        if not block.on_quadrant:
            continue
        if block.maturity_share is None or block.performance_score is None:
            unplaced.append(block)
            continue
        points.append(
            QuadrantPoint(
                block.code,
                block.label,
                margin + float(block.maturity_share) * scale,
                margin + size - float(block.performance_score) * scale,
                block.maturity_share,
                block.performance_score,
                BLOCK_COLOURS[block.code],
                block.quadrant,
            )
        )
    # Labels of nearby blocks are pushed apart vertically so that each stays readable.
    placed: list[tuple[float, float]] = []
    for point in sorted(points, key=lambda p: (p.y, p.x)):
        label_y = point.y + 4
        while any(abs(label_y - y) < 15 and abs(point.x - x) < 90 for x, y in placed):
            label_y += 15
        point.label_dy = label_y - (point.y + 4)
        placed.append((point.x, label_y))
    left, top, right, bottom = margin, margin, margin + size, margin + size
    tx, ty = margin + threshold, margin + size - threshold
    areas = [
        # (quadrant, x, y, w, h): top-left is high performance + low maturity, and so on.
        ("performs_anyway", left, top, tx - left, ty - top, "#f6f8fa"),
        ("done", tx, top, right - tx, ty - top, "#e7f6ef"),
        ("priority", left, ty, tx - left, bottom - ty, "#fdecea"),
        ("mature_underused", tx, ty, right - tx, bottom - ty, "#f6f8fa"),
    ]
    return {
        "areas": [
            {
                "key": key,
                "x": x,
                "y": y,
                "w": w,
                "h": h,
                "fill": css,
                "label": QUADRANT_LABELS[key],
                "short": SHORT_LABELS[key],
                "label_x": x + 6,
                "label_y": y + 16,
            }
            for key, x, y, w, h, css in areas
        ],
        "size": size,
        "margin": margin,
        "width": size + 2 * margin + 150,
        "height": size + 2 * margin,
        "plot_right": margin + size,
        "plot_bottom": margin + size,
        "threshold_x": margin + threshold,
        "threshold_y": margin + size - threshold,
        "points": points,
        "unplaced": unplaced,
        "labels": QUADRANT_LABELS,
        "ticks": [
            {"v": v, "x": margin + v * scale, "y": margin + size - v * scale}
            for v in (0, 25, 50, 75, 100)
        ],
    }


def sparkline(
    values: list[Decimal | None], *, width: int = 110, height: int = 26
) -> dict[str, Any]:
    known = [float(v) for v in values if v is not None]
    if len(known) < 2:
        return {"points": "", "width": width, "height": height, "last": None}
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(1, len(values) - 1)
    coords = []
    for index, value in enumerate(values):
        if value is None:
            continue
        y = height - 3 - (float(value) - low) / span * (height - 6)
        coords.append(f"{index * step:.1f},{y:.1f}")
    last_x, last_y = coords[-1].split(",")
    return {
        "points": " ".join(coords),
        "width": width,
        "height": height,
        "last_x": last_x,
        "last_y": last_y,
    }


# --- Tables and payloads -----------------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def indicator_rows(report: Report) -> list[dict[str, Any]]:
    """One flat row per indicator: the API payload and the CSV/XLSX/PDF tables use it."""
    rows: list[dict[str, Any]] = []
    for m in report.maturity:
        rows.append(
            {
                "code": m.code,
                "block": m.definition.block,
                "block_label": str(BLOCKS_BY_CODE[m.definition.block].label),
                "kind": "maturity_declared" if m.definition.declared else "maturity_computed",
                "label": str(m.definition.label),
                "value": m.met,
                "display": _("met") if m.met else _("not met"),
                "unit": "boolean",
                "met": m.met,
                "target": None,
                "direction": None,
                "score": None,
                "external_input": False,
                "definition": str(m.definition.rule),
                "explanation": m.reason,
                "details": {},
            }
        )
    for p in report.performance:
        rows.append(
            {
                "code": p.code,
                "block": p.definition.block,
                "block_label": str(BLOCKS_BY_CODE[p.definition.block].label),
                "kind": "performance",
                "label": str(p.definition.label),
                "value": _num(p.value),
                "display": format_value(p.value, p.definition.unit),
                "unit": p.definition.unit,
                "met": None if p.score is None else p.score >= 100,
                "target": _num(p.target.target) if p.target else None,
                "direction": p.target.direction if p.target else p.definition.direction,
                "score": _num(p.score),
                "external_input": p.definition.external,
                "definition": str(p.definition.definition),
                "explanation": _("External figure missing for this period.")
                if p.missing_input
                else "",
                "details": {
                    k: (_num(v) if isinstance(v, Decimal) else v) for k, v in p.details.items()
                },
            }
        )
    return rows


def table(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Code"),
        _("Block"),
        _("Indicator"),
        _("Kind"),
        _("Value"),
        _("Unit"),
        _("Target"),
        _("Direction"),
        _("Score"),
        _("Met"),
        _("Definition"),
        _("Explanation"),
    ]
    body = [
        [
            r["code"],
            r["block_label"],
            r["label"],
            r["kind"],
            r["display"],
            r["unit"],
            r["target"] or "",
            r["direction"] or "",
            r["score"] or "",
            "" if r["met"] is None else (_("yes") if r["met"] else _("no")),
            r["definition"],
            r["explanation"],
        ]
        for r in indicator_rows(report)
    ]
    return header, body


# --- Public strip --------------------------------------------------------------------------------

PUBLIC_CACHE_KEY = "kpis:public-strip:v1"
PUBLIC_TTL = 24 * 3600
RUNNING_STATES = [RequestState.PROVISIONING, RequestState.IN_PROGRESS, RequestState.CLOSING]


def compute_public_strip(today: date | None = None) -> dict[str, Any]:
    """Over the last 12 months: medians from complete application to decision and to contract
    (working days too), and projects running now."""
    period = Period.last_12_months(today)
    decided = AccessRequest.objects.filter(
        Q(decided_at__gte=period.lo, decided_at__lt=period.hi), complete_at__isnull=False
    ).values_list("complete_at", "decided_at")
    contracted = AccessRequest.objects.filter(
        Q(contract_signed_at__gte=period.lo, contract_signed_at__lt=period.hi),
        complete_at__isnull=False,
    ).values_list("complete_at", "contract_signed_at")
    to_decision, to_contract = Durations.of(decided), Durations.of(contracted)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "median_days_to_decision": _num(to_decision.median_days),
        "median_working_days_to_decision": _num(to_decision.median_working_days),
        "decisions": to_decision.count,
        "median_days_to_contract": _num(to_contract.median_days),
        "median_working_days_to_contract": _num(to_contract.median_working_days),
        "contracts": to_contract.count,
        "projects_running": AccessRequest.objects.filter(state__in=RUNNING_STATES).count(),
        "computed_at": timezone.now().isoformat(timespec="minutes"),
    }


def public_strip(refresh: bool = False) -> dict[str, Any]:
    data = None if refresh else cache.get(PUBLIC_CACHE_KEY)
    if data is None:
        data = compute_public_strip()
        cache.set(PUBLIC_CACHE_KEY, data, PUBLIC_TTL)
    return data


UNIT_LABELS = {
    Unit.DAYS: gettext_lazy("days"),
    Unit.COUNT: gettext_lazy("number"),
    Unit.PERCENT: "%",
    Unit.EUR: "€",
}
