"""The standard library pages (legal staff edit; desk and managers read) and the default
template of strategic-perimeter cells. Thin: changes go through contracts.domain_library."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import domain_library as library
from contracts.context import PLACEHOLDERS
from contracts.forms import (
    ClauseCreateForm,
    ClauseVersionForm,
    PerimeterTemplateForm,
    TemplateClausesForm,
    TemplateCreateForm,
    TemplateFieldsForm,
)
from contracts.models import (
    Clause,
    ClauseCategory,
    ClauseVersion,
    ContractTemplate,
    PerimeterTemplate,
    TemplateClause,
)
from contracts.permissions import is_contract_staff
from contracts.preview import preview_html
from offers.models import PerimeterCell


def _reader(request: HttpRequest) -> None:
    if not is_contract_staff(request.user):
        raise PermissionDenied


def _editor(request: HttpRequest) -> None:
    if not library.can_edit_library(request.user):
        raise PermissionDenied


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def library_home(request: HttpRequest) -> HttpResponse:
    _reader(request)
    clauses = Clause.objects.prefetch_related(
        Prefetch("versions", queryset=ClauseVersion.objects.order_by("-number"))
    ).order_by("category", "code")
    by_category: dict[str, list[Clause]] = defaultdict(list)
    for clause in clauses:
        by_category[clause.category].append(clause)
    categories = [
        (label, by_category[value]) for value, label in ClauseCategory.choices if by_category[value]
    ]
    families: dict[str, list[ContractTemplate]] = defaultdict(list)
    for template in ContractTemplate.objects.order_by("code", "-version"):
        families[template.code].append(template)
    return render(
        request,
        "contracts/library/home.html",
        {
            "categories": categories,
            "families": sorted(families.items()),
            "can_edit": library.can_edit_library(request.user),
        },
    )


@login_required
def clause_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = ClauseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = library.clause_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Clause created."))
            return redirect("contracts:clause-detail", pk=version.clause_id)
    return render(
        request,
        "contracts/library/clause_form.html",
        {"form": form, "clause": None, "placeholders": PLACEHOLDERS},
    )


@login_required
def clause_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    clause = get_object_or_404(Clause, pk=pk)
    versions = list(clause.versions.order_by("-number").select_related("created_by"))
    used_in = (
        TemplateClause.objects.filter(clause_version__clause=clause)
        .select_related("template", "clause_version")
        .order_by("template__code", "-template__version")
    )
    return render(
        request,
        "contracts/library/clause_detail.html",
        {
            "clause": clause,
            "versions": versions,
            "used_in": used_in,
            "can_edit": library.can_edit_library(request.user),
        },
    )


@login_required
def clause_version_new(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    clause = get_object_or_404(Clause, pk=pk)
    latest = clause.versions.order_by("-number").first()
    initial = {}
    if latest is not None:
        initial = {
            name: getattr(latest, name) for name in ("title_fr", "title_en", "body_fr", "body_en")
        }
    form = ClauseVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = library.clause_new_version(clause, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(n)s saved; add it to a draft template to use it.")
                % {"n": version.number},
            )
            return redirect("contracts:clause-detail", pk=clause.pk)
    return render(
        request,
        "contracts/library/clause_form.html",
        {"form": form, "clause": clause, "placeholders": PLACEHOLDERS},
    )


@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = TemplateCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        try:
            template = library.template_create(by=request.user, code=code, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("contracts:template-edit", pk=template.pk)
    return render(request, "contracts/library/template_create.html", {"form": form})


def _template(pk: int) -> ContractTemplate:
    return get_object_or_404(
        ContractTemplate.objects.prefetch_related(
            "project_types", "actor_types", "collaboration_levels", "access_modes"
        ),
        pk=pk,
    )


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    template = _template(pk)
    items = template.template_clauses.select_related("clause_version__clause").order_by("position")
    family = ContractTemplate.objects.filter(code=template.code).order_by("-version")
    return render(
        request,
        "contracts/library/template_detail.html",
        {
            "template": template,
            "items": items,
            "family": family,
            "can_edit": library.can_edit_library(request.user),
            "contract_count": template.contracts.count(),
        },
    )


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    template = _template(pk)
    if not template.is_editable:
        messages.error(request, _("A published template is immutable: create a new version."))
        return redirect("contracts:template-detail", pk=template.pk)
    data = request.POST or None
    fields_form = TemplateFieldsForm(data, instance=template, prefix="t")
    clauses_form = TemplateClausesForm(data, template=template, prefix="c")
    if request.method == "POST" and fields_form.is_valid() and clauses_form.is_valid():
        cleaned = fields_form.cleaned_data
        rules = {name: cleaned.pop(name) for name in library.RULE_RELATIONS}
        try:
            library.template_update_draft(
                template,
                by=request.user,
                changes=cleaned,
                clause_versions=clauses_form.ordered_versions(),
                rules=rules,
            )
        except ValidationError as exc:
            _apply_errors(clauses_form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("contracts:template-detail", pk=template.pk)
    return render(
        request,
        "contracts/library/template_edit.html",
        {"template": template, "fields_form": fields_form, "clauses_form": clauses_form},
    )


def _template_action(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    _editor(request)
    template = _template(pk)
    try:
        result = action(template, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contracts:template-detail", pk=template.pk)
    messages.success(request, success)
    return redirect("contracts:template-detail", pk=getattr(result, "pk", template.pk))


@login_required
@require_POST
def template_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _template_action(
        request,
        pk,
        library.template_new_draft_from,
        _("Draft of the next version ready: edit it, then publish it."),
    )


@login_required
@require_POST
def template_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _template_action(
        request,
        pk,
        library.template_publish,
        _("Published; the previous version of this template is retired."),
    )


@login_required
@require_POST
def template_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _template_action(request, pk, library.template_retire, _("Template retired."))


@login_required
def template_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The document with sample data, as HTML (the PDF stylesheet is linked for the screen)."""
    _reader(request)
    template = _template(pk)
    language = request.GET.get("lang", "fr")
    if language not in {"fr", "en"}:
        language = "fr"
    document, problems = preview_html(template, language)
    banner = "".join(
        f'<p role="alert" style="background:#fde8e8;padding:.5em">{_escape(p)}</p>'
        for p in problems
    )
    link = f'<link rel="stylesheet" href="{static("contracts/contract_pdf.css")}">'
    document = document.replace("</head>", f"{link}</head>", 1).replace(
        "<body>", f"<body>{banner}", 1
    )
    response = HttpResponse(document)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


