"""offers.exports: spreadsheet output and formula-injection escaping."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from offers.exports import FORMULA_PREFIXES, rows_to_csv, rows_to_xlsx, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("Allowed", "Allowed"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (3, 3),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text: str) -> None:
    assert not str(safe_cell(text)).startswith(FORMULA_PREFIXES)


def test_csv_has_a_bom_and_escapes_header_and_rows() -> None:
    content = rows_to_csv(["=Dataset", "Use case"], [["@x", "Autorisé, sous conditions"]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["'=Dataset", "Use case"], ["'@x", "Autorisé, sous conditions"]]


def test_xlsx_keeps_formulas_as_text_and_colours_cells() -> None:
    content = rows_to_xlsx(
        ["Dataset", "UC"], [["=2+2", "ok"]], title="Perimeter", fills={(2, 2): "E7F6EF"}
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Perimeter"
    assert sheet["A2"].value == "'=2+2"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].fill.start_color.rgb.endswith("E7F6EF")
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].font.bold
