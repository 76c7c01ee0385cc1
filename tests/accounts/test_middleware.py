from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.middleware import TwoFactorGateMiddleware
from accounts.models import User
from accounts.roles import Role, is_staff_member
from tests.accounts.conftest import code_for, login

pytestmark = pytest.mark.django_db


def test_the_api_answers_403_with_the_reason_instead_of_redirecting(
    enrolled: Callable[..., Any],
) -> None:
    user, device, _ = enrolled(Role.DESK_OPERATOR)
    client = Client()
    login(client, user.username)
    for method in (client.get, client.post):
        response = method(reverse("guichet-api:request-list"))
        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        assert "enter the code from your authenticator app" in response.json()["detail"]

    client.post(reverse("two-factor-verify"), {"otp_token": code_for(device, steps_ahead=1)})
    assert client.get(reverse("guichet-api:request-list")).status_code == 200


def test_htmx_requests_are_sent_to_the_whole_verification_page(
    enrolled: Callable[..., Any],
) -> None:
    user, _, _ = enrolled(Role.REVIEWER)
    client = Client()
    login(client, user.username)
    response = client.get("/staff/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("two-factor-verify"))


def test_a_half_signed_in_user_can_still_leave_and_switch_language(
    enrolled: Callable[..., Any],
) -> None:
    user, _, _ = enrolled(Role.LEGAL)
    client = Client()
    login(client, user.username)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_optional_mode_leaves_staff_without_device_alone(
    role_client: Callable[[str], tuple[Client, User]],
) -> None:
    client, _ = role_client(Role.DESK_OPERATOR)
    assert client.get("/staff/").status_code == 200
    assert client.get(reverse("guichet-api:request-list")).status_code == 200


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_the_gate_costs_visitors_nothing_and_staff_one_lookup(
    make_user: Callable[..., User], django_assert_num_queries: Any
) -> None:
    gate = TwoFactorGateMiddleware(_view)
    request = RequestFactory().get("/staff/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert gate.process_view(request, _view, (), {}) is None

    staff = make_user(Role.DESK_OPERATOR)
    assert is_staff_member(staff)  # roles are read once per request, by the pages anyway
    request.user = staff
    with django_assert_num_queries(1):
        assert gate.process_view(request, _view, (), {}) is None
