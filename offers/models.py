"""Use-case inventory, strategic perimeter, desk configuration, service offer, cost grid, quotes.

The desk prices services around the data (extraction, structuring, workspace, support...),
never the data itself: selling personal health data is illegal in France. No model here carries
a price "for a dataset".

State changes (publishing an offer, sending a quote...) live in `offers.domain`; the models only
hold data, derived values about one object, and database-only transition bodies.
This app knows nothing of the request pipeline: the pipeline points at quotes, never the reverse.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from catalogue.models import Vocabulary
from offers.pricing import ZERO, money


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


def _pick(fr: str, en: str) -> str:
    return (en or fr) if _english() else (fr or en)


class _MoneyOptions(TypedDict):
    max_digits: int
    decimal_places: int


# A TypedDict (not a plain dict) so mypy can check `**MONEY` against DecimalField's keywords.
MONEY: _MoneyOptions = {"max_digits": 12, "decimal_places": 2}
HALF_CENT = models.Value(
    Decimal("0.005"), output_field=models.DecimalField(max_digits=4, decimal_places=3)
)
RATE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))]


# --- Use-case inventory ------------------------------------------------------------------------


class Typology(models.Model):
    """An editable list entry (project type, actor type, collaboration level)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _pick(self.label_fr, self.label_en)

    @property
    def description(self) -> str:
        return _pick(self.description_fr, self.description_en)


class ProjectType(Typology):
    class Meta(Typology.Meta):
        verbose_name = _("project type")
        verbose_name_plural = _("project types")


class ActorType(Typology):
    # Industrial actors get the industrial pricing coefficient unless the pricing rule of the
    # offer version sets a coefficient for this actor type explicitly.
    is_industrial = models.BooleanField(_("industrial (commercial) actor"), default=False)

    class Meta(Typology.Meta):
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")


class CollaborationLevel(Typology):
    """Ordered by `position`: from plain data provision to a joint collaborative project."""

    class Meta(Typology.Meta):
        verbose_name = _("collaboration level")
        verbose_name_plural = _("collaboration levels")


class Origin(models.TextChoices):
    MARKET_PULL = "market_pull", _("Market pull (a requester asks)")
    TECHNO_PUSH = "techno_push", _("Techno push (the desk proposes a dataset)")


class UseCaseStatus(models.TextChoices):
    TARGETED = "targeted", _("Targeted")
    CASE_BY_CASE = "case_by_case", _("Accepted case by case")
    EXCLUDED = "excluded", _("Excluded")


class ReviewKind(models.TextChoices):
    SCIENTIFIC = "scientific", _("Scientific")
    LEGAL = "legal", _("Legal / data protection")
    TECHNICAL = "technical", _("Technical")
    ETHICS = "ethics", _("Ethics")


class ValorisationKind(models.TextChoices):
    VALUE_SECURING = "value_securing", _("Value-securing")
    VALUE_MAXIMISING = "value_maximising", _("Value-maximising")
    SCIENTIFIC = "scientific", _("Scientific")


