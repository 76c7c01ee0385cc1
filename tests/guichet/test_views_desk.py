from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransition

from accounts.models import User
from accounts.roles import Role
from catalogue.models import CriteriaSet
from guichet import domain
from guichet.models import (
    AccessRequest,
    Message,
    RegisterEntry,
    RequestDataset,
    RequestState,
    Review,
)
from guichet.views_desk import csv_safe
from tests.catalogue.factories import DatasetFactory
from tests.guichet.factories import (
    AccessRequestFactory,
    OrganisationFactory,
    ReviewFactory,
    advance,
    pdf_file,
    submittable_draft,
)
from tests.offers.conftest import build_grid
from tests.offers.factories import actor_type

pytestmark = pytest.mark.django_db
S = RequestState


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Inbox -----------------------------------------------------------------------------------


def test_inbox_is_for_staff_only(client: Client, requester: User) -> None:
    url = reverse("requests:inbox")
    assert client.get(url).status_code == 302
    assert _client(requester).get(url).status_code == 403


def _spread(n: int = 12) -> list[AccessRequest]:
    today = timezone.localdate()
    states = [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.COMMITTEE, S.NEGOTIATION, S.PROVISIONING]
    rows = []
    for i in range(n):
        request = AccessRequestFactory(
            state=states[i % len(states)], due_on=today + timedelta(days=(i % 5) * 7 - 7)
        )
        RequestDataset.objects.create(request=request, dataset=DatasetFactory(published=True))
        rows.append(request)
    return rows


@pytest.mark.parametrize("view", ["list", "board"])
def test_inbox_query_count_does_not_grow_with_requests(
    desk: User, view: str, django_assert_max_num_queries: Any
) -> None:
    _spread(6)
    client = _client(desk)
    client.get(reverse("requests:inbox"), {"view": view})  # warm caches (roles, session)
    with django_assert_max_num_queries(12):
        small = client.get(reverse("requests:inbox"), {"view": view})
    _spread(30)
    with django_assert_max_num_queries(12):
        big = client.get(reverse("requests:inbox"), {"view": view})
    assert small.status_code == big.status_code == 200
    assert big.content.decode().count("DAR-2026-") >= 30


def test_inbox_flags_overdue_and_due_soon(desk: User) -> None:
    today = timezone.localdate()
    late = AccessRequestFactory(state=S.SCREENING, due_on=today - timedelta(days=3))
    soon = AccessRequestFactory(state=S.SCREENING, due_on=today)
    calm = AccessRequestFactory(state=S.SCREENING, due_on=today + timedelta(days=60))
    client = _client(desk)
    overdue_page = client.get(reverse("requests:inbox"), {"clock": "overdue"}).content.decode()
    assert late.reference in overdue_page
    assert soon.reference not in overdue_page and calm.reference not in overdue_page
    soon_page = client.get(reverse("requests:inbox"), {"clock": "due_soon"}).content.decode()
    assert soon.reference in soon_page and calm.reference not in soon_page


def test_inbox_filters_and_search(desk: User, reviewer: User) -> None:
    org = OrganisationFactory(name="Institut Pasteur de Lille")
    wanted = AccessRequestFactory(state=S.IN_REVIEW, organisation=org)
    other = AccessRequestFactory(state=S.SCREENING)
    ReviewFactory(request=wanted, reviewer=reviewer)
    dataset = DatasetFactory(published=True)
    RequestDataset.objects.create(request=wanted, dataset=dataset)
    client = _client(desk)
    url = reverse("requests:inbox")
    for params in (
        {"q": "pasteur"},
        {"q": wanted.reference},
        {"state": S.IN_REVIEW},
        {"dataset": dataset.pk},
        {"reviewer": reviewer.pk},
    ):
        body = client.get(url, params).content.decode()
        assert wanted.reference in body, params
        assert other.reference not in body, params


