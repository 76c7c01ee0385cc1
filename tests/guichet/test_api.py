"""The pipeline through its REST API: drafts, one endpoint per action, reviews, committee,
messages, files, errors (400/403/404/409) and list query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import User
from catalogue.models import Dataset
from guichet.models import AccessRequest, Attachment, Event, RequestState, ReviewKind
from tests.catalogue.factories import DatasetFactory
from tests.guichet.factories import AccessRequestFactory, advance, pdf_file, submittable_draft

pytestmark = pytest.mark.django_db
S = RequestState


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_action(client: Client, request: AccessRequest, slug: str, comment: str = "") -> Any:
    return client.post(
        f"/api/requests/{request.pk}/{slug}/", {"comment": comment}, content_type="application/json"
    )


def test_requester_creates_completes_and_submits_a_draft(requester: User, desk: User) -> None:
    api = client_for(requester)
    dataset: Dataset = DatasetFactory(published=True)
    created = api.post(
        "/api/requests/",
        {"title": "Parcours après AVC", "summary": "Résumé", "datasets": [dataset.slug]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "draft" and body["reference"].startswith("DAR-")
    assert [row["slug"] for row in body["requested_datasets"]] == [dataset.slug]
    assert body["problems"]  # the draft tells what is still missing
    assert [a["code"] for a in body["actions"]] == ["submit", "withdraw"]
    pk = body["id"]

    with translation.override("en"):
        refused = api.post(f"/api/requests/{pk}/submit/", {}, content_type="application/json")
    assert refused.status_code == 400
    assert len(refused.json()["problems"]) >= 5
    assert AccessRequest.objects.get(pk=pk).title == "Parcours après AVC"  # nothing lost

    filled = api.patch(
        f"/api/requests/{pk}/",
        {
            "objectives": "Objectifs",
            "public_interest": "Intérêt public",
            "population": "Adultes",
            "data_form": "anonymised",
            "regulatory_route": "not_personal",
            "publication_plan": "Article",
            "project_type": "academic_research",
            "access_mode": "secure_workspace",
            "duration_months": 12,
            "team": [{"name": "Dr Lee", "role": "PI", "will_access_data": True}],
        },
        content_type="application/json",
    )
    assert filled.status_code == 200, filled.content
    upload = api.post(f"/api/requests/{pk}/attachments/", {"file": pdf_file(), "kind": "protocol"})
    assert upload.status_code == 201, upload.content
    assert filled.json()["team"][0]["name"] == "Dr Lee"

    submitted = api.post(f"/api/requests/{pk}/submit/", {}, content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    # Once submitted the requester can no longer edit the answers.
    assert (
        api.patch(
            f"/api/requests/{pk}/", {"summary": "x"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_desk_runs_the_pipeline_through_action_endpoints(
    draft: AccessRequest, desk: User, reviewer: User, legal: User
) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    api = client_for(desk)
    assert post_action(api, draft, "start-screening").status_code == 200
    missing_reason = post_action(api, draft, "ask-information")
    assert missing_reason.status_code == 400 and missing_reason.json()["problems"]
    assert (
        post_action(api, draft, "ask-information", "Précisez.").json()["state"]
        == S.INFORMATION_REQUESTED
    )
    answer = post_action(client_for(draft.requester), draft, "provide-information", "Voici.")
    assert answer.json()["state"] == S.SCREENING
    sent = api.post(
        f"/api/requests/{draft.pk}/send-to-review/",
        {"reviewers": {"scientific": reviewer.pk, "legal": legal.pk}},
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content

    for user, kind in ((reviewer, ReviewKind.SCIENTIFIC), (legal, ReviewKind.LEGAL)):
        queue = client_for(user).get("/api/reviews/queue/").json()
        assert [r["kind"] for r in queue] == [kind]
        given = client_for(user).post(
            f"/api/reviews/{queue[0]['id']}/submit/",
            {"outcome": "favourable", "comments": "OK"},
            content_type="application/json",
        )
        assert given.status_code == 200, given.content
    assert AccessRequest.objects.get(pk=draft.pk).state == S.COMMITTEE

    decided = api.post(
        f"/api/requests/{draft.pk}/committee-decision/",
        {"decision": "approved_with_conditions", "conditions": "Pas d'export.", "minutes": "PV"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["state"] == S.APPROVED_WITH_CONDITIONS
    again = post_action(api, draft, "approve")
    assert again.status_code == 409
    assert again.json()["detail"]

    events = api.get(f"/api/requests/{draft.pk}/events/").json()
    assert [e["action"] for e in events if e["to_state"]][-1] == "approve_with_conditions"
    clock = api.get(f"/api/requests/{draft.pk}/clock/").json()
    assert {s["state"] for s in clock["states"]} >= {S.SCREENING, S.IN_REVIEW, S.COMMITTEE}


def test_forbidden_action_is_403_and_writes_nothing(draft: AccessRequest, desk: User) -> None:
    advance(draft, S.SUBMITTED, desk=desk)
    response = post_action(client_for(draft.requester), draft, "start-screening")
    assert response.status_code == 403
    assert AccessRequest.objects.get(pk=draft.pk).state == S.SUBMITTED
    assert not Event.objects.filter(request=draft, action="start_screening").exists()


def test_invisible_request_is_404(draft: AccessRequest, make_user: Any) -> None:
    stranger = client_for(make_user("requester"))
    assert stranger.get(f"/api/requests/{draft.pk}/").status_code == 404
    assert post_action(stranger, draft, "withdraw", "x").status_code == 404


def test_anonymous_gets_nothing(draft: AccessRequest) -> None:
    assert Client().get("/api/requests/").status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "size_mb", "problem"),
    [
        ("notes.docx", b"%PDF-1.4 fake", None, "PDF"),
        ("protocol.pdf", b"MZ\x90\x00 not a pdf", None, "not a PDF"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), 1, "too large"),
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, None, "not a PDF"),
        ("page.pdf", b"<!DOCTYPE html><script>alert(1)</script>", None, "not a PDF"),
        ("polyglot.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", None, "not a PDF"),
    ],
)
def test_uploads_are_checked(
    draft: AccessRequest,
    settings: Any,
    name: str,
    content: bytes,
    size_mb: int | None,
    problem: str,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if size_mb:
        settings.MAX_UPLOAD_MB = size_mb
    before = Attachment.objects.count()
    with translation.override("en"):
        response = client_for(draft.requester).post(
            f"/api/requests/{draft.pk}/attachments/",
            {"file": SimpleUploadedFile(name, content), "kind": "other"},
        )
    assert response.status_code == 400
    assert any(problem in p for p in response.json()["problems"])
    assert Attachment.objects.count() == before


def test_download_is_permission_checked(draft: AccessRequest, make_user: Any, desk: User) -> None:
    attachment = draft.attachments.get()
    url = f"/api/attachments/{attachment.pk}/download/"
    response = client_for(draft.requester).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(desk).get(url).status_code == 200
    assert client_for(make_user("requester")).get(url).status_code == 404
    assert attachment.file.name.startswith(f"requests/{draft.pk}/")


def test_messages_thread_hides_internal_notes_from_the_requester(
    draft: AccessRequest, desk: User
) -> None:
    advance(draft, S.SCREENING, desk=desk)
    staff = client_for(desk)
    staff.post(
        f"/api/requests/{draft.pk}/messages/", {"body": "Bonjour"}, content_type="application/json"
    )
    staff.post(
        f"/api/requests/{draft.pk}/messages/",
        {"body": "Note interne", "is_internal": True},
        content_type="application/json",
    )
    seen = client_for(draft.requester).get(f"/api/requests/{draft.pk}/messages/").json()
    assert [m["body"] for m in seen] == ["Bonjour"]
    reply = client_for(draft.requester).post(
        f"/api/requests/{draft.pk}/messages/",
        {"body": "Merci", "is_internal": True},
        content_type="application/json",
    )
    assert reply.status_code == 403
    assert len(staff.get(f"/api/requests/{draft.pk}/messages/").json()) == 2


def test_form_definitions_and_register_are_served(draft: AccessRequest, desk: User) -> None:
    from tests.guichet.factories import FormQuestionFactory

    question = FormQuestionFactory(label_en="Funding body?")
    current = client_for(draft.requester).get("/api/form-definitions/current/")
    assert current.status_code == 200
    assert current.json()["questions"][0]["code"] == question.code
    advance(draft, S.NEGOTIATION, desk=desk)
    register = Client().get("/api/register/").json()
    assert register["results"][0]["reference"] == draft.reference


def test_list_filters_by_state_and_overdue(desk: User) -> None:
    from datetime import date

    late = AccessRequestFactory(state=S.SCREENING, due_on=date(2020, 1, 1))
    AccessRequestFactory(state=S.SUBMITTED)
    api = client_for(desk)
    assert [r["id"] for r in api.get("/api/requests/?overdue=true").json()["results"]] == [late.pk]
    states = {r["state"] for r in api.get("/api/requests/?state=submitted").json()["results"]}
    assert states == {S.SUBMITTED}


def test_list_query_count_does_not_grow_with_the_page(
    desk: User, django_assert_max_num_queries: Any
) -> None:
    api = client_for(desk)
    for _ in range(3):
        request = AccessRequestFactory(state=S.SCREENING)
        request.requested_datasets.create(dataset=DatasetFactory(published=True))
    with django_assert_max_num_queries(8) as few:
        assert len(api.get("/api/requests/").json()["results"]) == 3
    for _ in range(20):
        request = AccessRequestFactory(state=S.SCREENING)
        request.requested_datasets.create(dataset=DatasetFactory(published=True))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/requests/").json()["results"]) == 23


def test_staff_opens_on_behalf_through_the_api(desk: User, requester: User) -> None:
    response = client_for(desk).post(
        "/api/requests/",
        {
            "title": "Reçue par courriel",
            "requester": requester.pk,
            "first_contact_at": "2026-02-02T09:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    request = AccessRequest.objects.get(pk=response.json()["id"])
    assert request.requester == requester and request.created_by == desk
    assert request.first_contact_at.isoformat().startswith("2026-02-02")


def test_schema_lists_one_endpoint_per_action(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for slug in ("submit", "withdraw", "ask-information", "put-on-hold", "resume"):
        assert f"/api/requests/{{id}}/{slug}/" in paths or f"/api/requests/{{pk}}/{slug}/" in paths


def test_submittable_draft_factory_is_really_submittable(requester: User) -> None:
    from guichet.domain import submission_problems

    assert submission_problems(submittable_draft(requester)) == []
