"""CSV and XLSX exports of the strategic perimeter.

Spreadsheets evaluate cells starting with = + - @ (and tab/CR) as formulas: a condition typed
as "=HYPERLINK(...)" would run on the reader's machine. Every text cell goes through
`safe_cell`, which neutralises it with a leading apostrophe (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.spreadsheets import FORMULA_PREFIXES, safe_cell

Row = Sequence[Any]

__all__ = ["FORMULA_PREFIXES", "rows_to_csv", "rows_to_xlsx", "safe_cell"]


def rows_to_csv(header: Row, rows: Iterable[Row]) -> bytes:
    """UTF-8 with BOM so that spreadsheet software detects the encoding of accented text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


STATUS_FILLS = {
    "allowed": "E7F6EF",
    "conditional": "FFF4E0",
    "excluded": "FDECEA",
}


def rows_to_xlsx(
    header: Row,
    rows: Iterable[Row],
    *,
    title: str,
    fills: dict[tuple[int, int], str] | None = None,
) -> bytes:
    """One sheet, bold frozen header; `fills` colours given (row, column) cells (1-based)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for (row_index, column_index), colour in (fills or {}).items():
        sheet.cell(row=row_index, column=column_index).fill = PatternFill(
            "solid", start_color=colour, end_color=colour
        )
    sheet.freeze_panes = "B2"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 28 if index == 1 else 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def verdict_text(verdict: Any) -> str:
    """One cell as text: status, then conditions and the default service package."""
    parts = [verdict.status_label if verdict.is_explicit else f"{verdict.status_label} *"]
    if verdict.conditions:
        parts.append(verdict.conditions)
    if verdict.default_services:
        parts.append(", ".join(service.name for service in verdict.default_services))
    return " | ".join(parts)


def perimeter_table(matrix: Any, *, legend: str) -> tuple[list[str], list[list[Any]], dict]:
    """Header, rows and XLSX fills of a perimeter matrix (offers.domain.perimeter)."""
    from django.utils.translation import gettext as _

    header = [_("Dataset"), _("Department"), *[use_case.name for use_case in matrix.use_cases]]
    rows: list[list[Any]] = []
    fills: dict[tuple[int, int], str] = {}
    for row_index, (dataset, verdicts) in enumerate(matrix.rows(), start=2):
        rows.append([str(dataset), dataset.department.name, *map(verdict_text, verdicts)])
        for column_index, verdict in enumerate(verdicts, start=3):
            fills[(row_index, column_index)] = STATUS_FILLS[verdict.status]
    rows.append([])
    rows.append([legend])
    return header, rows, fills
