from __future__ import annotations

import itertools
from datetime import UTC
from typing import Any

import pytest
from django.utils import translation

from accounts.models import User
from catalogue.models import AssessmentKind
from guichet import domain
from guichet.models import (
    AccessRequest,
    CommitteeDecision,
    Decision,
    Event,
    Message,
    RegisterEntry,
    RegisterStatus,
    RequestState,
    ReviewKind,
    ReviewOutcome,
)
from tests.guichet.factories import AccessRequestFactory, advance, submittable_draft

pytestmark = pytest.mark.django_db
S = RequestState


def _transitions(request: AccessRequest) -> list[tuple[str, str]]:
    return [
        (e.from_state, e.to_state)
        for e in request.events.order_by("at", "pk")
        if e.to_state and e.from_state != e.to_state
    ]


def test_whole_lifecycle_through_the_domain(
    draft: AccessRequest,
    desk: User,
    reviewer: User,
    legal: User,
    manager: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    requester = draft.requester
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_submit(draft, by=requester)
    assert draft.state == S.SUBMITTED and draft.submitted_at is not None
    assert any(desk.email in m.to for m in mailoutbox)

    domain.request_start_screening(draft, by=desk)
    domain.request_ask_information(draft, by=desk, comment="Précisez la population.")
    assert draft.state == S.INFORMATION_REQUESTED
    assert Message.objects.get(request=draft).is_information_request
    domain.request_provide_information(draft, by=requester, comment="Adultes de 18 ans et plus.")
    assert draft.state == S.SCREENING
    assert domain.information_request_count(draft) == 1

    domain.request_send_to_review(draft, by=desk)
    assert draft.state == S.IN_REVIEW and draft.complete_at is not None
    reviews = {r.kind: r for r in draft.reviews.all()}
    assert set(reviews) == {ReviewKind.SCIENTIFIC, ReviewKind.LEGAL}
    assert reviews[ReviewKind.SCIENTIFIC].reviewer == reviewer
    assert reviews[ReviewKind.LEGAL].reviewer == legal
    assert all(r.due_on for r in reviews.values())

    domain.review_submit(
        reviews[ReviewKind.SCIENTIFIC], by=reviewer, outcome=ReviewOutcome.FAVOURABLE
    )
    draft.refresh_from_db()
    assert draft.state == S.IN_REVIEW  # one review still missing
    domain.review_submit(
        reviews[ReviewKind.LEGAL],
        by=legal,
        outcome=ReviewOutcome.FAVOURABLE_WITH_CONDITIONS,
        conditions="Pseudonymisation renforcée.",
    )
    draft.refresh_from_db()
    assert draft.state == S.COMMITTEE  # moved automatically once all reviews were in

    domain.committee_decide(
        draft,
        by=manager,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        conditions="Pas d'export de données individuelles.",
        minutes="Avis favorable unanime.",
    )
    assert draft.state == S.APPROVED_WITH_CONDITIONS and draft.decided_at is not None
    decision = CommitteeDecision.objects.get(request=draft)
    assert decision.conditions == "Pas d'export de données individuelles."
    entry = RegisterEntry.objects.get(request=draft)
    assert entry.public_title == draft.title and entry.status == RegisterStatus.APPROVED

    for action in ("start_negotiation", "start_contracting", "mark_signed"):
        domain.run_action(draft, action, by=legal if action != "start_negotiation" else desk)
    assert draft.contract_signed_at is not None
    domain.request_start_provisioning(draft, by=desk)
    domain.request_start_project(draft, by=desk)
    assert draft.data_available_at is not None
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.IN_PROGRESS and entry.started_on is not None
    assert draft.follow_up.access_granted_on is not None

    domain.request_start_closing(draft, by=desk)
    with pytest.raises(domain.InvalidAction) as refused:
        domain.request_close(draft, by=desk)
    assert len(refused.value.problems) == 2
    domain.follow_up_update(
        draft,
        by=requester,
        changes={
            "results_summary": "Délai médian de 21 jours.",
            "data_deletion_confirmed_on": draft.data_available_at.date(),
        },
    )
    domain.publication_report_add(
        draft, by=requester, reference="Martin et al., 2027", doi="https://doi.org/10.1000/xyz"
    )
    domain.request_close(draft, by=desk)
    assert draft.state == S.CLOSED and draft.closed_at is not None and draft.due_on is None
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.COMPLETED
    assert entry.results_summary == "Délai médian de 21 jours."

    moves = _transitions(draft)
    assert moves[0] == (S.DRAFT, S.SUBMITTED)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(moves))
    assert moves[-1] == (S.CLOSING, S.CLOSED)


