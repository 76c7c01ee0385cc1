"""The document access trail for desk operators, legal staff (DPO) and managers: a filterable,
paginated list and its CSV export. Rows are written by guichet.domain_access only."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.spreadsheets import csv_download, csv_safe
from guichet.domain_access import can_read_trail, trail
from guichet.forms import DocumentAccessFilterForm
from guichet.models import DocumentAccess
from guichet.views_common import staff_required

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    if not can_read_trail(request.user):
        raise PermissionDenied


def _start_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_trail(params: Any) -> tuple[DocumentAccessFilterForm, QuerySet[DocumentAccess]]:
    form = DocumentAccessFilterForm(params or None)
    qs = trail()
    if not form.is_valid():
        return form, qs
    data = form.cleaned_data
    if data["user"]:
        qs = qs.filter(username__icontains=data["user"])
    if data["request"]:
        qs = qs.filter(request_reference__icontains=data["request"])
    if data["date_from"]:
        qs = qs.filter(at__gte=_start_of(data["date_from"]))
    if data["date_to"]:
        qs = qs.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    for name in ("action", "outcome", "kind"):
        if data[name]:
            qs = qs.filter(**{name: data[name]})
    return form, qs


@staff_required
def access_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form, qs = filtered_trail(request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "guichet/desk/document_access.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@staff_required
def access_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    _form, qs = filtered_trail(request.GET)
    response, writer = csv_download("document-access")
    writer.writerow(
        [
            _("When"),
            _("User"),
            _("Request"),
            _("Document"),
            _("Object id"),
            _("Version or file name"),
            _("SHA-256"),
            _("Action"),
            _("Outcome"),
            _("IP address"),
            _("User agent"),
        ]
    )
    for row in qs.iterator(chunk_size=500):
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    timezone.localtime(row.at).isoformat(timespec="seconds"),
                    row.username or _("anonymous"),
                    row.request_reference,
                    row.get_kind_display(),
                    row.object_id,
                    row.label,
                    row.sha256,
                    row.get_action_display(),
                    row.get_outcome_display(),
                    row.ip_address or "",
                    row.user_agent,
                )
            ]
        )
    return response
