"""Stored pieces of the indicators: settings, targets, manual (external) inputs, declared
maturity evidence and maturity snapshots. The indicator values themselves are never stored:
they are computed from the other apps' data (kpis.domain)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Content types accepted as evidence (accounts.uploads codes, checked by magic bytes).
EVIDENCE_KINDS = ("pdf", "png", "jpeg")


class KpiSettings(models.Model):
    """Singleton (pk=1) of the thresholds the computed maturity indicators use."""

    completeness_threshold = models.DecimalField(
        _("completeness threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A published sheet counts as standard when its completeness reaches this."),
    )
    sheets_share_required = models.DecimalField(
        _("share of published sheets that must reach it (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    block_threshold = models.PositiveSmallIntegerField(
        _("quadrant threshold (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Maturity and performance at or above this count as high."),
    )

    class Meta:
        verbose_name = _("indicator settings")
        verbose_name_plural = _("indicator settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="kpi_settings_singleton")
        ]

    def __str__(self) -> str:
        return str(_("Indicator settings"))

    @classmethod
    def get(cls) -> KpiSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorTarget(models.Model):
    code = models.CharField(_("indicator"), max_length=20, unique=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.target}"


class ManualInputKey(models.TextChoices):
    HOLDER_CONTRACTS = "holder_contracts", _("Total data contracts of the holder")
    INVOICED_REVENUE = "invoiced_revenue", _("Revenue actually invoiced (EUR)")


class ManualInput(models.Model):
    """A figure the software cannot know, entered by a manager for a period (usually a month).
    An input counts for a selected period when its own period lies entirely inside it."""

    key = models.CharField(_("figure"), max_length=30, choices=ManualInputKey.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("source / note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("manual input")
        verbose_name_plural = _("manual inputs")
        ordering = ["-period_start", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "period_start", "period_end"], name="kpi_manual_input_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="kpi_manual_input_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.period_start}–{self.period_end}: {self.value}"


def evidence_path(instance: MaturityDeclaration, filename: str) -> str:
    # Never reuse the uploader's name on disk: it is kept in original_name only.
    suffix = PurePosixPath(filename).suffix.lower() or ".bin"
    return f"kpis/evidence/{timezone.now():%Y}/{uuid4().hex}{suffix}"


def validate_evidence_size(upload: object) -> None:
    from django.core.exceptions import ValidationError

    size = getattr(upload, "size", 0) or 0
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class MaturityDeclaration(models.Model):
    """A manager's statement about a maturity indicator the software cannot check itself.
    The latest declaration of a code is the one in force; older ones are the history."""

    code = models.CharField(_("indicator"), max_length=20, db_index=True)
    met = models.BooleanField(_("met"))
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_path,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence_size],
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    declared_on = models.DateField(_("declared on"), default=timezone.localdate)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("maturity declaration")
        verbose_name_plural = _("maturity declarations")
        ordering = ["code", "-declared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.code} ({self.declared_on})"


class MaturitySnapshot(models.Model):
    """The twelve maturity answers at one moment, so progress can be shown over time."""

    taken_on = models.DateField(_("date"), db_index=True)
    results = models.JSONField(_("results"), default=dict)  # {code: bool}
    met_count = models.PositiveSmallIntegerField(_("indicators met"), default=0)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("maturity snapshot")
        verbose_name_plural = _("maturity snapshots")
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.taken_on}: {self.met_count}/12"
