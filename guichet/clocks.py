"""Working-day clocks of the request pipeline.

Days are counted in working days: Monday to Friday, minus French public holidays from the
maintained `holidays` library. A count "between a and b" is the number of working days d
with a < d <= b, so consecutive intervals add up exactly. Clocks stop while the desk waits
for the requester (information requested) and while a request is on hold.

Every transition recomputes `AccessRequest.due_on` (guichet.domain), so lists filter overdue
requests in SQL; the functions here recompute from the event trail for timelines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from guichet.models import (
    DECISION_CLOCK_STATES,
    PAUSED_STATES,
    TERMINAL_STATES,
    ClockKey,
    ClockPolicy,
    Event,
    RequestState,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from guichet.models import AccessRequest

DEFAULT_DUE_SOON_DAYS = 3
# States whose deadline is their own clock policy (the key has the state's name).
STATE_CLOCKS = frozenset(
    {
        RequestState.SUBMITTED,
        RequestState.SCREENING,
        RequestState.INFORMATION_REQUESTED,
        RequestState.NEGOTIATION,
        RequestState.CONTRACTING,
        RequestState.SIGNED,
        RequestState.PROVISIONING,
    }
)


@lru_cache(maxsize=128)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.France(years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def as_local_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            return timezone.localdate(moment)
        return moment.date()
    return moment


def working_days_between(start: date | datetime, end: date | datetime) -> int:
    """Working days d with start < d <= end (negative if end is before start)."""
    a, b = as_local_date(start), as_local_date(end)
    if b < a:
        return -working_days_between(b, a)
    full_weeks, extra = divmod((b - a).days, 7)
    # Whole weeks hold five weekdays each; only holidays inside need looking up.
    count = full_weeks * 5
    day = a + timedelta(days=full_weeks * 7)
    for _ in range(extra):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    holidays_inside = sum(
        1
        for year in range(a.year, b.year + 1)
        for h in _holidays_of(year)
        if a < h <= b and h.weekday() < 5
    )
    return count - holidays_inside


def add_working_days(start: date | datetime, days: int) -> date:
    """The `days`-th working day after start (start itself when days is 0)."""
    day = as_local_date(start)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


# --- Policies ----------------------------------------------------------------------------------


def clock_policies() -> dict[str, ClockPolicy]:
    """Active policies by key, in one query."""
    return {p.key: p for p in ClockPolicy.objects.filter(is_active=True)}


def policy_days(key: str, policies: dict[str, ClockPolicy] | None = None) -> int | None:
    policies = clock_policies() if policies is None else policies
    policy = policies.get(key)
    return policy.working_days if policy else None


def review_due_on(start: date | datetime | None = None) -> date | None:
    days = policy_days(ClockKey.REVIEW)
    if days is None:
        return None
    return add_working_days(start or timezone.localdate(), days)


# --- Spans from the event trail ----------------------------------------------------------------


@dataclass(frozen=True)
class StateSpan:
    state: str
    start: datetime
    end: datetime | None  # None: the current state

    def calendar(self, now: datetime) -> timedelta:
        return (self.end or now) - self.start

    def working_days(self, now: datetime) -> int:
        return working_days_between(self.start, self.end or now)


@dataclass(frozen=True)
class StateDuration:
    state: str
    calendar: timedelta
    working_days: int
    visits: int

    @property
    def label(self) -> StrOrPromise:
        return RequestState(self.state).label


def _transition_events(request: AccessRequest, events: Iterable[Event] | None) -> list[Event]:
    if events is None:
        events = request.events.all()
    return sorted(
        (e for e in events if e.to_state and e.from_state != e.to_state),
        key=lambda e: (e.at, e.pk or 0),
    )


def state_spans(request: AccessRequest, events: Iterable[Event] | None = None) -> list[StateSpan]:
    """Consecutive periods spent in each state, oldest first; uses prefetched events if any."""
    moves = _transition_events(request, events)
    spans: list[StateSpan] = []
    if not moves or moves[0].from_state:
        # Requests are born in draft; the first recorded move may leave it.
        spans.append(
            StateSpan(RequestState.DRAFT, request.created_at, moves[0].at if moves else None)
        )
    for index, event in enumerate(moves):
        end = moves[index + 1].at if index + 1 < len(moves) else None
        spans.append(StateSpan(event.to_state, event.at, end))
    return spans


def time_in_states(
    request: AccessRequest, *, now: datetime | None = None, events: Iterable[Event] | None = None
) -> list[StateDuration]:
    """Calendar and working time spent in each state visited, in order of first visit."""
    now = now or timezone.now()
    totals: dict[str, StateDuration] = {}
    for span in state_spans(request, events):
        previous = totals.get(span.state)
        calendar = span.calendar(now)
        working = span.working_days(now)
        if previous:
            calendar += previous.calendar
            working += previous.working_days
        totals[span.state] = StateDuration(
            span.state, calendar, working, (previous.visits if previous else 0) + 1
        )
    return list(totals.values())


def _paused_working_days(spans: Sequence[StateSpan], since: datetime, now: datetime) -> int:
    paused = 0
    for span in spans:
        if span.state in PAUSED_STATES and span.end is not None and span.end > since:
            paused += working_days_between(max(span.start, since), span.end)
    return paused


def _run_start(spans: Sequence[StateSpan]) -> datetime:
    """When the current step began, looking through pauses (screening -> info -> screening)."""
    current = spans[-1].state
    start = spans[-1].start
    for span in reversed(spans[:-1]):
        if span.state == current:
            start = span.start
        elif span.state not in PAUSED_STATES:
            break
    return start


def deadline_for(
    request: AccessRequest,
    *,
    now: datetime | None = None,
    events: Iterable[Event] | None = None,
    policies: dict[str, ClockPolicy] | None = None,
) -> date | None:
    """The date the current step is due, or None when no clock runs (draft, hold, terminal)."""
    state = request.state
    if state in TERMINAL_STATES or state == RequestState.ON_HOLD:
        return None
    now = now or timezone.now()
    policies = clock_policies() if policies is None else policies
    spans = state_spans(request, events)
    if state in DECISION_CLOCK_STATES:
        days = policy_days(ClockKey.DECISION, policies)
        start = request.complete_at or _run_start(spans)
    elif state in STATE_CLOCKS:
        days = policy_days(state, policies)
        start = _run_start(spans)
    else:
        return None
    if days is None:
        return None
    if state == RequestState.INFORMATION_REQUESTED:
        # The requester's own four weeks: counted from the latest request for information.
        return add_working_days(spans[-1].start, days)
    return add_working_days(start, days + _paused_working_days(spans, start, now))


def due_soon_days(state: str, policies: dict[str, ClockPolicy] | None = None) -> int:
    policies = clock_policies() if policies is None else policies
    key = ClockKey.DECISION if state in DECISION_CLOCK_STATES else state
    policy = policies.get(key)
    return policy.due_soon_days if policy else DEFAULT_DUE_SOON_DAYS


def is_overdue(request: AccessRequest, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return request.due_on is not None and request.due_on < today


def is_due_soon(
    request: AccessRequest, *, today: date | None = None, within: int | None = None
) -> bool:
    """Not overdue yet, but due within a few working days."""
    today = today or timezone.localdate()
    if request.due_on is None or request.due_on < today:
        return False
    within = DEFAULT_DUE_SOON_DAYS if within is None else within
    return working_days_between(today, request.due_on) <= within


def working_days_left(request: AccessRequest, *, today: date | None = None) -> int | None:
    if request.due_on is None:
        return None
    return working_days_between(today or timezone.localdate(), request.due_on)


# --- Querysets for lists -----------------------------------------------------------------------


def overdue_q(today: date | None = None) -> Q:
    return Q(due_on__lt=today or timezone.localdate())


def due_soon_q(today: date | None = None, within: int = DEFAULT_DUE_SOON_DAYS) -> Q:
    today = today or timezone.localdate()
    return Q(due_on__gte=today, due_on__lte=add_working_days(today, within))


def with_state_entered(queryset: QuerySet[AccessRequest]) -> QuerySet[AccessRequest]:
    """Annotates `state_entered_at`: when the request entered its current state (one query)."""
    latest = (
        Event.objects.filter(request=OuterRef("pk"), to_state=OuterRef("state"))
        .exclude(from_state=OuterRef("state"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return queryset.annotate(state_entered_at=Subquery(latest))


# --- Milestones (read by the request page and the indicators) ---------------------------------

# (name, start field, end field): the published access-time indicators.
MILESTONE_SPANS = (
    ("first_contact_to_contract", "first_contact_at", "contract_signed_at"),
    ("submission_to_decision", "submitted_at", "decided_at"),
    ("complete_to_decision", "complete_at", "decided_at"),
    ("submission_to_data", "submitted_at", "data_available_at"),
    ("contract_to_data", "contract_signed_at", "data_available_at"),
)


@dataclass(frozen=True)
class MilestoneSpan:
    name: str
    start: datetime
    end: datetime
    calendar_days: int
    working_days: int


def milestone_spans(request: AccessRequest) -> list[MilestoneSpan]:
    """Durations between the request's milestone timestamps, for the spans already closed."""
    spans = []
    for name, start_field, end_field in MILESTONE_SPANS:
        start, end = getattr(request, start_field), getattr(request, end_field)
        if start is None or end is None:
            continue
        spans.append(
            MilestoneSpan(
                name,
                start,
                end,
                (as_local_date(end) - as_local_date(start)).days,
                working_days_between(start, end),
            )
        )
    return spans
