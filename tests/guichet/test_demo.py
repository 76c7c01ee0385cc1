from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from guichet import clocks, demo
from guichet.demo import plans
from guichet.models import AccessRequest, Event, RegisterEntry, RequestState
from guichet.plugins import app_modules

pytestmark = pytest.mark.django_db(transaction=False)
S = RequestState


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: object) -> dict:
    """Seed once for the module (it drives ~60 requests through the domain)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.db import transaction

        with transaction.atomic():
            first = StringIO()
            for module in app_modules("demo"):
                if module.__name__ in {"accounts.demo", "catalogue.demo", "offers.demo"}:
                    module.seed(StringIO())
            demo.seed(first)
            snapshot = {
                "requests": AccessRequest.objects.count(),
                "events": Event.objects.count(),
                "output": first.getvalue(),
            }
            demo.seed(StringIO())
            snapshot["requests_after"] = AccessRequest.objects.count()
            snapshot["events_after"] = Event.objects.count()
            snapshot["states"] = set(AccessRequest.objects.values_list("state", flat=True))
            snapshot["overdue"] = AccessRequest.objects.filter(clocks.overdue_q()).count()
            snapshot["future"] = Event.objects.filter(at__gt=timezone.now()).count()
            snapshot["register"] = RegisterEntry.objects.count()
            snapshot["coherent"] = _coherence_problems()
            snapshot["oldest"] = AccessRequest.objects.order_by("first_contact_at").first()
            transaction.set_rollback(True)
    return snapshot


def _coherence_problems() -> list[str]:
    problems = []
    for request in AccessRequest.objects.prefetch_related("events"):
        moves = [e for e in request.events.all() if e.is_transition]
        moves.sort(key=lambda e: (e.at, e.pk))
        current = S.DRAFT
        for event in moves:
            if event.from_state and event.from_state != current:
                problems.append(f"{request.reference}: {event.from_state} after {current}")
            current = event.to_state
        if current != request.state:
            problems.append(f"{request.reference}: trail ends in {current}, state {request.state}")
        submit = next((e for e in moves if e.action == "submit"), None)
        if submit and abs((submit.at - request.submitted_at).total_seconds()) > 1:
            problems.append(f"{request.reference}: submitted_at differs from its event")
        if request.first_contact_at > request.created_at + timezone.timedelta(seconds=1):
            problems.append(f"{request.reference}: first contact after creation")
    return problems


def test_demo_covers_every_state(seeded: dict) -> None:
    assert seeded["states"] == set(S.values)
    assert "18/18 states" in seeded["output"]
    assert 55 <= seeded["requests"] <= 70


def test_demo_is_idempotent(seeded: dict) -> None:
    assert seeded["requests_after"] == seeded["requests"]
    assert seeded["events_after"] == seeded["events"]


def test_demo_trail_is_coherent_and_in_the_past(seeded: dict) -> None:
    assert seeded["coherent"] == []
    assert seeded["future"] == 0


def test_demo_spreads_over_two_years_with_late_requests(seeded: dict) -> None:
    age = timezone.now() - seeded["oldest"].first_contact_at
    assert 365 < age.days <= 2 * 366
    assert seeded["overdue"] >= 3
    assert seeded["register"] >= 20


def test_plans_are_deterministic() -> None:
    first = [(p.title, p.target, [s.action for s in p.steps]) for p in plans()]
    second = [(p.title, p.target, [s.action for s in p.steps]) for p in plans()]
    assert first == second
    assert len({t for t, _s, _a in first}) == len(first)
