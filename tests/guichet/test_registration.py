from __future__ import annotations

from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from guichet.models import Organisation
from guichet.registration import SALT, make_token
from tests.guichet.factories import OrganisationFactory
from tests.offers.factories import actor_type

pytestmark = pytest.mark.django_db

PASSWORD = "a-Sturdy-passphrase-2026"


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "first_name": "Léa",
        "last_name": "Rousseau",
        "email": "Lea.Rousseau@univ.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_choice": "create",
        "organisation_name": "Laboratoire d'épidémiologie",
        "organisation_actor_type": actor_type("academic_lab").pk,
        "organisation_country": "fr",
        "organisation_legal_status": "university",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def _link_from_mail() -> str:
    body = mail.outbox[-1].body
    return next(line.strip() for line in body.splitlines() if "/signup/confirm/" in line)


def test_signup_creates_an_inactive_account_and_mails_a_link(client: Client) -> None:
    response = client.post(reverse("requests:signup"), _form())
    assert response.status_code == 302
    user = User.objects.get(email="lea.rousseau@univ.example")
    assert not user.is_active and user.email_confirmed_at is None
    assert user.groups.filter(name=Role.REQUESTER).exists()
    organisation = user.organisations.get()
    assert organisation.actor_type.code == "academic_lab"
    assert organisation.country == "FR"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lea.rousseau@univ.example"]
    # cannot log in before confirming
    assert not client.login(username=user.username, password=PASSWORD)


def test_confirmation_link_activates_and_logs_in(client: Client) -> None:
    client.post(reverse("requests:signup"), _form())
    response = client.get(_link_from_mail())
    assert response.status_code == 302
    user = User.objects.get(email="lea.rousseau@univ.example")
    assert user.is_active and user.email_confirmed_at is not None
    assert client.get(reverse("requests:my-requests")).status_code == 200


def test_a_used_link_does_not_log_in_again(client: Client) -> None:
    client.post(reverse("requests:signup"), _form())
    link = _link_from_mail()
    client.get(link)
    other = Client()
    response = other.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_tampered_or_expired_links_are_refused(client: Client) -> None:
    client.post(reverse("requests:signup"), _form())
    user = User.objects.get(email="lea.rousseau@univ.example")
    forged = make_token(user)[:-2] + "xx"
    assert client.get(reverse("requests:signup-confirm", args=[forged])).status_code == 400
    wrong_salt = signing.dumps({"u": user.pk, "e": user.email}, salt=SALT + "x")
    assert client.get(reverse("requests:signup-confirm", args=[wrong_salt])).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_join_an_existing_organisation(client: Client) -> None:
    existing = OrganisationFactory(name="Inserm U1018")
    client.post(
        reverse("requests:signup"),
        _form(organisation_choice="join", existing_organisation=existing.pk, organisation_name=""),
    )
    user = User.objects.get(email="lea.rousseau@univ.example")
    assert list(user.organisations.all()) == [existing]
    assert Organisation.objects.count() == 1


def test_signup_errors_are_explained(client: Client, make_user: Any) -> None:
    make_user(email="taken@univ.example")
    response = client.post(
        reverse("requests:signup"),
        _form(email="taken@univ.example", password2="different", organisation_name=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"email", "password2", "organisation_name"} <= set(errors)
    assert not mail.outbox
