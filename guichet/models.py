"""The request pipeline: access requests from intake to closure, their reviews, committee
decisions, messages, clocks, follow-up and the public transparency register.

State changes go through guichet.domain (one function per transition); the @transition
methods below only change database fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from accounts.roles import Role, has_role
from catalogue.models import Assessment, Dataset, Department, Vocabulary, VocabularyTerm
from offers.models import ActorType, CollaborationLevel, ProjectType, Quote, Service, UseCase


def _localized(obj: Any, field: str) -> str:
    if (get_language() or "fr").startswith("en"):
        return getattr(obj, f"{field}_en") or getattr(obj, f"{field}_fr")
    return getattr(obj, f"{field}_fr") or getattr(obj, f"{field}_en")


# --- Organisations ---------------------------------------------------------------------------


class LegalStatus(models.TextChoices):
    PUBLIC_BODY = "public_body", _("Public body")
    HOSPITAL = "hospital", _("Hospital")
    UNIVERSITY = "university", _("University or research institute")
    COMPANY = "company", _("Company")
    NON_PROFIT = "non_profit", _("Non-profit organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """The requester's organisation; its members see all its requests."""

    name = models.CharField(_("name"), max_length=250)
    actor_type = models.ForeignKey(
        ActorType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("type of actor"),
    )
    country = models.CharField(_("country"), max_length=2, default="FR", help_text=_("ISO code"))
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.OTHER
    )
    registration_number = models.CharField(
        _("registration number (SIREN, VAT...)"), max_length=40, blank=True
    )
    address = models.TextField(_("address"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- States and who may fire each transition --------------------------------------------------


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    IN_REVIEW = "in_review", _("In review")
    COMMITTEE = "committee", _("Committee")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
    NEGOTIATION = "negotiation", _("Negotiation")
    CONTRACTING = "contracting", _("Contracting")
    SIGNED = "signed", _("Contract signed")
    PROVISIONING = "provisioning", _("Data provisioning")
    IN_PROGRESS = "in_progress", _("Project in progress")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ON_HOLD = "on_hold", _("On hold")


S = RequestState
TERMINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN, S.REJECTED})
NON_TERMINAL_STATES = [s for s in S.values if s not in TERMINAL_STATES]
HOLDABLE_STATES = [S.SCREENING, S.IN_REVIEW, S.NEGOTIATION, S.CONTRACTING, S.PROVISIONING]
# Waiting for the requester or frozen by the desk: deadlines stop running.
PAUSED_STATES = frozenset({S.INFORMATION_REQUESTED, S.ON_HOLD})
# The statutory decision clock runs from the complete application to the decision.
DECISION_CLOCK_STATES = frozenset({S.IN_REVIEW, S.COMMITTEE})
REJECTABLE_STATES = [S.SCREENING, S.IN_REVIEW, S.COMMITTEE]


def is_requester_for(request: AccessRequest, user: Any) -> bool:
    """The requester, or any member of the requesting organisation."""
    if user is None or not user.is_authenticated:
        return False
    if request.requester_id == user.pk:
        return True
    if request.organisation_id is None:
        return False
    assert request.organisation is not None  # the id is set, so the FK resolves (or raises)
    return request.organisation.members.filter(pk=user.pk).exists()


def _fsm_permission(
    check: Callable[[AccessRequest, Any], bool],
) -> Callable[[models.Model, Any], bool]:
    """django-fsm-2 types `permission=` as taking any Model (not generic over the model), though
    it only ever passes the transition's own instance: widen the declared type here, once."""
    return cast("Callable[[models.Model, Any], bool]", check)


@_fsm_permission
def requester_or_desk(request: AccessRequest, user: Any) -> bool:
    # The desk acts on behalf of requesters who wrote by e-mail.
    return has_role(user, Role.DESK_OPERATOR) or is_requester_for(request, user)


@_fsm_permission
def desk_only(request: AccessRequest, user: Any) -> bool:
    return has_role(user, Role.DESK_OPERATOR)


