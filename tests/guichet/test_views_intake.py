from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest, AttachmentKind, RequestState
from tests.catalogue.factories import DatasetFactory
from tests.guichet.factories import (
    FormQuestionFactory,
    OrganisationFactory,
    pdf_file,
    submittable_draft,
)
from tests.offers.conftest import build_grid
from tests.offers.factories import actor_type

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_draft(client: Client, **extra: Any) -> AccessRequest:
    response = client.post(reverse("requests:new"), {"title": "Étude pilote", **extra})
    assert response.status_code == 302
    return AccessRequest.objects.latest("pk")


def test_catalogue_entry_preselects_the_dataset(requester: User) -> None:
    dataset = DatasetFactory(published=True)
    client = _client(requester)
    page = client.get(reverse("requests:new") + f"?dataset={dataset.slug}")
    assert dataset.title in page.content.decode()
    draft = _new_draft(client, dataset=dataset.slug)
    assert list(draft.datasets.all()) == [dataset]
    assert draft.state == RequestState.DRAFT
    assert draft.organisation == requester.organisations.get()


def test_unpublished_dataset_is_not_preselected(requester: User) -> None:
    hidden = DatasetFactory()
    draft = _new_draft(_client(requester), dataset=hidden.slug)
    assert draft.datasets.count() == 0


def test_anonymous_visitor_is_sent_to_login_with_the_dataset_kept(client: Client) -> None:
    url = reverse("requests:new") + "?dataset=cohort"
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"] and "cohort" in response["Location"]


def test_every_section_renders(draft: AccessRequest, requester: User) -> None:
    client = _client(requester)
    for section in (
        "people",
        "project",
        "use",
        "data",
        "setting",
        "outputs",
        "services",
        "attachments",
        "questions",
        "submit",
    ):
        response = client.get(reverse("requests:edit", args=[draft.pk, section]))
        assert response.status_code == 200, section


