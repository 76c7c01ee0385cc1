from __future__ import annotations

import pytest
from django.db import transaction

from guichet.models import AccessRequest, Event, RequestState, attachment_path
from tests.guichet.factories import AccessRequestFactory

pytestmark = pytest.mark.django_db
S = RequestState


def test_state_cannot_be_assigned_directly() -> None:
    request = AccessRequestFactory()
    with pytest.raises(AttributeError):
        request.state = S.APPROVED


def test_events_are_append_only() -> None:
    request = AccessRequestFactory()
    event = Event.objects.create(request=request, action="note")
    event.comment = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert Event.objects.get(pk=event.pk).comment == ""


def test_stale_copy_cannot_overwrite_a_newer_state() -> None:
    from django_fsm import ConcurrentTransition

    request = AccessRequestFactory(state=S.SUBMITTED)
    stale = AccessRequest.objects.get(pk=request.pk)
    request.start_screening()
    request.save()
    stale.withdraw()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert AccessRequest.objects.get(pk=request.pk).state == S.SCREENING


def test_attachment_path_ignores_the_uploaded_name() -> None:
    from guichet.models import Attachment

    attachment = Attachment(request_id=42)
    path = attachment_path(attachment, "../../etc/passwd.PDF")
    assert path.startswith("requests/42/") and path.endswith(".pdf") and ".." not in path


def test_terminal_and_editable_flags() -> None:
    assert AccessRequestFactory(state=S.REJECTED).is_terminal
    assert not AccessRequestFactory(state=S.ON_HOLD).is_terminal
    assert AccessRequestFactory(state=S.INFORMATION_REQUESTED).is_editable_by_requester
    assert not AccessRequestFactory(state=S.IN_REVIEW).is_editable_by_requester
