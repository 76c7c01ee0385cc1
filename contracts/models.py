"""Standard contracts: a versioned clause library, templates assembled from clause versions,
and, per access request, generated contract versions (immutable PDFs), deviations and signatures.

Clause bodies are Django template text with named placeholders; contracts.rendering renders
them in a sandboxed engine with plain data only (legal staff edit them, so they must not reach
the database or the file system)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


class ClauseCategory(models.TextChoices):
    PARTIES_PURPOSE = "parties_purpose", _("Parties and purpose")
    DATA_DESCRIPTION = "data_description", _("Data description")
    SECURITY_HOSTING = "security_hosting", _("Security and hosting requirements")
    CONTROL_AUDIT = "control_audit", _("Control and audit of processing")
    ACCESS_LOG_REVIEW = "access_log_review", _("Access-log review")
    DATA_DELETION = "data_deletion", _("Data deletion at the end")
    PUBLICATION = "publication", _("Publication and acknowledgement")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    FEES_PAYMENT = "fees_payment", _("Fees and payment")
    LIABILITY = "liability", _("Liability")
    DURATION_TERMINATION = "duration_termination", _("Duration and termination")
    APPLICABLE_LAW = "applicable_law", _("Applicable law")


class Clause(models.Model):
    """The stable identity of a clause; its wording lives in immutable ClauseVersions."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=40, choices=ClauseCategory.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.code


