"""The journey through the browser: password, then code; enrolment; recovery; turning off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from accounts.roles import Role
from tests.accounts.conftest import PASSWORD, code_for, login, wrong_code

pytestmark = pytest.mark.django_db

STAFF_HOME = "/staff/"


def _verify_url(next_url: str = "/") -> str:
    return f"{reverse('two-factor-verify')}?next={quote(next_url, safe='')}"


# --- Logging in --------------------------------------------------------------------------


def test_staff_without_device_log_in_with_the_password_alone(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.DESK_OPERATOR)
    client = Client()
    response = login(client, user.username)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(STAFF_HOME).status_code == 200


def test_staff_with_device_enter_a_code_before_reaching_anything(
    enrolled: Callable[..., Any],
) -> None:
    user, device, _ = enrolled(Role.DESK_OPERATOR)
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "next": STAFF_HOME}
    )
    assert response.status_code == 302
    assert response["Location"] == _verify_url(STAFF_HOME)

    # Half signed in: every page leads back to the code, the home page included.
    for path in (STAFF_HOME, reverse("home"), reverse("account"), "/admin/"):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked["Location"].startswith(reverse("two-factor-verify")), path

    page = client.get(_verify_url(STAFF_HOME))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert '<label for="id_otp_token">' in html and '<label for="id_recovery_code">' in html

    half_session = client.session.session_key
    response = client.post(
        reverse("two-factor-verify"),
        {"otp_token": code_for(device, steps_ahead=1), "next": STAFF_HOME},
    )
    assert response.status_code == 302 and response["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200
    assert client.session.session_key != half_session
    assert client.session.get_expire_at_browser_close(), "still a staff session"


def test_a_wrong_code_is_refused_with_an_explanation(
    enrolled: Callable[..., Any], settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after a failure: retry at once
    user, device, _ = enrolled(Role.REVIEWER)
    client = Client()
    login(client, user.username)
    response = client.post(reverse("two-factor-verify"), {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert "This code is not correct or was already used" in response.content.decode()
    assert client.get(STAFF_HOME).status_code == 302

    response = client.post(
        reverse("two-factor-verify"), {"otp_token": code_for(device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert client.get(STAFF_HOME).status_code == 200


def test_a_code_cannot_be_replayed_in_another_session(enrolled: Callable[..., Any]) -> None:
    user, device, _ = enrolled(Role.LEGAL)
    code = code_for(device, steps_ahead=1)
    first = Client()
    login(first, user.username)
    assert first.post(reverse("two-factor-verify"), {"otp_token": code}).status_code == 302

    eavesdropper = Client()
    login(eavesdropper, user.username)
    response = eavesdropper.post(reverse("two-factor-verify"), {"otp_token": code})
    assert response.status_code == 200
    assert eavesdropper.get(STAFF_HOME).status_code == 302


def test_a_recovery_code_logs_in_once(enrolled: Callable[..., Any]) -> None:
    user, _, codes = enrolled(Role.MANAGER)
    client = Client()
    login(client, user.username)
    response = client.post(
        reverse("two-factor-verify"), {"recovery_code": f" {codes[3]} "}, follow=True
    )
    assert response.redirect_chain[0][1] == 302
    assert "You used a recovery code; it will not work again. 9 left." in (
        response.content.decode()
    )

    again = Client()
    login(again, user.username)
    response = again.post(reverse("two-factor-verify"), {"recovery_code": codes[3]})
    assert response.status_code == 200
    assert "This recovery code is not correct or was already used" in response.content.decode()
    assert again.get(STAFF_HOME).status_code == 302


def test_repeated_wrong_codes_lock_the_account_out(
    enrolled: Callable[..., Any], settings: Any
) -> None:
    user, device, _ = enrolled(Role.DESK_OPERATOR)
    client = Client()
    login(client, user.username)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("two-factor-verify"), {"otp_token": wrong_code(device)})
        assert response.status_code == 200
    response = client.post(reverse("two-factor-verify"), {"otp_token": wrong_code(device)})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    # The half-open session is over, and the password alone no longer opens a new one.
    assert "_auth_user_id" not in client.session
    assert login(Client(), user.username).status_code == 429


def test_the_verify_page_is_only_for_those_who_owe_a_code(
    make_user: Callable[..., User],
) -> None:
    client = Client()
    client.force_login(make_user(Role.DESK_OPERATOR))
    response = client.get(_verify_url(STAFF_HOME))
    assert response.status_code == 302 and response["Location"] == STAFF_HOME


def test_verify_does_not_redirect_to_another_site(enrolled: Callable[..., Any]) -> None:
    user, device, _ = enrolled(Role.DESK_OPERATOR)
    client = Client()
    login(client, user.username)
    response = client.post(
        reverse("two-factor-verify"),
        {"otp_token": code_for(device, steps_ahead=1), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_requesters_are_unaffected_even_when_required(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    user = make_user(Role.REQUESTER)
    client = Client()
    response = login(client, user.username)
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("guichet-api:request-list")).status_code == 200
    # ...and they are not offered an authenticator.
    assert "Two-factor" not in client.get(reverse("account")).content.decode()
    assert client.get(reverse("two-factor-setup")).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


# --- Required mode -----------------------------------------------------------------------


def test_required_mode_sends_staff_without_device_to_enrolment(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    user = make_user(Role.DATA_STEWARD)
    client = Client()
    response = login(client, user.username)
    assert response["Location"].startswith(reverse("two-factor-setup"))
    for path in (STAFF_HOME, reverse("home"), reverse("account")):
        assert client.get(path)["Location"].startswith(reverse("two-factor-setup")), path
    api = client.get(reverse("guichet-api:request-list"))
    assert api.status_code == 403
    assert "required for staff" in api.json()["detail"]

    page = client.get(reverse("two-factor-setup"))
    assert "The desk requires two-factor authentication" in page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two-factor-setup"), {"otp_token": code_for(device)})
    assert response.status_code == 200
    assert client.get(STAFF_HOME).status_code == 200


def test_force_logged_in_staff_are_gated_in_required_mode(
    operator_client: Client, settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    assert operator_client.get(STAFF_HOME).status_code == 302


# --- Enrolment and account page --------------------------------------------------------


def test_enrolment_from_the_account_page(make_user: Callable[..., User]) -> None:
    user = make_user(Role.DESK_OPERATOR)
    client = Client()
    client.force_login(user)
    account = client.get(reverse("account")).content.decode()
    assert reverse("two-factor-setup") in account and "Off" in account

    page = client.get(reverse("two-factor-setup"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert two_factor.secret_for_display(device) in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert page["Cache-Control"].startswith("max-age=0")
    assert "script-src 'self';" in page["Content-Security-Policy"]

    response = client.post(reverse("two-factor-setup"), {"otp_token": wrong_code(device)})
    assert "This code is not correct" in response.content.decode() or "Too many" in (
        response.content.decode()
    )
    device.throttle_reset()
    response = client.post(reverse("two-factor-setup"), {"otp_token": code_for(device)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your recovery codes" in html
    codes = list(device.user.staticdevice_set.get().token_set.values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    # The session that enrolled is verified; the codes are not shown again.
    assert client.get(STAFF_HOME).status_code == 200
    again = client.get(reverse("two-factor-setup"))
    assert again.status_code == 302 and again["Location"] == reverse("account")
    account = client.get(reverse("account")).content.decode()
    assert "10 recovery codes left." in account and codes[0] not in account


def test_no_new_device_while_a_code_is_owed(enrolled: Callable[..., Any]) -> None:
    user, _, _ = enrolled(Role.DESK_OPERATOR)
    client = Client()
    login(client, user.username)
    response = client.get(reverse("two-factor-setup"))
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def _verified_client(user: User, device: TOTPDevice) -> Client:
    client = Client()
    login(client, user.username)
    client.post(reverse("two-factor-verify"), {"otp_token": code_for(device, steps_ahead=1)})
    return client


def test_turning_off_needs_a_code_or_the_password(enrolled: Callable[..., Any]) -> None:
    user, device, _ = enrolled(Role.LEGAL)
    client = _verified_client(user, device)
    response = client.post(reverse("two-factor-disable"), {"otp_token": "", "password": ""})
    assert response.status_code == 400
    assert "Enter a code from your authenticator app or your password" in (
        response.content.decode()
    )
    response = client.post(reverse("two-factor-disable"), {"password": "not-my-password"})
    assert response.status_code == 400
    assert two_factor.has_confirmed_device(user)

    response = client.post(reverse("two-factor-disable"), {"password": PASSWORD}, follow=True)
    assert "Two-factor authentication is off." in response.content.decode()
    assert not two_factor.has_confirmed_device(user)
    assert login(Client(), user.username)["Location"] == reverse("home")


def test_turning_off_with_a_current_code(enrolled: Callable[..., Any]) -> None:
    user, device, codes = enrolled(Role.MANAGER)
    client = Client()
    login(client, user.username)
    # Enrolment used the current code: a recovery code gets in, the next code turns it off.
    client.post(reverse("two-factor-verify"), {"recovery_code": codes[0]})
    assert client.get(STAFF_HOME).status_code == 200
    response = client.post(
        reverse("two-factor-disable"), {"otp_token": code_for(device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert not two_factor.has_confirmed_device(user)


def test_account_page_for_a_requester(make_user: Callable[..., User]) -> None:
    client = Client()
    user = make_user(Role.REQUESTER, first_name="Léa", last_name="Rousseau")
    client.force_login(user)
    html = client.get(reverse("account")).content.decode()
    assert "My account" in html and "Léa Rousseau" in html and user.email in html
