"""Every expected value below was worked out by hand from tests/kpis/scenario.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpis.domain import Period, build_report, drilldown
from tests.kpis import scenario

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
D = Decimal


@pytest.fixture
def report(db: None):  # type: ignore[no-untyped-def]
    scenario.build()
    return build_report(YEAR_2025)


def values(report) -> dict[str, Decimal | None]:  # type: ignore[no-untyped-def]
    return {p.code: p.value for p in report.performance}


def details(report, code: str) -> dict:  # type: ignore[no-untyped-def]
    return next(p.details for p in report.performance if p.code == code)


def test_time_to_contract(report) -> None:  # type: ignore[no-untyped-def]
    # Signed in 2025: R3 (4 Nov 2024 -> 6 Jan 2025: 63 days, 45 weekdays - 11 Nov, 25 Dec,
    # 1 Jan = 42 working days), R1 (6 Jan -> 5 Feb: 30 days, 22 working days), R2 (1 Apr ->
    # 3 Jun: 63 days, 45 weekdays - Easter Monday, 1 May, 8 May, Ascension = 41).
    got = details(report, "P-DESK-1")
    assert got == {
        "count": 3,
        "mean_days": D("52.0"),
        "median_days": D("63.0"),
        "mean_working_days": D("35.0"),
        "median_working_days": D("41.0"),
    }
    assert values(report)["P-DESK-1"] == D("52.0")


def test_time_to_share(report) -> None:  # type: ignore[no-untyped-def]
    # Data available in 2025: R4 (16 Dec -> 10 Jan: 25 days, 17 working), R1 (5 -> 19 Feb:
    # 14 days, 10 working), R2 (3 -> 10 Jun: 7 days, 4 working: Whit Monday).
    assert details(report, "P-TEC-1") == {
        "count": 3,
        "mean_days": D("15.3"),
        "median_days": D("14.0"),
        "mean_working_days": D("10.3"),
        "median_working_days": D("10.0"),
    }


def test_counts_and_shares(report) -> None:  # type: ignore[no-untyped-def]
    got = values(report)
    assert got["P-DESK-2"] == 3  # R1, R2, R3 (R4 signed 2024, R6 signed 2026)
    assert got["P-DESK-3"] == 2  # paper 1 (June 2025), paper 2 (reported March 2025)
    assert got["P-DESK-4"] == D("50.0")  # 3 / (4 + 2); the input straddling 2024 is left out
    assert got["P-DESK-5"] == D("50.0")  # c1 revised after sending, c2 not; c3 sent in 2024
    assert got["P-CAT-1"] == D("50.0")  # lines R1-D1 yes, R1-D2 no, R2-D2 yes, R4-D3 no
    assert got["P-CAT-2"] == 2  # 7 Jan and 1 Feb 2025
    assert got["P-CAT-3"] == 2  # D1, D2 (D3 draft, D4 published after 2025)
    assert got["P-UC-1"] == D("60.0")  # R2 perimeter, R5 no use case, R7 excluded / 5
    assert got["P-UC-2"] == 4  # lines of R1 (2), R2, R4
    assert got["P-TEC-2"] == 1  # R1 (R3's data never became available)
    assert got["P-REG-1"] == D("50.0")  # D1 anonymised, D2 not
    assert got["P-REG-2"] == 2
    assert details(report, "P-REG-2") == {"patient": 1, "requester": 1}


def test_valorisation(report) -> None:  # type: ignore[no-untyped-def]
    got = values(report)
    assert got["P-VAL-1"] == D("2000.00")  # (1000 + 3000) / 2; Q3 in 2024, Q4 declined
    assert details(report, "P-VAL-1")["total"] == D("4000.00")
    assert got["P-VAL-2"] == D("800.00")
    assert details(report, "P-VAL-2")["margin_rate"] == D("20.0")
    assert got["P-VAL-3"] == D("4000.00")  # 1500 + 2500
    assert got["P-VAL-4"] == 1  # paper 1 (R1 signed); R5 never signed
    assert got["P-VAL-5"] == 2  # R1 unpriced line, R2 fee deviation; R3's was withdrawn
    assert got["P-VAL-6"] == 1  # R1: 2 d x 500 = 1000 > 800; R2: 500 <= 2400
    assert details(report, "P-VAL-6") == {"projects": 2}


def test_missing_external_input_is_said(db: None) -> None:
    report = build_report(YEAR_2025)
    desk_share = next(p for p in report.performance if p.code == "P-DESK-4")
    assert desk_share.value is None and desk_share.missing_input


def test_drilldown_time_to_contract(report) -> None:  # type: ignore[no-untyped-def]
    headers, rows = drilldown("P-DESK-1", YEAR_2025)
    assert len(headers) == 4
    assert [(r.reference, r.values[2], r.values[3]) for r in rows] == [
        ("KPI-R1", D("30.0"), 22),
        ("KPI-R2", D("63.0"), 41),
        ("KPI-R3", D("63.0"), 42),
    ]


def test_drilldown_over_budget(report) -> None:  # type: ignore[no-untyped-def]
    _headers, rows = drilldown("P-VAL-6", YEAR_2025)
    assert [(r.reference, r.values[1], r.values[2]) for r in rows] == [
        ("KPI-R1", D("1000.00"), True),
        ("KPI-R2", D("500.00"), False),
    ]
