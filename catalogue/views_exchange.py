"""DCAT-AP export endpoints (public) and the staff import pages (desk operators)."""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_http_methods, require_POST

from accounts.roles import is_desk_staff
from accounts.uploads import check_upload
from catalogue import dcat
from catalogue.importers import ImportReport, import_dataset_table, import_dcat_turtle
from catalogue.models import Dataset, Department
from catalogue.resources import export_table

TURTLE = "text/turtle; charset=utf-8"
JSONLD = "application/ld+json; charset=utf-8"
EXPORT_CACHE_SECONDS = 600
IMPORT_EXTENSIONS = {".ttl": "turtle", ".csv": "csv", ".xlsx": "xlsx"}
IMPORT_MAX_MB = 10
SESSION_KEY = "catalogue_imports"
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


# --- Public DCAT-AP export ------------------------------------------------------------------


def _catalogue_etag(request: HttpRequest, *args: Any) -> str:
    return hashlib.sha256(dcat.catalogue_fingerprint().encode()).hexdigest()[:32]


def _catalogue_modified(request: HttpRequest, *args: Any) -> Any:
    return dcat.catalogue_last_modified()


def _catalogue_body(fmt: str) -> bytes:
    """Serialised once per catalogue state and format; any edit changes the fingerprint."""
    key = f"catalogue:dcat:{fmt}:{_catalogue_etag(None)}"  # type: ignore[arg-type]
    body = cache.get(key)
    if body is None:
        body = dcat.serialize(dcat.catalogue_graph(), fmt)
        cache.set(key, body, EXPORT_CACHE_SECONDS)
    return body


def _export_response(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # harvesters of other catalogues read it
    return response


@require_http_methods(["GET", "HEAD"])
@condition(etag_func=_catalogue_etag, last_modified_func=_catalogue_modified)
def catalogue_turtle(request: HttpRequest) -> HttpResponse:
    return _export_response(_catalogue_body("turtle"), TURTLE, "catalogue.ttl")


@require_http_methods(["GET", "HEAD"])
@condition(etag_func=_catalogue_etag, last_modified_func=_catalogue_modified)
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    return _export_response(_catalogue_body("json-ld"), JSONLD, "catalogue.jsonld")


def _published(slug: str) -> Dataset:
    queryset = dcat.published_datasets().filter(slug=slug)
    dataset = queryset.first()
    if dataset is None:
        raise Http404(_("No published dataset here."))
    return dataset


def _dataset_modified(request: HttpRequest, slug: str) -> Any:
    return (
        Dataset.objects.published().filter(slug=slug).values_list("updated_at", flat=True).first()
    )


@require_http_methods(["GET", "HEAD"])
@condition(last_modified_func=_dataset_modified)
def dataset_turtle(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _published(slug)
    body = dcat.serialize(dcat.dataset_graph(dataset), "turtle")
    return _export_response(body, TURTLE, f"{dataset.slug}.ttl")


# --- Staff imports --------------------------------------------------------------------------


def desk_operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_desk_staff(request.user):
            raise PermissionDenied(_("Only desk operators import datasets."))
        return view(request, *args, **kwargs)

    return wrapper


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "DCAT-AP Turtle (.ttl), CSV (.csv) or Excel (.xlsx), 10 MB at most."
        ),
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Department of new datasets"),
        help_text=gettext_lazy(
            "Used for new datasets whose file names no department (Turtle, or an empty "
            "department column)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(_("Only .ttl, .csv and .xlsx files can be imported."))
        # By content too: text without NUL bytes for Turtle/CSV, a real workbook for XLSX.
        limit = min(IMPORT_MAX_MB, settings.MAX_UPLOAD_MB) * 1024 * 1024
        check_upload(upload, IMPORT_EXTENSIONS.values(), max_bytes=limit)
        return upload


PENDING_MAX_AGE_SECONDS = 24 * 3600


def _import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "catalogue-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _purge_abandoned() -> None:
    """Uploads previewed but never confirmed nor cancelled are dropped after a day."""
    limit = time.time() - PENDING_MAX_AGE_SECONDS
    for path in _import_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _run_import(
    path: Path, kind: str, *, by: Any, department: Department | None, dry_run: bool
) -> ImportReport:
    data = path.read_bytes()
    if kind == "turtle":
        return import_dcat_turtle(data, by=by, department=department, dry_run=dry_run)
    return import_dataset_table(
        data, file_format=kind, by=by, department=department, dry_run=dry_run
    )


def _pending(request: HttpRequest, token: str) -> dict[str, Any]:
    pending = request.session.get(SESSION_KEY, {}).get(token) if TOKEN_RE.match(token) else None
    if pending is None:
        raise Http404(_("This import is no longer pending. Upload the file again."))
    return pending


@desk_operator_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload, then a dry run: the preview says what would be created or updated, or why not."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _purge_abandoned()
        upload = form.cleaned_data["file"]
        kind = IMPORT_EXTENSIONS[Path(upload.name).suffix.lower()]
        token = uuid.uuid4().hex
        path = _import_dir() / f"{token}.{kind}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        department = form.cleaned_data["department"]
        report = _run_import(path, kind, by=request.user, department=department, dry_run=True)
        if report.ok:
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {
                "kind": kind,
                "name": upload.name,
                "department": department.pk if department else None,
            }
            request.session[SESSION_KEY] = pending
        else:
            path.unlink(missing_ok=True)
        return render(
            request,
            "catalogue/exchange/import_preview.html",
            {
                "report": report,
                "token": token if report.ok else "",
                "filename": upload.name,
                "kind": kind,
            },
            status=200 if report.ok else 422,
        )
    return render(
        request,
        "catalogue/exchange/import_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@desk_operator_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Run the previewed import for real: all rows or none."""
    pending = _pending(request, token)
    path = _import_dir() / f"{token}.{pending['kind']}"
    if not path.exists():
        raise Http404(_("This import is no longer pending. Upload the file again."))
    department = (
        Department.objects.filter(pk=pending["department"]).first()
        if pending["department"]
        else None
    )
    report = _run_import(
        path, pending["kind"], by=request.user, department=department, dry_run=False
    )
    path.unlink(missing_ok=True)
    sessions = request.session.get(SESSION_KEY, {})
    sessions.pop(token, None)
    request.session[SESSION_KEY] = sessions
    return render(
        request,
        "catalogue/exchange/import_preview.html",
        {
            "report": report,
            "token": "",
            "filename": pending["name"],
            "kind": pending["kind"],
            "done": True,
        },
        status=200 if report.ok else 422,
    )


@desk_operator_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    pending = _pending(request, token)
    (_import_dir() / f"{token}.{pending['kind']}").unlink(missing_ok=True)
    sessions = request.session.get(SESSION_KEY, {})
    sessions.pop(token, None)
    request.session[SESSION_KEY] = sessions
    return redirect("catalogue:import-start")


@desk_operator_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The catalogue in the import format: a template, and a way to edit sheets in bulk."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    queryset = (
        Dataset.objects.order_by("slug")
        if request.GET.get("with") == "all"
        else Dataset.objects.none()
    )
    body = export_table(queryset, fmt)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=content_type)
    name = "catalogue" if request.GET.get("with") == "all" else "catalogue-template"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
