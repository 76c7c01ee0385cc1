"""E-mails queued after commit, and the reminders of overdue work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from guichet import domain, notifications
from guichet.models import AccessRequest, RequestState, Review, ReviewKind
from tests.guichet.factories import AccessRequestFactory, advance

pytestmark = pytest.mark.django_db
S = RequestState


def test_no_mail_leaves_before_commit_and_a_refused_action_sends_none(
    draft: AccessRequest, desk: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        domain.request_submit(draft, by=draft.requester)
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert {desk.email, draft.requester.email} <= recipients
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(domain.ActionNotAllowed):
        domain.request_submit(draft, by=draft.requester)
    assert mailoutbox == []


def test_information_request_mail_tells_the_requester_what_is_missing(
    draft: AccessRequest, desk: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_ask_information(draft, by=desk, comment="Joignez l'avis du CESREES.")
    mail = next(m for m in mailoutbox if draft.requester.email in m.to)
    assert draft.reference in mail.subject
    assert "Joignez l'avis du CESREES." in mail.body
    assert "20" in mail.body  # the working days the requester has
    assert f"/my/requests/{draft.pk}/" in mail.body


def test_reviewer_is_told_of_an_assignment(
    draft: AccessRequest,
    desk: User,
    reviewer: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_send_to_review(draft, by=desk)
    mail = next(m for m in mailoutbox if reviewer.email in m.to)
    assert draft.reference in mail.subject
    assert f"/staff/requests/{draft.pk}/" in mail.body


def test_internal_notes_send_no_mail(
    draft: AccessRequest, desk: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.message_post(draft, by=desk, body="Entre nous", is_internal=True)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        domain.message_post(draft, by=draft.requester, body="Question")
    assert [m.to for m in mailoutbox] == [[desk.email]]


def test_reminders_for_overdue_reviews_once_a_day_and_a_desk_digest(
    desk: User, reviewer: User, mailoutbox: list[Any]
) -> None:
    today = date(2026, 7, 15)
    late = AccessRequestFactory(state=S.IN_REVIEW, due_on=today - timedelta(days=3))
    Review.objects.create(
        request=late,
        kind=ReviewKind.SCIENTIFIC,
        reviewer=reviewer,
        due_on=today - timedelta(days=1),
    )
    Review.objects.create(
        request=late, kind=ReviewKind.LEGAL, reviewer=reviewer, due_on=today + timedelta(days=5)
    )
    AccessRequestFactory(state=S.SCREENING, due_on=today + timedelta(days=2))
    AccessRequestFactory(state=S.CLOSED, due_on=today - timedelta(days=30))
    sent = notifications.send_reminders(today)
    assert sent == {"reviews": 1, "digest": 1}
    digest = next(m for m in mailoutbox if desk.email in m.to)
    assert late.reference in digest.body and digest.body.count("DAR-") == 1
    mailoutbox.clear()
    # Same day again: the reviewer is not reminded twice.
    Review.objects.filter(reviewer=reviewer).update(reminded_at=timezone.now())
    assert notifications.overdue_reviews(timezone.localdate()) == []


def test_beat_schedule_is_registered() -> None:
    from guichet.celery import app

    assert app.conf.beat_schedule["guichet-due-reminders"]["task"] == "guichet.send_due_reminders"


def test_the_desk_is_told_when_the_requester_withdraws(
    draft: AccessRequest, desk: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_withdraw(draft, by=draft.requester, comment="Funding refused.")
    assert any(desk.email in mail.to and draft.reference in mail.subject for mail in mailoutbox)


def test_a_noted_event_notifies_only_when_asked(
    draft: AccessRequest, desk: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.record_event(draft, "contract_sent", by=desk, payload={"version": 2})
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        domain.record_event(draft, "contract_sent", by=desk, payload={"version": 2}, notify=True)
    (mail,) = mailoutbox
    assert mail.to == [draft.requester.email]
    assert "version 2 of the contract" in mail.body
    assert f"/my/requests/{draft.pk}/" in mail.body
