"""The data catalogue: standard descriptive sheets, variable dictionaries, quality evaluation.

This app knows nothing of the request pipeline (see README, "Architecture")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Vocabulary(models.TextChoices):
    """Controlled lists the desk can extend; codes are stable and used in exports."""

    THEME = "theme", _("EU data theme")
    HEALTH_CATEGORY = "health_category", _("Health category")
    DATA_TYPE = "data_type", _("Data type")
    STANDARD = "standard", _("Standard / common data model")
    CODING_SYSTEM = "coding_system", _("Coding system")
    ACCESS_MODE = "access_mode", _("Access mode")
    LEGAL_BASIS = "legal_basis", _("Legal basis (DPV)")
    PURPOSE = "purpose", _("Purpose (DPV)")


class VocabularyTerm(models.Model):
    vocabulary = models.CharField(_("vocabulary"), max_length=32, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=64)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["vocabulary", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="uniq_vocabulary_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class Department(models.Model):
    """A hospital department or unit that owns datasets; its stewards maintain them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="stewarded_departments",
        verbose_name=_("data stewards"),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DatasetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class UpdateFrequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    IRREGULAR = "irregular", _("Irregular")
    NEVER = "never", _("Not updated (closed)")


class HostingType(models.TextChoices):
    WAREHOUSE = "warehouse", _("Health data warehouse")
    DATALAKE = "datalake", _("Datalake")
    RESEARCH_DB = "research_db", _("Research database")
    OTHER = "other", _("Other")


class Deployment(models.TextChoices):
    ON_PREMISE = "on_premise", _("On premise")
    CLOUD = "cloud", _("Cloud")
    HYBRID = "hybrid", _("Hybrid")


class CompletenessRow(NamedTuple):
    """One recommended field of the descriptive sheet and whether this dataset fills it."""

    field: str
    label: str
    weight: int
    filled: bool


# Recommended fields of the descriptive sheet and their weight in the completeness score.
# Weights say how much a requester loses when the field is empty: 3 = cannot judge whether the
# data fits a project (description, population, dictionary); 2 = needs a round trip with the
# desk (volumes, period, standards, legal and access conditions, quality); 1 = useful detail.
# Each entry: (key, label, weight). The test is in Dataset._completeness_filled.
COMPLETENESS_WEIGHTS: list[tuple[str, StrOrPromise, int]] = [
    ("description", _("Full description"), 3),
    ("translation", _("English title and summary"), 1),
    ("keywords", _("Keywords"), 1),
    ("themes", _("Themes"), 1),
    ("health_categories", _("Health categories"), 1),
    ("data_types", _("Data types"), 2),
    ("steward", _("Data steward"), 1),
    ("population", _("Population"), 3),
    ("period", _("Inclusion period"), 2),
    ("geography", _("Geographic coverage"), 1),
    ("individuals", _("Number of individuals"), 2),
    ("records", _("Number of records"), 1),
    ("ages", _("Typical age range"), 1),
    ("frequency", _("Update frequency"), 1),
    ("standards", _("Standard / common data model"), 2),
    ("coding_systems", _("Coding systems"), 2),
    ("legal_status", _("Legal status"), 2),
    ("legal_bases", _("Legal bases"), 2),
    ("purposes", _("Purposes"), 1),
    ("hosting", _("Hosting and deployment"), 2),
    ("access_modes", _("Access modes"), 2),
    ("retention", _("Retention period"), 1),
    ("contact", _("Contact point (name and e-mail)"), 2),
    ("landing_page", _("Landing page"), 1),
    ("publications", _("Related publications"), 1),
    ("dictionary", _("Variable dictionary"), 3),
    ("a_priori", _("A priori quality assessment"), 2),
]


# Vocabulary lists are versioned with the sheet; catalogue.domain writes ONE record per change
# (it sets the lists with skip_history_when_saving, then saves or creates the record itself).
DATASET_HISTORY = HistoricalRecords(
    excluded_fields=["search_vector", "updated_at"],
    m2m_fields=[
        "themes",
        "health_categories",
        "data_types",
        "standards",
        "coding_systems",
        "legal_bases",
        "purposes",
        "access_modes",
    ],
)


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def published(self) -> DatasetQuerySet:
        return self.filter(status=DatasetStatus.PUBLISHED)


