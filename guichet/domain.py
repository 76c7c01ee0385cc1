"""Every state change of the request pipeline, one function each.

A transition function checks the state machine and who may fire it, changes the request
inside one transaction together with its append-only Event, recomputes the step's deadline,
and queues e-mails with transaction.on_commit. Views and the API call these and nothing else.

Errors: `ActionNotAllowed` (the state does not allow it: HTTP 409), `ActionForbidden` (this
user may not: 403), `InvalidAction` (bad or missing input: 400, with `.problems`),
`ConcurrentTransition` from django-fsm (someone else moved the request first: 409)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from accounts.roles import Role, has_role
from accounts.uploads import upload_problems
from catalogue.models import Dataset
from guichet import clocks
from guichet.models import (
    TERMINAL_STATES,
    AccessRequest,
    Attachment,
    AttachmentKind,
    CommitteeDecision,
    CommitteeMeeting,
    DataForm,
    DatasetFeedback,
    Decision,
    Dispute,
    Event,
    FormAnswer,
    FormDefinition,
    FormQuestion,
    Message,
    Organisation,
    ProjectFollowUp,
    PublicationReport,
    QuestionKind,
    RegisterEntry,
    RegisterStatus,
    RequestDataset,
    RequestService,
    RequestState,
    Review,
    ReviewKind,
    ReviewOutcome,
    TeamMember,
    is_requester_for,
)

S = RequestState

__all__ = [
    "ACTIONS",
    "Action",
    "ActionForbidden",
    "ActionNotAllowed",
    "ConcurrentTransition",
    "InvalidAction",
    "PipelineError",
    "available_actions",
    "run_action",
    "submission_problems",
]


# --- Errors ------------------------------------------------------------------------------------


class PipelineError(Exception):
    status_code = 400

    def __init__(self, message: str, problems: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class ActionNotAllowed(PipelineError):
    """The request's current state does not allow this action."""

    status_code = 409


class ActionForbidden(PipelineError):
    status_code = 403


class InvalidAction(PipelineError):
    """Missing or bad input; `.problems` lists everything to fix."""

    status_code = 400


# --- The catalogue of actions ------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    code: str  # the model's @transition method and the domain function's suffix
    label: Any
    comment_required: bool = False
    comment_label: Any = ""
    danger: bool = False
    # Actions that need more than a comment (committee decision, review assignment) have
    # their own form; pages link to it instead of posting the action directly.
    needs_form: bool = False

    @property
    def slug(self) -> str:
        return self.code.replace("_", "-")


_REASON = gettext_lazy("Reason")
ACTION_SPECS: dict[str, ActionSpec] = {
    spec.code: spec
    for spec in [
        ActionSpec("submit", gettext_lazy("Submit the request")),
        ActionSpec("start_screening", gettext_lazy("Start screening")),
        ActionSpec(
            "ask_information",
            gettext_lazy("Ask the requester for information"),
            comment_required=True,
            comment_label=gettext_lazy("What is missing or unclear"),
        ),
        ActionSpec(
            "provide_information",
            gettext_lazy("Send the information requested"),
            comment_required=True,
            comment_label=gettext_lazy("Your answer"),
        ),
        ActionSpec("send_to_review", gettext_lazy("Send to review")),
        ActionSpec("send_to_committee", gettext_lazy("Send to committee")),
        ActionSpec("approve", gettext_lazy("Approve"), needs_form=True),
        ActionSpec(
            "approve_with_conditions",
            gettext_lazy("Approve with conditions"),
            comment_required=True,
            comment_label=gettext_lazy("Conditions"),
            needs_form=True,
        ),
        ActionSpec(
            "reject",
            gettext_lazy("Reject"),
            comment_required=True,
            comment_label=_REASON,
            danger=True,
        ),
        ActionSpec("start_negotiation", gettext_lazy("Start negotiation")),
        ActionSpec("start_contracting", gettext_lazy("Start contracting")),
        ActionSpec("mark_signed", gettext_lazy("Mark the contract signed")),
        ActionSpec("start_provisioning", gettext_lazy("Start data provisioning")),
        ActionSpec("start_project", gettext_lazy("Data available: start the project")),
        ActionSpec("start_closing", gettext_lazy("Start closing")),
        ActionSpec("close", gettext_lazy("Close the project")),
        ActionSpec(
            "withdraw",
            gettext_lazy("Withdraw the request"),
            comment_required=True,
            comment_label=_REASON,
            danger=True,
        ),
        ActionSpec(
            "put_on_hold",
            gettext_lazy("Put on hold"),
            comment_required=True,
            comment_label=_REASON,
        ),
        ActionSpec("resume", gettext_lazy("Resume")),
    ]
}
ACTIONS = tuple(ACTION_SPECS)


@dataclass(frozen=True)
class Action:
    """An action a user may take now on a request (for pages and the API)."""

    code: str
    slug: str
    label: str
    comment_required: bool
    comment_label: str
    danger: bool
    needs_form: bool
    target: str = ""

    @classmethod
    def from_spec(cls, spec: ActionSpec, target: str = "") -> Action:
        return cls(
            code=spec.code,
            slug=spec.slug,
            label=str(spec.label),
            comment_required=spec.comment_required,
            comment_label=str(spec.comment_label or (_("Comment"))),
            danger=spec.danger,
            needs_form=spec.needs_form,
            target=target,
        )


def action_for_slug(slug: str) -> ActionSpec | None:
    return ACTION_SPECS.get(slug.replace("-", "_"))


def _bound(request: AccessRequest, code: str) -> Any:
    return getattr(request, code)


def can_fire(request: AccessRequest, code: str, user: Any) -> bool:
    return has_transition_perm(_bound(request, code), user)


def available_actions(request: AccessRequest, user: Any) -> list[Action]:
    """The transitions this user may fire now, in pipeline order."""
    actions = []
    for spec in ACTION_SPECS.values():
        method = _bound(request, spec.code)
        if not can_proceed(method):
            continue
        if not has_transition_perm(method, user):
            continue
        target = method._django_fsm.next_state(request.state)
        actions.append(Action.from_spec(spec, target if isinstance(target, str) else ""))
    return actions


# --- The transition engine ---------------------------------------------------------------------


