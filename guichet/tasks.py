"""Celery tasks of the request pipeline. They take ids (never model instances) and read
committed data, so they run the same eagerly (no broker) and on a worker.

The beat schedule is registered here because settings stay free of app knowledge: with
a broker configured, `celery -A guichet beat` picks it up."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(name="guichet.notify_event", ignore_result=True)
def notify_event(event_id: int) -> int:
    from guichet import notifications

    return notifications.notify_event(event_id)


@shared_task(name="guichet.send_due_reminders", ignore_result=True)
def send_due_reminders() -> dict[str, int]:
    from guichet import notifications

    return notifications.send_reminders()


@shared_task(name="guichet.recompute_deadlines", ignore_result=True)
def recompute_deadlines() -> int:
    """After the desk edits a clock policy, every open request's due date follows."""
    from guichet import clocks
    from guichet.models import TERMINAL_STATES, AccessRequest

    policies = clocks.clock_policies()
    changed = 0
    open_requests = AccessRequest.objects.exclude(state__in=TERMINAL_STATES).prefetch_related(
        "events"
    )
    for request in open_requests.iterator(chunk_size=200):
        due_on = clocks.deadline_for(request, policies=policies)
        if due_on != request.due_on:
            with transaction.atomic():
                # due_on is a plain column: touching it never races with a transition.
                AccessRequest.objects.filter(pk=request.pk).update(due_on=due_on)
            changed += 1
    return changed