def test_submit_refuses_with_the_full_list_and_keeps_what_was_typed(requester: User) -> None:
    draft = AccessRequestFactory(requester=requester, summary="", population="")
    with translation.override("en"), pytest.raises(domain.InvalidAction) as refused:
        domain.request_submit(draft, by=requester)
    problems = refused.value.problems
    assert any("Summary" in p for p in problems)
    assert any("population" in p.lower() for p in problems)
    assert any("dataset" in p for p in problems)
    assert any("protocol" in p for p in problems)
    assert any("team" in p for p in problems)
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert draft.title.startswith("Parcours")
    assert not Event.objects.filter(request=draft, action="submit").exists()


def test_rejection_at_committee_records_a_decision_and_no_register_entry(
    draft: AccessRequest, desk: User
) -> None:
    advance(draft, S.COMMITTEE, desk=desk)
    domain.request_reject(draft, by=desk, comment="Intérêt public insuffisant.")
    assert draft.state == S.REJECTED and draft.closed_at is not None
    assert CommitteeDecision.objects.get(request=draft).decision == Decision.REJECTED
    assert not RegisterEntry.objects.filter(request=draft).exists()


def test_hold_and_resume_return_to_the_state_held(draft: AccessRequest, desk: User) -> None:
    advance(draft, S.NEGOTIATION, desk=desk)
    domain.request_put_on_hold(draft, by=desk, comment="En attente du financement.")
    assert draft.state == S.ON_HOLD and draft.held_from_state == S.NEGOTIATION
    assert draft.due_on is None
    domain.request_resume(draft, by=desk)
    assert draft.state == S.NEGOTIATION and draft.held_from_state == ""
    assert draft.due_on is not None


def test_withdrawal_after_approval_stops_the_register_entry(
    draft: AccessRequest, desk: User
) -> None:
    advance(draft, S.NEGOTIATION, desk=desk)
    domain.request_withdraw(draft, by=draft.requester, comment="Projet abandonné.")
    assert draft.state == S.WITHDRAWN
    assert RegisterEntry.objects.get(request=draft).status == RegisterStatus.STOPPED


def test_comment_required_actions_refuse_an_empty_reason(draft: AccessRequest, desk: User) -> None:
    advance(draft, S.SCREENING, desk=desk)
    with pytest.raises(domain.InvalidAction):
        domain.request_ask_information(draft, by=desk, comment="  ")
    draft.refresh_from_db()
    assert draft.state == S.SCREENING


def test_staff_opens_a_request_on_behalf_with_first_contact(desk: User, requester: User) -> None:
    from datetime import datetime

    first = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    request = domain.request_create(
        by=desk, requester=requester, first_contact_at=first, title="Demande reçue par courriel"
    )
    assert request.reference.startswith("DAR-")
    assert request.created_by == desk and request.requester == requester
    assert request.first_contact_at == first
    assert request.organisation == requester.organisations.get()
    assert request.events.get().payload == {"on_behalf": True}


def test_requester_cannot_open_on_behalf_or_backdate(requester: User, make_user: Any) -> None:
    other = make_user()
    with pytest.raises(domain.ActionForbidden):
        domain.request_create(by=requester, requester=other, title="x")


def test_references_follow_each_other(requester: User) -> None:
    a = domain.request_create(by=requester, title="A")
    b = domain.request_create(by=requester, title="B")
    assert int(b.reference[-4:]) == int(a.reference[-4:]) + 1


def test_review_submit_checks_the_reviewer_and_the_outcome(
    draft: AccessRequest, desk: User, reviewer: User, make_user: Any
) -> None:
    advance(draft, S.IN_REVIEW, desk=desk)
    review = draft.reviews.get(kind=ReviewKind.SCIENTIFIC)
    with pytest.raises(domain.ActionForbidden):
        domain.review_submit(review, by=make_user("reviewer"), outcome=ReviewOutcome.FAVOURABLE)
    with pytest.raises(domain.InvalidAction):
        domain.review_submit(review, by=reviewer, outcome=ReviewOutcome.UNFAVOURABLE)
    review.refresh_from_db()
    assert review.submitted_at is None


def test_use_case_decides_the_reviews(draft: AccessRequest, desk: User) -> None:
    from tests.offers.factories import UseCaseFactory

    draft.use_case = UseCaseFactory(required_reviews=["scientific", "technical", "ethics"])
    draft.save()
    advance(draft, S.IN_REVIEW, desk=desk)
    kinds = sorted(draft.reviews.values_list("kind", flat=True))
    assert kinds == ["ethics", "scientific", "technical"]


