from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.models import User
from accounts.roles import Role
from guichet.security import (
    CONTENT_SECURITY_POLICY,
    client_ip,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the password make_user gives everyone


@pytest.fixture(autouse=True)
def _fresh_throttle_state() -> Iterator[None]:
    """Throttle counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- Browser policies ----------------------------------------------------------------------


def test_pages_carry_the_content_security_policy(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "form-action 'self'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_load_scripts_only_from_our_own_static_files(client: Client) -> None:
    """script-src 'self' forbids inline scripts: the base page must not rely on one."""
    html = client.get(reverse("home")).content.decode()
    scripts = html.split("<script")[1:]
    assert scripts, "base.html loads htmx"
    for tag in scripts:
        opening = tag.split(">", 1)[0]
        assert 'src="/static/' in opening or "src='/static/" in opening, opening


def test_api_and_error_responses_carry_the_policy_too(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_swagger_ui_alone_may_run_its_inline_bootstrap(client: Client) -> None:
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


# --- Staff sessions ------------------------------------------------------------------------


def test_staff_session_ends_with_the_browser(make_user: Callable[..., User]) -> None:
    user = make_user(Role.DESK_OPERATOR)
    client = Client()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == "", "browser-session cookie"
    assert client.session.get_expire_at_browser_close()
    # The server still forgets the session after GUICHET_SESSION_HOURS.
    assert client.session.get_expiry_age() == 8 * 3600


def test_requester_session_persists_for_the_configured_hours(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 4 * 3600
    user = make_user(Role.REQUESTER)
    client = Client()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 4 * 3600
    assert not client.session.get_expire_at_browser_close()


def test_staff_expiry_is_written_once_not_on_every_page(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.DATA_STEWARD)
    client = Client()
    _login(client, user.username, PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies, "an unchanged session is not re-sent"


# --- Login throttling ----------------------------------------------------------------------


def test_five_failures_lock_the_username_from_that_address(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REQUESTER)
    client = Client()
    for _ in range(4):
        response = _login(client, user.username, "wrong-password")
        assert response.status_code == 200  # the login form again, with its error
    response = _login(client, user.username, "wrong-password")
    assert response.status_code == 429

    # Locked: even the right password is refused, with a page that says what to do.
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-in attempts" in page
    assert "15 minutes" in page
    assert reverse("password_reset") in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_and_per_username(make_user: Callable[..., User]) -> None:
    victim = make_user(Role.DESK_OPERATOR)
    colleague = make_user(Role.DESK_OPERATOR)
    for _ in range(5):
        _login(Client(), victim.username, "wrong-password", ip="10.0.0.66")
    # The real user, from the hospital network, is not locked out by an attacker elsewhere.
    assert _login(Client(), victim.username, PASSWORD, ip="10.1.2.3").status_code == 302
    # Other accounts from the attacker's address are not blocked either.
    assert _login(Client(), colleague.username, PASSWORD, ip="10.0.0.66").status_code == 302


def test_lock_lifts_after_the_cool_off(make_user: Callable[..., User]) -> None:
    user = make_user(Role.REQUESTER)
    for _ in range(5):
        _login(Client(), user.username, "wrong-password")
    assert _login(Client(), user.username, PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username=user.username)
    attempt.attempt_time -= timedelta(minutes=16)
    attempt.save(update_fields=["attempt_time"])
    assert _login(Client(), user.username, PASSWORD).status_code == 302


def test_a_success_forgives_earlier_failures(make_user: Callable[..., User]) -> None:
    user = make_user(Role.REQUESTER)
    for _ in range(4):
        _login(Client(), user.username, "wrong-password")
    assert _login(Client(), user.username, PASSWORD).status_code == 302
    for _ in range(4):
        assert _login(Client(), user.username, "wrong-password").status_code == 200
    assert _login(Client(), user.username, PASSWORD).status_code == 302


def test_programmatic_login_without_request_still_works(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REQUESTER)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    assert not client.login(username=user.username, password="wrong-password")


def test_client_address_is_read_behind_the_configured_proxies(settings: Any) -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.GUICHET_TRUSTED_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"
    settings.GUICHET_TRUSTED_PROXIES = 1
    # The left-most entry is whatever the client wrote; nginx appended the real address.
    assert client_ip(request) == "203.0.113.9"
    settings.GUICHET_TRUSTED_PROXIES = 3
    assert client_ip(request) == "127.0.0.1"


# --- API throttling ------------------------------------------------------------------------


def _rates(settings: Any, **rates: str) -> None:
    framework = dict(settings.REST_FRAMEWORK)
    framework["DEFAULT_THROTTLE_RATES"] = {
        **framework["DEFAULT_THROTTLE_RATES"],
        **rates,
    }
    settings.REST_FRAMEWORK = framework


def test_anonymous_api_reads_are_throttled(client: Client, settings: Any) -> None:
    _rates(settings, anon="3/min")
    url = "/api/register/"
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get(url)["Retry-After"]) > 0


class _PublicForm(APIView):
    """Stands for any anonymous POST endpoint that keeps the default throttles."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get(self, request: Request) -> Response:
        return Response({"ok": True})

    def post(self, request: Request) -> Response:
        return Response({"ok": True})


def test_anonymous_writes_have_a_tighter_budget(settings: Any) -> None:
    _rates(settings, anon="100/min", anon_write="2/min")
    factory = APIRequestFactory()
    view = _PublicForm.as_view()
    statuses = [view(factory.post("/form/", {}, format="json")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Reads keep the anonymous read budget.
    assert view(factory.get("/form/")).status_code == 200


def test_logged_in_users_have_their_own_generous_budget(
    role_client: Callable[[str], tuple[Client, User]], settings: Any
) -> None:
    _rates(settings, anon="1/min", user="3/min")
    client, _ = role_client(Role.DESK_OPERATOR)
    statuses = [client.get("/api/datasets/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Anonymous callers have their own, separate budget.
    assert Client().get("/api/datasets/").status_code == 200
