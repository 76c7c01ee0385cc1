from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from guichet.models import AccessRequest, RegisterEntry, RequestState
from tests.guichet.factories import advance

pytestmark = pytest.mark.django_db
S = RequestState


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approved(desk: User, draft: AccessRequest) -> AccessRequest:
    advance(draft, S.COMMITTEE, desk=desk)
    from guichet import domain

    domain.request_approve(draft, by=desk)
    return draft


def test_register_is_public_and_lists_approved_projects(
    client: Client, approved: AccessRequest
) -> None:
    entry = RegisterEntry.objects.get(request=approved)
    response = client.get(reverse("requests:register"))
    assert response.status_code == 200
    assert entry.public_title in response.content.decode()
    detail = client.get(reverse("requests:register-detail", args=[entry.pk])).content.decode()
    assert entry.organisation_name in detail and entry.legal_basis in detail


def test_unpublished_entries_are_hidden(client: Client, approved: AccessRequest) -> None:
    entry = RegisterEntry.objects.get(request=approved)
    RegisterEntry.objects.filter(pk=entry.pk).update(is_published=False)
    assert entry.public_title not in client.get(reverse("requests:register")).content.decode()
    assert client.get(reverse("requests:register-detail", args=[entry.pk])).status_code == 404


def test_register_search(client: Client, approved: AccessRequest) -> None:
    entry = RegisterEntry.objects.get(request=approved)
    found = client.get(reverse("requests:register"), {"q": entry.public_title[:10]})
    assert entry.public_title in found.content.decode()
    missing = client.get(reverse("requests:register"), {"q": "zzzz-nothing"})
    assert entry.public_title not in missing.content.decode()


def test_desk_edits_the_public_wording(desk: User, approved: AccessRequest) -> None:
    entry = RegisterEntry.objects.get(request=approved)
    url = reverse("requests:register-edit", args=[entry.pk])
    response = _client(desk).post(
        url,
        {
            "public_title": "How quickly do patients start cardiac rehabilitation?",
            "public_purpose": "Plain words for patients.",
            "organisation_name": entry.organisation_name,
            "datasets_text": entry.datasets_text,
            "legal_basis": entry.legal_basis,
            "results_summary": "",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.public_title.startswith("How quickly")


def test_requester_and_anonymous_cannot_edit_the_register(
    client: Client, requester: User, approved: AccessRequest
) -> None:
    entry = RegisterEntry.objects.get(request=approved)
    url = reverse("requests:register-edit", args=[entry.pk])
    assert client.get(url).status_code == 302
    assert _client(requester).get(url).status_code == 403


def test_patients_page_shows_the_desk_contact(client: Client) -> None:
    from offers.models import DeskConfiguration

    config = DeskConfiguration.get()
    config.patient_information_url = "https://patients.example.org/"
    config.save()
    body = client.get(reverse("requests:patients")).content.decode()
    assert "https://patients.example.org/" in body
