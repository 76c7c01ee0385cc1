"""The trail of who saw or downloaded which stored document (ASVS 7.1 / 8.3 "sensitive data
access is logged"). Views that serve a contract, an attachment or another permission-checked
document call `record_access` BEFORE opening the file.

Fail closed: the row is written in its own transaction in the same HTTP request, and any error
writing it propagates (a 500), so a document is never served without its trail row. A missing
audit row would be worse for the desk's security officer than a failed download, which the user
can simply retry. Denied attempts are recorded too, with outcome "denied".

Rows are only ever inserted: nothing in the code updates or deletes them and the admin is
read-only."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.roles import Role, has_role
from guichet.models import (
    AccessRequest,
    DocumentAccess,
    DocumentAccessAction,
    DocumentAccessOutcome,
)
from guichet.security import client_ip

USER_AGENT_MAX = 255


def _ip(http_request: HttpRequest) -> str | None:
    # X-Forwarded-For content is client-controlled when the proxy count is misconfigured:
    # store only a well-formed address, never the raw header.
    raw = client_ip(http_request)
    if not raw:
        return None
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def _user_agent(http_request: HttpRequest) -> str:
    agent = str(http_request.META.get("HTTP_USER_AGENT", ""))
    return "".join(ch for ch in agent if ch.isprintable())[:USER_AGENT_MAX]


def record_access(
    http_request: HttpRequest,
    *,
    kind: str,
    object_id: Any,
    label: str = "",
    request: AccessRequest | None = None,
    request_id: int | None = None,
    request_reference: str = "",
    sha256: str = "",
    action: str = DocumentAccessAction.DOWNLOAD,
    denied: bool = False,
) -> DocumentAccess:
    """Append one access row. Raises if it cannot be written: callers must not serve then."""
    user = getattr(http_request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    if request is not None:
        request_id = request.pk
        request_reference = request.reference
    with transaction.atomic():
        return DocumentAccess.objects.create(
            user=user if authenticated else None,
            # Anonymous callers are recorded as nobody: no session key, no guessed identity.
            username=user.get_username()[:150] if authenticated and user is not None else "",
            request_id=request_id,
            request_reference=(request_reference or "")[:40],
            kind=kind,
            object_id=str(object_id)[:40],
            label=(label or "")[:255],
            sha256=(sha256 or "")[:64],
            action=action,
            outcome=DocumentAccessOutcome.DENIED if denied else DocumentAccessOutcome.ALLOWED,
            ip_address=_ip(http_request),
            user_agent=_user_agent(http_request),
        )


def can_read_trail(user: Any) -> bool:
    """Desk operators, legal staff (the DPO's seat) and managers read the trail."""
    return has_role(user, Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER)


def trail(**filters: Any) -> QuerySet[DocumentAccess]:
    return DocumentAccess.objects.filter(**filters).select_related("user").order_by("-at", "-pk")