class ClauseVersion(models.Model):
    """One wording of a clause. Never edited once a published template uses it."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    body_fr = models.TextField(_("body (French)"))
    body_en = models.TextField(_("body (English)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("clause version")
        verbose_name_plural = _("clause versions")
        ordering = ["clause", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="uniq_clause_version")
        ]

    def __str__(self) -> str:
        return f"{self.clause.code} v{self.number}"

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_fr


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ContractKind(models.TextChoices):
    DATA_PROVISION = "data_provision", _("Data-provision contract (secure workspace)")
    DATA_TRANSFER = "data_transfer", _("Data-transfer contract (pseudonymised extract)")
    COLLABORATION = "collaboration", _("Collaboration agreement")
    FEE_SCHEDULE = "fee_schedule", _("Quote / fee schedule")


class DataFormRule(models.TextChoices):
    ANY = "any", _("Any legal status")
    ANONYMISED = "anonymised", _("Anonymised data only")
    PSEUDONYMISED = "pseudonymised", _("Pseudonymised data")


class ContractTemplate(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """An ordered list of clause versions with annexes and applicability rules.
    Published templates are immutable: a change is a new version of the same family (code)."""

    code = models.SlugField(_("family code"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=30, choices=ContractKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    clause_versions = models.ManyToManyField(
        ClauseVersion, through="TemplateClause", related_name="templates"
    )
    annex_dataset_sheets = models.BooleanField(_("annex: dataset description sheets"), default=True)
    annex_fee_schedule = models.BooleanField(_("annex: fee schedule from the quote"), default=True)
    annex_security = models.BooleanField(_("annex: security requirements"), default=True)
    annex_authorised_persons = models.BooleanField(
        _("annex: list of authorised persons"), default=True
    )
    # Applicability: an empty set means "any".
    project_types = models.ManyToManyField(
        "offers.ProjectType", blank=True, related_name="contract_templates"
    )
    actor_types = models.ManyToManyField(
        "offers.ActorType", blank=True, related_name="contract_templates"
    )
    collaboration_levels = models.ManyToManyField(
        "offers.CollaborationLevel", blank=True, related_name="contract_templates"
    )
    access_modes = models.ManyToManyField(
        "catalogue.VocabularyTerm",
        blank=True,
        related_name="contract_templates",
        limit_choices_to={"vocabulary": "access_mode"},
    )
    data_form = models.CharField(
        _("dataset legal status"),
        max_length=20,
        choices=DataFormRule.choices,
        default=DataFormRule.ANY,
    )
    status = FSMField(
        _("status"), default=TemplateStatus.DRAFT, choices=TemplateStatus.choices, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="uniq_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_fr

    @property
    def is_editable(self) -> bool:
        return self.status == TemplateStatus.DRAFT

    @transition(field=status, source=TemplateStatus.DRAFT, target=TemplateStatus.PUBLISHED)
    def publish(self) -> None:
        self.published_at = timezone.now()

    @transition(field=status, source=TemplateStatus.PUBLISHED, target=TemplateStatus.RETIRED)
    def retire(self) -> None:
        self.retired_at = timezone.now()


class TemplateClause(models.Model):
    template = models.ForeignKey(
        ContractTemplate, on_delete=models.CASCADE, related_name="template_clauses"
    )
    clause_version = models.ForeignKey(ClauseVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="uniq_template_position")
        ]

    def __str__(self) -> str:
        return f"{self.template} #{self.position}: {self.clause_version}"


# --- Contracts of one access request -----------------------------------------------------------


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SENT = "sent", _("Sent for review")
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


class Contract(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The contract of one access request, with its successive generated versions."""

    request = models.ForeignKey(
        "guichet.AccessRequest", on_delete=models.PROTECT, related_name="contracts"
    )
    template = models.ForeignKey(
        ContractTemplate, on_delete=models.PROTECT, related_name="contracts"
    )
    choice_reason = models.TextField(_("why this template"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    status = FSMField(
        _("status"), default=ContractStatus.DRAFT, choices=ContractStatus.choices, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    first_sent_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template.name} — {self.request}"

    @transition(field=status, source=ContractStatus.DRAFT, target=ContractStatus.SENT)
    def send(self) -> None:
        if self.first_sent_at is None:
            self.first_sent_at = timezone.now()

    @transition(field=status, source=ContractStatus.SENT, target=ContractStatus.DRAFT)
    def reopen(self) -> None:
        pass

    @transition(field=status, source=ContractStatus.SENT, target=ContractStatus.SIGNED)
    def mark_signed(self) -> None:
        self.signed_at = timezone.now()

    @transition(
        field=status,
        source=[ContractStatus.DRAFT, ContractStatus.SENT],
        target=ContractStatus.CANCELLED,
    )
    def cancel(self) -> None:
        self.cancelled_at = timezone.now()


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ContractVersion(models.Model):
    """One generated version: the assembled text and its PDF, immutable once ready.
    `inputs_hash` makes generation idempotent: the same inputs give the same version."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    inputs_hash = models.CharField(_("inputs fingerprint"), max_length=64)
    # The rendered clause texts, in order: [{"code", "title", "body", "deviation": bool}, ...]
    clauses = models.JSONField(_("clauses"), default=list)
    html = models.TextField(_("HTML"), blank=True)
    render_status = models.CharField(
        _("rendering"), max_length=20, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="contracts/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        ordering = ["contract", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="uniq_contract_version"),
            models.UniqueConstraint(
                fields=["contract", "inputs_hash"], name="uniq_contract_inputs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.number}"


class ClauseDeviation(models.Model):
    """Legal staff replaced one standard clause for one contract: who, why, with what text."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="deviations")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="deviations")
    body_fr = models.TextField(_("replacement text (French)"))
    body_en = models.TextField(_("replacement text (English)"), blank=True)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("deviation from the standard")
        verbose_name_plural = _("deviations from the standard")
        ordering = ["contract", "created_at"]

    def __str__(self) -> str:
        return f"{self.clause.code} ({self.contract_id})"


class Party(models.TextChoices):
    HOLDER = "holder", _("Data holder")
    REQUESTER = "requester", _("Requester")
    PARTNER = "partner", _("Other partner")


class Signatory(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="signatories")
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("capacity"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    signed_at = models.DateTimeField(_("signed on"), null=True, blank=True)
    signed_pdf = models.FileField(_("signed PDF"), upload_to="contracts/signed/%Y/%m/", blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["contract", "party", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_party_display()})"


class HolderIdentity(models.Model):
    """Who signs for the data holder: printed on every contract (a single row)."""

    name = models.CharField(_("legal name"), max_length=300)
    address = models.TextField(_("address"), blank=True)
    representative = models.CharField(_("represented by"), max_length=300)
    representative_title = models.CharField(_("capacity"), max_length=300, blank=True)
    dpo_email = models.EmailField(_("data protection officer e-mail"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data holder identity")
        verbose_name_plural = _("data holder identity")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> HolderIdentity:
        identity = cls.objects.order_by("pk").first()
        if identity is None:
            return cls(name=settings.DESK_NAME, representative=str(_("its legal representative")))
        return identity


class PerimeterTemplate(models.Model):
    """The default contract template of one strategic-perimeter cell (dataset x use case).
    Kept here because offers must not know contracts."""

    perimeter_cell = models.OneToOneField(
        "offers.PerimeterCell", on_delete=models.CASCADE, related_name="contract_template_link"
    )
    template_code = models.SlugField(_("template family"), max_length=80)

    class Meta:
        verbose_name = _("default template of a perimeter cell")
        verbose_name_plural = _("default templates of perimeter cells")

    def __str__(self) -> str:
        return f"{self.perimeter_cell_id} -> {self.template_code}"
