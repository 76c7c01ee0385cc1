"""The document access trail: one append-only row per look at, or download of, a document,
allowed or denied, with the caller's address behind the trusted proxies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from guichet import domain
from guichet.domain_access import record_access
from guichet.models import AccessRequest, DocumentAccess, DocumentKind
from tests.guichet.factories import pdf_file

pytestmark = pytest.mark.django_db


def _client(user: User, **extra: Any) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


@pytest.fixture
def attached(draft: AccessRequest, requester: User) -> Any:
    return domain.attachment_add(draft, by=requester, uploaded_file=pdf_file("protocole.pdf"))


def test_a_download_writes_one_row_with_who_what_and_where(
    attached: Any, requester: User, settings: Any
) -> None:
    settings.GUICHET_TRUSTED_PROXIES = 1
    client = _client(
        requester,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
        HTTP_USER_AGENT="Firefox/" + "x" * 400,
    )
    url = reverse("requests:attachment", args=[attached.request_id, attached.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    row = DocumentAccess.objects.get()
    assert (row.user, row.username, row.kind, row.action, row.outcome) == (
        requester,
        requester.username,
        DocumentKind.ATTACHMENT,
        "download",
        "allowed",
    )
    assert (row.request_id, row.request_reference) == (
        attached.request_id,
        attached.request.reference,
    )
    assert (row.label, row.sha256) == ("protocole.pdf", attached.sha256)
    # The right-most address appended by our one trusted proxy, never the client's claim.
    assert row.ip_address == "192.0.2.7"
    assert len(row.user_agent) == 255


def test_a_refused_download_is_recorded_as_denied(
    attached: Any, make_user: Callable[..., User]
) -> None:
    stranger = make_user(Role.REQUESTER)
    url = reverse("requests:attachment", args=[attached.request_id, attached.pk])
    assert _client(stranger).get(url).status_code == 404
    row = DocumentAccess.objects.get()
    assert (row.user, row.outcome) == (stranger, "denied")


def test_the_api_download_is_recorded_too(
    attached: Any, requester: User, make_user: Callable[..., User]
) -> None:
    url = reverse("guichet-api:attachment-download", args=[attached.pk])
    assert _client(requester).get(url).status_code == 200
    assert _client(make_user(Role.REQUESTER)).get(url).status_code == 404
    assert list(DocumentAccess.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "allowed",
        "denied",
    ]


def test_nothing_is_served_when_the_row_cannot_be_written(attached: Any, requester: User) -> None:
    url = reverse("requests:attachment", args=[attached.request_id, attached.pk])
    client = _client(requester)
    client.raise_request_exception = False
    with mock.patch.object(DocumentAccess.objects, "create", side_effect=DatabaseError("full")):
        response = client.get(url)
    assert response.status_code == 500
    assert not hasattr(response, "streaming_content")


def test_anonymous_rows_say_nothing_about_the_caller(attached: Any, settings: Any) -> None:
    http_request = RequestFactory().get("/", REMOTE_ADDR="not-an-address")
    from django.contrib.auth.models import AnonymousUser

    http_request.user = AnonymousUser()
    row = record_access(
        http_request, kind=DocumentKind.ATTACHMENT, object_id=attached.pk, denied=True
    )
    assert (row.user, row.username, row.ip_address, row.outcome) == (None, "", None, "denied")
