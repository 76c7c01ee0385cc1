from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest, RequestState
from tests.guichet.factories import AccessRequestFactory, submittable_draft


@pytest.fixture
def legal(make_user: Callable[..., User]) -> User:
    return make_user(Role.LEGAL, first_name="Claire", last_name="Fontaine")


@pytest.fixture
def negotiating_request(db: None) -> AccessRequest:
    """A request in negotiation, with a dataset and an authorised person (no events needed)."""
    draft = submittable_draft()
    AccessRequest.objects.filter(pk=draft.pk).update(state=RequestState.NEGOTIATION)
    draft.refresh_from_db()
    return draft


__all__ = ["AccessRequestFactory"]
