from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_home_is_public_and_in_french_by_default(client: Client, french: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Espace agents" not in page  # anonymous: no staff link
    assert "Se connecter" in page  # the translated "Log in"


def test_language_switch_to_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_staff_area_refuses_requesters(
    role_client: Callable[[str], tuple[Client, User]], client: Client
) -> None:
    assert client.get("/staff/").status_code == 302  # to the login page
    requester, _ = role_client(Role.REQUESTER)
    assert requester.get("/staff/").status_code == 403
    operator, _ = role_client(Role.DESK_OPERATOR)
    assert operator.get("/staff/").status_code == 200


def test_login_and_logout(client: Client, make_user: Callable[..., User]) -> None:
    make_user(Role.MANAGER, username="marc")
    response = client.post(
        "/accounts/login/", {"username": "marc", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/staff/").status_code == 302


def test_password_reset_sends_a_link(client: Client, make_user: Callable[..., User]) -> None:
    make_user(email="lea@example.org")
    client.post("/accounts/password_reset/", {"email": "lea@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_openapi_schema_is_served(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_browser_language_is_ignored_by_default(client: Client, french: None) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()


def test_stylesheet_is_served_without_collectstatic(client: Client) -> None:
    response = client.get("/static/guichet/css/guichet.css")
    assert response.status_code == 200
