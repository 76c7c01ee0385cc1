"""The staff pages of the document access trail: filters, pagination, CSV export, the panel of
the request page, who may read them, and the read-only admin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest, DocumentAccess, DocumentKind

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(user: User | None, request: AccessRequest | None, **fields: Any) -> DocumentAccess:
    values: dict[str, Any] = {
        "user": user,
        "username": user.username if user else "",
        "request": request,
        "request_reference": request.reference if request else "",
        "kind": DocumentKind.ATTACHMENT,
        "object_id": "1",
        "label": "protocol.pdf",
        "action": "download",
        **fields,
    }
    return DocumentAccess.objects.create(**values)


def test_desk_filters_the_trail_by_user_request_date_and_action(
    desk: User, requester: User, draft: AccessRequest, django_assert_max_num_queries: Any
) -> None:
    old = _row(requester, draft, action="view")
    old.at = timezone.now() - timedelta(days=10)
    old.save()
    _row(requester, draft)
    _row(desk, None, kind=DocumentKind.KPI_EVIDENCE)
    client = _client(desk)
    url = reverse("requests:document-access")
    # session, user, roles, two-factor device lookup, count, page of rows with their users
    with django_assert_max_num_queries(6):
        page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 3
    filtered = client.get(
        url,
        {
            "user": requester.username,
            "request": draft.reference,
            "date_from": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "action": "download",
        },
    )
    assert [r.label for r in filtered.context["page"].object_list] == ["protocol.pdf"]
    assert [r.action for r in filtered.context["page"].object_list] == ["download"]


def test_the_list_is_paginated_without_n_plus_one(
    desk: User, make_user: Callable[..., User], django_assert_max_num_queries: Any
) -> None:
    users = [make_user(Role.REQUESTER) for _ in range(5)]
    for index in range(60):
        _row(users[index % 5], None, label=f"f{index}.pdf")
    client = _client(desk)
    # As above: the row count stays out of the query count.
    with django_assert_max_num_queries(6):
        first = client.get(reverse("requests:document-access"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("requests:document-access"), {"page": 2})
    assert len(second.context["page"].object_list) == 10
    with django_assert_max_num_queries(5):  # with the two-factor gate's device lookup
        export = client.get(reverse("requests:document-access-export"))
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 61


def test_the_csv_export_escapes_formulas(desk: User, requester: User) -> None:
    _row(requester, None, label='=HYPERLINK("http://evil","x")', user_agent="@SUM(1)")
    response = _client(desk).get(reverse("requests:document-access-export"))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK(" in body
    assert "'@SUM(1)" in body
    assert ",=HYPERLINK" not in body


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.DATA_STEWARD, Role.REQUESTER])
def test_other_roles_cannot_read_the_trail(role: str, make_user: Callable[..., User]) -> None:
    client = _client(make_user(role))
    assert client.get(reverse("requests:document-access")).status_code == 403
    assert client.get(reverse("requests:document-access-export")).status_code == 403


def test_the_request_page_shows_its_document_access_panel(
    desk: User,
    manager: User,
    reviewer: User,
    requester: User,
    draft: AccessRequest,
    django_assert_num_queries: Any,
) -> None:
    _row(requester, draft, label="cv-of-the-pi.pdf")
    url = reverse("requests:staff-detail", args=[draft.pk])
    for reader in (desk, manager):
        body = _client(reader).get(url).content.decode()
        assert "Document access" in body and "cv-of-the-pi.pdf" in body
    # Reviewers do not see who downloaded what (the page itself may be hidden from them).
    response = _client(reviewer).get(url)
    assert "cv-of-the-pi.pdf" not in response.content.decode()
    client = _client(desk)
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for index in range(25):
        _row(requester, draft, label=f"f{index}.pdf")
    # The panel costs one query, however many rows (it shows the latest 20).
    with django_assert_num_queries(len(one_row.captured_queries)):
        page = client.get(url)
    assert len(page.context["document_accesses"]) == 20


def test_the_admin_is_read_only(make_user: Callable[..., User], requester: User) -> None:
    row = _row(requester, None)
    admin = make_user(is_staff=True, is_superuser=True)
    client = _client(admin)
    assert client.get(reverse("admin:guichet_documentaccess_changelist")).status_code == 200
    assert client.get(reverse("admin:guichet_documentaccess_add")).status_code == 403
    change = client.post(
        reverse("admin:guichet_documentaccess_change", args=[row.pk]), {"label": "x"}
    )
    assert change.status_code == 403
    delete = client.post(
        reverse("admin:guichet_documentaccess_delete", args=[row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    row.refresh_from_db()
    assert row.label == "protocol.pdf"
