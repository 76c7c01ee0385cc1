from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _basic(username: str) -> dict[str, str]:
    token = b64encode(f"{username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_basic_authentication_cannot_skip_the_second_factor(
    enrolled: Callable[..., Any],
) -> None:
    user, _, _ = enrolled(Role.DESK_OPERATOR)
    response = Client().get(reverse("guichet-api:request-list"), **_basic(user.username))
    assert response.status_code == 403
    assert "Two-factor authentication is not complete" in response.json()["detail"]


def test_basic_authentication_refuses_staff_without_device_when_required(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    user = make_user(Role.MANAGER)
    response = Client().get(reverse("guichet-api:request-list"), **_basic(user.username))
    assert response.status_code == 403
    assert "required for staff" in response.json()["detail"]


@pytest.mark.parametrize("role", [Role.DESK_OPERATOR, Role.REQUESTER])
def test_basic_authentication_works_for_everyone_else(
    make_user: Callable[..., User], role: str
) -> None:
    user = make_user(role)
    response = Client().get(reverse("guichet-api:request-list"), **_basic(user.username))
    assert response.status_code == 200