# --- Default template of strategic-perimeter cells ------------------------------------------------


@login_required
def perimeter_templates(request: HttpRequest) -> HttpResponse:
    if not library.can_set_perimeter_template(request.user):
        raise PermissionDenied
    if request.method == "POST":
        cell = get_object_or_404(PerimeterCell, pk=request.POST.get("cell"))
        form = PerimeterTemplateForm(request.POST)
        if form.is_valid():
            try:
                library.perimeter_template_set(
                    cell, by=request.user, template_code=form.cleaned_data["template_code"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Default template saved."))
        else:
            messages.error(request, _("Choose a published template."))
        return redirect(f"{request.path}?page={request.POST.get('page', 1)}")
    cells = PerimeterCell.objects.select_related(
        "dataset", "use_case__project_type", "use_case__actor_type"
    ).order_by("dataset__title_fr", "use_case_id")
    page = Paginator(cells, 50).get_page(request.GET.get("page"))
    links = dict(
        PerimeterTemplate.objects.filter(
            perimeter_cell_id__in=[cell.pk for cell in page]
        ).values_list("perimeter_cell_id", "template_code")
    )
    rows = [
        (cell, PerimeterTemplateForm(initial={"template_code": links.get(cell.pk, "")}))
        for cell in page
    ]
    return render(request, "contracts/library/perimeter.html", {"rows": rows, "page": page})