def test_decentralised_desk_consults_the_steward_of_each_department(
    draft: AccessRequest, desk: User, make_user: Any
) -> None:
    from offers.models import DeskConfiguration, DeskModel
    from tests.catalogue.factories import DatasetFactory, DepartmentFactory

    config = DeskConfiguration.get()
    config.desk_model = DeskModel.INTERNAL_DECENTRALISED
    config.save()
    steward = make_user("data_steward")
    department = DepartmentFactory(stewards=[steward])
    draft.requested_datasets.create(dataset=DatasetFactory(published=True, department=department))
    advance(draft, S.IN_REVIEW, desk=desk)
    steward_reviews = draft.reviews.filter(kind=ReviewKind.STEWARD)
    assert steward_reviews.count() == 2  # one per department of the datasets requested
    assert steward_reviews.get(department=department).reviewer == steward


def test_available_actions_follow_state_and_role(
    draft: AccessRequest, desk: User, reviewer: User, manager: User
) -> None:
    codes = [a.code for a in domain.available_actions(draft, draft.requester)]
    assert codes == ["submit", "withdraw"]
    assert domain.available_actions(draft, reviewer) == []
    advance(draft, S.COMMITTEE, desk=desk)
    manager_codes = {a.code for a in domain.available_actions(draft, manager)}
    assert manager_codes == {"approve", "approve_with_conditions", "reject"}
    reject = next(a for a in domain.available_actions(draft, manager) if a.code == "reject")
    assert reject.comment_required and reject.danger and reject.target == S.REJECTED


def test_relevance_assessment_of_a_requested_dataset(
    draft: AccessRequest, desk: User, reviewer: User
) -> None:
    from catalogue.models import CriteriaSet

    advance(draft, S.IN_REVIEW, desk=desk)
    criteria_set = CriteriaSet.objects.get(code="default-quality")
    scores = {c.pk: c.scale_max for c in criteria_set.criteria.all()}
    row = draft.requested_datasets.get()
    domain.relevance_record(row, by=reviewer, criteria_set=criteria_set, scores=scores)
    row.refresh_from_db()
    assert row.relevance.kind == AssessmentKind.PROJECT_RELEVANCE
    assert row.relevance.overall_score == 100


def test_form_versions_are_frozen_once_published_and_requests_keep_theirs(
    desk: User, requester: User
) -> None:
    from guichet.models import FormDefinition
    from tests.guichet.factories import FormQuestionFactory

    v1 = FormDefinition.objects.create(version=1)
    domain.form_question_save(
        v1, by=desk, code="funder", label_fr="Financeur ?", kind="text", required=True
    )
    domain.form_publish(v1, by=desk)
    with pytest.raises(domain.ActionNotAllowed):
        domain.form_question_save(v1, by=desk, code="late", label_fr="Trop tard", kind="text")
    draft = submittable_draft(requester)
    assert draft.form_definition is None or draft.form_definition.version == 1
    created = domain.request_create(by=requester, title="Avec questions")
    assert created.form_definition == v1
    with translation.override("en"):
        problems = domain.submission_problems(created)
    assert any("Financeur" in p for p in problems)
    domain.answers_save(created, by=requester, answers={"funder": "ANR"})
    assert not any("Financeur" in p for p in domain.submission_problems(created))

    v2 = domain.form_new_version(by=desk)
    assert list(v2.questions.values_list("code", flat=True)) == ["funder"]
    FormQuestionFactory(form=v2, code="consent", kind="yes_no")
    domain.form_publish(v2, by=desk)
    created.refresh_from_db()
    assert created.form_definition == v1  # the draft keeps the version it answers
    assert FormDefinition.current() == v2
    with pytest.raises(domain.InvalidAction):
        domain.answers_save(created, by=requester, answers={"funder": "ANR", "nope": "x"})


def test_send_to_review_resolves_the_use_case_from_the_inventory(
    draft: AccessRequest, desk: User
) -> None:
    from tests.offers.factories import UseCaseFactory, actor_type

    organisation = draft.organisation
    organisation.actor_type = actor_type("academic_lab")
    organisation.save()
    use_case = UseCaseFactory(
        project_type=draft.project_type, required_reviews=["scientific", "legal", "technical"]
    )
    advance(draft, S.IN_REVIEW, desk=desk)
    assert draft.use_case == use_case
    assert draft.reviews.count() == 3


def test_requester_cannot_move_a_request_to_another_organisation(
    draft: AccessRequest, make_user: Any
) -> None:
    from tests.guichet.factories import OrganisationFactory

    foreign = OrganisationFactory(members=[make_user("requester")])
    with pytest.raises(domain.ActionForbidden):
        domain.request_update(draft, by=draft.requester, changes={"organisation": foreign})
    draft.refresh_from_db()
    assert draft.organisation != foreign
