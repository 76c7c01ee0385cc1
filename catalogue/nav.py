"""Catalogue entries in the navigation, the home page and the staff home (guichet.plugins)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role, has_role
from catalogue.models import Dataset


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"url": reverse("catalogue:dataset-list"), "label": _("Catalogue")}]


def home_cards(request: HttpRequest) -> list[dict[str, Any]]:
    count = Dataset.objects.published().count()
    return [
        {
            "url": reverse("catalogue:dataset-list"),
            "title": _("Data catalogue"),
            "text": ngettext(
                "%(count)d dataset described: content, population, legal status, quality.",
                "%(count)d datasets described: content, population, legal status, quality.",
                count,
            )
            % {"count": count},
        }
    ]


def staff_cards(request: HttpRequest) -> list[dict[str, Any]]:
    if not has_role(request.user, Role.DESK_OPERATOR, Role.DATA_STEWARD):
        return []
    try:
        url = reverse("catalogue:staff-dataset-list")
    except NoReverseMatch:  # the staff pages ship separately (catalogue.urls_staff)
        return []
    return [
        {
            "url": url,
            "title": _("Catalogue management"),
            "text": _("Edit descriptive sheets and dictionaries, publish, assess quality."),
        }
    ]
