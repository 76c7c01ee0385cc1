"""The contract panels appear on the pipeline's request pages through the hooks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from contracts import domain
from guichet.models import AccessRequest

pytestmark = pytest.mark.django_db


def test_desk_request_page_offers_to_prepare_the_contract(
    negotiating_request: AccessRequest, legal: User
) -> None:
    client = Client()
    client.force_login(legal)
    page = client.get(f"/staff/requests/{negotiating_request.pk}/")
    assert page.status_code == 200
    assert f"/staff/contracts/start/{negotiating_request.pk}/" in page.content.decode()


def test_requester_page_lists_sent_contract_documents(
    negotiating_request: AccessRequest,
    legal: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_generate(contract, by=legal)
    client = Client()
    client.force_login(negotiating_request.requester)
    url = f"/my/requests/{negotiating_request.pk}/"
    download = f"/contracts/{contract.pk}/v1/download/"
    assert download not in client.get(url).content.decode()  # not sent yet
    domain.contract_send(contract, by=legal)
    assert download in client.get(url).content.decode()
