"""The data catalogue: standard descriptive sheets, variable dictionaries, quality evaluation.

This app knows nothing of the request pipeline (see README, "Architecture")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords


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


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def published(self) -> DatasetQuerySet:
        return self.filter(status=DatasetStatus.PUBLISHED)


class Dataset(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The standard descriptive sheet of one shareable database."""

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

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])
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