class Dataset(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The standard descriptive sheet of one shareable database."""

    # Set on instances, not columns: by simple_history's protocol (catalogue.domain) and by
    # catalogue.filters.attach_terms (the list pages' terms, fetched in one query).
    _history_user: Any
    _change_reason: str
    skip_history_when_saving: bool
    list_terms: dict[str, list[Any]]

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=1000)
    summary_en = models.TextField(_("summary (English)"), max_length=1000, blank=True)
    description_fr = models.TextField(_("full description (French)"), blank=True)
    description_en = models.TextField(_("full description (English)"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)

    themes = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_theme",
        verbose_name=_("themes"),
        limit_choices_to={"vocabulary": Vocabulary.THEME},
    )
    health_categories = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_health_category",
        verbose_name=_("health categories"),
        limit_choices_to={"vocabulary": Vocabulary.HEALTH_CATEGORY},
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="datasets",
        verbose_name=_("owning department"),
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stewarded_datasets",
        verbose_name=_("data steward"),
    )
    data_types = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_data_type",
        verbose_name=_("data types"),
        limit_choices_to={"vocabulary": Vocabulary.DATA_TYPE},
    )

    population_description = models.TextField(_("population"), blank=True)
    inclusion_start = models.DateField(_("inclusion period start"), null=True, blank=True)
    inclusion_end = models.DateField(_("inclusion period end"), null=True, blank=True)
    geographic_coverage = models.CharField(_("geographic coverage"), max_length=300, blank=True)
    number_of_individuals = models.PositiveBigIntegerField(
        _("number of individuals"), null=True, blank=True
    )
    number_of_records = models.PositiveBigIntegerField(
        _("number of records"), null=True, blank=True
    )
    min_typical_age = models.PositiveSmallIntegerField(
        _("typical minimum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    max_typical_age = models.PositiveSmallIntegerField(
        _("typical maximum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    update_frequency = models.CharField(
        _("update frequency"), max_length=20, choices=UpdateFrequency.choices, blank=True
    )

    standards = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_standard",
        verbose_name=_("standards / common data models"),
        limit_choices_to={"vocabulary": Vocabulary.STANDARD},
    )
    coding_systems = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_coding_system",
        verbose_name=_("coding systems"),
        limit_choices_to={"vocabulary": Vocabulary.CODING_SYSTEM},
    )

    is_anonymised = models.BooleanField(_("anonymised"), default=False)
    is_pseudonymised = models.BooleanField(_("pseudonymised"), default=False)
    synthetic_version_available = models.BooleanField(
        _("synthetic version available"), default=False
    )
    patients_informed = models.BooleanField(_("patients informed"), default=False)
    consent_collected = models.BooleanField(_("consent collected"), default=False)
    opposition_register_handled = models.BooleanField(
        _("objection (opt-out) register handled"), default=False
    )
    legal_bases = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_legal_basis",
        verbose_name=_("legal bases"),
        limit_choices_to={"vocabulary": Vocabulary.LEGAL_BASIS},
    )
    purposes = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_purpose",
        verbose_name=_("purposes"),
        limit_choices_to={"vocabulary": Vocabulary.PURPOSE},
    )

    hosting_type = models.CharField(
        _("hosting"), max_length=20, choices=HostingType.choices, blank=True
    )
    deployment = models.CharField(
        _("deployment"), max_length=20, choices=Deployment.choices, blank=True
    )
    hds_certified_host = models.BooleanField(_("HDS-certified host"), default=False)
    host_name = models.CharField(_("host name"), max_length=200, blank=True)
    access_modes = models.ManyToManyField(
        VocabularyTerm,
        blank=True,
        related_name="datasets_by_access_mode",
        verbose_name=_("access modes"),
        limit_choices_to={"vocabulary": Vocabulary.ACCESS_MODE},
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    contact_name = models.CharField(_("contact point name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact point e-mail"), blank=True)
    landing_page = models.URLField(_("landing page"), blank=True)

    status = FSMField(
        _("status"), default=DatasetStatus.DRAFT, choices=DatasetStatus.choices, protected=True
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    completeness = models.DecimalField(
        _("metadata completeness (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    # Filled by catalogue.domain; on PostgreSQL a GIN index backs French full-text search.
    search_vector = SearchVectorField(null=True, editable=False)

    # Vocabulary lists are versioned with the sheet (see DATASET_HISTORY).
    history = DATASET_HISTORY
    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["title_fr"]
        permissions = [
            ("publish_dataset", _("Can publish or archive datasets")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_typical_age__isnull=True)
                | models.Q(max_typical_age__isnull=True)
                | models.Q(min_typical_age__lte=models.F("max_typical_age")),
                name="dataset_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(inclusion_start__isnull=True)
                | models.Q(inclusion_end__isnull=True)
                | models.Q(inclusion_start__lte=models.F("inclusion_end")),
                name="dataset_inclusion_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "title_fr"])]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.title}" if self.acronym else self.title

    def _localized(self, field: str) -> str:
        if (get_language() or "fr").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_fr")
        return getattr(self, f"{field}_fr") or getattr(self, f"{field}_en")

    @property
    def title(self) -> str:
        return self._localized("title")

    @property
    def summary(self) -> str:
        return self._localized("summary")

    @property
    def description(self) -> str:
        return self._localized("description")

    @property
    def is_public(self) -> bool:
        return self.status == DatasetStatus.PUBLISHED

    def _completeness_filled(self, key: str) -> bool:
        # Prefetched relations are used when present (catalogue.domain.with_completeness_data
        # bulk-loads them); annotations `has_variables` / `has_a_priori` spare two queries.
        m2m = {"themes", "health_categories", "data_types", "standards", "coding_systems"}
        m2m |= {"legal_bases", "purposes", "access_modes", "publications"}
        if key in m2m:
            return len(getattr(self, key).all()) > 0
        simple = {
            "description": bool(self.description_fr.strip() or self.description_en.strip()),
            "translation": bool(self.title_en.strip() and self.summary_en.strip()),
            "keywords": bool(self.keywords),
            "steward": self.steward_id is not None,
            "population": bool(self.population_description.strip()),
            "period": self.inclusion_start is not None,
            "geography": bool(self.geographic_coverage.strip()),
            "individuals": self.number_of_individuals is not None,
            "records": self.number_of_records is not None,
            "ages": self.min_typical_age is not None and self.max_typical_age is not None,
            "frequency": bool(self.update_frequency),
            "legal_status": any(
                (
                    self.is_anonymised,
                    self.is_pseudonymised,
                    self.synthetic_version_available,
                    self.patients_informed,
                    self.consent_collected,
                    self.opposition_register_handled,
                )
            ),
            "hosting": bool(self.hosting_type and self.deployment),
            "retention": self.retention_years is not None,
            "contact": bool(self.contact_name.strip() and self.contact_email.strip()),
            "landing_page": bool(self.landing_page),
        }
        if key in simple:
            return simple[key]
        if key == "dictionary":
            known = getattr(self, "has_variables", None)
            return known if known is not None else self.variables.exists()
        if key == "a_priori":
            known = getattr(self, "has_a_priori", None)
            if known is not None:
                return known
            return self.assessments.filter(kind=AssessmentKind.A_PRIORI).exists()
        raise KeyError(key)

    def completeness_report(self) -> list[CompletenessRow]:
        """The sheet's recommended fields, their weight, and whether each is filled."""
        return [
            CompletenessRow(key, str(label), weight, self._completeness_filled(key))
            for key, label, weight in COMPLETENESS_WEIGHTS
        ]

    def compute_completeness(self, report: list[CompletenessRow] | None = None) -> Decimal:
        """Weighted share (0-100, two decimals) of the recommended fields that are filled."""
        rows = report if report is not None else self.completeness_report()
        total = sum(row.weight for row in rows)
        filled = sum(row.weight for row in rows if row.filled)
        if not total:
            return Decimal("0.00")
        return (Decimal(filled) * 100 / Decimal(total)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def missing_for_publication(self) -> list[str]:
        """Labels of the fields a sheet must have before it is published."""
        missing = []
        if not self.title_fr.strip():
            missing.append(str(_("title (French)")))
        if not self.summary_fr.strip():
            missing.append(str(_("summary (French)")))
        if self.department_id is None:
            missing.append(str(_("owning department")))
        if self.pk is None or not self.data_types.exists():
            missing.append(str(_("at least one data type")))
        if not self.contact_email.strip():
            missing.append(str(_("contact point e-mail")))
        return missing

    # Transitions: database-only bodies; catalogue.domain wraps them with history and side effects.
    @transition(
        field=status,
        source=[DatasetStatus.DRAFT, DatasetStatus.ARCHIVED],
        target=DatasetStatus.PUBLISHED,
    )
    def publish(self) -> None:
        if self.published_at is None:
            self.published_at = timezone.now()

    @transition(field=status, source=DatasetStatus.PUBLISHED, target=DatasetStatus.ARCHIVED)
    def archive(self) -> None:
        pass

    @transition(field=status, source=DatasetStatus.PUBLISHED, target=DatasetStatus.DRAFT)
    def unpublish(self) -> None:
        pass


class Publication(models.Model):
    """A publication that used or describes the dataset."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="publications")
    citation = models.TextField(_("citation"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("related publication")
        verbose_name_plural = _("related publications")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.citation[:80]


class VariableType(models.TextChoices):
    STRING = "string", _("Text (short)")
    TEXT = "text", _("Free text")
    INTEGER = "integer", _("Integer")
    DECIMAL = "decimal", _("Decimal")
    BOOLEAN = "boolean", _("Yes/no")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date and time")
    CATEGORICAL = "categorical", _("Categorical (coded)")
    IDENTIFIER = "identifier", _("Identifier")


class Variable(models.Model):
    """One entry of a dataset's variable dictionary."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="variables")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    label = models.CharField(_("label"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    value_type = models.CharField(_("type"), max_length=20, choices=VariableType.choices)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    coding_system = models.ForeignKey(
        VocabularyTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.CODING_SYSTEM},
        verbose_name=_("coding system"),
    )
    # [{"code": "1", "label": "Male"}, ...] for categorical variables
    allowed_values = models.JSONField(_("allowed values"), default=list, blank=True)
    completeness = models.DecimalField(
        _("completeness (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # {"min": .., "max": .., "mean": .., "median": .., "n_distinct": ..}
    statistics = models.JSONField(_("summary statistics"), default=dict, blank=True)

    class Meta:
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        ordering = ["dataset", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "name"], name="uniq_variable_name"),
            models.CheckConstraint(
                condition=models.Q(completeness__isnull=True)
                | (models.Q(completeness__gte=0) & models.Q(completeness__lte=100)),
                name="variable_completeness_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QualityDimension(models.TextChoices):
    COMPLETENESS = "completeness", _("Completeness")
    CONFORMITY = "conformity", _("Conformity")
    PLAUSIBILITY = "plausibility", _("Plausibility")
    TIMELINESS = "timeliness", _("Timeliness")
    DOCUMENTATION = "documentation", _("Documentation")
    REPRESENTATIVENESS = "representativeness", _("Representativeness")
    RELEVANCE = "relevance", _("Relevance")


class CriteriaSet(models.Model):
    """A configurable grid of quality criteria."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default set"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("quality criteria set")
        verbose_name_plural = _("quality criteria sets")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return (
            self.name_en
            if (get_language() or "fr").startswith("en") and self.name_en
            else self.name_fr
        )


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=60)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    dimension = models.CharField(_("dimension"), max_length=30, choices=QualityDimension.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_max = models.PositiveSmallIntegerField(
        _("scale maximum"), default=4, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    guidance = models.TextField(_("guidance"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")
        ordering = ["criteria_set", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="uniq_criterion_code")
        ]

    def __str__(self) -> str:
        return (
            self.label_en
            if (get_language() or "fr").startswith("en") and self.label_en
            else self.label_fr
        )


class AssessmentKind(models.TextChoices):
    A_PRIORI = "a_priori", _("Catalogue (a priori)")
    PROJECT_RELEVANCE = "project_relevance", _("Relevance for a project")
    REQUESTER_FEEDBACK = "requester_feedback", _("Requester feedback after use")


class Assessment(models.Model):
    """One scoring of a dataset against a criteria set; scores are 0..scale_max per criterion."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="assessments")
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AssessmentKind.choices)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    # Cached from the scores by catalogue.domain (0-100), so lists can sort without joins.
    overall_score = models.DecimalField(
        _("overall score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("quality assessment")
        verbose_name_plural = _("quality assessments")
        ordering = ["-assessed_at"]
        indexes = [models.Index(fields=["dataset", "kind", "-assessed_at"])]

    def __str__(self) -> str:
        return f"{self.dataset} — {self.get_kind_display()} ({self.assessed_at:%Y-%m-%d})"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="uniq_score")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}={self.score}"
