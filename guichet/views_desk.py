"""The desk's pages: inbox (board or list, filters, CSV export), the request page with its
panels (answers, timeline, reviews, relevance, committee, messages, quote, follow-up) and
the actions. Every change goes through guichet.domain; pages only show what the user may do."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.spreadsheets import csv_download, csv_safe
from catalogue.models import CriteriaSet
from guichet import clocks, domain
from guichet.domain_access import can_read_trail, trail
from guichet.forms import (
    ActionForm,
    CommitteeDecisionForm,
    DisputeCloseForm,
    DisputeForm,
    FollowUpForm,
    InboxFilterForm,
    MessageForm,
    OnBehalfForm,
    PublicationForm,
    RelevanceForm,
    ReviewAddForm,
    reviewer_queryset,
)
from guichet.models import (
    TERMINAL_STATES,
    AccessRequest,
    Decision,
    Event,
    Organisation,
    RequestDataset,
    RequestState,
    Review,
)
from guichet.permissions import visible_attachments, visible_requests
from guichet.plugins import collect
from guichet.views_common import get_visible_request, is_desk, run_domain, staff_required
from guichet.views_requester import _add_publication, _save_follow_up

S = RequestState
BOARD_STATES = [
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.IN_REVIEW,
    S.COMMITTEE,
    S.APPROVED,
    S.APPROVED_WITH_CONDITIONS,
    S.NEGOTIATION,
    S.CONTRACTING,
    S.SIGNED,
    S.PROVISIONING,
    S.IN_PROGRESS,
    S.CLOSING,
    S.ON_HOLD,
]
PAGE_SIZE = 50
ACCESS_PANEL_SIZE = 20


# --- Inbox ---------------------------------------------------------------------------------------


def filtered_requests(user: Any, params: Any) -> tuple[InboxFilterForm, QuerySet[AccessRequest]]:
    form = InboxFilterForm(params or None)
    qs = visible_requests(user).select_related("organisation", "requester", "use_case")
    if not form.is_valid():
        return form, qs.exclude(state=S.DRAFT).order_by("due_on", "-created_at")
    data = form.cleaned_data
    state = data.get("state")
    if state == "open":
        qs = qs.exclude(state__in=[*TERMINAL_STATES, S.DRAFT])
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.exclude(state=S.DRAFT)
    if data.get("dataset"):
        qs = qs.filter(requested_datasets__dataset=data["dataset"])
    if data.get("use_case"):
        qs = qs.filter(use_case=data["use_case"])
    if data.get("reviewer"):
        qs = qs.filter(reviews__reviewer=data["reviewer"])
    if data.get("clock") == "overdue":
        qs = qs.filter(clocks.overdue_q())
    elif data.get("clock") == "due_soon":
        qs = qs.filter(clocks.due_soon_q())
    text = (data.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(acronym__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    if data.get("dataset") or data.get("reviewer"):
        qs = qs.distinct()
    return form, qs.order_by("due_on", "-created_at")


def _flag(access_request: AccessRequest, today: Any) -> str:
    if clocks.is_overdue(access_request, today=today):
        return "overdue"
    if clocks.is_due_soon(access_request, today=today):
        return "due_soon"
    return ""


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    form, qs = filtered_requests(request.user, request.GET)
    view = request.GET.get("view") or "list"
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "view": view}
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("view", None)
    context["query"] = query.urlencode()
    if view == "board":
        if not request.GET.get("state"):
            qs = qs.exclude(state__in=[*TERMINAL_STATES, S.DRAFT])
        rows = list(qs[:500])
        columns: OrderedDict[str, list] = OrderedDict((s, []) for s in BOARD_STATES)
        for r in rows:
            columns.setdefault(r.state, []).append((r, _flag(r, today)))
        context["columns"] = [
            (S(s).label, items) for s, items in columns.items() if items or s in BOARD_STATES
        ]
        context["truncated"] = len(rows) == 500
    else:
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = [(r, _flag(r, today)) for r in page.object_list]
    counts = dict(
        visible_requests(request.user)
        .exclude(state__in=TERMINAL_STATES)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    context["overdue_count"] = visible_requests(request.user).filter(clocks.overdue_q()).count()
    context["open_count"] = sum(n for s, n in counts.items() if s != S.DRAFT)
    context["can_create"] = is_desk(request.user)
    return render(request, "guichet/desk/inbox.html", context)


@staff_required
def export_csv(request: HttpRequest) -> HttpResponse:
    _form, qs = filtered_requests(request.user, request.GET)
    qs = qs.prefetch_related(
        Prefetch("requested_datasets", queryset=RequestDataset.objects.select_related("dataset"))
    )
    response, writer = csv_download("requests")
    writer.writerow(
        [
            _("Reference"),
            _("Title"),
            _("Organisation"),
            _("Requester"),
            _("State"),
            _("Use case"),
            _("Datasets"),
            _("First contact"),
            _("Submitted"),
            _("Decided"),
            _("Contract signed"),
            _("Data available"),
            _("Closed"),
            _("Due on"),
            _("Overdue"),
        ]
    )
    today = timezone.localdate()
    for r in qs.iterator(chunk_size=500):
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    r.reference,
                    r.title,
                    r.organisation.name if r.organisation else "",
                    r.requester.get_full_name() or r.requester.username,
                    r.get_state_display(),
                    r.use_case or "",
                    "; ".join(row.dataset.title for row in r.requested_datasets.all()),
                    _iso(r.first_contact_at),
                    _iso(r.submitted_at),
                    _iso(r.decided_at),
                    _iso(r.contract_signed_at),
                    _iso(r.data_available_at),
                    _iso(r.closed_at),
                    r.due_on.isoformat() if r.due_on else "",
                    _("yes") if clocks.is_overdue(r, today=today) else "",
                )
            ]
        )
    return response


def _iso(moment: Any) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


# --- Opening a request on someone's behalf ------------------------------------------------------


@staff_required
def new_on_behalf(request: HttpRequest) -> HttpResponse:
    if not is_desk(request.user):
        raise PermissionDenied
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        User = get_user_model()
        email = data["requester_email"].strip().lower()
        requester = User.objects.filter(email__iexact=email).first()
        if requester is None:
            requester = User(
                username=email[:150],
                email=email,
                first_name=data.get("requester_first_name", ""),
                last_name=data.get("requester_last_name", ""),
            )
            requester.set_unusable_password()
            requester.save()
            from django.contrib.auth.models import Group

            group = Group.objects.filter(name=Role.REQUESTER).first()
            if group is not None:
                requester.groups.add(group)
        organisation = data.get("organisation")
        if organisation is None and data.get("new_organisation_name"):
            organisation = Organisation.objects.create(name=data["new_organisation_name"])
        if organisation is not None:
            organisation.members.add(requester)
        first_contact = timezone.make_aware(datetime.combine(data["first_contact_on"], time(9)))
        created: list[AccessRequest] = []
        ok, response, problems = run_domain(
            request,
            None,
            lambda: created.append(
                domain.request_create(
                    by=request.user,
                    requester=requester,
                    organisation=organisation,
                    first_contact_at=first_contact,
                    title=data["title"],
                    summary=data.get("summary", ""),
                )
            ),
        )
        if response is not None:
            return response
        if ok:
            messages.success(
                request,
                _("Request %(ref)s opened on behalf of %(who)s. Complete the form from the e-mail.")
                % {"ref": created[0].reference, "who": requester.email},
            )
            return redirect("requests:edit", pk=created[0].pk, section="project")
        for problem in problems:
            form.add_error(None, problem)
    return render(request, "guichet/desk/new_on_behalf.html", {"form": form})


# --- The request page ----------------------------------------------------------------------------


def _detail_queryset() -> QuerySet[AccessRequest]:
    return AccessRequest.objects.select_related(
        "organisation__actor_type",
        "requester",
        "created_by",
        "project_type",
        "collaboration_level",
        "use_case",
        "access_mode",
        "quote",
        "form_definition",
    ).prefetch_related(
        Prefetch(
            "requested_datasets",
            queryset=RequestDataset.objects.select_related(
                "dataset__department", "dataset__steward", "relevance"
            ),
        ),
        "team",
        "requested_services__service",
        "answers__question",
        "answers__attachment",
        Prefetch("events", queryset=Event.objects.select_related("actor").order_by("at", "pk")),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewer", "department").order_by("kind", "pk"),
        ),
        "committee_decisions__meeting",
        "publications",
        "disputes",
        "dataset_feedback__dataset",
        "dataset_feedback__assessment",
    )


def _timeline(access_request: AccessRequest) -> list[dict[str, Any]]:
    """Events with, for transitions, the time spent in the state they left."""
    events = list(access_request.events.all())
    spans = clocks.state_spans(access_request, events)
    now = timezone.now()
    by_start = {span.start: span for span in spans}
    rows = []
    for event in events:
        span = by_start.get(event.at) if event.is_transition else None
        rows.append(
            {
                "event": event,
                "span_calendar": span.calendar(now) if span else None,
                "span_working": span.working_days(now) if span else None,
                "current": span is not None and span.end is None,
            }
        )
    return rows


def _criteria_set() -> CriteriaSet | None:
    return (
        CriteriaSet.objects.filter(is_active=True)
        .order_by("-is_default", "name_fr")
        .prefetch_related("criteria")
        .first()
    )


def _quote_context(access_request: AccessRequest) -> dict[str, Any]:
    quote = access_request.quote
    lines = list(quote.lines.all()) if quote else []
    return {"quote": quote, "quote_lines": lines}


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


def _detail_page(request: HttpRequest, pk: int, **overrides: Any) -> HttpResponse:
    """The request page; `overrides` replace context entries (a bound form with its errors)."""
    access_request = get_visible_request(request, pk, queryset=_detail_queryset())
    user = request.user
    desk = is_desk(user)
    criteria_set = _criteria_set()
    criteria = list(criteria_set.criteria.all()) if criteria_set else []
    follow_up = getattr(access_request, "follow_up", None)
    actions = domain.available_actions(access_request, user)
    events = _timeline(access_request)
    from guichet.permissions import visible_reviews

    reviews = list(access_request.reviews.all())
    readable = set(
        visible_reviews(user).filter(request=access_request).values_list("pk", flat=True)
    )
    context = {
        "access_request": access_request,
        "actions": [a for a in actions if not a.needs_form],
        "decision_actions": [a for a in actions if a.needs_form or a.code == "reject"],
        "can_decide": any(a.code in {"approve", "approve_with_conditions"} for a in actions),
        "can_edit": domain.can_edit_request(access_request, user),
        "timeline": events,
        "durations": clocks.time_in_states(access_request, events=[e["event"] for e in events]),
        "information_requests": sum(1 for e in events if e["event"].action == "ask_information"),
        "reviews": [(r, r.pk in readable) for r in reviews],
        "review_add_form": ReviewAddForm()
        if desk and access_request.state == S.IN_REVIEW
        else None,
        "reviewers": reviewer_queryset() if desk else [],
        "criteria_set": criteria_set,
        "relevance_form": RelevanceForm(criteria=criteria) if criteria else None,
        "committee_form": CommitteeDecisionForm(),
        "decisions": access_request.committee_decisions.all(),
        "thread": domain.visible_messages(access_request, user),
        "message_form": MessageForm(staff=True),
        "can_write": domain.can_post_message(access_request, user),
        "attachments": visible_attachments(user).filter(request=access_request),
        "follow_up": follow_up,
        "follow_up_form": FollowUpForm(
            staff=desk,
            initial={
                f: getattr(follow_up, f, None)
                for f in (
                    "access_granted_on",
                    "access_mode",
                    "extra_technical_work",
                    "extra_technical_work_description",
                    "results_summary",
                    "data_deletion_confirmed_on",
                )
            },
        ),
        "show_follow_up": access_request.state in domain.FOLLOW_UP_STATES,
        "publication_form": PublicationForm(),
        "dispute_form": DisputeForm(),
        "dispute_close_form": DisputeCloseForm(),
        "closing_problems": domain.closing_problems(access_request)
        if access_request.state == S.CLOSING
        else [],
        "can_build_quote": desk
        and access_request.state in {S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.NEGOTIATION},
        "register_entry": getattr(access_request, "register_entry", None),
        "flag": _flag(access_request, timezone.localdate()),
        "days_left": clocks.working_days_left(access_request),
        "is_desk": desk,
        "document_accesses": list(trail(request=access_request)[:ACCESS_PANEL_SIZE])
        if can_read_trail(user)
        else None,
        **_quote_context(access_request),
        # Panels contributed by later apps (contracts), without guichet importing them.
        "extra_panels": collect("nav", "request_panels", request, access_request),
        **overrides,
    }
    return render(request, "guichet/desk/detail.html", context)


@staff_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    spec = domain.action_for_slug(action)
    if spec is None:
        raise Http404
    if spec.needs_form:
        return redirect("requests:committee", pk=pk)
    # The domain says why an action is refused: wrong step (409) or not yours (403).
    form = ActionForm(request.POST)
    form.is_valid()
    ok, response, problems = run_domain(
        request,
        access_request,
        lambda: domain.run_action(
            access_request,
            spec.code,
            by=request.user,
            comment=form.cleaned_data.get("comment", ""),
        ),
        success=_("Done: %(action)s.") % {"action": spec.label},
    )
    if response is not None:
        return response
    for problem in problems[1:]:
        messages.error(request, problem)
    if not ok and problems:
        return render(
            request,
            "guichet/desk/action_refused.html",
            {"access_request": access_request, "problems": problems, "spec": spec},
            status=getattr(problems, "status", 400),
        )
    return redirect("requests:staff-detail", pk=pk)


@staff_required
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    if not any(
        domain.can_fire(access_request, code, request.user)
        for code in ("approve", "approve_with_conditions", "reject")
    ):
        if access_request.state != S.COMMITTEE:
            messages.error(request, _("The request is not at the committee step."))
            return redirect("requests:staff-detail", pk=pk)
        raise PermissionDenied
    form = CommitteeDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = data.get("meeting")

        def decide() -> None:
            chosen = meeting
            if chosen is None and data.get("meeting_date"):
                chosen = domain.committee_meeting_create(
                    by=request.user,
                    date=data["meeting_date"],
                    members_present=data.get("members_present") or [],
                )
            domain.committee_decide(
                access_request,
                by=request.user,
                decision=data["decision"],
                conditions=data.get("conditions", ""),
                minutes=data.get("minutes", ""),
                meeting=chosen,
            )

        ok, response, problems = run_domain(
            request, access_request, decide, success=_("The committee's decision is recorded.")
        )
        if response is not None:
            return response
        if ok:
            return redirect("requests:staff-detail", pk=pk)
        for problem in problems:
            form.add_error(None, problem)
    reviews = access_request.reviews.select_related("reviewer").order_by("kind")
    return render(
        request,
        "guichet/desk/committee.html",
        {"access_request": access_request, "form": form, "reviews": reviews, "Decision": Decision},
    )


@staff_required
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = ReviewAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("requests:staff-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.review_add(access_request, by=request.user, **form.cleaned_data),
        success=_("Reviewer added."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


@staff_required
@require_POST
def review_assign(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    review = get_object_or_404(access_request.reviews, pk=review_pk)
    reviewer = reviewer_queryset().filter(pk=request.POST.get("reviewer") or 0).first()
    if reviewer is None:
        messages.error(request, _("Choose a reviewer."))
        return redirect("requests:staff-detail", pk=pk)
    due_on = None
    if request.POST.get("due_on"):
        try:
            due_on = datetime.strptime(request.POST["due_on"], "%Y-%m-%d").date()
        except ValueError:
            messages.error(request, _("The due date is not a valid date."))
            return redirect("requests:staff-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.review_assign(review, by=request.user, reviewer=reviewer, due_on=due_on),
        success=_("Review assigned."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


@staff_required
@require_POST
def relevance(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    row = get_object_or_404(access_request.requested_datasets.select_related("dataset"), pk=row_pk)
    criteria_set = _criteria_set()
    if criteria_set is None:
        messages.error(request, _("No quality criteria set is configured."))
        return redirect("requests:staff-detail", pk=pk)
    form = RelevanceForm(request.POST, criteria=list(criteria_set.criteria.all()))
    if not form.is_valid():
        messages.error(request, _("Give a score for every criterion."))
        return redirect("requests:staff-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.relevance_record(
            row,
            by=request.user,
            criteria_set=criteria_set,
            scores=form.scores(),
            comment=form.cleaned_data.get("comment", ""),
        ),
        success=_("Relevance assessment recorded."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


@staff_required
@require_POST
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = MessageForm(request.POST, request.FILES, staff=True)
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
            is_internal=form.cleaned_data.get("is_internal", False),
            files=form.uploaded(request.FILES),
        ),
        success=_("Message sent."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


def link_quote(access_request: AccessRequest, quote: Any, *, by: Any) -> None:
    """Attach the quote to the request (through the domain when it offers the function)."""
    domain.request_set_quote(access_request, by=by, quote=quote)


@staff_required
@require_POST
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    """Build the quote from the requester's wishes, or send the current draft."""
    from offers.domain import quotes as offer_quotes
    from offers.domain.errors import OfferDomainError

    if not is_desk(request.user):
        raise PermissionDenied
    access_request = get_visible_request(
        request,
        pk,
        queryset=AccessRequest.objects.select_related(
            "organisation__actor_type", "use_case", "access_mode", "quote"
        ),
    )
    step = request.POST.get("step", "build")
    try:
        if step == "send" and access_request.quote is not None:
            domain.request_send_quote(access_request, by=request.user)
            messages.success(request, _("Quote sent to the requester."))
        else:
            actor_type = getattr(access_request.organisation, "actor_type", None)
            if actor_type is None:
                messages.error(request, _("Set the organisation's actor type first."))
                return redirect("requests:staff-detail", pk=pk)
            selections = [
                (row.service, row.quantity)
                for row in access_request.requested_services.select_related("service")
            ]
            built = offer_quotes.build_quote(
                datasets=[row.dataset for row in access_request.requested_datasets.all()],
                use_case=access_request.use_case,
                actor_type=actor_type,
                access_mode=access_request.access_mode,
                selections=selections,
                by=request.user,
                request_ref=access_request.reference,
                allow_below_cost=bool(request.POST.get("below_cost_reason")),
                below_cost_reason=request.POST.get("below_cost_reason", ""),
            )
            link_quote(access_request, built, by=request.user)
            messages.success(
                request,
                _("Quote %(ref)s built from the requester's wishes.") % {"ref": built.reference},
            )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except OfferDomainError as error:
        messages.error(request, str(error))
    except domain.PipelineError as error:
        messages.error(request, error.message)
    return redirect("requests:staff-detail", pk=pk)


@staff_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = FollowUpForm(request.POST, request.FILES, staff=is_desk(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("requests:staff-detail", pk=pk)
    return _save_follow_up(request, access_request, form, "requests:staff-detail")


@staff_required
@require_POST
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    return _add_publication(request, access_request, "requests:staff-detail")


@staff_required
@require_POST
def dispute_open(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the dispute."))
        return redirect("requests:staff-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.dispute_open(access_request, by=request.user, **form.cleaned_data),
        success=_("Dispute recorded."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


@staff_required
@require_POST
def dispute_close(request: HttpRequest, pk: int, dispute_pk: int) -> HttpResponse:
    access_request = get_visible_request(request, pk)
    dispute = get_object_or_404(access_request.disputes, pk=dispute_pk)
    form = DisputeCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the outcome."))
        return redirect("requests:staff-detail", pk=pk)
    _ok, response, _p = run_domain(
        request,
        access_request,
        lambda: domain.dispute_close(
            dispute, by=request.user, outcome=form.cleaned_data["outcome"]
        ),
        success=_("Dispute closed."),
    )
    return response or redirect("requests:staff-detail", pk=pk)


__all__ = ["csv_safe", "filtered_requests"]
