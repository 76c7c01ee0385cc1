"""Navigation hooks of the offers app (discovered by guichet.plugins)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_staff_member

# Who may open the offers staff pages; only desk operators change them (see offers.views_access).
OFFER_STAFF_ROLES = (Role.DESK_OPERATOR, Role.MANAGER)


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"url": reverse("offers:public-offer"), "label": _("Services & fees")}]


def home_cards(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "url": reverse("offers:estimate"),
            "title": _("Estimate my fees"),
            "text": _(
                "Choose datasets, your project type and the services you need: get a "
                "non-binding estimate from the published fee grid."
            ),
        }
    ]


def staff_cards(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    cards: list[dict[str, Any]] = []
    if is_staff_member(user):
        cards += [
            {
                "url": reverse("offers:usecase-list"),
                "title": _("Use-case inventory"),
                "text": _("Project types, actor types and the uses the desk targets."),
            },
            {
                "url": reverse("offers:perimeter"),
                "title": _("Strategic perimeter"),
                "text": _("Datasets × use cases: allowed, conditional or excluded."),
            },
        ]
    if has_role(user, *OFFER_STAFF_ROLES):
        cards += [
            {
                "url": reverse("offers:service-list"),
                "title": _("Service offer"),
                "text": _("Services, offer versions, public prices and unit costs."),
            },
            {
                "url": reverse("offers:costgrid"),
                "title": _("Cost grid"),
                "text": _("Staff daily rates, IT costs, pricing rules and VAT; timesheets."),
            },
            {
                "url": reverse("offers:quote-list"),
                "title": _("Quotes"),
                "text": _("Quotes built from the offer, with totals and margin."),
            },
            {
                "url": reverse("offers:desk-config"),
                "title": _("Desk configuration"),
                "text": _("Desk model, access modes, committee, patient information."),
            },
        ]
    return cards
