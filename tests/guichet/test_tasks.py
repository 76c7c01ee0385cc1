from __future__ import annotations

from datetime import date

import pytest

from guichet.models import AccessRequest, ClockKey, RequestState
from guichet.tasks import notify_event, recompute_deadlines, send_due_reminders
from tests.guichet.factories import advance, set_clock

pytestmark = pytest.mark.django_db
S = RequestState


def test_recompute_deadlines_follows_an_edited_policy(draft: AccessRequest, desk) -> None:
    advance(draft, S.SCREENING, desk=desk)
    before = AccessRequest.objects.get(pk=draft.pk).due_on
    set_clock(ClockKey.SCREENING, 40)
    assert recompute_deadlines.delay().get() == 1
    after = AccessRequest.objects.get(pk=draft.pk).due_on
    assert after > before


def test_notify_event_of_a_missing_event_sends_nothing(mailoutbox) -> None:
    assert notify_event.delay(987654).get() == 0
    assert mailoutbox == []


def test_reminder_task_runs_without_work(mailoutbox) -> None:
    assert send_due_reminders.delay().get() == {"reviews": 0, "digest": 0}
    assert isinstance(date.today(), date)