class ValorisationTool(models.Model):
    """A way the desk secures or shares value (flat fee, royalties, co-authorship...).

    Attached to use cases here; the contracts app points at these tools from its templates."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ValorisationKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("valorisation tool")
        verbose_name_plural = _("valorisation tools")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_fr, self.description_en)


def _validate_review_kinds(value: object) -> None:
    if not isinstance(value, list) or any(v not in ReviewKind.values for v in value):
        raise ValidationError(
            _("Choose reviews among: %(choices)s."),
            params={"choices": ", ".join(ReviewKind.values)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each review kind may appear only once."))


class UseCase(models.Model):
    """A kind of project the desk takes part in, with a kind of partner, on some terms."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    project_type = models.ForeignKey(
        ProjectType,
        on_delete=models.PROTECT,
        related_name="use_cases",
        verbose_name=_("project type"),
    )
    actor_type = models.ForeignKey(
        ActorType,
        on_delete=models.PROTECT,
        related_name="use_cases",
        verbose_name=_("actor type"),
    )
    collaboration_level = models.ForeignKey(
        CollaborationLevel,
        on_delete=models.PROTECT,
        related_name="use_cases",
        verbose_name=_("collaboration level"),
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=UseCaseStatus.choices,
        default=UseCaseStatus.TARGETED,
    )
    # Review kinds the pipeline opens for requests of this use case (list of ReviewKind codes).
    required_reviews = models.JSONField(
        _("required reviews"), default=list, blank=True, validators=[_validate_review_kinds]
    )
    valorisation_tools = models.ManyToManyField(
        ValorisationTool,
        blank=True,
        related_name="use_cases",
        verbose_name=_("valorisation tools"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_fr, self.description_en)

    @property
    def is_excluded(self) -> bool:
        return self.status == UseCaseStatus.EXCLUDED

    def review_kind_labels(self) -> list[str]:
        labels = dict(ReviewKind.choices)
        return [str(labels[code]) for code in self.required_reviews if code in labels]


class CampaignOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent, no answer yet")
    NO_INTEREST = "no_interest", _("No interest")
    INTEREST = "interest", _("Interest expressed")
    PROJECT = "project", _("Led to a project")


class Campaign(models.Model):
    """A techno-push action: the desk proposes datasets to chosen kinds of partner.

    Recorded so secondary uses of a dataset that started from the desk's own push can be
    counted by the indicators."""

    title = models.CharField(_("title"), max_length=200)
    datasets = models.ManyToManyField(
        "catalogue.Dataset", related_name="campaigns", verbose_name=_("datasets proposed")
    )
    actor_types = models.ManyToManyField(
        ActorType, related_name="campaigns", verbose_name=_("actor types targeted")
    )
    use_case = models.ForeignKey(
        UseCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("use case promoted"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    message = models.TextField(_("message sent"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=CampaignOutcome.choices,
        default=CampaignOutcome.PLANNED,
    )
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    projects_started = models.PositiveSmallIntegerField(_("projects started"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("techno-push campaign")
        verbose_name_plural = _("techno-push campaigns")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


# --- Service offer -----------------------------------------------------------------------------


class ServiceCategory(models.TextChoices):
    FEASIBILITY = "feasibility", _("Feasibility study")
    PROVISION = "provision", _("Provision of usable datasets")
    DESCRIPTION_QUALITY = "description_quality", _("Dataset description and quality evaluation")
    FOLLOW_UP = "follow_up", _("Project follow-up and support")


class BillingUnit(models.TextChoices):
    FLAT = "flat", _("flat fee")
    PER_DAY = "per_day", _("per day")
    PER_MONTH = "per_month", _("per month")
    PER_EXTRACTION = "per_extraction", _("per extraction")
    PER_GB = "per_gb", _("per GB")
    PER_SEAT_MONTH = "per_seat_month", _("per seat and month")
    PER_HOUR = "per_hour", _("per hour")


class Service(models.Model):
    """A service the desk sells around the data. Never the data itself."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    included_by_default = models.BooleanField(
        _("included by default"),
        default=False,
        help_text=_("Added to every quote; otherwise an additional service chosen per project."),
    )
    billing_unit = models.CharField(
        _("billing unit"), max_length=20, choices=BillingUnit.choices, default=BillingUnit.FLAT
    )
    default_quantity = models.DecimalField(
        _("default quantity"),
        max_digits=10,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    # The "simple" grid's flat public price per unit (excl. VAT).
    flat_price = models.DecimalField(
        _("flat public price (simple grid)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Overrides the pricing rule's margin for this service in the "complex" grid.
    margin_rate = models.DecimalField(
        _("margin override"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("10"))],
    )
    access_modes = models.ManyToManyField(
        "catalogue.VocabularyTerm",
        blank=True,
        related_name="services",
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
        verbose_name=_("applicable access modes"),
        help_text=_("Empty means every access mode."),
    )
    use_cases = models.ManyToManyField(
        UseCase,
        blank=True,
        related_name="services",
        verbose_name=_("applicable use cases"),
        help_text=_("Empty means every use case."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category", "position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_fr, self.description_en)

    def unit_cost(self) -> Decimal:
        """Cost of one billing unit from its cost breakdown (staff days + IT items).

        Uses prefetched `cost_lines` (with staff_profile and it_item) when available."""
        return money(sum((line.cost for line in self.cost_lines.all()), ZERO))


# --- Cost grid ---------------------------------------------------------------------------------


class StaffProfile(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    daily_rate = models.DecimalField(
        _("daily cost rate (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ITCostCategory(models.TextChoices):
    STORAGE = "storage", _("Storage")
    COMPUTE = "compute", _("Compute")
    LICENCE = "licence", _("Licence")
    WORKSPACE = "workspace", _("Secure workspace")
    NETWORK = "network", _("Network / transfer")
    OTHER = "other", _("Other")


class ITCostItem(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ITCostCategory.choices,
        default=ITCostCategory.OTHER,
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example TB-month."))
    unit_cost = models.DecimalField(
        _("unit cost (EUR)"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IT cost item")
        verbose_name_plural = _("IT cost items")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class CostBreakdownLine(models.Model):
    """One line of a service's unit cost: either staff days of a profile, or IT item units."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_lines")
    staff_profile = models.ForeignKey(
        StaffProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        verbose_name=_("staff profile"),
    )
    days = models.DecimalField(
        _("days"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    it_item = models.ForeignKey(
        ITCostItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        verbose_name=_("IT cost item"),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost breakdown line")
        verbose_name_plural = _("cost breakdown lines")
        ordering = ["service", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        staff_profile__isnull=False,
                        days__isnull=False,
                        it_item__isnull=True,
                        quantity__isnull=True,
                    )
                    | models.Q(
                        staff_profile__isnull=True,
                        days__isnull=True,
                        it_item__isnull=False,
                        quantity__isnull=False,
                    )
                ),
                name="cost_line_staff_xor_it",
            )
        ]

    def __str__(self) -> str:
        if self.staff_profile_id:
            return f"{self.staff_profile} x {self.days} d"
        return f"{self.it_item} x {self.quantity}"

    def clean(self) -> None:
        staff = self.staff_profile_id is not None or self.days is not None
        it = self.it_item_id is not None or self.quantity is not None
        if staff == it:
            raise ValidationError(
                _("A cost line is either staff days of a profile or a quantity of an IT item.")
            )
        if staff and (self.staff_profile_id is None or self.days is None):
            raise ValidationError({"days": _("Give both the staff profile and the days.")})
        if it and (self.it_item_id is None or self.quantity is None):
            raise ValidationError({"quantity": _("Give both the IT item and the quantity.")})

    @property
    def cost(self) -> Decimal:
        """Unrounded cost of this line (rounded once at the service level)."""
        if self.staff_profile_id is not None and self.days is not None:
            # The FK is non-null once its id is set (a missing row raises, it never yields None).
            assert self.staff_profile is not None
            return self.staff_profile.daily_rate * self.days
        if self.it_item_id is not None and self.quantity is not None:
            assert self.it_item is not None
            return self.it_item.unit_cost * self.quantity
        return ZERO


class GridType(models.TextChoices):
    SIMPLE = "simple", _("Simple grid (flat public prices)")
    COMPLEX = "complex", _("Complex grid (cost-based prices)")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class OfferVersion(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A dated version of the service offer. Once published it never changes: its prices are
    frozen in ServicePrice rows and its pricing rule; a change is a new version."""

    number = models.PositiveIntegerField(_("version number"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = models.TextField(_("change notes"), blank=True)
    effective_date = models.DateField(_("effective date"), default=timezone.localdate)
    status = FSMField(
        _("status"), default=OfferStatus.DRAFT, choices=OfferStatus.choices, protected=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    # Audit trail of publication and retirement (who, when), written in the same transaction.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer version")
        verbose_name_plural = _("offer versions")
        ordering = ["-number"]
        permissions = [("publish_offerversion", _("Can publish a version of the service offer"))]

    def __str__(self) -> str:
        return f"v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == OfferStatus.DRAFT

    @transition(field=status, source=OfferStatus.DRAFT, target=OfferStatus.PUBLISHED)
    def publish(self, by: object = None) -> None:
        self.published_at = timezone.now()
        self.published_by = by  # type: ignore[assignment]

    @transition(field=status, source=OfferStatus.PUBLISHED, target=OfferStatus.RETIRED)
    def retire(self) -> None:
        self.retired_at = timezone.now()


class PricingRule(models.Model):
    """How an offer version turns costs into prices: price = cost x (1 + margin) x actor-type
    coefficient ("complex" grid) or flat price x coefficient ("simple" grid); plus the VAT rate.

    One per offer version and frozen with it, so a quote can always be recomputed."""

    offer_version = models.OneToOneField(
        OfferVersion, on_delete=models.CASCADE, related_name="pricing_rule"
    )
    grid_type = models.CharField(
        _("grid type"), max_length=10, choices=GridType.choices, default=GridType.COMPLEX
    )
    margin_rate = models.DecimalField(
        _("margin rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.1500"),
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("10"))],
        help_text=_("0.15 means price = cost x 1.15."),
    )
    academic_coefficient = models.DecimalField(
        _("coefficient for non-industrial actors"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=RATE_VALIDATORS,
    )
    industrial_coefficient = models.DecimalField(
        _("coefficient for industrial actors"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1.500"),
        validators=RATE_VALIDATORS,
    )
    vat_rate = models.DecimalField(
        _("VAT rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.2000"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.20 means 20 %."),
    )

    class Meta:
        verbose_name = _("pricing rule")
        verbose_name_plural = _("pricing rules")

    def __str__(self) -> str:
        return f"{self.get_grid_type_display()} — v{self.offer_version.number}"

    def coefficient_for(self, actor_type: ActorType) -> Decimal:
        """Explicit per-actor-type coefficient if set, else the industrial/academic default.

        Reads prefetched `actor_coefficients` when available."""
        for row in self.actor_coefficients.all():
            if row.actor_type_id == actor_type.pk:
                return row.coefficient
        return (
            self.industrial_coefficient if actor_type.is_industrial else (self.academic_coefficient)
        )


class ActorTypeCoefficient(models.Model):
    rule = models.ForeignKey(
        PricingRule, on_delete=models.CASCADE, related_name="actor_coefficients"
    )
    actor_type = models.ForeignKey(ActorType, on_delete=models.CASCADE, related_name="+")
    coefficient = models.DecimalField(
        _("coefficient"), max_digits=6, decimal_places=3, validators=RATE_VALIDATORS
    )

    class Meta:
        verbose_name = _("actor-type coefficient")
        verbose_name_plural = _("actor-type coefficients")
        constraints = [
            models.UniqueConstraint(fields=["rule", "actor_type"], name="uniq_rule_actor_type")
        ]

    def __str__(self) -> str:
        return f"{self.actor_type} x {self.coefficient}"


class ServicePrice(models.Model):
    """A service as frozen in one offer version: its public base price (before the actor-type
    coefficient, excl. VAT) and its internal unit cost at publication."""

    offer_version = models.ForeignKey(OfferVersion, on_delete=models.CASCADE, related_name="prices")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="prices")
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    billing_unit = models.CharField(_("billing unit"), max_length=20, choices=BillingUnit.choices)
    included_by_default = models.BooleanField(_("included by default"), default=False)
    unit_price = models.DecimalField(
        _("public unit price excl. VAT"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    unit_cost = models.DecimalField(
        _("internal unit cost"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("service price")
        verbose_name_plural = _("service prices")
        ordering = ["offer_version", "category", "service__position", "service__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer_version", "service"], name="uniq_price_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.unit_price} EUR {self.get_billing_unit_display()}"

    @property
    def name(self) -> str:
        return _pick(self.name_fr, self.name_en)


# --- Strategic perimeter ------------------------------------------------------------------------


class PerimeterStatus(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    CONDITIONAL = "conditional", _("Allowed on conditions")
    EXCLUDED = "excluded", _("Excluded")


class PerimeterCell(models.Model):
    """One (dataset, use case) cell of the strategic perimeter.

    Extension point: the contracts app attaches its default contract template to a cell by
    pointing at it (contracts -> offers), never the reverse; see offers.domain.perimeter."""

    dataset = models.ForeignKey(
        "catalogue.Dataset", on_delete=models.CASCADE, related_name="perimeter_cells"
    )
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="perimeter_cells")
    status = models.CharField(_("status"), max_length=20, choices=PerimeterStatus.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    default_services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="perimeter_cells",
        verbose_name=_("default service package"),
    )
    note = models.TextField(_("internal note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("perimeter cell")
        verbose_name_plural = _("strategic perimeter")
        ordering = ["dataset", "use_case"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "use_case"], name="uniq_perimeter_cell"),
            models.CheckConstraint(
                condition=~models.Q(status="conditional") | ~models.Q(conditions=""),
                name="perimeter_conditional_has_conditions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} x {self.use_case}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.status == PerimeterStatus.CONDITIONAL and not self.conditions.strip():
            raise ValidationError({"conditions": _("Say on which conditions the pair is allowed.")})


# --- Desk configuration (technical and regulatory components) -----------------------------------


class DeskModel(models.TextChoices):
    INTERNAL_DECENTRALISED = "internal_decentralised", _("Internal, decentralised")
    INTERNAL_EXTERNAL_TOOLS = "internal_external_tools", _("Internal, small team + external tools")
    EXTERNAL = "external", _("External")


class DeskComponent(models.TextChoices):
    CATALOGUE = "catalogue", _("Catalogue")
    TECHNICAL = "technical", _("Technical (infrastructure, access)")
    REGULATORY = "regulatory", _("Regulatory")
    VALORISATION = "valorisation", _("Valorisation")


def _validate_components(value: object) -> None:
    if not isinstance(value, list) or any(v not in DeskComponent.values for v in value):
        raise ValidationError(
            _("Choose components among: %(choices)s."),
            params={"choices": ", ".join(DeskComponent.values)},
        )


def validate_upload_size(upload: object) -> None:
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    size = getattr(upload, "size", 0) or 0
    if size > limit:
        raise ValidationError(
            _("The file is too large (maximum %(mb)s MB)."), params={"mb": settings.MAX_UPLOAD_MB}
        )


class DeskConfiguration(models.Model):
    """The desk's model and capabilities. A singleton: use `DeskConfiguration.get()`.

    These records are the evidence the maturity indicators read."""

    desk_model = models.CharField(
        _("desk model"),
        max_length=30,
        choices=DeskModel.choices,
        default=DeskModel.INTERNAL_EXTERNAL_TOOLS,
    )
    access_modes = models.ManyToManyField(
        "catalogue.VocabularyTerm",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
        verbose_name=_("access modes offered"),
    )
    anonymisation_capability = models.BooleanField(_("can anonymise datasets"), default=False)
    synthetic_data_capability = models.BooleanField(_("can produce synthetic data"), default=False)
    can_build_from_information_system = models.BooleanField(
        _("can build datasets from the information system"), default=False
    )
    information_system_notes = models.TextField(
        _("technical platform (warehouse, datalake, hosting)"), blank=True
    )
    patient_information_url = models.URLField(_("patient information site"), blank=True)
    consent_procedure = models.TextField(_("consent / objection procedure"), blank=True)
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("feasibility committee members"),
    )
    committee_cadence = models.CharField(_("committee cadence"), max_length=200, blank=True)
    sharing_procedure_document = models.FileField(
        _("compliant sharing procedure (PDF)"),
        upload_to="offers/procedures/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_upload_size],
    )
    sharing_procedure_version = models.CharField(_("procedure version"), max_length=40, blank=True)
    sharing_procedure_date = models.DateField(_("procedure date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("desk configuration")
        verbose_name_plural = _("desk configuration")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="desk_singleton")]

    def __str__(self) -> str:
        return str(self.get_desk_model_display())

    @classmethod
    def get(cls) -> DeskConfiguration:
        config, _created = cls.objects.get_or_create(pk=1)
        return config

    @property
    def stewards_consulted_on_requests(self) -> bool:
        """In a decentralised desk the department's stewards give their view on each request."""
        return self.desk_model == DeskModel.INTERNAL_DECENTRALISED

    @property
    def stewards_maintain_datasets(self) -> bool:
        """Decentralised: each department feeds its own sheets; otherwise the desk team does."""
        return self.desk_model == DeskModel.INTERNAL_DECENTRALISED

    @property
    def uses_external_provider(self) -> bool:
        return self.desk_model == DeskModel.EXTERNAL

    @property
    def has_feasibility_committee(self) -> bool:
        return bool(self.committee_cadence) and self.committee_members.exists()

    @property
    def has_sharing_procedure(self) -> bool:
        return bool(self.sharing_procedure_document)

    @property
    def can_make_data_compliant(self) -> bool:
        return self.anonymisation_capability or self.synthetic_data_capability

    @property
    def has_patient_information(self) -> bool:
        return bool(self.patient_information_url or self.consent_procedure.strip())


class ExternalProvider(models.Model):
    """Who runs the outsourced parts of an external (or tool-assisted) desk."""

    name = models.CharField(_("name"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    scope = models.JSONField(
        _("outsourced components"),
        default=list,
        blank=True,
        validators=[_validate_components],
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("external provider")
        verbose_name_plural = _("external providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope_labels(self) -> list[str]:
        labels = dict(DeskComponent.choices)
        return [str(labels[c]) for c in self.scope if c in labels]


# --- Timesheets --------------------------------------------------------------------------------


class TimeEntry(models.Model):
    """Days a person spent on a service, so actual cost can be compared with the budget.

    `request_reference` is a free reference; the pipeline adds its own link to requests."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("person"),
    )
    staff_profile = models.ForeignKey(
        StaffProfile,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("staff profile"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("service"),
    )
    days = models.DecimalField(
        _("days"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("31"))],
    )
    # The profile's rate when the time was logged: later rate changes do not rewrite history.
    daily_rate = models.DecimalField(_("daily rate applied"), **MONEY)
    date = models.DateField(_("date"), default=timezone.localdate)
    request_reference = models.CharField(
        _("request reference"), max_length=80, blank=True, db_index=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gt=0), name="time_entry_days_positive")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.days} d ({self.date:%Y-%m-%d})"

    @property
    def cost(self) -> Decimal:
        return money(self.days * self.daily_rate)


# --- Quotes -----------------------------------------------------------------------------------


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")
    DECLINED = "declined", _("Declined")


class Quote(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A priced selection of services for one project. Immutable once sent; a revision is a
    new version with the same reference, which supersedes the previous one."""

    reference = models.CharField(_("reference"), max_length=40, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    request_reference = models.CharField(
        _("request reference"), max_length=80, blank=True, db_index=True
    )
    offer_version = models.ForeignKey(
        OfferVersion,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("offer version used"),
    )
    use_case = models.ForeignKey(
        UseCase, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    actor_type = models.ForeignKey(ActorType, on_delete=models.PROTECT, related_name="quotes")
    access_mode = models.ForeignKey(
        "catalogue.VocabularyTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
    )
    datasets = models.ManyToManyField("catalogue.Dataset", blank=True, related_name="quotes")
    status = FSMField(
        _("status"), default=QuoteStatus.DRAFT, choices=QuoteStatus.choices, protected=True
    )
    # Frozen from the offer version's pricing rule when the quote is built.
    grid_type = models.CharField(_("grid type"), max_length=10, choices=GridType.choices)
    actor_coefficient = models.DecimalField(
        _("actor-type coefficient"), max_digits=6, decimal_places=3
    )
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=4)
    total_excl_vat = models.DecimalField(_("total excl. VAT"), **MONEY, default=ZERO)
    vat_amount = models.DecimalField(_("VAT"), **MONEY, default=ZERO)
    total_incl_vat = models.DecimalField(_("total incl. VAT"), **MONEY, default=ZERO)
    total_cost = models.DecimalField(_("internal cost"), **MONEY, default=ZERO)
    margin_amount = models.DecimalField(_("margin"), **MONEY, default=ZERO)
    below_cost_reason = models.TextField(
        _("reason for pricing below cost"),
        blank=True,
        help_text=_("Required when a complex-grid quote does not cover its costs."),
    )
    notes = models.TextField(_("notes for the requester"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)

    # Audit trail: every save (build, re-pricing, send, accept, decline, supersede) is a row.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_quote", _("Can send quotes to requesters"))]
        constraints = [
            models.UniqueConstraint(fields=["reference", "version"], name="uniq_quote_version"),
            # Within half a cent, not "=": SQLite stores decimals as binary floats, where
            # 5766.10 + 1153.22 is 6919.320000000001 and an exact check refused valid quotes.
            # Amounts have two decimals, so on PostgreSQL this is still an exact equality.
            models.CheckConstraint(
                condition=models.Q(
                    total_incl_vat__gte=models.F("total_excl_vat")
                    + models.F("vat_amount")
                    - HALF_CENT,
                    total_incl_vat__lte=models.F("total_excl_vat")
                    + models.F("vat_amount")
                    + HALF_CENT,
                ),
                name="quote_incl_is_excl_plus_vat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}"

    @property
    def label(self) -> str:
        return f"{self.reference}-v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == QuoteStatus.DRAFT

    @property
    def is_below_cost(self) -> bool:
        return self.total_excl_vat < self.total_cost

    @transition(field=status, source=QuoteStatus.DRAFT, target=QuoteStatus.SENT)
    def send(self, by: object = None) -> None:
        self.sent_at = timezone.now()
        self.sent_by = by  # type: ignore[assignment]

    @transition(field=status, source=QuoteStatus.SENT, target=QuoteStatus.ACCEPTED)
    def accept(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=QuoteStatus.SENT, target=QuoteStatus.DECLINED)
    def decline(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=status, source=[QuoteStatus.DRAFT, QuoteStatus.SENT], target=QuoteStatus.SUPERSEDED
    )
    def supersede(self) -> None:
        pass


class QuoteLine(models.Model):
    """One service of a quote. Only services: the desk never prices data."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="quote_lines")
    label = models.CharField(_("label"), max_length=200)
    billing_unit = models.CharField(_("billing unit"), max_length=20, choices=BillingUnit.choices)
    included_by_default = models.BooleanField(_("included by default"), default=False)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit_price = models.DecimalField(_("unit price excl. VAT"), **MONEY)
    unit_cost = models.DecimalField(_("internal unit cost"), **MONEY)
    total = models.DecimalField(_("line total excl. VAT"), **MONEY)
    cost = models.DecimalField(_("line internal cost"), **MONEY)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["quote", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quote_line_qty_gt0"),
            models.UniqueConstraint(fields=["quote", "service"], name="uniq_quote_line_service"),
        ]

    def __str__(self) -> str:
        return f"{self.label} x {self.quantity}"

    @property
    def margin(self) -> Decimal:
        return self.total - self.cost
