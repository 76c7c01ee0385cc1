"""Serving stored files after the permission check: the web page and the API share this, so
both write the same access-trail row and send the same safe headers."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest

from accounts.uploads import KINDS, attachment_headers
from guichet.domain_access import record_access
from guichet.models import Attachment, DocumentAccessAction, DocumentKind

SAFE_CONTENT_TYPES = {kind.content_type for kind in KINDS.values()}


def safe_content_type(declared: str) -> str:
    """Only types our upload check can produce are echoed back; anything else is opaque bytes."""
    return declared if declared in SAFE_CONTENT_TYPES else "application/octet-stream"


def record_attachment_access(
    http_request: HttpRequest, attachment: Attachment, *, denied: bool = False
) -> None:
    record_access(
        http_request,
        kind=DocumentKind.ATTACHMENT,
        object_id=attachment.pk,
        label=attachment.original_name,
        request_id=attachment.request_id,
        request_reference=attachment.request.reference,
        sha256=attachment.sha256,
        action=DocumentAccessAction.DOWNLOAD,
        denied=denied,
    )


def serve_file(
    http_request: HttpRequest,
    field_file: Any,
    *,
    filename: str,
    content_type: str,
    record: Any,
) -> FileResponse:
    """Open the file, write its trail row (`record()`), then stream it. If the row cannot be
    written the file is closed and the error propagates: nothing is served without its row."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    try:
        record()
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=safe_content_type(content_type)
    )
    return attachment_headers(response)


def serve_attachment(http_request: HttpRequest, attachment: Attachment) -> FileResponse:
    return serve_file(
        http_request,
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        record=lambda: record_attachment_access(http_request, attachment),
    )


def find_hidden_attachment(**lookup: Any) -> Attachment | None:
    """The attachment a caller could not see, if it exists: its attempt is logged as denied."""
    return Attachment.objects.select_related("request").filter(**lookup).first()
