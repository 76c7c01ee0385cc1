"""The request state machine: every illegal (state, action) pair is refused without any
change, every legal one lands where the process says, and random sequences of actions by
random people never break the invariants of the trail."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import User
from accounts.roles import Role
from guichet import domain
from guichet.models import (
    TERMINAL_STATES,
    AccessRequest,
    Event,
    ProjectFollowUp,
    RequestState,
    ReviewOutcome,
)
from tests.guichet.factories import AccessRequestFactory, OrganisationFactory, submittable_draft

S = RequestState
NON_TERMINAL = [s for s in S.values if s not in {S.CLOSED, S.WITHDRAWN, S.REJECTED}]
HOLDABLE = [S.SCREENING, S.IN_REVIEW, S.NEGOTIATION, S.CONTRACTING, S.PROVISIONING]

# The process, written out independently of the model: action -> {source: target}.
EXPECTED: dict[str, dict[str, str]] = {
    "submit": {S.DRAFT: S.SUBMITTED},
    "start_screening": {S.SUBMITTED: S.SCREENING},
    "ask_information": {S.SCREENING: S.INFORMATION_REQUESTED},
    "provide_information": {S.INFORMATION_REQUESTED: S.SCREENING},
    "send_to_review": {S.SCREENING: S.IN_REVIEW},
    "send_to_committee": {S.IN_REVIEW: S.COMMITTEE},
    "approve": {S.COMMITTEE: S.APPROVED},
    "approve_with_conditions": {S.COMMITTEE: S.APPROVED_WITH_CONDITIONS},
    "reject": {S.SCREENING: S.REJECTED, S.IN_REVIEW: S.REJECTED, S.COMMITTEE: S.REJECTED},
    "start_negotiation": {S.APPROVED: S.NEGOTIATION, S.APPROVED_WITH_CONDITIONS: S.NEGOTIATION},
    "start_contracting": {S.NEGOTIATION: S.CONTRACTING},
    "mark_signed": {S.CONTRACTING: S.SIGNED},
    "start_provisioning": {S.SIGNED: S.PROVISIONING},
    "start_project": {S.PROVISIONING: S.IN_PROGRESS},
    "start_closing": {S.IN_PROGRESS: S.CLOSING},
    "close": {S.CLOSING: S.CLOSED},
    "withdraw": {state: S.WITHDRAWN for state in NON_TERMINAL},
    "put_on_hold": {state: S.ON_HOLD for state in HOLDABLE},
    "resume": {S.ON_HOLD: "<held>"},
}

ILLEGAL = [
    (state, action)
    for state, action in itertools.product(S.values, EXPECTED)
    if state not in EXPECTED[action]
]
LEGAL = [(state, action) for action, moves in EXPECTED.items() for state in moves]


def test_the_model_declares_exactly_the_expected_actions() -> None:
    assert set(domain.ACTION_SPECS) == set(EXPECTED)


@pytest.fixture
def boss(make_user: Any) -> User:
    return make_user(is_superuser=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(
    state: str, action: str, boss: User
) -> None:
    request = AccessRequestFactory(
        state=state, held_from_state=S.SCREENING if state == S.ON_HOLD else ""
    )
    with pytest.raises(domain.ActionNotAllowed) as refused:
        domain.run_action(request, action, by=boss, comment="Motif.")
    assert refused.value.status_code == 409
    assert request.state == state  # the in-memory object is left as it was
    assert AccessRequest.objects.get(pk=request.pk).state == state
    assert not Event.objects.filter(request=request).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), LEGAL)
def test_legal_transition_lands_on_its_target_with_one_event(
    state: str, action: str, boss: User
) -> None:
    if action == "submit":
        request = submittable_draft()
    else:
        request = AccessRequestFactory(
            state=state, held_from_state=S.NEGOTIATION if state == S.ON_HOLD else ""
        )
    if action == "close":
        ProjectFollowUp.objects.create(
            request=request,
            results_summary="Résultats publiés.",
            data_deletion_confirmed_on="2026-06-30",
        )
    domain.run_action(request, action, by=boss, comment="Motif.")
    expected = EXPECTED[action][state]
    expected = S.NEGOTIATION if expected == "<held>" else expected
    assert AccessRequest.objects.get(pk=request.pk).state == expected
    event = Event.objects.get(request=request, action=action)
    assert (event.from_state, event.to_state, event.actor) == (state, expected, boss)


# --- Random walks --------------------------------------------------------------------------

ROLES = [
    "requester",
    "colleague",
    "outsider",
    Role.DESK_OPERATOR,
    Role.MANAGER,
    Role.LEGAL,
    Role.REVIEWER,
]


class PipelineWalk(RuleBasedStateMachine):
    people: dict[str, User] = {}

    def __init__(self) -> None:
        super().__init__()
        self.request = submittable_draft(
            self.people["requester"], organisation=self.people["requester"].organisations.get()
        )
        self.was_terminal = False

    def _fresh(self) -> AccessRequest:
        return AccessRequest.objects.get(pk=self.request.pk)

    @rule(action=st.sampled_from(sorted(EXPECTED)), who=st.sampled_from(ROLES))
    def act(self, action: str, who: str) -> None:
        request = self._fresh()
        before_state = request.state
        before_events = Event.objects.filter(request=request).count()
        try:
            domain.run_action(request, action, by=self.people[who], comment="Motif.")
        except domain.PipelineError:
            after = self._fresh()
            assert after.state == before_state
            # A refused action never writes to the trail.
            assert Event.objects.filter(request=request).count() == before_events

    @rule(
        who=st.sampled_from([Role.REVIEWER, Role.LEGAL, Role.DESK_OPERATOR, "requester"]),
        outcome=st.sampled_from(ReviewOutcome.values),
    )
    def review(self, who: str, outcome: str) -> None:
        review = self._fresh().reviews.filter(submitted_at__isnull=True).first()
        if review is None:
            return
        try:
            domain.review_submit(
                review, by=self.people[who], outcome=outcome, comments="Avis.", conditions="C."
            )
        except domain.PipelineError:
            review.refresh_from_db()
            assert review.submitted_at is None

    @rule()
    def desk_moves_forward(self) -> None:
        """Bias the walk towards the later steps: the desk takes the first forward action."""
        request = self._fresh()
        desk = self.people[Role.DESK_OPERATOR]
        forward = [
            a.code
            for a in domain.available_actions(request, desk)
            if a.code not in {"withdraw", "reject", "put_on_hold", "ask_information"}
        ]
        if forward:
            try:
                domain.run_action(request, forward[0], by=desk, comment="Suite.")
            except domain.InvalidAction:
                assert self._fresh().state == request.state

    @rule()
    def prepare_closure(self) -> None:
        ProjectFollowUp.objects.update_or_create(
            request=self.request,
            defaults={"results_summary": "Résultats.", "data_deletion_confirmed_on": "2026-06-30"},
        )

    @invariant()
    def state_is_the_end_of_the_trail(self) -> None:
        request = self._fresh()
        moves = [
            e
            for e in Event.objects.filter(request=request).order_by("at", "pk")
            if e.to_state and e.from_state != e.to_state
        ]
        if moves:
            assert request.state == moves[-1].to_state
            for previous, following in itertools.pairwise(moves):
                assert previous.to_state == following.from_state
        else:
            assert request.state == S.DRAFT

    @invariant()
    def terminal_states_stay_terminal(self) -> None:
        request = self._fresh()
        if self.was_terminal:
            assert request.state in TERMINAL_STATES
        self.was_terminal = request.state in TERMINAL_STATES

    @invariant()
    def hold_remembers_where_to_return(self) -> None:
        request = self._fresh()
        assert bool(request.held_from_state) == (request.state == S.ON_HOLD)
        if request.state in TERMINAL_STATES or request.state == S.ON_HOLD:
            assert request.due_on is None


@pytest.mark.django_db
def test_random_action_sequences_keep_the_invariants(make_user: Any) -> None:
    requester = make_user(Role.REQUESTER)
    colleague = make_user(Role.REQUESTER)
    OrganisationFactory(members=[requester, colleague])
    PipelineWalk.people = {
        "requester": requester,
        "colleague": colleague,
        "outsider": make_user(Role.REQUESTER),
        **{role: make_user(role) for role in ROLES if role in Role.values and role != "requester"},
    }
    run_state_machine_as_test(
        PipelineWalk,
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
