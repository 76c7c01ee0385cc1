"""Public pages: the transparency register and the patients' information page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from guichet import domain
from guichet.forms import RegisterEntryForm
from guichet.models import RegisterEntry, RegisterStatus
from guichet.views_common import run_domain, staff_required


def _public_entries() -> Any:
    return RegisterEntry.objects.filter(is_published=True).select_related("request")


def register_list(request: HttpRequest) -> HttpResponse:
    entries = _public_entries()
    status = request.GET.get("status", "")
    if status in RegisterStatus.values:
        entries = entries.filter(status=status)
    text = (request.GET.get("q") or "").strip()[:200]
    if text:
        entries = entries.filter(
            Q(public_title__icontains=text)
            | Q(public_purpose__icontains=text)
            | Q(organisation_name__icontains=text)
            | Q(datasets_text__icontains=text)
        )
    page = Paginator(entries.order_by("-approved_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "guichet/public/register.html",
        {
            "page": page,
            "status": status,
            "q": text,
            "statuses": RegisterStatus.choices,
            "can_edit": has_role(request.user, Role.DESK_OPERATOR, Role.MANAGER),
            "total": _public_entries().count(),
        },
    )


def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(_public_entries(), pk=pk)
    return render(
        request,
        "guichet/public/register_detail.html",
        {"entry": entry, "can_edit": has_role(request.user, Role.DESK_OPERATOR, Role.MANAGER)},
    )


@staff_required
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, Role.DESK_OPERATOR, Role.MANAGER):
        raise PermissionDenied
    entry = get_object_or_404(RegisterEntry.objects.select_related("request"), pk=pk)
    form = RegisterEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        entry.refresh_from_db()
        ok, _response, problems = run_domain(
            request,
            entry.request,
            lambda: domain.register_entry_update(entry, by=request.user, changes=changes),
            success=_("The public sheet is updated."),
        )
        if ok:
            return redirect("requests:register-detail", pk=entry.pk)
        for problem in problems:
            form.add_error(None, problem)
    return render(request, "guichet/public/register_edit.html", {"form": form, "entry": entry})


def patients(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    try:
        from offers.models import DeskConfiguration

        config = DeskConfiguration.get()
    except Exception:  # the page must render even before the desk is configured
        config = None
    context["patient_information_url"] = getattr(config, "patient_information_url", "")
    context["consent_procedure"] = getattr(config, "consent_procedure", "")
    context["contact_email"] = getattr(config, "contact_email", "") or getattr(
        config, "dpo_email", ""
    )
    context["contact_name"] = getattr(config, "contact_name", "")
    if not context["contact_email"]:
        from django.conf import settings

        context["contact_email"] = getattr(settings, "DEFAULT_FROM_EMAIL", "")
    return render(request, "guichet/public/patients.html", context)
