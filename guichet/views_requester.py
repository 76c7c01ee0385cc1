"""The requester's side: "My requests" with a plain-language status and next step, the request
page (answers, messages, documents, quote, follow-up) and the requester's own actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import CriteriaSet
from guichet import domain
from guichet.forms import (
    ActionForm,
    FollowUpForm,
    MessageForm,
    PublicationForm,
    RelevanceForm,
)
from guichet.models import (
    AccessRequest,
    AttachmentKind,
    Message,
    RequestDataset,
    RequestState,
)
from guichet.permissions import visible_requests
from guichet.plugins import collect
from guichet.views_common import get_visible_request, run_domain

S = RequestState


@dataclass(frozen=True)
class PlainStatus:
    headline: str
    next_step: str
    tone: str  # badge tone: ok / warn / danger / muted / ""
    needs_you: bool = False


def plain_status(access_request: AccessRequest) -> PlainStatus:
    """What the requester needs to know, in plain words, with the expected date if any."""
    due = formats.date_format(access_request.due_on, "DATE_FORMAT") if access_request.due_on else ""
    by_due = (_(" Expected by %(date)s.") % {"date": due}) if due else ""
    state = access_request.state
    texts: dict[str, tuple[str, str, str, bool]] = {
        S.DRAFT: (
            _("Draft: not sent yet"),
            _(
                "Complete the form and submit it when ready; “Validate and submit” lists what "
                "is missing."
            ),
            "muted",
            True,
        ),
        S.SUBMITTED: (
            _("Received by the desk"),
            _("The desk will start checking your application.") + by_due,
            "",
            False,
        ),
        S.SCREENING: (
            _("The desk is checking your application"),
            _("The desk checks that the application is complete and fits its objectives.") + by_due,
            "",
            False,
        ),
        S.INFORMATION_REQUESTED: (
            _("The desk needs more information from you"),
            _("Read the desk's question below and answer it; the clock is paused meanwhile.")
            + (_(" Please answer by %(date)s.") % {"date": due} if due else ""),
            "warn",
            True,
        ),
        S.IN_REVIEW: (
            _("Your project is being reviewed"),
            _(
                "Scientific and legal experts give their opinion in parallel; then the committee "
                "decides."
            )
            + (_(" Expected decision by %(date)s.") % {"date": due} if due else ""),
            "",
            False,
        ),
        S.COMMITTEE: (
            _("Awaiting the committee's decision"),
            _("The feasibility committee will decide at its next meeting.")
            + (_(" Expected decision by %(date)s.") % {"date": due} if due else ""),
            "",
            False,
        ),
        S.APPROVED: (
            _("Approved"),
            _("The desk will send you a quote for the services needed."),
            "ok",
            False,
        ),
        S.APPROVED_WITH_CONDITIONS: (
            _("Approved with conditions"),
            _("Read the conditions below; the desk will send you a quote."),
            "ok",
            False,
        ),
        S.NEGOTIATION: (
            _("Quote and terms being agreed"),
            _("Check the quote below and tell the desk if anything should change.") + by_due,
            "",
            True,
        ),
        S.CONTRACTING: (
            _("Contract being drafted"),
            _("The legal team prepares the contract from the standard template.") + by_due,
            "",
            False,
        ),
        S.SIGNED: (
            _("Contract signed"),
            _("The desk prepares your data access.") + by_due,
            "ok",
            False,
        ),
        S.PROVISIONING: (
            _("Your data are being prepared"),
            _("The technical team builds your dataset and opens your access.") + by_due,
            "",
            False,
        ),
        S.IN_PROGRESS: (
            _("Project in progress"),
            _("Report your publications as they come out, and rate the datasets you used."),
            "ok",
            True,
        ),
        S.CLOSING: (
            _("Project closing"),
            _("Confirm the deletion of the data and send a short summary of the results."),
            "warn",
            True,
        ),
        S.CLOSED: (
            _("Closed"),
            _("Thank you. The results are on the public register."),
            "muted",
            False,
        ),
        S.REJECTED: (
            _("Not approved"),
            _("The desk's reason is given below. You may submit a new request."),
            "danger",
            False,
        ),
        S.WITHDRAWN: (_("Withdrawn"), _("You withdrew this request."), "muted", False),
        S.ON_HOLD: (
            _("On hold"),
            _("The desk has paused this request; the reason is in the timeline."),
            "warn",
            False,
        ),
    }
    headline, next_step, tone, needs_you = texts.get(state, (str(state), "", "", False))
    return PlainStatus(headline, next_step, tone, needs_you)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    own = Q(requester=request.user) | Q(organisation__members=request.user)
    rows = (
        visible_requests(request.user)
        .filter(own)
        .distinct()
        .select_related("organisation")
        .annotate(n_datasets=Count("requested_datasets", distinct=True))
        .order_by("-updated_at")
    )
    items = [(r, plain_status(r)) for r in rows]
    return render(
        request,
        "guichet/requester/my_requests.html",
        {"items": items, "base_template": "base.html"},
    )


def _requester_queryset() -> Any:
    return AccessRequest.objects.select_related(
        "organisation",
        "requester",
        "project_type",
        "collaboration_level",
        "access_mode",
        "quote",
        "form_definition",
    ).prefetch_related(
        Prefetch(
            "requested_datasets",
            queryset=RequestDataset.objects.select_related("dataset"),
        ),
        "team",
        "requested_services__service",
        "answers__question",
        "answers__attachment",
    )


def _rejection_reason(access_request: AccessRequest, transitions: list[Any]) -> str:
    """The reason typed with the rejection, which the requester is owed on the site, not only
    in the e-mail."""
    if access_request.state != S.REJECTED:
        return ""
    rejections = [e for e in transitions if e.to_state == S.REJECTED]
    return rejections[-1].comment if rejections else ""


def _requester_context(request: HttpRequest, access_request: AccessRequest) -> dict[str, Any]:
    from guichet.permissions import visible_attachments, visible_events

    thread = (
        access_request.messages.filter(is_internal=False)
        .select_related("author")
        .prefetch_related("attachments")
    )
    events = visible_events(request.user).filter(request=access_request).select_related("actor")
    transitions = [e for e in events if e.is_transition]
    feedback_criteria = None
    criteria_set = CriteriaSet.objects.filter(code="default-quality").first()
    if criteria_set is not None:
        feedback_criteria = list(criteria_set.criteria.all())
    given = set(access_request.dataset_feedback.values_list("dataset_id", flat=True))
    follow_up = getattr(access_request, "follow_up", None)
    return {
        "access_request": access_request,
        "status": plain_status(access_request),
        "thread": thread,
        "events": transitions,
        "rejection_reason": _rejection_reason(access_request, transitions),
        "attachments": visible_attachments(request.user)
        .filter(request=access_request)
        .select_related("message"),
        "actions": [
            a
            for a in domain.available_actions(access_request, request.user)
            if a.code in {"withdraw", "submit"}
        ],
        "can_edit": domain.can_edit_request(access_request, request.user),
        "message_form": MessageForm(),
        "answer_form": ActionForm(),
        "follow_up": follow_up,
        "follow_up_form": FollowUpForm(
            staff=False,
            initial={
                "results_summary": getattr(follow_up, "results_summary", ""),
                "data_deletion_confirmed_on": getattr(
                    follow_up, "data_deletion_confirmed_on", None
                ),
            },
        ),
        "publication_form": PublicationForm(),
        "publications": access_request.publications.all(),
        "feedback_criteria": feedback_criteria,
        "feedback_given": given,
        "feedback_form": RelevanceForm(criteria=feedback_criteria or []),
        "show_follow_up": access_request.state in domain.FOLLOW_UP_STATES,
        "show_feedback": access_request.state in {S.IN_PROGRESS, S.CLOSING, S.CLOSED},
        "quote_visible": access_request.quote is not None
        and access_request.quote.status not in {"draft"},
        "base_template": "base.html",
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


def _detail_page(request: HttpRequest, pk: int, **overrides: Any) -> HttpResponse:
    """The request page; `overrides` replace context entries (a bound form with its errors)."""
    access_request = get_visible_request(request, pk, queryset=_requester_queryset())
    context = _requester_context(request, access_request)
    context["extra_panels"] = collect("nav", "requester_panels", request, access_request)
    context.update(overrides)
    return render(request, "guichet/requester/detail.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = ActionForm(request.POST)
    form.is_valid()
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.request_withdraw(
            access_request, by=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        success=_("Your request is withdrawn."),
    )
    return response or redirect("requests:my-detail", pk=pk)


@login_required
@require_POST
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        # Shown again with its errors, so the text typed is not lost with a refused file.
        return _detail_page(request, pk, message_form=form)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.message_post(
            access_request,
            by=request.user,
            body=form.cleaned_data["body"],
            files=form.uploaded(request.FILES),
        ),
        success=_("Message sent."),
    )
    return response or redirect("requests:my-detail", pk=pk)


@login_required
@require_POST
def answer_information(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the desk's request for information: the clock restarts."""
    access_request = get_visible_request(request, pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("requests:my-detail", pk=pk)
    files = form.uploaded(request.FILES)

    def answer() -> None:
        assert request.user.is_authenticated  # @login_required
        domain.request_provide_information(
            access_request, by=request.user, comment=form.cleaned_data["body"]
        )
        message = (
            Message.objects.filter(request=access_request, author=request.user)
            .order_by("-created_at", "-pk")
            .first()
        )
        for uploaded in files:
            domain.attachment_add(
                access_request,
                by=request.user,
                uploaded_file=uploaded,
                kind=AttachmentKind.OTHER,
                message=message,
            )

    _ok, response, _p = run_domain(
        request,
        access_request,
        answer,
        success=_("Thank you: your answer is sent and the desk resumes its check."),
    )
    return response or redirect("requests:my-detail", pk=pk)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = FollowUpForm(request.POST, request.FILES, staff=False)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("requests:my-detail", pk=pk)
    return _save_follow_up(request, access_request, form, "requests:my-detail")


def _save_follow_up(
    request: HttpRequest, access_request: AccessRequest, form: FollowUpForm, back: str
) -> HttpResponse:
    changes = form.changes()
    uploaded = form.cleaned_data.get("data_deletion_evidence_file")

    def save() -> None:
        if uploaded:
            changes["data_deletion_evidence"] = domain.attachment_add(
                access_request,
                by=request.user,
                uploaded_file=uploaded,
                kind=AttachmentKind.DELETION_EVIDENCE,
            )
        domain.follow_up_update(access_request, by=request.user, changes=changes)

    _ok, response, _p = run_domain(request, access_request, save, success=_("Follow-up saved."))
    return response or redirect(back, pk=access_request.pk)


@login_required
@require_POST
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    return _add_publication(request, access_request, "requests:my-detail")


def _add_publication(request: HttpRequest, access_request: AccessRequest, back: str) -> Any:
    form = PublicationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back, pk=access_request.pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.publication_report_add(access_request, by=request.user, **form.cleaned_data),
        success=_("Publication recorded. Thank you."),
    )
    return response or redirect(back, pk=access_request.pk)


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int, dataset_pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    row = get_object_or_404(
        access_request.requested_datasets.select_related("dataset"), dataset_id=dataset_pk
    )
    criteria_set = get_object_or_404(CriteriaSet, code="default-quality")
    form = RelevanceForm(request.POST, criteria=list(criteria_set.criteria.all()))
    if not form.is_valid():
        messages.error(request, _("Give a score for every criterion."))
        return redirect("requests:my-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.dataset_feedback_record(
            access_request,
            by=request.user,
            dataset=row.dataset,
            criteria_set=criteria_set,
            scores=form.scores(),
            comment=form.cleaned_data.get("comment", ""),
        ),
        success=_("Thank you for rating this dataset."),
    )
    return response or redirect("requests:my-detail", pk=pk)


__all__ = ["plain_status"]
