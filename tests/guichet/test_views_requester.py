from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from catalogue.models import CriteriaSet
from guichet import domain
from guichet.models import AccessRequest, Message, RequestState
from guichet.views_requester import plain_status
from tests.guichet.factories import AccessRequestFactory, advance, pdf_file

pytestmark = pytest.mark.django_db
S = RequestState


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_requests_lists_own_and_organisation_requests(
    requester: User, draft: AccessRequest, make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.REQUESTER)
    requester.organisations.get().members.add(colleague)
    stranger_request = AccessRequestFactory()
    body = _client(colleague).get(reverse("requests:my-requests")).content.decode()
    assert draft.reference in body
    assert stranger_request.reference not in body


def test_my_requests_query_count_is_flat(
    requester: User, django_assert_max_num_queries: object
) -> None:
    org = requester.organisations.get()
    for _ in range(15):
        AccessRequestFactory(requester=requester, organisation=org, state=S.SCREENING)
    client = _client(requester)
    client.get(reverse("requests:my-requests"))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("requests:my-requests"))
    assert response.content.decode().count("DAR-2026-") == 15


@pytest.mark.parametrize("state", S.values)
def test_every_state_has_a_plain_language_status(state: str) -> None:
    request = AccessRequestFactory(state=state)
    status = plain_status(request)
    assert status.headline and status.next_step


def test_status_names_the_expected_date(desk: User, draft: AccessRequest, requester: User) -> None:
    advance(draft, S.SCREENING, desk=desk)
    draft.refresh_from_db()
    assert draft.due_on is not None
    body = _client(requester).get(reverse("requests:my-detail", args=[draft.pk])).content.decode()
    assert str(draft.due_on.year) in body


def test_requester_pages_of_others_are_404(
    draft: AccessRequest, make_user: Callable[..., User]
) -> None:
    stranger = _client(make_user(Role.REQUESTER))
    assert stranger.get(reverse("requests:my-detail", args=[draft.pk])).status_code == 404
    response = stranger.post(reverse("requests:withdraw", args=[draft.pk]), {"comment": "x"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_requester_answers_an_information_request_with_a_file(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    domain.request_ask_information(draft, by=desk, comment="Send the DPIA.")
    client = _client(requester)
    page = client.get(reverse("requests:my-detail", args=[draft.pk])).content.decode()
    assert "Send the DPIA." in page
    client.post(
        reverse("requests:my-answer", args=[draft.pk]),
        {"body": "Here it is.", "files": [pdf_file("dpia.pdf")]},
    )
    draft.refresh_from_db()
    assert draft.state == S.SCREENING
    answer = Message.objects.get(request=draft, body="Here it is.")
    assert answer.attachments.get().original_name == "dpia.pdf"


def test_requester_message_refuses_non_pdf(draft: AccessRequest, requester: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"<html>", content_type="application/pdf")
    response = _client(requester).post(
        reverse("requests:my-message", args=[draft.pk]),
        {"body": "Voici le protocole signé.", "files": [bad]},
    )
    assert not Message.objects.filter(request=draft).exists()
    # The page comes back with the error next to the field and the text still typed.
    assert response.status_code == 200
    assert response.context["message_form"].errors["files"] == [
        "This file's content is not a PDF document."
    ]
    assert "Voici le protocole signé." in response.content.decode()


def test_desk_message_keeps_its_text_when_a_file_is_refused(
    draft: AccessRequest, desk: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    domain.request_submit(draft, by=draft.requester)
    exe = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 32)
    response = _client(desk).post(
        reverse("requests:staff-message", args=[draft.pk]),
        {"body": "Compte rendu du comité", "files": [exe], "is_internal": "on"},
    )
    assert response.status_code == 200
    assert "This file&#x27;s content is not a PDF document." in response.content.decode()
    assert "Compte rendu du comité" in response.content.decode()
    assert not Message.objects.filter(request=draft).exists()


def test_requester_withdraws(draft: AccessRequest, requester: User, desk: User) -> None:
    advance(draft, S.SCREENING, desk=desk)
    _client(requester).post(
        reverse("requests:withdraw", args=[draft.pk]), {"comment": "Funding lost."}
    )
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN


def test_requester_reports_results_publications_and_feedback(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    advance(draft, S.IN_PROGRESS, desk=desk)
    client = _client(requester)
    page = client.get(reverse("requests:my-detail", args=[draft.pk]))
    assert page.status_code == 200
    client.post(
        reverse("requests:my-publication", args=[draft.pk]),
        {"reference": "Rousseau L. et al. 2026", "doi": "https://doi.org/10.1000/abc"},
    )
    assert draft.publications.get().doi == "10.1000/abc"
    client.post(
        reverse("requests:my-follow-up", args=[draft.pk]),
        {
            "results_summary": "Delays shortened by a week.",
            "data_deletion_confirmed_on": "2026-06-01",
            "data_deletion_evidence_file": pdf_file("deletion.pdf"),
        },
    )
    follow_up = AccessRequest.objects.get(pk=draft.pk).follow_up
    assert follow_up.results_summary == "Delays shortened by a week."
    assert follow_up.data_deletion_evidence.original_name == "deletion.pdf"
    criteria = CriteriaSet.objects.get(code="default-quality").criteria.all()
    dataset = draft.requested_datasets.get().dataset
    client.post(
        reverse("requests:my-feedback", args=[draft.pk, dataset.pk]),
        {**{f"c_{c.pk}": 1 for c in criteria}, "comment": "Units were messy."},
    )
    assert draft.dataset_feedback.get().comment == "Units were messy."


def test_requester_reads_the_rejection_reason_on_the_site(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    domain.run_action(
        draft, "reject", by=desk, comment="Commercial use of the cohort is excluded by its consent."
    )
    body = _client(requester).get(reverse("requests:my-detail", args=[draft.pk])).content.decode()
    assert "Reason given by the desk" in body
    assert "Commercial use of the cohort is excluded by its consent." in body


def test_no_rejection_reason_block_while_the_request_is_open(
    desk: User, draft: AccessRequest, requester: User
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    body = _client(requester).get(reverse("requests:my-detail", args=[draft.pk])).content.decode()
    assert "Reason given by the desk" not in body