def _event(
    request: AccessRequest,
    action: str,
    *,
    by: Any,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> Event:
    return Event.objects.create(
        request=request,
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        payload=payload or {},
    )


def _on_commit_notify(event: Event) -> None:
    from guichet import notifications

    event_id = event.pk
    transaction.on_commit(lambda: notifications.event_happened(event_id))


def _fire(
    request: AccessRequest,
    code: str,
    *,
    by: Any,
    comment: str = "",
    payload: dict[str, Any] | None = None,
    check_permission: bool = True,
    before_save: Callable[[AccessRequest], None] | None = None,
    after_save: Callable[[AccessRequest, Event], None] | None = None,
) -> AccessRequest:
    spec = ACTION_SPECS[code]
    method = _bound(request, code)
    state_label = S(request.state).label
    if not can_proceed(method):
        raise ActionNotAllowed(
            _("“%(action)s” is not possible while the request is “%(state)s”.")
            % {"action": spec.label, "state": state_label}
        )
    if check_permission and not has_transition_perm(method, by):
        raise ActionForbidden(
            _("You may not “%(action)s” on this request.") % {"action": spec.label}
        )
    comment = (comment or "").strip()
    if spec.comment_required and not comment:
        message = _("“%(field)s” is required.") % {"field": spec.comment_label or _("Comment")}
        raise InvalidAction(message, [message])
    from_state = request.state
    try:
        with transaction.atomic():
            method()
            if before_save is not None:
                before_save(request)
            event = _event(
                request,
                code,
                by=by,
                from_state=from_state,
                to_state=request.state,
                comment=comment,
                payload=payload,
            )
            request.due_on = clocks.deadline_for(request)
            # ConcurrentTransitionMixin: UPDATE ... WHERE state = <state we read>.
            request.save()
            if after_save is not None:
                after_save(request, event)
            _on_commit_notify(event)
    except Exception:
        # Nothing was saved: put the in-memory object back to what the database holds.
        request.refresh_from_db()
        raise
    return request


def run_action(request: AccessRequest, code: str, *, by: Any, comment: str = "", **kwargs: Any):
    """Dispatch an action by its code to its domain function (used by views and the API)."""
    if code not in ACTION_SPECS:
        raise InvalidAction(_("Unknown action."), [_("Unknown action.")])
    function = globals()[f"request_{code}"]
    return function(request, by=by, comment=comment, **kwargs)


# --- Creating and editing a request ------------------------------------------------------------

# Fields a requester types; everything else is set by the pipeline.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "acronym",
        "summary",
        "objectives",
        "scientific_question",
        "public_interest",
        "expected_benefits",
        "project_type",
        "project_type_id",
        "collaboration_level",
        "collaboration_level_id",
        "data_not_in_catalogue",
        "variables",
        "population",
        "period_start",
        "period_end",
        "period_description",
        "data_form",
        "data_form_justification",
        "access_mode",
        "access_mode_id",
        "secure_environment",
        "safeguards",
        "duration_months",
        "regulatory_route",
        "regulatory_reference",
        "ethics_opinion",
        "ethics_reference",
        "funding",
        "publication_plan",
        "ip_expectations",
        "timeline",
        "organisation",
        "organisation_id",
    }
)
STAFF_ONLY_FIELDS = frozenset({"first_contact_at", "use_case", "use_case_id"})


def next_reference(year: int) -> str:
    prefix = f"DAR-{year}-"
    last = (
        AccessRequest.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def can_edit_request(request: AccessRequest, user: Any) -> bool:
    if request.state in TERMINAL_STATES:
        return False
    if has_role(user, Role.DESK_OPERATOR):
        return True
    return request.is_editable_by_requester and is_requester_for(request, user)


def _clean_changes(changes: Mapping[str, Any], *, staff: bool) -> dict[str, Any]:
    allowed = EDITABLE_FIELDS | (STAFF_ONLY_FIELDS if staff else frozenset())
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidAction(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(unknown)},
            [_("Field “%(name)s” cannot be changed.") % {"name": name} for name in unknown],
        )
    return dict(changes)


def request_create(
    *,
    by: Any,
    requester: Any | None = None,
    organisation: Organisation | None = None,
    first_contact_at: datetime | None = None,
    datasets: Iterable[Dataset] = (),
    **fields: Any,
) -> AccessRequest:
    """A new draft. Staff may open it on behalf of a requester who wrote by e-mail, giving the
    date of first contact (the time-to-contract clock starts there)."""
    staff = has_role(by, Role.DESK_OPERATOR)
    requester = requester or by
    if requester != by and not staff:
        raise ActionForbidden(_("Only the desk can open a request on someone else's behalf."))
    if first_contact_at is not None and not staff:
        raise ActionForbidden(_("Only the desk can set the date of first contact."))
    if organisation is None:
        organisation = requester.organisations.order_by("pk").first()
    elif not staff and not organisation.members.filter(pk=requester.pk).exists():
        raise ActionForbidden(_("You are not a member of this organisation."))
    fields = _clean_changes(fields, staff=staff)
    if not str(fields.get("title", "")).strip():
        raise InvalidAction(_("A title is required."), [_("A title is required.")])
    now = timezone.now()
    for attempt in range(5):
        try:
            with transaction.atomic():
                request = AccessRequest(
                    reference=next_reference(now.year),
                    requester=requester,
                    organisation=organisation,
                    created_by=by,
                    first_contact_at=first_contact_at or now,
                    form_definition=FormDefinition.current(),
                    **fields,
                )
                request.full_clean(exclude=["state", "reference"])
                request.save()
                for dataset in datasets:
                    RequestDataset.objects.create(request=request, dataset=dataset)
                _event(
                    request,
                    "created",
                    by=by,
                    to_state=S.DRAFT,
                    payload={"on_behalf": requester != by},
                )
                return request
        except IntegrityError:
            # Two drafts took the same reference number at once: take the next one.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def request_update(request: AccessRequest, *, by: Any, changes: Mapping[str, Any]) -> AccessRequest:
    """Edit the answers of a draft (requester) or any open request (desk). Partial updates:
    only the keys given change, so a half-filled form saves as it is."""
    if not can_edit_request(request, by):
        raise ActionForbidden(_("You may not edit this request now."))
    staff = has_role(by, Role.DESK_OPERATOR)
    changes = _clean_changes(changes, staff=staff)
    organisation = changes.get("organisation")
    if (
        organisation is not None
        and not staff
        and not organisation.members.filter(pk=by.pk).exists()
    ):
        raise ActionForbidden(_("You are not a member of this organisation."))
    changed = []
    for name, value in changes.items():
        if getattr(request, name) != value:
            setattr(request, name, value)
            changed.append(name)
    if not changed:
        return request
    with transaction.atomic():
        request.full_clean(exclude=["state", "reference"])
        request.save()
        if request.state != S.DRAFT:
            _event(request, "updated", by=by, payload={"fields": sorted(changed)})
    return request


def request_set_datasets(
    request: AccessRequest, *, by: Any, datasets: Iterable[Dataset]
) -> list[RequestDataset]:
    if not can_edit_request(request, by):
        raise ActionForbidden(_("You may not edit this request now."))
    wanted = {d.pk: d for d in datasets}
    already = set(request.requested_datasets.values_list("dataset_id", flat=True))
    hidden = [d for d in wanted.values() if not d.is_public and d.pk not in already]
    if hidden and not has_role(by, Role.DESK_OPERATOR):
        message = _("Only datasets published in the catalogue can be requested.")
        raise InvalidAction(message, [message])
    with transaction.atomic():
        request.requested_datasets.exclude(dataset_id__in=wanted).delete()
        existing = set(request.requested_datasets.values_list("dataset_id", flat=True))
        RequestDataset.objects.bulk_create(
            RequestDataset(request=request, dataset=d)
            for pk, d in wanted.items()
            if pk not in existing
        )
    return list(request.requested_datasets.select_related("dataset"))


