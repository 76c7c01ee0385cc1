"""The project intake form: start a draft (from the catalogue or from scratch), fill it section
by section (every save persists what is valid), see the live fee estimate, submit.

The same pages serve the desk when it completes a request opened on someone's behalf."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalogue.models import Dataset
from guichet import domain
from guichet.downloads import find_hidden_attachment, record_attachment_access, serve_attachment
from guichet.forms import (
    SECTION_BY_SLUG,
    SECTIONS,
    AttachmentForm,
    DatasetSelectionForm,
    ExtraQuestionsForm,
    OrganisationChoiceForm,
    ServicesForm,
    TeamFormSet,
    problems_with_sections,
    section_fields,
    section_form_class,
)
from guichet.models import AccessRequest, AttachmentKind, FormQuestion, Organisation, RequestState
from guichet.permissions import visible_attachments
from guichet.views_common import base_template, get_visible_request, is_desk, run_domain

# --- Starting a request --------------------------------------------------------------------------


@login_required
def new_request(request: HttpRequest) -> HttpResponse:
    """Start a draft; from a catalogue sheet the dataset comes preselected."""
    slug = request.GET.get("dataset") or request.POST.get("dataset") or ""
    dataset = Dataset.objects.published().filter(slug=slug).first() if slug else None
    error = ""
    if request.method == "POST":
        title = (request.POST.get("title") or "").strip()
        if not title:
            error = _("Give your project a working title; you can change it later.")
        else:
            created: list[AccessRequest] = []
            ok, response, problems = run_domain(
                request,
                None,
                lambda: created.append(
                    domain.request_create(
                        by=request.user, title=title[:300], datasets=[dataset] if dataset else []
                    )
                ),
            )
            if response is not None:
                return response
            if ok:
                messages.success(
                    request,
                    _("Your draft %(ref)s is saved. Fill in the sections at your own pace.")
                    % {"ref": created[0].reference},
                )
                return redirect("requests:edit", pk=created[0].pk, section="people")
            error = problems[0] if problems else ""
    assert request.user.is_authenticated  # @login_required
    organisations = Organisation.objects.filter(members=request.user)
    return render(
        request,
        "guichet/intake/start.html",
        {
            "dataset": dataset,
            "error": error,
            "has_organisation": organisations.exists(),
            "base_template": base_template(request.user),
        },
    )


# --- Editing a section ---------------------------------------------------------------------------


def _section_urls(access_request: AccessRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "url": reverse("requests:edit", kwargs={"pk": access_request.pk, "section": s.slug}),
        }
        for s in SECTIONS
    ]


def _next_section(slug: str) -> str:
    slugs = [s.slug for s in SECTIONS]
    index = slugs.index(slug)
    return slugs[min(index + 1, len(slugs) - 1)]


def _detail_url(user: Any, access_request: AccessRequest) -> str:
    if is_desk(user):
        return reverse("requests:staff-detail", kwargs={"pk": access_request.pk})
    return reverse("requests:my-detail", kwargs={"pk": access_request.pk})


def _update(request: HttpRequest, access_request: AccessRequest, changes: dict[str, Any]) -> list:
    """Save valid changes; returns problems (model validation or refusal) to show."""
    if not changes:
        return []
    try:
        domain.request_update(access_request, by=request.user, changes=changes)
    except ValidationError as error:
        access_request.refresh_from_db()
        return [m for messages_ in error.message_dict.values() for m in messages_]
    except domain.PipelineError as error:
        access_request.refresh_from_db()
        return error.problems or [error.message]
    return []


def _organisations_for(user: Any, access_request: AccessRequest) -> Any:
    if is_desk(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(members=user).order_by("name")


def _people_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    post = request.POST if request.method == "POST" else None
    team_initial = [
        {
            "name": m.name,
            "email": m.email,
            "affiliation": m.affiliation,
            "role": m.role,
            "will_access_data": m.will_access_data,
        }
        for m in access_request.team.all()
    ]
    return {
        "org_form": OrganisationChoiceForm(
            post,
            organisations=_organisations_for(request.user, access_request),
            initial={"organisation": access_request.organisation_id},
        ),
        "team_formset": TeamFormSet(post, initial=team_initial, prefix="team"),
    }


def _save_people(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list[str]:
    problems: list[str] = []
    org_form = ctx["org_form"]
    org_form.is_valid()
    changes = org_form.valid_changes()
    if changes.get("organisation") is not None:
        problems += _update(request, access_request, changes)
    formset = ctx["team_formset"]
    formset.is_valid()
    members = [
        f.cleaned_data
        for f in formset.forms
        if not f.errors
        and getattr(f, "cleaned_data", None)
        and not f.is_blank()
        and not f.cleaned_data.get("DELETE")
    ]
    invalid = [f for f in formset.forms if f.errors]
    _ok, _response, more = run_domain(
        request,
        access_request,
        lambda: domain.request_set_team(access_request, by=request.user, members=members),
    )
    problems += more
    if invalid:
        problems.append(_("Some team members could not be saved: see the fields marked."))
    return problems


def _data_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    post = request.POST if request.method == "POST" else None
    selected = list(access_request.requested_datasets.values_list("dataset_id", flat=True))
    return {
        "datasets_form": DatasetSelectionForm(
            post, selected_ids=selected, initial={"datasets": selected}
        )
    }


def _save_data(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list[str]:
    form = ctx["datasets_form"]
    if not form.is_valid():
        return [_("Some datasets could not be selected.")]
    _ok, _response, problems = run_domain(
        request,
        access_request,
        lambda: domain.request_set_datasets(
            access_request, by=request.user, datasets=form.cleaned_data["datasets"]
        ),
    )
    return problems


def _offer_services() -> list[Any]:
    from offers.models import Service

    return list(Service.objects.filter(is_active=True).order_by("category", "position", "code"))


def _wanted_quantities(access_request: AccessRequest) -> dict[int, Decimal]:
    return {row.service_id: row.quantity for row in access_request.requested_services.all()}


def _services_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    post = request.POST if request.method == "POST" else None
    services = _offer_services()
    form = ServicesForm(
        post, services=services, initial_quantities=_wanted_quantities(access_request)
    )
    return {"services_form": form, "estimate": _estimate_for(access_request, None)}


def set_services(
    access_request: AccessRequest, *, by: Any, selections: list[tuple[Any, Decimal]]
) -> None:
    """Replace the wished-for services."""
    domain.request_set_services(access_request, by=by, selections=selections)


def _save_services(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list[str]:
    form = ctx["services_form"]
    form.is_valid()
    _ok, _response, problems = run_domain(
        request,
        access_request,
        lambda: set_services(access_request, by=request.user, selections=form.selections()),
    )
    if form.errors:
        problems.append(_("Some quantities are not valid: see the fields marked."))
    ctx["estimate"] = _estimate_for(access_request, form.selections() if form.errors else None)
    return problems


def _estimate_for(access_request: AccessRequest, selections: Any) -> dict[str, Any]:
    """A non-binding fee estimate from the current public offer, or why there is none."""
    from offers.domain.errors import OfferDomainError
    from offers.domain.quotes import estimate_fees

    organisation = access_request.organisation
    actor_type = getattr(organisation, "actor_type", None)
    if actor_type is None:
        return {"problem": _("Say which organisation you belong to (and its type) to see fees.")}
    if selections is None:
        selections = [
            (row.service, row.quantity)
            for row in access_request.requested_services.select_related("service")
        ]
    try:
        estimate = estimate_fees(
            actor_type=actor_type,
            selections=selections,
            use_case=access_request.use_case,
            access_mode=access_request.access_mode,
        )
    except (ValidationError, OfferDomainError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return {"problem": text}
    return {"estimate": estimate.public_dict()}


def _questions(access_request: AccessRequest) -> list[FormQuestion]:
    definition = access_request.form_definition
    if definition is None:
        from guichet.models import FormDefinition

        definition = FormDefinition.current()
    if definition is None:
        return []
    return list(definition.questions.all())


def _questions_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    questions = _questions(access_request)
    answers = {a.question_id: a for a in access_request.answers.select_related("attachment")}
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return {
        "questions_form": ExtraQuestionsForm(post, files, questions=questions, answers=answers),
        "has_questions": bool(questions),
    }


def _save_questions(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list[str]:
    form = ctx["questions_form"]
    form.is_valid()
    values: dict[str, Any] = form.answer_values()
    problems: list[str] = []
    for question, uploaded in form.uploaded_files():
        try:
            values[question.code] = domain.attachment_add(
                access_request,
                by=request.user,
                uploaded_file=uploaded,
                kind=AttachmentKind.FORM_ANSWER,
            )
        except domain.PipelineError as error:
            problems += error.problems or [error.message]
    if values:
        _ok, _response, more = run_domain(
            request,
            access_request,
            lambda: domain.answers_save(access_request, by=request.user, answers=values),
        )
        problems += more
    if form.errors:
        problems.append(_("Some answers are not valid: see the fields marked."))
    return problems


def _attachments_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return {"attachment_form": AttachmentForm(post, files)}


def _save_attachments(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list:
    form = ctx["attachment_form"]
    if not request.FILES:
        return []
    if not form.is_valid():
        return [e for errors in form.errors.values() for e in errors]
    ok, _response, problems = run_domain(
        request,
        access_request,
        lambda: domain.attachment_add(
            access_request,
            by=request.user,
            uploaded_file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        ),
        success=_("File added."),
    )
    if ok:
        ctx["attachment_form"] = AttachmentForm()
    return problems


def _fields_context(request: HttpRequest, access_request: AccessRequest, section: Any) -> dict:
    form_class = section_form_class(section)
    post = request.POST if request.method == "POST" else None
    return {"section_form": form_class(post, instance=access_request)}


def _save_fields(request: HttpRequest, access_request: AccessRequest, ctx: dict) -> list[str]:
    form = ctx["section_form"]
    form.is_valid()
    problems = _update(request, access_request, form.valid_changes())
    if form.errors:
        problems.append(_("Some fields are not valid: they were not saved. See the fields marked."))
    return problems


@login_required
def edit_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    access_request = get_visible_request(
        request,
        pk,
        queryset=AccessRequest.objects.select_related(
            "organisation__actor_type", "form_definition", "access_mode", "use_case"
        ),
    )
    current = SECTION_BY_SLUG.get(section)
    if current is None:
        raise Http404
    if not domain.can_edit_request(access_request, request.user):
        messages.info(request, _("This request can no longer be edited."))
        return redirect(_detail_url(request.user, access_request))

    ctx: dict[str, Any] = {}
    builders = {
        "people": (_people_context, _save_people),
        "data": (_data_context, _save_data),
        "services": (_services_context, _save_services),
        "questions": (_questions_context, _save_questions),
        "attachments": (_attachments_context, _save_attachments),
    }
    if section_fields(current):
        ctx.update(_fields_context(request, access_request, current))
    if section in builders:
        ctx.update(builders[section][0](request, access_request))

    problems: list[str] = []
    if request.method == "POST":
        if "section_form" in ctx:
            problems += _save_fields(request, access_request, ctx)
        if section in builders:
            problems += builders[section][1](request, access_request, ctx)
        if not problems:
            messages.success(request, _("Saved."))
            if request.POST.get("go") == "next":
                return redirect(
                    "requests:edit", pk=access_request.pk, section=_next_section(section)
                )
            return redirect("requests:edit", pk=access_request.pk, section=section)
        messages.warning(
            request, _("What was valid is saved. Correct the points below and save again.")
        )

    return render(
        request,
        "guichet/intake/section.html",
        {
            **ctx,
            "access_request": access_request,
            "section": current,
            "sections": _section_urls(access_request),
            "problems": problems,
            "submission_problems": problems_with_sections(
                domain.submission_problems(access_request)
            )
            if section == "submit"
            else [],
            "attachments": access_request.attachments.filter(message__isnull=True)
            if section == "attachments"
            else [],
            "can_submit": domain.can_fire(access_request, "submit", request.user)
            and access_request.state == RequestState.DRAFT,
            "detail_url": _detail_url(request.user, access_request),
            "base_template": base_template(request.user),
        },
        status=200,
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    ok, response, _problems = run_domain(
        request,
        access_request,
        lambda: domain.request_submit(access_request, by=request.user),
        success=_("Your request is submitted. The desk will start checking it shortly."),
    )
    if response is not None:
        return response
    if ok:
        return redirect(_detail_url(request.user, access_request))
    return redirect("requests:edit", pk=access_request.pk, section="submit")


@login_required
@require_POST
def estimate(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the fee estimate for the quantities typed, without saving them."""
    access_request = get_visible_request(
        request,
        pk,
        queryset=AccessRequest.objects.select_related("organisation__actor_type", "access_mode"),
    )
    form = ServicesForm(request.POST, services=_offer_services())
    form.is_valid()
    context = _estimate_for(access_request, form.selections())
    if form.errors:
        context = {"problem": _("Some quantities are not valid numbers.")}
    return render(request, "guichet/intake/_estimate.html", context)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    attachment = get_object_or_404(access_request.attachments, pk=attachment_pk)
    run_domain(
        request,
        access_request,
        lambda: domain.attachment_remove(attachment, by=request.user),
        success=_("File removed."),
    )
    return redirect("requests:edit", pk=access_request.pk, section="attachments")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Files are read back only here, after the permission check; every attempt is logged."""
    attachment = (
        visible_attachments(request.user)
        .select_related("request")
        .filter(request_id=pk, pk=attachment_pk)
        .first()
    )
    if attachment is None:
        hidden = find_hidden_attachment(request_id=pk, pk=attachment_pk)
        if hidden is not None:
            record_attachment_access(request, hidden, denied=True)
        raise Http404
    return serve_attachment(request, attachment)
