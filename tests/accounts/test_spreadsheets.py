"""The formula-injection guard every CSV/XLSX export shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.spreadsheets import FORMULA_PREFIXES, csv_safe, safe_cell, unguard


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_every_formula_trigger_is_neutralised_and_undone_on_import(prefix: str) -> None:
    text = prefix + 'HYPERLINK("http://evil","x")'
    assert safe_cell(text) == "'" + text
    assert csv_safe(text) == "'" + text
    assert unguard(safe_cell(text)) == text


def test_plain_values_are_left_alone() -> None:
    assert safe_cell("Cohorte 2020") == "Cohorte 2020"
    assert safe_cell(-3) == -3 and safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell(None) == "" and csv_safe(None) == ""
    assert unguard("'quoted on purpose") == "'quoted on purpose"