def request_set_team(
    request: AccessRequest, *, by: Any, members: Sequence[Mapping[str, Any]]
) -> list[TeamMember]:
    """Replace the team list (name, email, affiliation, role, will_access_data)."""
    if not can_edit_request(request, by):
        raise ActionForbidden(_("You may not edit this request now."))
    rows = []
    problems = []
    for position, data in enumerate(members):
        name = str(data.get("name", "")).strip()
        if not name:
            problems.append(_("Team member %(n)s has no name.") % {"n": position + 1})
            continue
        rows.append(
            TeamMember(
                request=request,
                name=name,
                email=str(data.get("email", "")).strip(),
                affiliation=str(data.get("affiliation", "")).strip(),
                role=str(data.get("role", "")).strip(),
                will_access_data=bool(data.get("will_access_data", False)),
                position=position,
            )
        )
    if problems:
        raise InvalidAction(problems[0], problems)
    with transaction.atomic():
        request.team.all().delete()
        TeamMember.objects.bulk_create(rows)
    return list(request.team.all())


def answers_save(
    request: AccessRequest,
    *,
    by: Any,
    answers: Mapping[int, Any] | Mapping[str, Any] | Mapping[int | str, Any],
) -> list[FormAnswer]:
    """Save answers to the desk's extra questions of the version the request answers,
    keyed by question id or code. File questions take an Attachment."""
    if not can_edit_request(request, by):
        raise ActionForbidden(_("You may not edit this request now."))
    if request.form_definition_id is None:
        return []
    assert request.form_definition is not None  # the id is set, so the FK resolves (or raises)
    questions = {q.pk: q for q in request.form_definition.questions.all()}
    by_code = {q.code: q for q in questions.values()}
    problems = []
    saved = []
    with transaction.atomic():
        for key, value in answers.items():
            question = questions.get(key) if isinstance(key, int) else by_code.get(str(key))
            if question is None:
                problems.append(_("Unknown question %(key)s.") % {"key": key})
                continue
            defaults: dict[str, Any] = {"value": "", "attachment": None}
            if question.kind == QuestionKind.FILE:
                if value is not None and (
                    not isinstance(value, Attachment) or value.request_id != request.pk
                ):
                    problems.append(_("“%(q)s” needs a file.") % {"q": question.label})
                    continue
                defaults["attachment"] = value
            else:
                text, problem = _normalise_answer(question, value)
                if problem:
                    problems.append(problem)
                    continue
                defaults["value"] = text
            answer, _created = FormAnswer.objects.update_or_create(
                request=request, question=question, defaults=defaults
            )
            saved.append(answer)
        if problems:
            transaction.set_rollback(True)
            raise InvalidAction(problems[0], problems)
    return saved


def _normalise_answer(question: FormQuestion, value: Any) -> tuple[str, str]:
    if value is None:
        return "", ""
    if question.kind == QuestionKind.YES_NO:
        if isinstance(value, bool):
            return ("yes" if value else "no"), ""
        text = str(value).strip().lower()
        if text in {"", "yes", "no"}:
            return text, ""
        return "", _("“%(q)s”: answer yes or no.") % {"q": question.label}
    if question.kind == QuestionKind.DATE:
        if isinstance(value, date):
            return value.isoformat(), ""
        text = str(value).strip()
        if not text:
            return "", ""
        try:
            return date.fromisoformat(text).isoformat(), ""
        except ValueError:
            return "", _("“%(q)s”: not a valid date.") % {"q": question.label}
    text = str(value).strip()
    if question.kind == QuestionKind.CHOICE and text and text not in question.choices:
        return "", _("“%(q)s”: choose one of the options.") % {"q": question.label}
    return text, ""


def request_set_services(
    request: AccessRequest, *, by: Any, selections: Sequence[tuple[Any, Any]]
) -> list[RequestService]:
    """Replace the services the requester wishes for: [(offers.Service, quantity), ...]."""
    if not can_edit_request(request, by):
        raise ActionForbidden(_("You may not edit this request now."))
    problems = []
    rows: dict[int, RequestService] = {}
    for service, quantity in selections:
        try:
            amount = Decimal(str(quantity))
        except (InvalidOperation, ValueError):
            problems.append(_("“%(s)s”: the quantity is not a number.") % {"s": service})
            continue
        if amount < 0:
            problems.append(_("“%(s)s”: the quantity cannot be negative.") % {"s": service})
            continue
        if amount == 0:
            continue
        rows[service.pk] = RequestService(request=request, service=service, quantity=amount)
    if problems:
        raise InvalidAction(problems[0], problems)
    with transaction.atomic():
        request.requested_services.all().delete()
        RequestService.objects.bulk_create(rows.values())
        if request.state != S.DRAFT:
            _event(
                request,
                "services_changed",
                by=by,
                payload={"services": {str(k): str(v.quantity) for k, v in rows.items()}},
            )
    return list(request.requested_services.select_related("service"))


def request_set_quote(request: AccessRequest, *, by: Any, quote: Any) -> AccessRequest:
    """Link the quote the desk built (offers.domain.build_quote) to the request."""
    _require_desk(by, _("Only the desk links quotes to requests."))
    if request.state in TERMINAL_STATES:
        raise ActionNotAllowed(_("The request is closed."))
    with transaction.atomic():
        request.quote = quote
        # update_fields leaves the state column alone: no race with a transition.
        request.save(update_fields=["quote", "updated_at"])
        _event(request, "quote_built", by=by, payload={"quote": quote.pk})
    return request


def request_send_quote(request: AccessRequest, *, by: Any) -> AccessRequest:
    """Send the linked quote to the requester (offers.domain.quote_send) and note it."""
    from offers.domain.quotes import quote_send

    _require_desk(by, _("Only the desk sends quotes."))
    if request.quote_id is None:
        raise ActionNotAllowed(_("Build the quote first."))
    assert request.quote is not None  # the id is set, so the FK resolves (or raises)
    with transaction.atomic():
        quote_send(request.quote, by=by)
        event = _event(request, "quote_sent", by=by, payload={"quote": request.quote_id})
        _on_commit_notify(event)
    return request


