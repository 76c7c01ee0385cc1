from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest, RequestState
from tests.guichet.factories import ReviewFactory, advance

pytestmark = pytest.mark.django_db
S = RequestState


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_queue_lists_assigned_reviews_overdue_first(reviewer: User) -> None:
    today = timezone.localdate()
    later = ReviewFactory(reviewer=reviewer, due_on=today + timedelta(days=9))
    late = ReviewFactory(reviewer=reviewer, due_on=today - timedelta(days=2))
    not_mine = ReviewFactory()
    body = _client(reviewer).get(reverse("requests:review-queue")).content.decode()
    assert body.index(late.request.reference) < body.index(later.request.reference)
    assert not_mine.request.reference not in body


def test_queue_query_count_is_flat(reviewer: User, django_assert_max_num_queries: object) -> None:
    for _ in range(3):
        ReviewFactory(reviewer=reviewer)
    client = _client(reviewer)
    client.get(reverse("requests:review-queue"))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get(reverse("requests:review-queue"))
    for _ in range(20):
        ReviewFactory(reviewer=reviewer)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("requests:review-queue"))
    assert response.content.decode().count("DAR-2026-") >= 23


def test_queue_refuses_requesters(requester: User) -> None:
    assert _client(requester).get(reverse("requests:review-queue")).status_code == 403


def test_last_required_review_sends_the_request_to_committee(
    desk: User, draft: AccessRequest, make_user: Callable[..., User]
) -> None:
    scientist, lawyer = make_user(Role.REVIEWER), make_user(Role.LEGAL)
    advance(draft, S.SCREENING, desk=desk)
    from guichet import domain

    domain.request_send_to_review(
        draft, by=desk, reviewers={"scientific": scientist, "legal": lawyer}
    )
    science = draft.reviews.get(kind="scientific")
    legal = draft.reviews.get(kind="legal")
    page = _client(scientist).get(reverse("requests:review", args=[science.pk]))
    assert page.status_code == 200 and draft.title in page.content.decode()
    _client(scientist).post(
        reverse("requests:review", args=[science.pk]),
        {"outcome": "favourable_with_conditions", "conditions": "No linkage to claims data."},
    )
    draft.refresh_from_db()
    assert draft.state == S.IN_REVIEW
    response = _client(lawyer).post(
        reverse("requests:review", args=[legal.pk]), {"outcome": "favourable"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == S.COMMITTEE


def test_review_form_explains_missing_conditions(reviewer: User) -> None:
    review = ReviewFactory(reviewer=reviewer)
    response = _client(reviewer).post(
        reverse("requests:review", args=[review.pk]), {"outcome": "favourable_with_conditions"}
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.submitted_at is None


def test_another_reviewers_review_is_404(reviewer: User) -> None:
    other = ReviewFactory()
    assert _client(reviewer).get(reverse("requests:review", args=[other.pk])).status_code == 404


def test_review_page_lists_files_sent_later_with_a_message(reviewer: User) -> None:
    from guichet import domain
    from tests.guichet.factories import pdf_file

    review = ReviewFactory(reviewer=reviewer)
    access_request = review.request
    domain.message_post(
        access_request,
        by=access_request.requester,
        body="The ethics committee's opinion, as asked.",
        files=[pdf_file("avis-cesrees.pdf")],
    )
    body = _client(reviewer).get(reverse("requests:review", args=[review.pk])).content.decode()
    assert "avis-cesrees.pdf" in body
    assert "sent with a message on" in body
