from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, seed
from tests.accounts.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["operateur", "admin", "demandeur"])
def test_demo_logins_need_no_second_factor_by_default(username: str) -> None:
    seed(io.StringIO())
    client = Client()
    response = login(client, username, DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
