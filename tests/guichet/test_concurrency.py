"""Two people fire a transition on the same request at the same moment: exactly one wins.
Needs real concurrent transactions, so it runs on PostgreSQL only."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from guichet import domain
from guichet.models import AccessRequest, CommitteeDecision, Event, RequestState

S = RequestState

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(request_pk: int, users: list[User], action: str) -> list[Any]:
    barrier = threading.Barrier(len(users))
    results: list[Any] = [None] * len(users)

    def run(index: int, user: User) -> None:
        from django.db import connection as thread_connection

        try:
            request = AccessRequest.objects.get(pk=request_pk)  # both read "committee"
            barrier.wait(timeout=10)
            domain.run_action(request, action, by=user, comment="Décision du comité.")
            results[index] = "ok"
        except Exception as exc:  # the loser's exception is the result under test
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_approvals_exactly_one_wins(make_user: Any) -> None:
    from tests.guichet.factories import AccessRequestFactory

    request = AccessRequestFactory(state=S.COMMITTEE)
    desk, manager = make_user(Role.DESK_OPERATOR), make_user(Role.MANAGER)
    results = _race(request.pk, [desk, manager], "approve")
    assert results.count("ok") == 1, results
    loser = next(r for r in results if r != "ok")
    assert isinstance(loser, domain.ConcurrentTransition | domain.ActionNotAllowed)
    assert AccessRequest.objects.get(pk=request.pk).state == S.APPROVED
    # The loser's event and committee decision were rolled back with it.
    assert Event.objects.filter(request=request, action="approve").count() == 1
    assert CommitteeDecision.objects.filter(request=request).count() == 1


def test_approval_racing_a_rejection_leaves_one_decision(make_user: Any) -> None:
    from tests.guichet.factories import AccessRequestFactory

    request = AccessRequestFactory(state=S.COMMITTEE)
    desk, manager = make_user(Role.DESK_OPERATOR), make_user(Role.MANAGER)
    barrier_results: list[Any] = []
    threads_users = [desk, manager]
    actions = ["approve", "reject"]
    barrier = threading.Barrier(2)

    def run(user: User, action: str) -> None:
        from django.db import connection as thread_connection

        try:
            fresh = AccessRequest.objects.get(pk=request.pk)
            barrier.wait(timeout=10)
            domain.run_action(fresh, action, by=user, comment="Motif.")
            barrier_results.append(action)
        except domain.ConcurrentTransition:
            barrier_results.append("conflict")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=run, args=(u, a))
        for u, a in zip(threads_users, actions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(barrier_results).count("conflict") == 1, barrier_results
    winner = next(r for r in barrier_results if r != "conflict")
    final = AccessRequest.objects.get(pk=request.pk).state
    assert final == (S.APPROVED if winner == "approve" else S.REJECTED)
    assert Event.objects.filter(request=request, from_state=S.COMMITTEE).count() == 1


def test_api_answers_409_to_the_loser(make_user: Any) -> None:
    """The API maps ConcurrentTransition to 409 (checked without threads: a stale copy)."""
    from django.test import Client

    from tests.guichet.factories import AccessRequestFactory

    request = AccessRequestFactory(state=S.COMMITTEE)
    stale = AccessRequest.objects.get(pk=request.pk)
    domain.request_approve(AccessRequest.objects.get(pk=request.pk), by=make_user(Role.MANAGER))
    with pytest.raises(domain.ConcurrentTransition):
        domain.request_reject(stale, by=make_user(Role.DESK_OPERATOR), comment="Trop tard.")
    assert AccessRequest.objects.get(pk=request.pk).state == S.APPROVED
    client = Client()
    client.force_login(make_user(Role.DESK_OPERATOR))
    response = client.post(
        f"/api/requests/{request.pk}/approve/", {}, content_type="application/json"
    )
    assert response.status_code == 409
