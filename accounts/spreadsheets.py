"""Formula-injection guard for every CSV/XLSX export (OWASP "CSV injection").

A spreadsheet runs a cell that starts with = + - @ (or a tab/carriage return before them) as a
formula: a title typed as "=HYPERLINK(...)" would act on the reader's machine. Exported text
cells starting with one of these get a leading apostrophe. In `accounts`, the lowest app, so
that every app's exports share it."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; numbers, dates
    and booleans are returned as they are (they are typed cells, not formulas). None -> ""."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return FORMULA_GUARD + value
    return value


def csv_safe(value: Any) -> str:
    """`safe_cell` as text, for csv.writer rows."""
    return str(safe_cell(value))


def unguard(value: Any) -> Any:
    """Undo `safe_cell` on re-import of a file we exported."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_GUARD)
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


def csv_download(stem: str) -> tuple[HttpResponse, Any]:
    """An attachment response named `<stem>-<local date and time>.csv` and a writer into it
    (cells still go through `csv_safe`)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    return response, csv.writer(response)
