"""Hooks read by guichet.plugins: the public strip on the home page, staff entries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kpis.interfaces import can_read, public_strip


def home_blocks(request: Any) -> list[dict[str, Any]]:
    return [{"template": "kpis/includes/public_strip.html", "data": public_strip()}]


def nav_items(request: Any) -> list[dict[str, str]]:
    if not can_read(request.user):
        return []
    return [{"url": reverse("kpis:dashboard"), "label": _("Indicators")}]


def staff_cards(request: Any) -> list[dict[str, str]]:
    if not can_read(request.user):
        return []
    return [
        {
            "url": reverse("kpis:dashboard"),
            "title": _("Indicators"),
            "text": _("Maturity and performance of the desk, quadrant and roadmap."),
        }
    ]
