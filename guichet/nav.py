"""Navigation hooks of the request pipeline (collected by guichet.plugins).

Each function returns plain dicts so the project templates stay ignorant of the pipeline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_staff_member


def _is_requester(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and (has_role(user, Role.REQUESTER) or not is_staff_member(user))


def _is_reviewer(request: HttpRequest) -> bool:
    # Legal staff give the legal/DPO review, so they have a review queue too.
    return has_role(request.user, Role.REVIEWER, Role.DATA_STEWARD, Role.DESK_OPERATOR, Role.LEGAL)


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    items = [
        {"url": reverse("requests:register"), "label": _("Transparency register")},
        {"url": reverse("requests:patients"), "label": _("Patients")},
    ]
    if _is_requester(request):
        items.append({"url": reverse("requests:my-requests"), "label": _("My requests")})
    if is_staff_member(request.user):
        items.append({"url": reverse("requests:inbox"), "label": _("Requests")})
        if _is_reviewer(request):
            items.append({"url": reverse("requests:review-queue"), "label": _("My reviews")})
    return items


def home_cards(request: HttpRequest) -> list[dict[str, Any]]:
    cards = []
    if not request.user.is_authenticated:
        cards.append(
            {
                "url": reverse("requests:signup"),
                "title": _("Apply for data access"),
                "text": _(
                    "Create an account for your organisation, describe your project and "
                    "follow your application step by step."
                ),
            }
        )
    elif _is_requester(request):
        cards.append(
            {
                "url": reverse("requests:my-requests"),
                "title": _("My requests"),
                "text": _("Your applications, their status and the next step."),
            }
        )
    cards += [
        {
            "url": reverse("requests:register"),
            "title": _("Transparency register"),
            "text": _("Every approved project: who uses which data, why, and the results."),
        },
        {
            "url": reverse("requests:patients"),
            "title": _("Patients: your data and your rights"),
            "text": _("How your health data are reused for research and how to object."),
        },
    ]
    return cards


def staff_cards(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    cards: list[dict[str, Any]] = []
    if not is_staff_member(user):
        return cards
    cards.append(
        {
            "url": reverse("requests:inbox"),
            "title": _("Access requests"),
            "text": _("Inbox of applications by state, with overdue and due-soon flags."),
        }
    )
    if _is_reviewer(request):
        cards.append(
            {
                "url": reverse("requests:review-queue"),
                "title": _("My reviews"),
                "text": _("Opinions assigned to you, overdue first."),
            }
        )
    if has_role(user, Role.DESK_OPERATOR):
        cards.append(
            {
                "url": reverse("requests:staff-new"),
                "title": _("Record a request received by e-mail"),
                "text": _(
                    "Open an application on behalf of a requester, with the first-contact date."
                ),
            }
        )
    cards.append(
        {
            "url": reverse("requests:register"),
            "title": _("Transparency register"),
            "text": _("Public sheets of approved projects; edit their public wording."),
        }
    )
    if has_role(user, Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER):
        cards.append(
            {
                "url": reverse("requests:document-access"),
                "title": _("Document access"),
                "text": _("Who viewed or downloaded which contract or attachment, and when."),
            }
        )
    return cards


def dataset_actions(request: HttpRequest, dataset: Any) -> list[dict[str, Any]]:
    """The "Request access" button on a published catalogue sheet."""
    if not getattr(dataset, "is_public", False):
        return []
    url = reverse("requests:new") + "?" + urlencode({"dataset": dataset.slug})
    return [{"url": url, "label": _("Request access to this dataset"), "primary": True}]