def record_event(
    request: AccessRequest,
    action: str,
    *,
    by: Any,
    comment: str = "",
    payload: dict[str, Any] | None = None,
    internal: bool = False,
    notify: bool = False,
) -> Event:
    """A dated note in the request's trail that changes no state (e.g. a phone call, a
    contract sent by the contracts app). Internal notes are shown to staff only; `notify`
    queues the e-mails `notifications.mails_for_event` knows for this action, after commit."""
    if action in ACTION_SPECS:
        raise InvalidAction(_("Use the action itself."), [_("Use the action itself.")])
    payload = {**(payload or {}), **({"internal": True} if internal else {})}
    event = _event(request, action, by=by, comment=comment, payload=payload)
    if notify:
        _on_commit_notify(event)
    return event


# --- Attachments -------------------------------------------------------------------------------

ATTACHMENT_TYPES = ("pdf",)


def attachment_problems(uploaded: UploadedFile) -> list[str]:
    """Allow-list check by content (accounts.uploads): a real PDF, under MAX_UPLOAD_MB."""
    problems, _checked = upload_problems(uploaded, ATTACHMENT_TYPES)
    return problems


def _sha256(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def can_view_request(request: AccessRequest, user: Any) -> bool:
    from guichet.permissions import visible_requests

    return visible_requests(user).filter(pk=request.pk).exists()


def can_attach(request: AccessRequest, user: Any) -> bool:
    if request.state in TERMINAL_STATES and request.state != S.CLOSED:
        return False
    if has_role(user, Role.DESK_OPERATOR, Role.LEGAL):
        return True
    return is_requester_for(request, user)


def attachment_add(
    request: AccessRequest,
    *,
    by: Any,
    uploaded_file: UploadedFile,
    kind: str = AttachmentKind.OTHER,
    message: Message | None = None,
) -> Attachment:
    if not can_attach(request, by):
        raise ActionForbidden(_("You may not add files to this request."))
    if kind not in AttachmentKind.values:
        raise InvalidAction(_("Unknown kind of file."), [_("Unknown kind of file.")])
    problems, checked = upload_problems(uploaded_file, ATTACHMENT_TYPES)
    if problems or checked is None:
        raise InvalidAction(problems[0], problems)
    original = checked.original_name
    with transaction.atomic():
        attachment = Attachment(
            request=request,
            message=message,
            kind=kind,
            original_name=original,
            content_type=checked.kind.content_type,
            size=checked.size,
            sha256=_sha256(uploaded_file),
            uploaded_by=by,
        )
        # The stored name is random; the client's name is kept in original_name only.
        attachment.file.save(checked.storage_name(), uploaded_file, save=False)
        attachment.save()
        # Once submitted, new files are part of the trail.
        if request.state != S.DRAFT:
            _event(
                request,
                "attachment_added",
                by=by,
                payload={"attachment": attachment.pk, "kind": kind, "name": original},
            )
    return attachment


def attachment_remove(attachment: Attachment, *, by: Any) -> None:
    request = attachment.request
    if request.state != S.DRAFT or not can_edit_request(request, by):
        raise ActionForbidden(_("Files can only be removed from a draft."))
    attachment.file.delete(save=False)
    attachment.delete()


# --- The desk's extra questions ------------------------------------------------------------


def form_new_version(*, by: Any) -> FormDefinition:
    """A new unpublished version, starting from the questions of the current one. Published
    versions are never edited: requests keep the version they answered."""
    _require_desk(by, _("Only the desk edits the intake form."))
    with transaction.atomic():
        last = FormDefinition.objects.select_for_update().order_by("-version").first()
        current = FormDefinition.current()
        form = FormDefinition.objects.create(version=(last.version + 1) if last else 1)
        if current is not None:
            FormQuestion.objects.bulk_create(
                FormQuestion(
                    form=form,
                    code=q.code,
                    position=q.position,
                    label_fr=q.label_fr,
                    label_en=q.label_en,
                    help_fr=q.help_fr,
                    help_en=q.help_en,
                    kind=q.kind,
                    required=q.required,
                    choices=q.choices,
                )
                for q in current.questions.all()
            )
    return form


def form_question_save(
    form: FormDefinition, *, by: Any, question: FormQuestion | None = None, **fields: Any
) -> FormQuestion:
    _require_desk(by, _("Only the desk edits the intake form."))
    if form.published:
        raise ActionNotAllowed(_("A published form is frozen: create a new version."))
    question = question or FormQuestion(form=form)
    for name, value in fields.items():
        setattr(question, name, value)
    if question.kind == QuestionKind.CHOICE and not question.choices:
        raise InvalidAction(
            _("A choice question needs its options."), [_("A choice question needs its options.")]
        )
    question.full_clean()
    question.save()
    return question


def form_publish(form: FormDefinition, *, by: Any) -> FormDefinition:
    """Make this version the one new drafts answer; drafts already open keep theirs until
    they are submitted with it."""
    _require_desk(by, _("Only the desk publishes the intake form."))
    if form.published:
        raise ActionNotAllowed(_("This version is already published."))
    with transaction.atomic():
        form.published = True
        form.published_at = timezone.now()
        form.save(update_fields=["published", "published_at"])
    return form


# --- Validation on submit ----------------------------------------------------------------------

REQUIRED_TEXT_FIELDS = (
    ("title", gettext_lazy("Project title")),
    ("summary", gettext_lazy("Summary")),
    ("objectives", gettext_lazy("Objectives")),
    ("public_interest", gettext_lazy("Public-interest justification")),
    ("population", gettext_lazy("Study population")),
    ("data_form", gettext_lazy("Form of the data (anonymised or pseudonymised)")),
    ("regulatory_route", gettext_lazy("Regulatory route")),
    ("publication_plan", gettext_lazy("Publication plan")),
)


def submission_problems(request: AccessRequest) -> list[str]:
    """Everything missing before the request can be submitted, in form order."""
    problems: list[str] = []
    for name, label in REQUIRED_TEXT_FIELDS:
        if not str(getattr(request, name) or "").strip():
            problems.append(_("“%(field)s” is required.") % {"field": label})
    if request.organisation_id is None:
        problems.append(_("Say which organisation the request comes from."))
    if request.project_type_id is None:
        problems.append(_("Choose the type of project."))
    if request.access_mode_id is None:
        problems.append(_("Choose the requested access mode."))
    if request.duration_months is None:
        problems.append(_("Give the duration of the project in months."))
    if request.data_form == DataForm.PSEUDONYMISED and not request.data_form_justification.strip():
        problems.append(_("Explain why pseudonymised data are needed."))
    if request.regulatory_route in {"mr001", "mr003", "mr004", "cnil_authorisation"} and (
        not request.regulatory_reference.strip()
    ):
        problems.append(_("Give the reference of the compliance declaration or authorisation."))
    if not request.requested_datasets.exists() and not request.data_not_in_catalogue.strip():
        problems.append(
            _("Choose at least one dataset from the catalogue, or describe the data you need.")
        )
    if not request.team.exists():
        problems.append(_("List the project team (at least one person)."))
    elif not request.team.filter(will_access_data=True).exists():
        problems.append(_("Say which team members will access the data."))
    if not request.attachments.filter(kind=AttachmentKind.PROTOCOL).exists():
        problems.append(_("Attach the study protocol (PDF)."))
    if (
        request.ethics_opinion in {"cesrees", "cpp", "local"}
        and not request.attachments.filter(kind=AttachmentKind.ETHICS_OPINION).exists()
    ):
        problems.append(_("Attach the ethics opinion (PDF)."))
    problems.extend(_missing_answers(request))
    return problems


def _missing_answers(request: AccessRequest) -> list[str]:
    if request.form_definition_id is None:
        return []
    answers = {a.question_id: a for a in request.answers.select_related("question")}
    missing = []
    assert request.form_definition is not None  # the id is set, so the FK resolves (or raises)
    for question in request.form_definition.questions.filter(required=True):
        answer = answers.get(question.pk)
        if answer is None or not answer.is_filled:
            missing.append(_("Answer the question “%(q)s”.") % {"q": question.label})
    return missing


# --- Transitions -------------------------------------------------------------------------------


def request_submit(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    """Submit a draft; refuses with the full list of what is missing (nothing is lost)."""
    if request.state == S.DRAFT and can_fire(request, "submit", by):
        problems = submission_problems(request)
        if problems:
            raise InvalidAction(_("The request is not complete yet."), problems)
        if request.form_definition_id is None:
            # Keep the version of the extra questions in force at submission.
            request.form_definition = FormDefinition.current()
    return _fire(request, "submit", by=by, comment=comment)


def request_start_screening(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    return _fire(request, "start_screening", by=by, comment=comment)


def request_ask_information(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    """Counted, dated request for information; the message goes to the requester's thread."""

    def thread(req: AccessRequest, event: Event) -> None:
        Message.objects.create(
            request=req, author=by, body=event.comment, is_information_request=True
        )

    return _fire(request, "ask_information", by=by, comment=comment, after_save=thread)


def request_provide_information(
    request: AccessRequest, *, by: Any, comment: str = ""
) -> AccessRequest:
    def thread(req: AccessRequest, event: Event) -> None:
        Message.objects.create(request=req, author=by, body=event.comment)

    return _fire(request, "provide_information", by=by, comment=comment, after_save=thread)


def request_send_to_review(
    request: AccessRequest,
    *,
    by: Any,
    comment: str = "",
    reviewers: Mapping[str, Any] | None = None,
) -> AccessRequest:
    """Screening done: creates the reviews this use case needs, run in parallel."""

    def create_reviews(req: AccessRequest, event: Event) -> None:
        reviews = _create_reviews(req, reviewers or {})
        for review in reviews:
            assigned = _event(
                req,
                "review_assigned",
                by=by,
                payload={"review": review.pk, "kind": review.kind, "reviewer": review.reviewer_id},
            )
            _on_commit_notify(assigned)

    def resolve_use_case(req: AccessRequest) -> None:
        if req.use_case_id is None:
            req.use_case = matching_use_case(req)

    return _fire(
        request,
        "send_to_review",
        by=by,
        comment=comment,
        before_save=resolve_use_case,
        after_save=create_reviews,
    )


def matching_use_case(request: AccessRequest) -> Any | None:
    """The inventory's use case for this project type, actor type and collaboration level
    (None when the request falls outside the identified frames: a KPI counts those)."""
    from offers.models import UseCase

    actor_type_id = request.organisation.actor_type_id if request.organisation is not None else None
    if request.project_type_id is None or actor_type_id is None:
        return None
    candidates = UseCase.objects.filter(
        project_type_id=request.project_type_id, actor_type_id=actor_type_id
    ).exclude(status="excluded")
    if request.collaboration_level_id is not None:
        exact = candidates.filter(collaboration_level_id=request.collaboration_level_id)
        return exact.order_by("position", "pk").first()
    return candidates.order_by("position", "pk").first()


def request_send_to_committee(
    request: AccessRequest, *, by: Any, comment: str = ""
) -> AccessRequest:
    return _fire(request, "send_to_committee", by=by, comment=comment)


def _record_decision(
    decision: str,
    *,
    by: Any,
    conditions: str,
    minutes: str,
    meeting: CommitteeMeeting | None,
) -> Callable[[AccessRequest, Event], None]:
    def record(req: AccessRequest, event: Event) -> None:
        CommitteeDecision.objects.create(
            request=req,
            meeting=meeting,
            decision=decision,
            conditions=conditions,
            minutes=minutes,
            recorded_by=by,
        )
        if decision != Decision.REJECTED:
            register_publish(req)

    return record


def request_approve(
    request: AccessRequest,
    *,
    by: Any,
    comment: str = "",
    minutes: str = "",
    meeting: CommitteeMeeting | None = None,
) -> AccessRequest:
    """Committee go: records the decision and publishes the project on the public register."""
    return _fire(
        request,
        "approve",
        by=by,
        comment=comment,
        payload={"meeting": meeting.pk if meeting else None},
        after_save=_record_decision(
            Decision.APPROVED, by=by, conditions="", minutes=minutes, meeting=meeting
        ),
    )


def request_approve_with_conditions(
    request: AccessRequest,
    *,
    by: Any,
    comment: str = "",
    minutes: str = "",
    meeting: CommitteeMeeting | None = None,
) -> AccessRequest:
    """`comment` holds the conditions."""
    return _fire(
        request,
        "approve_with_conditions",
        by=by,
        comment=comment,
        payload={"meeting": meeting.pk if meeting else None},
        after_save=_record_decision(
            Decision.APPROVED_WITH_CONDITIONS,
            by=by,
            conditions=comment.strip(),
            minutes=minutes,
            meeting=meeting,
        ),
    )


def request_reject(
    request: AccessRequest,
    *,
    by: Any,
    comment: str = "",
    minutes: str = "",
    meeting: CommitteeMeeting | None = None,
) -> AccessRequest:
    """No-go, by the committee or at screening/review (then no committee decision is kept)."""
    at_committee = request.state == S.COMMITTEE
    return _fire(
        request,
        "reject",
        by=by,
        comment=comment,
        payload={"at": request.state},
        after_save=(
            _record_decision(
                Decision.REJECTED, by=by, conditions="", minutes=minutes, meeting=meeting
            )
            if at_committee
            else None
        ),
    )


def committee_decide(
    request: AccessRequest,
    *,
    by: Any,
    decision: str,
    conditions: str = "",
    minutes: str = "",
    meeting: CommitteeMeeting | None = None,
) -> AccessRequest:
    """One entry point for the committee form: go, go with conditions, or no-go."""
    if decision == Decision.APPROVED:
        return request_approve(request, by=by, comment=conditions, minutes=minutes, meeting=meeting)
    if decision == Decision.APPROVED_WITH_CONDITIONS:
        return request_approve_with_conditions(
            request, by=by, comment=conditions, minutes=minutes, meeting=meeting
        )
    if decision == Decision.REJECTED:
        return request_reject(request, by=by, comment=conditions, minutes=minutes, meeting=meeting)
    raise InvalidAction(_("Unknown decision."), [_("Unknown decision.")])


def request_start_negotiation(
    request: AccessRequest, *, by: Any, comment: str = ""
) -> AccessRequest:
    return _fire(request, "start_negotiation", by=by, comment=comment)


def request_start_contracting(
    request: AccessRequest, *, by: Any, comment: str = ""
) -> AccessRequest:
    return _fire(request, "start_contracting", by=by, comment=comment)


def request_mark_signed(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    return _fire(request, "mark_signed", by=by, comment=comment)


def request_start_provisioning(
    request: AccessRequest, *, by: Any, comment: str = ""
) -> AccessRequest:
    return _fire(request, "start_provisioning", by=by, comment=comment)


def request_start_project(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    """Data available: the follow-up records the access and the register shows the start."""

    def follow(req: AccessRequest, event: Event) -> None:
        follow_up, _created = ProjectFollowUp.objects.get_or_create(request=req)
        if follow_up.access_granted_on is None:
            follow_up.access_granted_on = timezone.localdate(event.at)
            follow_up.access_mode_id = follow_up.access_mode_id or req.access_mode_id
            follow_up.save()
        RegisterEntry.objects.filter(request=req).update(
            status=RegisterStatus.IN_PROGRESS, started_on=timezone.localdate(event.at)
        )

    return _fire(request, "start_project", by=by, comment=comment, after_save=follow)


def request_start_closing(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    return _fire(request, "start_closing", by=by, comment=comment)


def closing_problems(request: AccessRequest) -> list[str]:
    follow_up = ProjectFollowUp.objects.filter(request=request).first()
    problems = []
    if follow_up is None or follow_up.data_deletion_confirmed_on is None:
        problems.append(_("Confirm that the data were deleted (date and evidence)."))
    if follow_up is None or not follow_up.results_summary.strip():
        problems.append(_("Record a summary of the results for the public register."))
    return problems


def request_close(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    """Closure needs the deletion confirmed and a results summary (published on the register)."""
    if request.state == S.CLOSING and can_fire(request, "close", by):
        problems = closing_problems(request)
        if problems:
            raise InvalidAction(_("The project cannot be closed yet."), problems)

    def publish_results(req: AccessRequest, event: Event) -> None:
        summary = ProjectFollowUp.objects.get(request=req).results_summary
        RegisterEntry.objects.filter(request=req).update(
            status=RegisterStatus.COMPLETED,
            ended_on=timezone.localdate(event.at),
            results_summary=summary,
        )

    return _fire(request, "close", by=by, comment=comment, after_save=publish_results)


def request_withdraw(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    def stop(req: AccessRequest, event: Event) -> None:
        req.reviews.filter(submitted_at__isnull=True).delete()
        RegisterEntry.objects.filter(request=req).update(
            status=RegisterStatus.STOPPED, ended_on=timezone.localdate(event.at)
        )

    return _fire(request, "withdraw", by=by, comment=comment, after_save=stop)


def request_put_on_hold(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    return _fire(request, "put_on_hold", by=by, comment=comment)


def request_resume(request: AccessRequest, *, by: Any, comment: str = "") -> AccessRequest:
    return _fire(request, "resume", by=by, comment=comment)


# --- Reviews -----------------------------------------------------------------------------------

DEFAULT_REVIEW_KINDS = (ReviewKind.SCIENTIFIC, ReviewKind.LEGAL)
# Who is asked first for each kind of review when the desk names nobody.
REVIEW_ROLES: dict[str, tuple[str, ...]] = {
    ReviewKind.SCIENTIFIC: (Role.REVIEWER,),
    ReviewKind.TECHNICAL: (Role.REVIEWER,),
    ReviewKind.ETHICS: (Role.REVIEWER,),
    ReviewKind.LEGAL: (Role.LEGAL, Role.REVIEWER),
}


def required_review_kinds(request: AccessRequest) -> list[str]:
    """Reviews the request's use case needs (offers.UseCase.required_reviews), else default."""
    use_case = getattr(request, "use_case", None)
    kinds = list(getattr(use_case, "required_reviews", None) or []) if use_case else []
    kinds = [k for k in kinds if k in ReviewKind.values and k != ReviewKind.STEWARD]
    return kinds or list(DEFAULT_REVIEW_KINDS)


def stewards_consulted() -> bool:
    try:
        from offers.models import DeskConfiguration
    except ImportError:
        return False
    config = DeskConfiguration.get()
    return bool(getattr(config, "stewards_consulted_on_requests", False))


def _least_loaded(roles: Sequence[str]) -> Any | None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    for role in roles:
        candidate = (
            users.filter(groups__name=role)
            .annotate(open_reviews=Count("reviews", filter=Q(reviews__submitted_at__isnull=True)))
            .order_by("open_reviews", "pk")
            .first()
        )
        if candidate is not None:
            return candidate
    return None


def _create_reviews(request: AccessRequest, reviewers: Mapping[str, Any]) -> list[Review]:
    due_on = clocks.review_due_on()
    reviews = []
    for kind in required_review_kinds(request):
        reviewer = reviewers.get(kind) or _least_loaded(REVIEW_ROLES.get(kind, (Role.REVIEWER,)))
        reviews.append(
            Review.objects.create(request=request, kind=kind, reviewer=reviewer, due_on=due_on)
        )
    if stewards_consulted():
        rows = request.requested_datasets.select_related("dataset__department", "dataset__steward")
        seen: set[int] = set()
        for row in rows:
            department = row.dataset.department
            if department.pk in seen:
                continue
            seen.add(department.pk)
            steward = row.dataset.steward or department.stewards.order_by("pk").first()
            reviews.append(
                Review.objects.create(
                    request=request,
                    kind=ReviewKind.STEWARD,
                    department=department,
                    reviewer=steward,
                    due_on=due_on,
                )
            )
    return reviews


def can_submit_review(review: Review, user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if review.reviewer_id == user.pk:
        return True
    if (
        review.kind == ReviewKind.STEWARD
        and review.department is not None
        and review.department.stewards.filter(pk=user.pk).exists()
    ):
        return True
    return has_role(user, Role.DESK_OPERATOR)


def review_assign(review: Review, *, by: Any, reviewer: Any, due_on: date | None = None) -> Review:
    if not has_role(by, Role.DESK_OPERATOR):
        raise ActionForbidden(_("Only the desk assigns reviews."))
    if review.is_submitted:
        raise ActionNotAllowed(_("This review has already been given."))
    with transaction.atomic():
        review.reviewer = reviewer
        if due_on is not None:
            review.due_on = due_on
        review.save(update_fields=["reviewer", "due_on"])
        event = _event(
            review.request,
            "review_assigned",
            by=by,
            payload={"review": review.pk, "kind": review.kind, "reviewer": reviewer.pk},
        )
        _on_commit_notify(event)
    return review


def review_add(
    request: AccessRequest, *, by: Any, kind: str, reviewer: Any, due_on: date | None = None
) -> Review:
    """An extra review asked by the desk while the request is in review."""
    if not has_role(by, Role.DESK_OPERATOR):
        raise ActionForbidden(_("Only the desk asks for reviews."))
    if request.state != S.IN_REVIEW:
        raise ActionNotAllowed(_("Reviews can only be added while the request is in review."))
    if kind not in ReviewKind.values:
        raise InvalidAction(_("Unknown kind of review."), [_("Unknown kind of review.")])
    with transaction.atomic():
        review = Review.objects.create(
            request=request,
            kind=kind,
            reviewer=reviewer,
            due_on=due_on or clocks.review_due_on(),
        )
        event = _event(
            request,
            "review_assigned",
            by=by,
            payload={"review": review.pk, "kind": kind, "reviewer": reviewer.pk},
        )
        _on_commit_notify(event)
    return review


def review_submit(
    review: Review, *, by: Any, outcome: str, comments: str = "", conditions: str = ""
) -> Review:
    """Record an opinion; when the last required one is in, the request goes to committee."""
    if not can_submit_review(review, by):
        raise ActionForbidden(_("This review is not assigned to you."))
    problems = []
    if outcome not in ReviewOutcome.values:
        problems.append(_("Choose an outcome."))
    if outcome == ReviewOutcome.FAVOURABLE_WITH_CONDITIONS and not conditions.strip():
        problems.append(_("State the conditions."))
    if outcome == ReviewOutcome.UNFAVOURABLE and not comments.strip():
        problems.append(_("Explain an unfavourable opinion in the comments."))
    if problems:
        raise InvalidAction(problems[0], problems)
    with transaction.atomic():
        request = AccessRequest.objects.select_for_update().get(pk=review.request_id)
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if request.state != S.IN_REVIEW:
            raise ActionNotAllowed(_("The request is no longer in review."))
        if locked.submitted_at is not None:
            raise ActionNotAllowed(_("This review has already been given."))
        review.outcome = outcome
        review.comments = comments.strip()
        review.conditions = conditions.strip()
        review.submitted_at = timezone.now()
        review.save(update_fields=["outcome", "comments", "conditions", "submitted_at"])
        event = _event(
            request,
            "review_submitted",
            by=by,
            payload={"review": review.pk, "kind": review.kind, "outcome": outcome},
        )
        _on_commit_notify(event)
        if not request.reviews.filter(is_required=True, submitted_at__isnull=True).exists():
            _fire(
                request,
                "send_to_committee",
                by=by,
                comment=_("All required reviews are in."),
                payload={"automatic": True},
                check_permission=False,
            )
    review.request = request
    return review


def relevance_record(
    requested: RequestDataset,
    *,
    by: Any,
    criteria_set: Any,
    scores: Mapping[int, int],
    comment: str = "",
) -> RequestDataset:
    """Score how relevant a requested dataset is for this project (catalogue criteria)."""
    from catalogue.domain import assessment_record
    from catalogue.models import AssessmentKind

    if not can_view_request(requested.request, by):
        raise ActionForbidden(_("You may not assess this request."))
    with transaction.atomic():
        assessment = assessment_record(
            requested.dataset,
            criteria_set,
            AssessmentKind.PROJECT_RELEVANCE,
            scores,
            by=by,
            comment=comment,
        )
        requested.relevance = assessment
        requested.save(update_fields=["relevance"])
        _event(
            requested.request,
            "relevance_assessed",
            by=by,
            payload={"dataset": requested.dataset_id, "assessment": assessment.pk},
        )
    return requested


# --- Messages ----------------------------------------------------------------------------------


def can_post_message(request: AccessRequest, user: Any, *, internal: bool = False) -> bool:
    if request.state in TERMINAL_STATES and request.state != S.CLOSED:
        return False
    if has_role(user, Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER):
        return True
    if internal:
        return False
    return is_requester_for(request, user)


def message_post(
    request: AccessRequest,
    *,
    by: Any,
    body: str,
    is_internal: bool = False,
    files: Iterable[UploadedFile] = (),
) -> Message:
    if not can_post_message(request, by, internal=is_internal):
        raise ActionForbidden(_("You may not write on this request."))
    body = body.strip()
    if not body:
        raise InvalidAction(_("The message is empty."), [_("The message is empty.")])
    files = list(files)
    problems = [p for f in files for p in attachment_problems(f)]
    if problems:
        raise InvalidAction(problems[0], problems)
    with transaction.atomic():
        message = Message.objects.create(
            request=request, author=by, body=body, is_internal=is_internal
        )
        for uploaded in files:
            attachment_add(request, by=by, uploaded_file=uploaded, message=message)
        event = _event(
            request,
            "message",
            by=by,
            payload={"message": message.pk, "internal": is_internal},
        )
        if not is_internal:
            _on_commit_notify(event)
    return message


def visible_messages(request: AccessRequest, user: Any):
    messages = request.messages.select_related("author").prefetch_related("attachments")
    if has_role(user, Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER, Role.REVIEWER):
        return messages
    return messages.filter(is_internal=False)


# --- Follow-up, register -----------------------------------------------------------------------


def _require_desk(user: Any, message: str | None = None) -> None:
    if not has_role(user, Role.DESK_OPERATOR):
        raise ActionForbidden(message or _("Only the desk can do this."))


FOLLOW_UP_FIELDS = frozenset(
    {
        "access_granted_on",
        "access_mode",
        "extra_technical_work",
        "extra_technical_work_description",
        "results_summary",
        "data_deletion_confirmed_on",
        "data_deletion_evidence",
    }
)
FOLLOW_UP_STATES = frozenset({S.PROVISIONING, S.IN_PROGRESS, S.CLOSING, S.CLOSED})


def follow_up_update(
    request: AccessRequest, *, by: Any, changes: Mapping[str, Any]
) -> ProjectFollowUp:
    """Desk records access, extra technical work, results, deletion; requesters may add the
    results summary and the deletion confirmation of their own project."""
    requester_fields = {"results_summary", "data_deletion_confirmed_on", "data_deletion_evidence"}
    if has_role(by, Role.DESK_OPERATOR):
        allowed = FOLLOW_UP_FIELDS
    elif is_requester_for(request, by):
        allowed = frozenset(requester_fields)
    else:
        raise ActionForbidden(_("You may not update this project's follow-up."))
    if request.state not in FOLLOW_UP_STATES:
        raise ActionNotAllowed(_("Follow-up starts once data provision has begun."))
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidAction(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(unknown)},
            [_("Field “%(name)s” cannot be changed.") % {"name": n} for n in unknown],
        )
    with transaction.atomic():
        follow_up, _created = ProjectFollowUp.objects.get_or_create(request=request)
        for name, value in changes.items():
            setattr(follow_up, name, value)
        if follow_up.extra_technical_work and not follow_up.extra_technical_work_description:
            raise InvalidAction(
                _("Describe the extra technical work."), [_("Describe the extra technical work.")]
            )
        follow_up.save()
        _event(request, "follow_up_updated", by=by, payload={"fields": sorted(changes)})
    return follow_up


def publication_report_add(
    request: AccessRequest,
    *,
    by: Any,
    reference: str,
    doi: str = "",
    url: str = "",
    published_on: date | None = None,
) -> PublicationReport:
    if not (has_role(by, Role.DESK_OPERATOR) or is_requester_for(request, by)):
        raise ActionForbidden(_("You may not report publications for this project."))
    if request.state not in FOLLOW_UP_STATES:
        raise ActionNotAllowed(_("Publications are reported once the project has started."))
    if not reference.strip():
        raise InvalidAction(_("Give the reference."), [_("Give the reference.")])
    doi = doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
    if doi and not doi.startswith("10."):
        raise InvalidAction(_("A DOI starts with “10.”."), [_("A DOI starts with “10.”.")])
    with transaction.atomic():
        report = PublicationReport.objects.create(
            request=request,
            reference=reference.strip(),
            doi=doi,
            url=url,
            published_on=published_on,
            reported_by=by,
        )
        _event(request, "publication_reported", by=by, payload={"publication": report.pk})
    return report


def dataset_feedback_record(
    request: AccessRequest,
    *,
    by: Any,
    dataset: Dataset,
    criteria_set: Any,
    scores: Mapping[int, int],
    comment: str = "",
) -> DatasetFeedback:
    """The requester's quality rating of a dataset after use, kept in the catalogue too."""
    from catalogue.domain import assessment_record
    from catalogue.models import AssessmentKind

    if not is_requester_for(request, by):
        raise ActionForbidden(_("Only the requester rates the datasets they used."))
    if request.state not in {S.IN_PROGRESS, S.CLOSING, S.CLOSED}:
        raise ActionNotAllowed(_("Datasets are rated once the data have been used."))
    if not request.requested_datasets.filter(dataset=dataset).exists():
        raise InvalidAction(
            _("This dataset is not part of the request."),
            [_("This dataset is not part of the request.")],
        )
    with transaction.atomic():
        assessment = assessment_record(
            dataset,
            criteria_set,
            AssessmentKind.REQUESTER_FEEDBACK,
            scores,
            by=by,
            comment=comment,
        )
        feedback, _created = DatasetFeedback.objects.update_or_create(
            request=request,
            dataset=dataset,
            defaults={"assessment": assessment, "comment": comment, "given_by": by},
        )
        _event(request, "dataset_feedback", by=by, payload={"dataset": dataset.pk})
    return feedback


def dispute_open(
    request: AccessRequest, *, by: Any, kind: str, description: str, opened_on: date | None = None
) -> Dispute:
    _require_desk(by)
    if not description.strip():
        raise InvalidAction(_("Describe the dispute."), [_("Describe the dispute.")])
    with transaction.atomic():
        dispute = Dispute.objects.create(
            request=request,
            kind=kind,
            description=description.strip(),
            opened_on=opened_on or timezone.localdate(),
            recorded_by=by,
        )
        _event(request, "dispute_opened", by=by, payload={"dispute": dispute.pk, "kind": kind})
    return dispute


def dispute_close(
    dispute: Dispute, *, by: Any, outcome: str, closed_on: date | None = None
) -> Dispute:
    _require_desk(by)
    if not dispute.is_open:
        raise ActionNotAllowed(_("This dispute is already closed."))
    with transaction.atomic():
        dispute.closed_on = closed_on or timezone.localdate()
        dispute.outcome = outcome.strip()
        dispute.save(update_fields=["closed_on", "outcome"])
        _event(dispute.request, "dispute_closed", by=by, payload={"dispute": dispute.pk})
    return dispute


def _legal_basis_text(request: AccessRequest) -> str:
    if not request.regulatory_route:
        return ""
    label = str(request.get_regulatory_route_display())
    return f"{label} ({request.regulatory_reference})" if request.regulatory_reference else label


def register_publish(request: AccessRequest) -> RegisterEntry:
    """Create (or refresh the facts of) the public register entry of an approved project.
    Public wording the desk has already edited is kept."""
    datasets = ", ".join(
        d.title for d in Dataset.objects.filter(requested_by_rows(request)).order_by("title_fr")
    )
    if request.data_not_in_catalogue.strip():
        datasets = ", ".join(filter(None, [datasets, _("other data (not in the catalogue)")]))
    decided = request.decided_at or timezone.now()
    entry, created = RegisterEntry.objects.get_or_create(
        request=request,
        defaults={
            "public_title": request.title,
            "public_purpose": request.public_interest or request.summary,
            "organisation_name": request.organisation.name if request.organisation else "",
            "datasets_text": datasets,
            "legal_basis": _legal_basis_text(request),
            "approved_on": timezone.localdate(decided),
        },
    )
    if not created:
        entry.approved_on = timezone.localdate(decided)
        entry.status = RegisterStatus.APPROVED
        entry.save(update_fields=["approved_on", "status", "updated_at"])
    return entry


def requested_by_rows(request: AccessRequest) -> Q:
    return Q(pk__in=request.requested_datasets.values("dataset_id"))


REGISTER_EDITABLE = frozenset(
    {
        "public_title",
        "public_purpose",
        "organisation_name",
        "datasets_text",
        "legal_basis",
        "results_summary",
        "is_published",
    }
)


def register_entry_update(
    entry: RegisterEntry, *, by: Any, changes: Mapping[str, Any]
) -> RegisterEntry:
    if not has_role(by, Role.DESK_OPERATOR, Role.MANAGER):
        raise ActionForbidden(_("Only the desk edits the public register."))
    unknown = sorted(set(changes) - REGISTER_EDITABLE)
    if unknown:
        raise InvalidAction(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(unknown)},
            [_("Field “%(name)s” cannot be changed.") % {"name": n} for n in unknown],
        )
    with transaction.atomic():
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        _event(entry.request, "register_updated", by=by, payload={"fields": sorted(changes)})
    return entry


def committee_meeting_create(
    *,
    by: Any,
    date: date,
    members_present: Iterable[Any] = (),
    other_attendees: str = "",
    notes: str = "",
) -> CommitteeMeeting:
    if not has_role(by, Role.DESK_OPERATOR, Role.MANAGER):
        raise ActionForbidden(_("Only the desk or a manager records committee meetings."))
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.create(
            date=date, other_attendees=other_attendees, notes=notes
        )
        meeting.members_present.set(list(members_present))
    return meeting


# --- Counters ----------------------------------------------------------------------------------


def information_request_count(request: AccessRequest) -> int:
    return request.events.filter(action="ask_information").count()