@_fsm_permission
def desk_or_manager(request: AccessRequest, user: Any) -> bool:
    return has_role(user, Role.DESK_OPERATOR, Role.MANAGER)


@_fsm_permission
def legal_or_desk(request: AccessRequest, user: Any) -> bool:
    return has_role(user, Role.DESK_OPERATOR, Role.LEGAL)


# --- Access requests ---------------------------------------------------------------------------


class DataForm(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymised")
    PSEUDONYMISED = "pseudonymised", _("Pseudonymised")
    SYNTHETIC = "synthetic", _("Synthetic")
    AGGREGATED = "aggregated", _("Aggregated results only")


class RegulatoryRoute(models.TextChoices):
    MR001 = "mr001", _("Reference methodology MR-001")
    MR003 = "mr003", _("Reference methodology MR-003")
    MR004 = "mr004", _("Reference methodology MR-004")
    CNIL_AUTHORISATION = "cnil_authorisation", _("CNIL authorisation")
    NOT_PERSONAL = "not_personal", _("Not personal data (anonymised)")
    OTHER = "other", _("Other")
    UNDETERMINED = "undetermined", _("To be determined with the desk")


class EthicsOpinion(models.TextChoices):
    CESREES = "cesrees", _("CESREES opinion")
    CPP = "cpp", _("Research ethics committee (CPP)")
    LOCAL = "local", _("Local ethics committee")
    PENDING = "pending", _("Requested, pending")
    NOT_REQUIRED = "not_required", _("Not required")


class AccessRequest(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One project's application for data, from intake form to project closure."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("requester"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("A desk member when the request was opened on the requester's behalf."),
    )
    first_contact_at = models.DateTimeField(
        _("first contact"),
        default=timezone.now,
        help_text=_("The time-to-contract clock starts here."),
    )

    # People / project
    title = models.CharField(_("project title"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    scientific_question = models.TextField(_("scientific question"), blank=True)
    public_interest = models.TextField(_("public-interest justification"), blank=True)
    expected_benefits = models.TextField(_("expected benefits"), blank=True)
    project_type = models.ForeignKey(
        ProjectType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type of project"),
    )
    collaboration_level = models.ForeignKey(
        CollaborationLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collaboration level"),
    )
    # Resolved by the desk at screening from project type, actor type and collaboration level.
    use_case = models.ForeignKey(
        UseCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("use case"),
    )

    # Data
    datasets = models.ManyToManyField(
        Dataset,
        through="RequestDataset",
        blank=True,
        related_name="access_requests",
        verbose_name=_("datasets"),
    )
    data_not_in_catalogue = models.TextField(_("data not in the catalogue"), blank=True)
    variables = models.TextField(_("variables needed"), blank=True)
    population = models.TextField(_("study population"), blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_description = models.CharField(_("period"), max_length=200, blank=True)
    data_form = models.CharField(
        _("form of the data"), max_length=20, choices=DataForm.choices, blank=True
    )
    data_form_justification = models.TextField(_("why this form of data"), blank=True)

    # Setting
    access_mode = models.ForeignKey(
        VocabularyTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
        verbose_name=_("requested access mode"),
    )
    secure_environment = models.TextField(_("secure environment"), blank=True)
    safeguards = models.TextField(_("safeguards"), blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    regulatory_route = models.CharField(
        _("regulatory route"), max_length=24, choices=RegulatoryRoute.choices, blank=True
    )
    regulatory_reference = models.CharField(
        _("regulatory reference (compliance declaration, authorisation no.)"),
        max_length=200,
        blank=True,
    )
    ethics_opinion = models.CharField(
        _("ethics opinion"), max_length=20, choices=EthicsOpinion.choices, blank=True
    )
    ethics_reference = models.CharField(_("ethics opinion reference"), max_length=200, blank=True)
    funding = models.TextField(_("funding"), blank=True)

    # Outputs
    publication_plan = models.TextField(_("publication plan"), blank=True)
    ip_expectations = models.TextField(_("intellectual property expectations"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    services = models.ManyToManyField(
        Service,
        through="RequestService",
        blank=True,
        related_name="+",
        verbose_name=_("services wanted"),
    )
    quote = models.ForeignKey(
        Quote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current quote"),
    )

    form_definition = models.ForeignKey(
        "FormDefinition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("form version answered"),
    )

    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    held_from_state = models.CharField(
        _("state before hold"), max_length=30, choices=S.choices, blank=True
    )
    # Next deadline of the current step, recomputed by guichet.domain at every transition
    # (see guichet.clocks) so the inbox can filter overdue requests in SQL.
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    complete_at = models.DateTimeField(
        _("application complete (screening done)"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    contract_signed_at = models.DateTimeField(_("contract signed"), null=True, blank=True)
    data_available_at = models.DateTimeField(_("data available"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]
        permissions = [
            ("manage_requests", _("Can run the request pipeline (desk)")),
        ]
        indexes = [models.Index(fields=["state", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="request_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_STATES

    @property
    def is_editable_by_requester(self) -> bool:
        return self.state in (S.DRAFT, S.INFORMATION_REQUESTED)

    # Transitions: database-only bodies; guichet.domain adds events, clocks and e-mails.
    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED, permission=requester_or_desk)
    def submit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(field=state, source=S.SUBMITTED, target=S.SCREENING, permission=desk_only)
    def start_screening(self) -> None:
        pass

    @transition(
        field=state, source=S.SCREENING, target=S.INFORMATION_REQUESTED, permission=desk_only
    )
    def ask_information(self) -> None:
        pass

    @transition(
        field=state,
        source=S.INFORMATION_REQUESTED,
        target=S.SCREENING,
        permission=requester_or_desk,
    )
    def provide_information(self) -> None:
        pass

    @transition(field=state, source=S.SCREENING, target=S.IN_REVIEW, permission=desk_only)
    def send_to_review(self) -> None:
        # Screening done: the statutory decision clock starts.
        self.complete_at = timezone.now()

    @transition(field=state, source=S.IN_REVIEW, target=S.COMMITTEE, permission=desk_only)
    def send_to_committee(self) -> None:
        pass

    @transition(field=state, source=S.COMMITTEE, target=S.APPROVED, permission=desk_or_manager)
    def approve(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=S.COMMITTEE,
        target=S.APPROVED_WITH_CONDITIONS,
        permission=desk_or_manager,
    )
    def approve_with_conditions(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=state, source=REJECTABLE_STATES, target=S.REJECTED, permission=desk_or_manager
    )
    def reject(self) -> None:
        now = timezone.now()
        self.decided_at = now
        self.closed_at = now

    @transition(
        field=state,
        source=[S.APPROVED, S.APPROVED_WITH_CONDITIONS],
        target=S.NEGOTIATION,
        permission=desk_only,
    )
    def start_negotiation(self) -> None:
        pass

    @transition(field=state, source=S.NEGOTIATION, target=S.CONTRACTING, permission=legal_or_desk)
    def start_contracting(self) -> None:
        pass

    @transition(field=state, source=S.CONTRACTING, target=S.SIGNED, permission=legal_or_desk)
    def mark_signed(self) -> None:
        self.contract_signed_at = timezone.now()

    @transition(field=state, source=S.SIGNED, target=S.PROVISIONING, permission=desk_only)
    def start_provisioning(self) -> None:
        pass

    @transition(field=state, source=S.PROVISIONING, target=S.IN_PROGRESS, permission=desk_only)
    def start_project(self) -> None:
        self.data_available_at = timezone.now()

    @transition(field=state, source=S.IN_PROGRESS, target=S.CLOSING, permission=desk_only)
    def start_closing(self) -> None:
        pass

    @transition(field=state, source=S.CLOSING, target=S.CLOSED, permission=desk_only)
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=NON_TERMINAL_STATES,
        target=S.WITHDRAWN,
        permission=requester_or_desk,
    )
    def withdraw(self) -> None:
        self.closed_at = timezone.now()
        self.held_from_state = ""

    @transition(field=state, source=HOLDABLE_STATES, target=S.ON_HOLD, permission=desk_only)
    def put_on_hold(self) -> None:
        self.held_from_state = self.state

    @transition(
        field=state,
        source=S.ON_HOLD,
        target=RETURN_VALUE(*HOLDABLE_STATES),
        permission=desk_only,
    )
    def resume(self) -> str:
        back_to = self.held_from_state
        self.held_from_state = ""
        return back_to


class RequestDataset(models.Model):
    """A catalogue dataset requested by a project, with its relevance for that project."""

    request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="requested_datasets"
    )
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="+")
    relevance = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relevance assessment"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("requested dataset")
        verbose_name_plural = _("requested datasets")
        constraints = [
            models.UniqueConstraint(fields=["request", "dataset"], name="uniq_request_dataset")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} / {self.dataset_id}"


class RequestService(models.Model):
    """A service of the offer the requester wishes for, with a quantity (days, months...)."""

    request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="requested_services"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("requested service")
        verbose_name_plural = _("requested services")
        constraints = [
            models.UniqueConstraint(fields=["request", "service"], name="uniq_request_service")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} x {self.quantity}"


class TeamMember(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    role = models.CharField(_("role in the project"), max_length=200, blank=True)
    will_access_data = models.BooleanField(_("will access the data"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["request", "position", "pk"]

    def __str__(self) -> str:
        return self.name


# --- Attachments -------------------------------------------------------------------------------


class AttachmentKind(models.TextChoices):
    PROTOCOL = "protocol", _("Protocol")
    ETHICS_OPINION = "ethics_opinion", _("Ethics opinion")
    CV = "cv", _("CV")
    DELETION_EVIDENCE = "deletion_evidence", _("Data deletion evidence")
    FORM_ANSWER = "form_answer", _("Answer to a form question")
    OTHER = "other", _("Other")


def attachment_path(instance: Attachment, filename: str) -> str:
    # Random names: the original name is kept in the row, never trusted as a path.
    suffix = PurePosixPath(filename).suffix.lower() or ".bin"
    return f"requests/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file joined to a request (PDF only; checked by guichet.domain.attachment_add)."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, default="application/pdf")
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["request", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


# --- Desk's extra questions (versioned form) ---------------------------------------------------


class FormDefinition(models.Model):
    """A version of the desk's extra questions; a submitted request keeps the one it answered."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Form version %(version)s") % {"version": self.version}

    @classmethod
    def current(cls) -> FormDefinition | None:
        return cls.objects.filter(published=True).order_by("-version").first()


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")
    DATE = "date", _("Date")
    FILE = "file", _("File (PDF)")


class FormQuestion(models.Model):
    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("question (French)"), max_length=400)
    label_en = models.CharField(_("question (English)"), max_length=400, blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    # ["choice A", "choice B"] for choice questions
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("form question")
        verbose_name_plural = _("form questions")
        ordering = ["form", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="uniq_form_question_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _localized(self, "label")

    @property
    def help(self) -> str:
        return _localized(self, "help")


class FormAnswer(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FormQuestion, on_delete=models.PROTECT, related_name="answers")
    # text / choice / "yes"|"no" / ISO date; file questions point at an attachment.
    value = models.TextField(_("value"), blank=True)
    attachment = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("form answer")
        verbose_name_plural = _("form answers")
        constraints = [
            models.UniqueConstraint(fields=["request", "question"], name="uniq_form_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}={self.value[:40]}"

    @property
    def is_filled(self) -> bool:
        if self.question.kind == QuestionKind.FILE:
            return self.attachment_id is not None
        return bool(self.value.strip())


# --- Audit trail -------------------------------------------------------------------------------


# Labels of the trail's notable actions that change no state (transitions show their new state).
EVENT_LABELS: dict[str, Any] = {
    "created": _("Request created"),
    "updated": _("Request updated"),
    "attachment_added": _("Attachment added"),
    "message": _("Message"),
    "services_changed": _("Services changed"),
    "relevance_assessed": _("Relevance assessed"),
    "review_assigned": _("Review assigned"),
    "review_submitted": _("Review submitted"),
    "quote_built": _("Quote built"),
    "quote_sent": _("Quote sent"),
    "follow_up_updated": _("Follow-up updated"),
    "publication_reported": _("Publication reported"),
    "dataset_feedback": _("Feedback on a dataset"),
    "dispute_opened": _("Dispute opened"),
    "dispute_closed": _("Dispute closed"),
    "register_updated": _("Transparency register updated"),
    "contract_sent": _("Contract sent to the requester"),
}


class Event(models.Model):
    """Append-only history of a request: every transition and notable action."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30, choices=S.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=S.choices, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"]), models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}->{self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The trail is evidence: a row, once written, is never rewritten.
        if not self._state.adding:
            raise ValueError("Events are append-only.")
        super().save(*args, **kwargs)

    @property
    def is_transition(self) -> bool:
        return bool(self.to_state) and self.from_state != self.to_state

    @property
    def label(self) -> str:
        known = EVENT_LABELS.get(self.action)
        return str(known) if known else self.action.replace("_", " ").capitalize()


# --- Reviews and committee ---------------------------------------------------------------------


class ReviewKind(models.TextChoices):
    SCIENTIFIC = "scientific", _("Scientific feasibility")
    LEGAL = "legal", _("Legal / DPO compliance")
    TECHNICAL = "technical", _("Technical feasibility")
    ETHICS = "ethics", _("Ethics")
    STEWARD = "steward", _("Data steward")


class ReviewOutcome(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    FAVOURABLE_WITH_CONDITIONS = "favourable_with_conditions", _("Favourable with conditions")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class Review(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    # Steward reviews concern one department's datasets (decentralised desk).
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_required = models.BooleanField(_("required for the committee"), default=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=ReviewOutcome.choices, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["request", "kind", "pk"]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.request.reference}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class CommitteeMeeting(models.Model):
    date = models.DateField(_("date"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("members present")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return _("Committee of %(date)s") % {"date": self.date}


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")


class CommitteeDecision(models.Model):
    request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="committee_decisions"
    )
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["request", "decided_at"]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.get_decision_display()}"


# --- Messages ----------------------------------------------------------------------------------


class Message(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    is_information_request = models.BooleanField(_("request for information"), default=False)
    # Staff-only notes never reach the requester.
    is_internal = models.BooleanField(_("internal note (staff only)"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


# --- Clocks ------------------------------------------------------------------------------------


class ClockKey(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted: start screening")
    SCREENING = "screening", _("Screening")
    INFORMATION_REQUESTED = "information_requested", _("Requester completes the application")
    REVIEW = "review", _("Each review")
    DECISION = "decision", _("Decision, from the complete application")
    NEGOTIATION = "negotiation", _("Negotiation")
    CONTRACTING = "contracting", _("Contracting")
    SIGNED = "signed", _("Signed: start provisioning")
    PROVISIONING = "provisioning", _("Data provisioning")


# EHDS: decision within 3 months of a complete application (about 65 working days), four
# weeks for the applicant to complete; other steps are the desk's own service levels.
DEFAULT_CLOCK_DAYS: dict[str, int] = {
    ClockKey.SUBMITTED: 5,
    ClockKey.SCREENING: 15,
    ClockKey.INFORMATION_REQUESTED: 20,
    ClockKey.REVIEW: 15,
    ClockKey.DECISION: 65,
    ClockKey.NEGOTIATION: 20,
    ClockKey.CONTRACTING: 30,
    ClockKey.SIGNED: 10,
    ClockKey.PROVISIONING: 20,
}


class ClockPolicy(models.Model):
    """Deadline of a step in working days, editable by the desk."""

    key = models.CharField(_("step"), max_length=30, choices=ClockKey.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"), validators=[MinValueValidator(1)]
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("due soon from (working days before)"), default=3
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("clock policy")
        verbose_name_plural = _("clock policies")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.working_days}"


# --- Follow-up after provision -----------------------------------------------------------------


class ProjectFollowUp(models.Model):
    request = models.OneToOneField(
        AccessRequest, on_delete=models.CASCADE, related_name="follow_up"
    )
    access_granted_on = models.DateField(_("access granted on"), null=True, blank=True)
    access_mode = models.ForeignKey(
        VocabularyTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
        verbose_name=_("access mode granted"),
    )
    extra_technical_work = models.BooleanField(_("extra technical work needed"), default=False)
    extra_technical_work_description = models.TextField(_("extra technical work"), blank=True)
    results_summary = models.TextField(_("results summary"), blank=True)
    data_deletion_confirmed_on = models.DateField(
        _("data deletion confirmed on"), null=True, blank=True
    )
    data_deletion_evidence = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deletion evidence"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project follow-up")
        verbose_name_plural = _("project follow-ups")

    def __str__(self) -> str:
        return str(self.request)


class PublicationReport(models.Model):
    request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="publications"
    )
    reference = models.TextField(_("reference"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("publication report")
        verbose_name_plural = _("publication reports")
        ordering = ["request", "-published_on", "pk"]

    def __str__(self) -> str:
        return self.reference[:80]


class DatasetFeedback(models.Model):
    """The requester's rating of a dataset after use (stored as a catalogue assessment)."""

    request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="dataset_feedback"
    )
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("dataset feedback")
        verbose_name_plural = _("dataset feedback")
        constraints = [
            models.UniqueConstraint(fields=["request", "dataset"], name="uniq_dataset_feedback")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} / {self.dataset_id}"


class DisputeKind(models.TextChoices):
    PATIENT = "patient", _("Patient")
    REQUESTER = "requester", _("Requester")


class Dispute(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="disputes")
    kind = models.CharField(_("raised by"), max_length=20, choices=DisputeKind.choices)
    description = models.TextField(_("description"))
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.request_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


# --- Transparency register ---------------------------------------------------------------------


class RegisterStatus(models.TextChoices):
    APPROVED = "approved", _("Approved, not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class RegisterEntry(models.Model):
    """Public description of an approved project; the desk may edit the public wording."""

    request = models.OneToOneField(
        AccessRequest, on_delete=models.CASCADE, related_name="register_entry"
    )
    public_title = models.CharField(_("public title"), max_length=300)
    public_purpose = models.TextField(_("purpose"))
    organisation_name = models.CharField(_("requesting organisation"), max_length=250)
    datasets_text = models.TextField(_("datasets"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    started_on = models.DateField(_("data available from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.APPROVED
    )
    results_summary = models.TextField(_("results"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["-approved_on", "-pk"]

    def __str__(self) -> str:
        return self.public_title


# --- Document access trail -------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    ATTACHMENT = "attachment", _("Request attachment")
    CONTRACT_VERSION = "contract_version", _("Contract version")
    SIGNED_CONTRACT = "signed_contract", _("Signed contract")
    QUOTE = "quote", _("Quote")
    COMMITTEE_SUMMARY = "committee_summary", _("Committee summary")
    KPI_EVIDENCE = "kpi_evidence", _("Indicator evidence")


class DocumentAccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")


class DocumentAccessOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class DocumentAccess(models.Model):
    """One look at, or download of, a stored document (append-only; see guichet.domain_access).

    Who, what and when are copied as text as well as linked, so the row still says who saw what
    after a user or a request is deleted."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    request = models.ForeignKey(
        AccessRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_accesses",
        verbose_name=_("request"),
    )
    request_reference = models.CharField(_("request reference"), max_length=40, blank=True)
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    object_id = models.CharField(_("object id"), max_length=40)
    label = models.CharField(_("version or file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=DocumentAccessAction.choices)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=DocumentAccessOutcome.choices,
        default=DocumentAccessOutcome.ALLOWED,
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["request", "-at"], name="docaccess_request_at"),
            models.Index(fields=["user", "-at"], name="docaccess_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.label}"
