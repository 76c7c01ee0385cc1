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


def test_every_notable_action_written_by_the_domain_has_a_label() -> None:
    """The timeline shows labels, never raw codes such as "quote_built"."""
    import ast
    from pathlib import Path

    from guichet.models import EVENT_LABELS

    tree = ast.parse((Path(__file__).parents[2] / "guichet" / "domain.py").read_text())
    codes = {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_event"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
    }
    assert codes, "no literal event code found: the scan is broken"
    assert codes <= set(EVENT_LABELS), codes - set(EVENT_LABELS)


def test_event_label_is_readable_for_known_and_unknown_actions() -> None:
    assert Event(action="quote_built").label == "Quote built"
    assert Event(action="phone_call_logged").label == "Phone call logged"