def test_csv_export_escapes_formulas(desk: User) -> None:
    AccessRequestFactory(state=S.SCREENING, title='=HYPERLINK("http://evil","x")')
    response = _client(desk).get(reverse("requests:inbox-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil","x")'


@pytest.mark.parametrize("value", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx"])
def test_csv_safe_prefixes_every_formula_trigger(value: str) -> None:
    assert csv_safe(value) == "'" + value
    assert csv_safe("plain") == "plain"


def test_csv_export_follows_the_filters(desk: User) -> None:
    kept = AccessRequestFactory(state=S.SCREENING)
    dropped = AccessRequestFactory(state=S.CLOSING)
    body = (
        _client(desk)
        .get(reverse("requests:inbox-export"), {"state": S.SCREENING})
        .content.decode("utf-8-sig")
    )
    assert kept.reference in body and dropped.reference not in body


# --- Request page -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", [s for s in S.values])
def test_request_page_renders_in_every_state(desk: User, state: str) -> None:
    request = AccessRequestFactory(state=state)
    RequestDataset.objects.create(request=request, dataset=DatasetFactory(published=True))
    response = _client(desk).get(reverse("requests:staff-detail", args=[request.pk]))
    assert response.status_code == 200
    assert request.reference in response.content.decode()


def test_request_page_shows_only_the_actions_the_user_may_take(
    desk: User, draft: AccessRequest, legal: User
) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    desk_page = _client(desk).get(reverse("requests:staff-detail", args=[draft.pk]))
    assert (
        reverse("requests:action", args=[draft.pk, "start-screening"]) in desk_page.content.decode()
    )
    legal_page = _client(legal).get(reverse("requests:staff-detail", args=[draft.pk]))
    assert reverse("requests:action", args=[draft.pk, "start-screening"]) not in (
        legal_page.content.decode()
    )


def test_timeline_shows_time_in_each_state(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.IN_REVIEW, desk=desk)
    body = _client(desk).get(reverse("requests:staff-detail", args=[draft.pk])).content.decode()
    assert "time-h" in body and "timeline-h" in body
    assert str(S.SCREENING.label) in body or "Screening" in body


def test_desk_moves_a_request_with_an_action(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    response = _client(desk).post(reverse("requests:action", args=[draft.pk, "start-screening"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == S.SCREENING
    assert draft.events.filter(action="start_screening", actor=desk).exists()


def test_action_needing_a_reason_is_refused_without_one(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.SCREENING, desk=desk)
    client = _client(desk)
    refused = client.post(reverse("requests:action", args=[draft.pk, "ask-information"]))
    assert refused.status_code == 400
    draft.refresh_from_db()
    assert draft.state == S.SCREENING
    client.post(
        reverse("requests:action", args=[draft.pk, "ask-information"]),
        {"comment": "Please attach the CNIL receipt."},
    )
    draft.refresh_from_db()
    assert draft.state == S.INFORMATION_REQUESTED
    message = Message.objects.get(request=draft)
    assert message.is_information_request and "CNIL" in message.body


def test_illegal_action_changes_nothing(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    response = _client(desk).post(reverse("requests:action", args=[draft.pk, "mark-signed"]))
    assert response.status_code == 409
    assert "Nothing was changed" in response.content.decode() or "Rien" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_action_by_someone_not_allowed_is_403(
    desk: User, draft: AccessRequest, legal: User
) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    response = _client(legal).post(reverse("requests:action", args=[draft.pk, "start-screening"]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_concurrent_transition_gives_409(
    desk: User, draft: AccessRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    advance(draft, S.SUBMITTED, desk=desk)

    def raced(*args: Any, **kwargs: Any) -> None:
        raise ConcurrentTransition("moved by someone else")

    monkeypatch.setattr(domain, "run_action", raced)
    response = _client(desk).post(reverse("requests:action", args=[draft.pk, "start-screening"]))
    assert response.status_code == 409
    assert reverse("requests:staff-detail", args=[draft.pk]) in response.content.decode()
    assert "javascript:" not in response.content.decode()  # the CSP would block it
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_unknown_action_is_404(desk: User, draft: AccessRequest) -> None:
    response = _client(desk).post(reverse("requests:action", args=[draft.pk, "teleport"]))
    assert response.status_code == 404


def test_reviewer_sees_only_assigned_requests(reviewer: User) -> None:
    mine = ReviewFactory(reviewer=reviewer).request
    other = AccessRequestFactory(state=S.IN_REVIEW)
    client = _client(reviewer)
    assert client.get(reverse("requests:staff-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("requests:staff-detail", args=[other.pk])).status_code == 404
    inbox = client.get(reverse("requests:inbox")).content.decode()
    assert mine.reference in inbox and other.reference not in inbox


def test_committee_decision_approves_and_publishes(
    desk: User, draft: AccessRequest, make_user: Callable[..., User]
) -> None:
    advance(draft, S.COMMITTEE, desk=desk)
    client = _client(desk)
    assert client.get(reverse("requests:committee", args=[draft.pk])).status_code == 200
    member = make_user(Role.MANAGER)
    response = client.post(
        reverse("requests:committee", args=[draft.pk]),
        {
            "decision": "approved_with_conditions",
            "conditions": "Aggregated results only below 10 patients.",
            "meeting_date": timezone.localdate().isoformat(),
            "members_present": [member.pk],
            "minutes": "Unanimous.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == S.APPROVED_WITH_CONDITIONS
    decision = draft.committee_decisions.get()
    assert decision.meeting.members_present.get() == member
    assert RegisterEntry.objects.filter(request=draft).exists()


def test_committee_rejection_needs_a_reason(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.COMMITTEE, desk=desk)
    response = _client(desk).post(
        reverse("requests:committee", args=[draft.pk]), {"decision": "rejected"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == S.COMMITTEE


def test_add_and_reassign_reviews(desk: User, draft: AccessRequest, reviewer: User) -> None:
    advance(draft, S.IN_REVIEW, desk=desk)
    client = _client(desk)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    client.post(
        reverse("requests:review-add", args=[draft.pk]),
        {"kind": "ethics", "reviewer": reviewer.pk, "due_on": due},
    )
    review = draft.reviews.get(kind="ethics")
    assert review.reviewer == reviewer and review.due_on.isoformat() == due
    scientific = draft.reviews.get(kind="scientific")
    client.post(
        reverse("requests:review-assign", args=[draft.pk, scientific.pk]),
        {"reviewer": reviewer.pk, "due_on": due},
    )
    scientific.refresh_from_db()
    assert scientific.reviewer == reviewer


def test_relevance_assessment_uses_the_criteria_set(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.SCREENING, desk=desk)
    criteria_set = CriteriaSet.objects.get(code="default-quality")
    row = draft.requested_datasets.get()
    scores = {f"c_{c.pk}": c.scale_max for c in criteria_set.criteria.all()}
    response = _client(desk).post(
        reverse("requests:relevance", args=[draft.pk, row.pk]), {**scores, "comment": "Fits."}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.relevance is not None
    assert row.relevance.kind == "project_relevance"


def test_staff_message_with_attachment_and_internal_note(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    client = _client(desk)
    client.post(
        reverse("requests:staff-message", args=[draft.pk]),
        {"body": "Here is the template.", "files": [pdf_file("template.pdf")]},
    )
    client.post(
        reverse("requests:staff-message", args=[draft.pk]),
        {"body": "Looks weak.", "is_internal": "on"},
    )
    public = Message.objects.get(request=draft, is_internal=False)
    assert public.attachments.get().original_name == "template.pdf"
    requester_page = _client(requester).get(reverse("requests:my-detail", args=[draft.pk]))
    body = requester_page.content.decode()
    assert "Here is the template." in body and "Looks weak." not in body


def test_build_and_send_the_quote(desk: User, draft: AccessRequest) -> None:
    grid = build_grid()
    draft.organisation.actor_type = actor_type("academic_lab")
    draft.organisation.save()
    domain.request_set_services(draft, by=desk, selections=[(grid.extraction, 1)])
    advance(draft, S.COMMITTEE, desk=desk)
    domain.request_approve(draft, by=desk)
    client = _client(desk)
    client.post(reverse("requests:quote", args=[draft.pk]), {"step": "build"})
    draft.refresh_from_db()
    assert draft.quote is not None
    assert draft.quote.lines.filter(service=grid.extraction).exists()
    page = client.get(reverse("requests:staff-detail", args=[draft.pk])).content.decode()
    assert draft.quote.reference in page
    client.post(reverse("requests:quote", args=[draft.pk]), {"step": "send"})
    draft.quote.refresh_from_db()
    assert draft.quote.status == "sent"


def test_follow_up_publication_and_dispute(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.IN_PROGRESS, desk=desk)
    client = _client(desk)
    client.post(
        reverse("requests:staff-follow-up", args=[draft.pk]),
        {
            "access_granted_on": "2026-01-05",
            "extra_technical_work": "on",
            "extra_technical_work_description": "Recoding of lab units.",
        },
    )
    follow_up = draft.__class__.objects.get(pk=draft.pk).follow_up
    assert follow_up.extra_technical_work
    client.post(
        reverse("requests:staff-publication", args=[draft.pk]),
        {"reference": "Doe J. Heart 2026", "doi": "10.1000/xyz"},
    )
    assert draft.publications.get().doi == "10.1000/xyz"
    client.post(
        reverse("requests:dispute-open", args=[draft.pk]),
        {"kind": "patient", "description": "Objection received after extraction."},
    )
    dispute = draft.disputes.get()
    client.post(
        reverse("requests:dispute-close", args=[draft.pk, dispute.pk]),
        {"outcome": "Patient removed from the extract."},
    )
    dispute.refresh_from_db()
    assert not dispute.is_open


def test_desk_opens_a_request_on_behalf_of_someone(desk: User) -> None:
    org = OrganisationFactory(name="CHU Voisin")
    response = _client(desk).post(
        reverse("requests:staff-new"),
        {
            "requester_email": "Someone@Example.org",
            "requester_first_name": "Ana",
            "organisation": org.pk,
            "title": "Sepsis cohort",
            "first_contact_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    request = AccessRequest.objects.get(title="Sepsis cohort")
    assert request.requester.email == "someone@example.org"
    assert request.created_by == desk
    assert timezone.localtime(request.first_contact_at).date().isoformat() == "2026-03-02"
    assert org.members.filter(pk=request.requester_id).exists()


def test_only_the_desk_opens_requests_on_behalf(reviewer: User) -> None:
    assert _client(reviewer).get(reverse("requests:staff-new")).status_code == 403


def test_review_rows_are_listed(desk: User, draft: AccessRequest) -> None:
    advance(draft, S.IN_REVIEW, desk=desk)
    assert Review.objects.filter(request=draft).count() >= 2
    body = _client(desk).get(reverse("requests:staff-detail", args=[draft.pk])).content.decode()
    assert "reviews-h" in body


def test_inbox_leaves_requesters_drafts_out_unless_asked(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    submitted = submittable_draft(requester, organisation=requester.organisations.get())
    advance(submitted, S.SUBMITTED, desk=desk)
    client = _client(desk)
    default = client.get(reverse("requests:inbox")).content.decode()
    assert submitted.reference in default and draft.reference not in default
    drafts = client.get(reverse("requests:inbox"), {"state": S.DRAFT}).content.decode()
    assert draft.reference in drafts and submitted.reference not in drafts
