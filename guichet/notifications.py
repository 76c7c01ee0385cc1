"""E-mails of the request pipeline.

Domain functions call `event_happened(event_id)` after commit; it queues a Celery task that
reads the event back and e-mails the people concerned. Tasks take ids, never objects, so a
worker always reads committed data. Reminders for overdue work are sent by the beat task."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from guichet import clocks
from guichet.models import (
    TERMINAL_STATES,
    AccessRequest,
    ClockKey,
    Event,
    Message,
    RequestState,
    Review,
    is_requester_for,
)

logger = logging.getLogger(__name__)
S = RequestState

# Events the desk hears about, the others go to the requester.
DESK_ACTIONS = frozenset({"submit", "provide_information", "review_submitted", "send_to_committee"})
REQUESTER_ACTIONS = frozenset(
    {
        "submit",
        "start_screening",
        "ask_information",
        "send_to_review",
        "approve",
        "approve_with_conditions",
        "reject",
        "start_negotiation",
        "start_contracting",
        "mark_signed",
        "start_provisioning",
        "start_project",
        "start_closing",
        "close",
        "put_on_hold",
        "resume",
        "quote_sent",
    }
)


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    template: str
    context: dict[str, Any]


def event_happened(event_id: int) -> None:
    from guichet.tasks import notify_event

    notify_event.delay(event_id)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def request_url(request: AccessRequest, *, staff: bool) -> str:
    """Link to the request page; the page module names its routes (namespace "requests")."""
    names = ("requests:staff-detail",) if staff else ("requests:my-detail",)
    for name in names:
        try:
            return absolute_url(reverse(name, args=[request.pk]))
        except NoReverseMatch:
            continue
    return absolute_url("/")


def desk_addresses() -> list[str]:
    return _addresses_of_role(Role.DESK_OPERATOR)


def _addresses_of_role(*roles: str) -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name__in=roles)
    return sorted({u.email for u in users if u.email})


def requester_addresses(request: AccessRequest) -> list[str]:
    # The requester is the contact point; colleagues read the thread on the site.
    return [request.requester.email] if request.requester.email else []


def mails_for_event(event: Event) -> list[Mail]:
    request = event.request
    base = {
        "request": request,
        "event": event,
        "desk_name": settings.DESK_NAME,
        "state_label": S(request.state).label,
        "action": event.action,
    }
    mails: list[Mail] = []
    if event.action == "review_assigned":
        review = Review.objects.filter(pk=event.payload.get("review")).first()
        if review and review.reviewer and review.reviewer.email:
            mails.append(
                Mail(
                    (review.reviewer.email,),
                    _("[%(ref)s] A review is assigned to you") % {"ref": request.reference},
                    "guichet/emails/review_assigned.txt",
                    {**base, "review": review, "url": request_url(request, staff=True)},
                )
            )
        return mails
    if event.action == "message":
        message = Message.objects.filter(pk=event.payload.get("message")).first()
        if message is None or message.is_internal:
            return mails
        from_requester = message.author is not None and is_requester_for(request, message.author)
        to = desk_addresses() if from_requester else requester_addresses(request)
        if to:
            mails.append(
                Mail(
                    tuple(to),
                    _("[%(ref)s] New message") % {"ref": request.reference},
                    "guichet/emails/message.txt",
                    {
                        **base,
                        "message": message,
                        "url": request_url(request, staff=from_requester),
                    },
                )
            )
        return mails
    if event.action == "contract_sent":
        to = requester_addresses(request)
        if to:
            mails.append(
                Mail(
                    tuple(to),
                    _("[%(ref)s] Your contract is ready to read") % {"ref": request.reference},
                    "guichet/emails/contract_sent.txt",
                    {
                        **base,
                        "version": event.payload.get("version"),
                        "url": request_url(request, staff=False),
                    },
                )
            )
        return mails
    withdrawn_by_requester = event.action == "withdraw" and event.actor_id == request.requester_id
    if event.action in DESK_ACTIONS or withdrawn_by_requester:
        to = desk_addresses()
        if event.action == "send_to_committee":
            to = sorted(set(to) | set(_addresses_of_role(Role.MANAGER)))
        if to:
            mails.append(
                Mail(
                    tuple(to),
                    _("[%(ref)s] %(title)s: %(state)s")
                    % {
                        "ref": request.reference,
                        "title": request.title[:60],
                        "state": base["state_label"],
                    },
                    "guichet/emails/desk_activity.txt",
                    {**base, "url": request_url(request, staff=True)},
                )
            )
    if event.action in REQUESTER_ACTIONS or (
        event.action == "withdraw" and event.actor_id != request.requester_id
    ):
        to = requester_addresses(request)
        template = (
            "guichet/emails/information_requested.txt"
            if event.action == "ask_information"
            else "guichet/emails/status_changed.txt"
        )
        if to:
            mails.append(
                Mail(
                    tuple(to),
                    _("[%(ref)s] Your request: %(state)s")
                    % {"ref": request.reference, "state": base["state_label"]},
                    template,
                    {
                        **base,
                        "url": request_url(request, staff=False),
                        "days": clocks.policy_days(ClockKey.INFORMATION_REQUESTED),
                    },
                )
            )
    return mails


def send(mails: Iterable[Mail]) -> int:
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for mail in mails:
            body = render_to_string(mail.template, mail.context)
            sent += send_mail(
                mail.subject, body, settings.DEFAULT_FROM_EMAIL, list(mail.to), fail_silently=False
            )
    return sent


def notify_event(event_id: int) -> int:
    event = (
        Event.objects.select_related("request__requester", "request__organisation", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    return send(mails_for_event(event))


# --- Reminders ---------------------------------------------------------------------------------


def overdue_reviews(today: date) -> list[Review]:
    return list(
        Review.objects.filter(
            submitted_at__isnull=True,
            request__state=S.IN_REVIEW,
            due_on__lt=today,
            reviewer__isnull=False,
        )
        .exclude(reminded_at__date=today)
        .select_related("reviewer", "request")
    )


def overdue_requests(today: date) -> list[AccessRequest]:
    return list(
        AccessRequest.objects.filter(due_on__lt=today)
        .exclude(state__in=TERMINAL_STATES)
        .select_related("organisation")
        .order_by("due_on")
    )


def send_reminders(today: date | None = None) -> dict[str, int]:
    """One e-mail per overdue review (to its reviewer, at most once a day) and one digest of
    overdue requests to the desk."""
    today = today or timezone.localdate()
    sent_reviews = 0
    for review in overdue_reviews(today):
        assert review.reviewer is not None  # overdue_reviews() keeps assigned reviews only
        if not review.reviewer.email:
            continue
        sent_reviews += send(
            [
                Mail(
                    (review.reviewer.email,),
                    _("[%(ref)s] Reminder: your review is overdue")
                    % {"ref": review.request.reference},
                    "guichet/emails/reminder_review.txt",
                    {
                        "review": review,
                        "request": review.request,
                        "desk_name": settings.DESK_NAME,
                        "url": request_url(review.request, staff=True),
                    },
                )
            ]
        )
        Review.objects.filter(pk=review.pk).update(reminded_at=timezone.now())
    requests = overdue_requests(today)
    sent_digest = 0
    to = desk_addresses()
    if requests and to:
        sent_digest = send(
            [
                Mail(
                    tuple(to),
                    _("%(n)s overdue requests") % {"n": len(requests)},
                    "guichet/emails/reminder_desk.txt",
                    {
                        "requests": [(r, request_url(r, staff=True)) for r in requests],
                        "desk_name": settings.DESK_NAME,
                        "today": today,
                    },
                )
            ]
        )
    return {"reviews": sent_reviews, "digest": sent_digest}
