"""Who may open which pipeline page, for a request that is not theirs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest, RegisterEntry, RequestState
from tests.guichet.factories import AccessRequestFactory, ReviewFactory

pytestmark = pytest.mark.django_db
S = RequestState
ROLES = [None, "anonymous", *Role.values]  # None: a signed-in user without any role

# page -> expected status per role for a request of somebody else's organisation
EXPECTED = {
    "inbox": {
        "anonymous": 302,
        None: 403,
        Role.REQUESTER: 403,
        Role.DESK_OPERATOR: 200,
        Role.DATA_STEWARD: 200,
        Role.REVIEWER: 200,
        Role.LEGAL: 200,
        Role.MANAGER: 200,
    },
    "staff-detail": {
        "anonymous": 302,
        None: 403,
        Role.REQUESTER: 403,
        Role.DESK_OPERATOR: 200,
        Role.DATA_STEWARD: 404,
        Role.REVIEWER: 404,
        Role.LEGAL: 200,
        Role.MANAGER: 200,
    },
    "my-detail": {
        "anonymous": 302,
        None: 404,
        Role.REQUESTER: 404,
        Role.DESK_OPERATOR: 200,
        Role.DATA_STEWARD: 404,
        Role.REVIEWER: 404,
        Role.LEGAL: 200,
        Role.MANAGER: 200,
    },
    "review": {
        "anonymous": 302,
        None: 403,
        Role.REQUESTER: 403,
        Role.DESK_OPERATOR: 200,
        Role.DATA_STEWARD: 404,
        Role.REVIEWER: 404,
        Role.LEGAL: 200,
        Role.MANAGER: 200,
    },
    "register-edit": {
        "anonymous": 302,
        None: 403,
        Role.REQUESTER: 403,
        Role.DESK_OPERATOR: 200,
        Role.DATA_STEWARD: 403,
        Role.REVIEWER: 403,
        Role.LEGAL: 403,
        Role.MANAGER: 200,
    },
}


@pytest.fixture
def someone_elses() -> tuple[AccessRequest, int, int]:
    request = AccessRequestFactory(state=S.IN_REVIEW)
    review = ReviewFactory(request=request)
    entry = RegisterEntry.objects.create(
        request=request, public_title="Public title", public_purpose="Purpose"
    )
    return request, review.pk, entry.pk


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r))
def test_page_access_matrix(
    page: str,
    role: str | None,
    someone_elses: tuple[AccessRequest, int, int],
    make_user: Callable[..., User],
) -> None:
    request, review_pk, entry_pk = someone_elses
    client = Client()
    if role != "anonymous":
        client.force_login(make_user(*([role] if role else [])))
    args = {
        "inbox": [],
        "staff-detail": [request.pk],
        "my-detail": [request.pk],
        "review": [review_pk],
        "register-edit": [entry_pk],
    }[page]
    response = client.get(reverse(f"requests:{page}", args=args))
    assert response.status_code == EXPECTED[page][role]