def test_save_keeps_valid_fields_when_others_are_invalid(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    url = reverse("requests:edit", args=[draft.pk, "data"])
    response = client.post(
        url,
        {
            "population": "Adults with heart failure",
            "variables": "age, sex, NYHA class",
            "period_start": "2022-01-01",
            "period_end": "2020-01-01",  # before the start: refused
            "data_form": "not-a-choice",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body
    # what was typed is still on the page, including the refused values
    assert "2020-01-01" in body
    draft.refresh_from_db()
    assert draft.population == "Adults with heart failure"
    assert draft.variables == "age, sex, NYHA class"
    assert draft.period_start.isoformat() == "2022-01-01"
    assert draft.period_end is None
    assert draft.data_form == ""


def test_save_and_continue_goes_to_the_next_section(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    response = client.post(
        reverse("requests:edit", args=[draft.pk, "project"]),
        {"title": "Heart failure pathways", "summary": "A summary", "go": "next"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/edit/use/")
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Heart failure pathways", "A summary")


def test_team_rows_are_saved_and_blank_rows_ignored(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    data = {
        "team-TOTAL_FORMS": "3",
        "team-INITIAL_FORMS": "0",
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "40",
        "team-0-name": "Dr Alix Bernard",
        "team-0-role": "Principal investigator",
        "team-0-will_access_data": "on",
        "team-1-name": "Sam Roy",
        "team-1-email": "not-an-email",
        "organisation": str(requester.organisations.get().pk),
    }
    response = client.post(reverse("requests:edit", args=[draft.pk, "people"]), data)
    assert response.status_code == 200  # the invalid row is shown again with its error
    assert "not-an-email" in response.content.decode()
    assert list(draft.team.values_list("name", "will_access_data")) == [("Dr Alix Bernard", True)]


def test_requester_cannot_pick_an_organisation_they_do_not_belong_to(requester: User) -> None:
    other = OrganisationFactory(name="Autre labo")
    client = _client(requester)
    draft = _new_draft(client)
    client.post(
        reverse("requests:edit", args=[draft.pk, "people"]),
        {"organisation": str(other.pk), "team-TOTAL_FORMS": "0", "team-INITIAL_FORMS": "0"},
    )
    draft.refresh_from_db()
    assert draft.organisation != other


def test_submit_with_missing_answers_lists_them_with_links(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    response = client.post(reverse("requests:submit", args=[draft.pk]), follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == RequestState.DRAFT
    assert reverse("requests:edit", args=[draft.pk, "attachments"]) in body
    assert reverse("requests:edit", args=[draft.pk, "people"]) in body
    assert "Attach the study protocol" in body or "protocole" in body


def test_submit_a_complete_draft(draft: AccessRequest, requester: User) -> None:
    response = _client(requester).post(reverse("requests:submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == RequestState.SUBMITTED
    assert response["Location"] == reverse("requests:my-detail", args=[draft.pk])


def test_upload_accepts_a_pdf(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    client.post(
        reverse("requests:edit", args=[draft.pk, "attachments"]),
        {"kind": AttachmentKind.PROTOCOL, "file": pdf_file("protocole.pdf")},
    )
    assert list(draft.attachments.values_list("original_name", "kind")) == [
        ("protocole.pdf", AttachmentKind.PROTOCOL)
    ]


def test_upload_refuses_a_file_that_is_not_a_pdf(requester: User) -> None:
    client = _client(requester)
    draft = _new_draft(client)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = client.post(
        reverse("requests:edit", args=[draft.pk, "attachments"]),
        {"kind": AttachmentKind.CV, "file": fake},
    )
    assert response.status_code == 200
    assert draft.attachments.count() == 0
    assert "errorlist" in response.content.decode() or "problems" in response.content.decode()


def test_upload_refuses_an_oversize_pdf(requester: User, settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    client = _client(requester)
    draft = _new_draft(client)
    response = client.post(
        reverse("requests:edit", args=[draft.pk, "attachments"]),
        {"kind": AttachmentKind.CV, "file": pdf_file("big.pdf", size=1024 * 1024 + 10)},
    )
    assert response.status_code == 200
    assert draft.attachments.count() == 0


def test_attachment_download_is_permission_checked(
    draft: AccessRequest, requester: User, make_user: Callable[..., User]
) -> None:
    attachment = draft.attachments.get()
    url = reverse("requests:attachment", args=[draft.pk, attachment.pk])
    response = _client(requester).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    stranger = make_user(Role.REQUESTER)
    assert _client(stranger).get(url).status_code == 404


def test_desk_questions_are_saved_by_kind(requester: User) -> None:
    text = FormQuestionFactory(code="data-manager", kind="text")
    yes_no = FormQuestionFactory(form=text.form, code="eu-transfer", kind="yes_no")
    file_q = FormQuestionFactory(form=text.form, code="dpia", kind="file", required=False)
    client = _client(requester)
    draft = _new_draft(client)
    assert draft.form_definition == text.form
    response = client.post(
        reverse("requests:edit", args=[draft.pk, "questions"]),
        {"q_data-manager": "Marie Curie", "q_eu-transfer": "no", "q_dpia": pdf_file("dpia.pdf")},
    )
    assert response.status_code == 302
    answers = {a.question.code: a for a in draft.answers.select_related("question")}
    assert answers["data-manager"].value == "Marie Curie"
    assert answers["eu-transfer"].value == "no"
    assert answers["dpia"].attachment.original_name == "dpia.pdf"
    assert yes_no.pk and file_q.pk


def test_others_cannot_open_or_edit_a_draft(
    draft: AccessRequest, make_user: Callable[..., User]
) -> None:
    stranger = _client(make_user(Role.REQUESTER))
    assert stranger.get(reverse("requests:edit", args=[draft.pk, "project"])).status_code == 404
    assert stranger.post(reverse("requests:submit", args=[draft.pk])).status_code == 404
    response = stranger.post(
        reverse("requests:edit", args=[draft.pk, "project"]), {"title": "Hijacked"}
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title != "Hijacked"


def test_submitted_request_is_no_longer_editable_by_the_requester(
    draft: AccessRequest, requester: User
) -> None:
    client = _client(requester)
    client.post(reverse("requests:submit", args=[draft.pk]))
    response = client.get(reverse("requests:edit", args=[draft.pk, "project"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:my-detail", args=[draft.pk])


def test_services_are_saved_and_estimated_live(requester: User) -> None:
    grid = build_grid()
    organisation = requester.organisations.get()
    organisation.actor_type = actor_type("academic_lab")
    organisation.save()
    client = _client(requester)
    draft = _new_draft(client)
    field = f"service_{grid.extraction.pk}"
    estimate = client.post(reverse("requests:estimate", args=[draft.pk]), {field: "2"})
    assert estimate.status_code == 200
    body = estimate.content.decode()
    # 2 extractions at 2127.50 plus the two default services (552.00 + 276.00)
    assert "4255.00" in body
    assert draft.requested_services.count() == 0  # estimating saves nothing
    client.post(reverse("requests:edit", args=[draft.pk, "services"]), {field: "2"})
    assert [(r.service, r.quantity) for r in draft.requested_services.all()] == [
        (grid.extraction, Decimal("2"))
    ]


def test_estimate_explains_when_the_organisation_type_is_unknown(requester: User) -> None:
    build_grid()
    client = _client(requester)
    draft = _new_draft(client)
    response = client.post(reverse("requests:estimate", args=[draft.pk]), {})
    assert response.status_code == 200
    assert "estimate" in response.content.decode()


def test_submittable_draft_helper_is_submittable(requester: User) -> None:
    request = submittable_draft(requester, organisation=requester.organisations.get())
    page = _client(requester).get(reverse("requests:edit", args=[request.pk, "submit"]))
    assert "Validate and submit" in page.content.decode() or "Valider" in page.content.decode()
