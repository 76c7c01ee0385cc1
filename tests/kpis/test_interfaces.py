from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpis.domain import Period, attainment, block_results, build_report, classify
from kpis.interfaces import PeriodError, parse_period, quadrant, sparkline
from kpis.models import IndicatorTarget


@pytest.mark.parametrize(
    "maturity,performance,expected",
    [
        (Decimal("0"), Decimal("10"), "priority"),
        (Decimal("100"), Decimal("10"), "mature_underused"),
        (Decimal("33.3"), Decimal("80"), "performs_anyway"),
        (Decimal("66.7"), Decimal("50"), "done"),
        (Decimal("50"), None, "unknown"),
    ],
)
def test_quadrant_reading(maturity, performance, expected) -> None:  # type: ignore[no-untyped-def]
    assert classify(maturity, performance, 50) == expected


def test_attainment_formula() -> None:
    higher = IndicatorTarget(code="x", direction="higher", target=Decimal("10"))
    lower = IndicatorTarget(code="y", direction="lower", target=Decimal("30"))
    assert attainment(Decimal("5"), higher) == Decimal("0.5")
    assert attainment(Decimal("20"), higher) == 1
    assert attainment(Decimal("60"), lower) == Decimal("0.5")
    assert attainment(Decimal("0"), lower) == 1
    assert attainment(None, lower) is None


@pytest.mark.django_db
def test_block_score_and_placement() -> None:
    # Catalogue: P-CAT-3 target 4 datasets (higher), value 0 -> 0 %; P-CAT-2 target 5
    # information requests (lower), value 0 -> 100 %: block score 50 %.
    IndicatorTarget.objects.create(code="P-CAT-3", direction="higher", target=Decimal("4"))
    IndicatorTarget.objects.create(code="P-CAT-2", direction="lower", target=Decimal("5"))
    from catalogue.models import Dataset

    Dataset.objects.all().delete()
    report = build_report(Period(date(2025, 1, 1), date(2025, 12, 31)))
    catalogue = next(b for b in report.blocks if b.code == "catalogue")
    assert catalogue.performance_score == Decimal("50.0")
    assert catalogue.maturity_share == Decimal("0.0")
    assert catalogue.quadrant == "performs_anyway"
    chart = quadrant(report)
    point = next(p for p in chart["points"] if p.code == "catalogue")
    # x = margin + 0 % of the width; y = margin + size - 50 % of the height.
    assert (point.x, point.y) == (56.0, 56 + 360 - 180.0)
    assert [b.code for b in chart["unplaced"]] == [
        "use_cases",
        "technical",
        "regulatory",
        "valorisation",
    ]
    assert report.roadmap[0].code == "use_cases" or report.roadmap[0].quadrant in {
        "priority",
        "unknown",
    }
    assert block_results(report.maturity, report.performance, 50)[1].code == "catalogue"


def test_parse_period() -> None:
    today = date(2026, 5, 17)
    assert parse_period({}, today) == Period(date(2025, 5, 1), date(2026, 4, 30))
    assert parse_period({"preset": "last_year"}, today) == Period(
        date(2025, 1, 1), date(2025, 12, 31)
    )
    assert parse_period({"preset": "this_year"}, today) == Period(date(2026, 1, 1), today)
    assert parse_period({"from": "2025-02-01", "to": "2025-02-28"}, today).end == date(2025, 2, 28)
    for bad in [
        {"from": "2025-02-30"},
        {"to": "2025-01-01"},
        {"from": "2025-03-01", "to": "2025-02-01"},
    ]:
        with pytest.raises(PeriodError):
            parse_period(bad, today)


def test_months_split() -> None:
    months = Period(date(2025, 1, 15), date(2025, 3, 10)).months()
    assert [(m.start, m.end) for m in months] == [
        (date(2025, 1, 15), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 3, 10)),
    ]


def test_sparkline_geometry() -> None:
    line = sparkline([Decimal("0"), None, Decimal("10")], width=100, height=26)
    assert line["points"] == "0.0,23.0 100.0,3.0"
    assert sparkline([Decimal("1")])["points"] == ""
