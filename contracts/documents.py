"""Print stylesheet of contract documents (read once; fonts come from Debian packages)."""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders


@cache
def contract_stylesheets() -> list[str]:
    path = finders.find("contracts/contract_pdf.css")
    assert isinstance(path, str), "contracts/contract_pdf.css is missing"
    with open(path, encoding="utf-8") as handle:
        return [handle.read()]
