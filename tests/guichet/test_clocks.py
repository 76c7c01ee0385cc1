"""Working-day clocks. Expected values are counted by hand on the 2026 calendar:
14 July 2026 is a Tuesday, Ascension (14 May) a Thursday, 1 and 8 May Fridays,
Whit Monday 25 May."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from guichet import clocks
from guichet.models import AccessRequest, ClockKey, Event, RequestState
from tests.guichet.factories import AccessRequestFactory, set_clock

S = RequestState


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 7, 10), date(2026, 7, 17), 4),  # Mon 13, Wed 15, Thu 16, Fri 17 (not 14 July)
        (date(2026, 5, 11), date(2026, 5, 18), 4),  # Ascension Thursday skipped
        (date(2026, 4, 30), date(2026, 5, 31), 17),  # May 2026: 21 weekdays minus 4 holidays
        (date(2026, 7, 17), date(2026, 7, 20), 1),  # a weekend in between
        (date(2026, 7, 18), date(2026, 7, 19), 0),  # Saturday to Sunday
        (date(2026, 7, 13), date(2026, 7, 13), 0),
        (date(2026, 7, 17), date(2026, 7, 10), -4),
        (date(2026, 12, 24), date(2027, 1, 4), 5),  # 28-31 Dec, 4 Jan; not 25 Dec or 1 Jan
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert clocks.working_days_between(start, end) == expected


def test_working_days_between_matches_a_day_by_day_count() -> None:
    start = date(2025, 12, 1)
    for length in range(0, 420, 7):
        end = start + timedelta(days=length)
        by_hand = sum(
            1 for n in range(1, length + 1) if clocks.is_working_day(start + timedelta(days=n))
        )
        assert clocks.working_days_between(start, end) == by_hand


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 7, 10), 1, date(2026, 7, 13)),
        (date(2026, 7, 10), 2, date(2026, 7, 15)),  # 14 July skipped
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # Ascension skipped
        (date(2026, 5, 22), 1, date(2026, 5, 26)),  # weekend and Whit Monday
        (date(2026, 7, 6), 15, date(2026, 7, 28)),
        (date(2026, 7, 6), 0, date(2026, 7, 6)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert clocks.add_working_days(start, days) == expected


def _request_with_trail(state: str, moves: list[tuple[str, str, datetime]]) -> AccessRequest:
    request = AccessRequestFactory(state=state, created_at=at("2026-07-01"))
    for from_state, to_state, when in moves:
        Event.objects.create(
            request=request, action="test", from_state=from_state, to_state=to_state, at=when
        )
    return request


SCREENING_WITH_INFORMATION_LOOP = [
    (S.DRAFT, S.SUBMITTED, at("2026-07-03")),
    (S.SUBMITTED, S.SCREENING, at("2026-07-06", 9)),
    (S.SCREENING, S.INFORMATION_REQUESTED, at("2026-07-09")),
    (S.INFORMATION_REQUESTED, S.SCREENING, at("2026-07-20")),
]


@pytest.mark.django_db
def test_screening_deadline_is_extended_by_the_time_waiting_for_the_requester() -> None:
    set_clock(ClockKey.SCREENING, 15)
    request = _request_with_trail(S.SCREENING, SCREENING_WITH_INFORMATION_LOOP)
    # 15 working days from Mon 6 July, plus the 6 working days paused between 9 and 20 July
    # (10, 13, 15, 16, 17, 20: 14 July is a holiday) = 21 working days -> Wed 5 August.
    assert clocks.deadline_for(request, now=at("2026-07-22")) == date(2026, 8, 5)


@pytest.mark.django_db
def test_screening_deadline_without_pause() -> None:
    set_clock(ClockKey.SCREENING, 15)
    request = _request_with_trail(S.SCREENING, SCREENING_WITH_INFORMATION_LOOP[:2])
    assert clocks.deadline_for(request, now=at("2026-07-08")) == date(2026, 7, 28)


@pytest.mark.django_db
def test_requester_deadline_counts_from_the_request_for_information() -> None:
    set_clock(ClockKey.INFORMATION_REQUESTED, 20)
    request = _request_with_trail(S.INFORMATION_REQUESTED, SCREENING_WITH_INFORMATION_LOOP[:3])
    # 20 working days after Thu 9 July, skipping 14 July -> Fri 7 August.
    assert clocks.deadline_for(request, now=at("2026-07-10")) == date(2026, 8, 7)


@pytest.mark.django_db
def test_decision_clock_runs_from_the_complete_application_and_pauses_on_hold() -> None:
    set_clock(ClockKey.DECISION, 10)
    moves = [
        *SCREENING_WITH_INFORMATION_LOOP[:2],
        (S.SCREENING, S.IN_REVIEW, at("2026-07-06", 11)),
        (S.IN_REVIEW, S.ON_HOLD, at("2026-07-08")),
        (S.ON_HOLD, S.IN_REVIEW, at("2026-07-15")),
        (S.IN_REVIEW, S.COMMITTEE, at("2026-07-16")),
    ]
    request = _request_with_trail(S.COMMITTEE, moves)
    AccessRequest.objects.filter(pk=request.pk).update(complete_at=at("2026-07-06", 11))
    request.refresh_from_db()
    # 10 working days + 4 on hold (9, 10, 13, 15 July) from Mon 6 July -> Mon 27 July.
    assert clocks.deadline_for(request, now=at("2026-07-17")) == date(2026, 7, 27)


@pytest.mark.django_db
def test_no_deadline_on_hold_in_draft_or_when_terminal() -> None:
    for state in (S.ON_HOLD, S.DRAFT, S.CLOSED, S.WITHDRAWN, S.REJECTED):
        request = AccessRequestFactory(state=state)
        assert clocks.deadline_for(request) is None


@pytest.mark.django_db
def test_time_in_states_counts_calendar_and_working_time_per_state() -> None:
    request = _request_with_trail(S.SCREENING, SCREENING_WITH_INFORMATION_LOOP)
    durations = {d.state: d for d in clocks.time_in_states(request, now=at("2026-07-22"))}
    assert list(durations) == [S.DRAFT, S.SUBMITTED, S.SCREENING, S.INFORMATION_REQUESTED]
    screening = durations[S.SCREENING]
    # 6 July 09:00 -> 9 July 10:00, then 20 July -> 22 July 10:00
    assert screening.calendar == timedelta(days=5, hours=1)
    assert screening.working_days == 3 + 2
    assert screening.visits == 2
    waiting = durations[S.INFORMATION_REQUESTED]
    assert waiting.calendar == timedelta(days=11)
    assert waiting.working_days == 6
    # Fri 3 July -> Mon 6 July: one working day
    assert durations[S.SUBMITTED].working_days == 1


@pytest.mark.django_db
def test_overdue_and_due_soon_flags_and_queryset_filters() -> None:
    today = date(2026, 7, 13)
    late = AccessRequestFactory(state=S.SCREENING, due_on=date(2026, 7, 10))
    soon = AccessRequestFactory(state=S.SCREENING, due_on=date(2026, 7, 16))  # 2 working days
    later = AccessRequestFactory(state=S.SCREENING, due_on=date(2026, 8, 20))
    assert clocks.is_overdue(late, today=today)
    assert not clocks.is_overdue(soon, today=today)
    assert clocks.is_due_soon(soon, today=today)
    assert not clocks.is_due_soon(later, today=today)
    assert not clocks.is_due_soon(late, today=today)
    assert list(AccessRequest.objects.filter(clocks.overdue_q(today))) == [late]
    assert list(AccessRequest.objects.filter(clocks.due_soon_q(today))) == [soon]


@pytest.mark.django_db
def test_state_entered_annotation(django_assert_num_queries: object) -> None:
    request = _request_with_trail(S.SCREENING, SCREENING_WITH_INFORMATION_LOOP)
    annotated = clocks.with_state_entered(AccessRequest.objects.filter(pk=request.pk)).get()
    assert annotated.state_entered_at == at("2026-07-20")


@pytest.mark.django_db
def test_milestone_spans_in_calendar_and_working_days() -> None:
    request = AccessRequestFactory(
        state=S.SIGNED,
        first_contact_at=at("2026-07-01"),
        submitted_at=at("2026-07-03"),
        complete_at=at("2026-07-10"),
        decided_at=at("2026-07-17"),
        contract_signed_at=at("2026-07-31"),
    )
    spans = {s.name: s for s in clocks.milestone_spans(request)}
    assert set(spans) == {
        "first_contact_to_contract",
        "submission_to_decision",
        "complete_to_decision",
    }
    # 1 -> 31 July: 30 calendar days; 22 weekdays after the 1st, minus 14 July = 21
    assert (
        spans["first_contact_to_contract"].calendar_days,
        spans["first_contact_to_contract"].working_days,
    ) == (30, 21)
    assert spans["complete_to_decision"].working_days == 4
