"""Quality scoring: a criterion scored s on a 0..scale_max scale contributes s / scale_max of
its weight. A dimension's percentage is the weighted mean of its criteria; the overall
percentage is the weighted mean of all criteria (so heavier criteria count more, whatever
their dimension). Percentages are Decimal, rounded half up to two places."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from catalogue.models import Assessment, AssessmentKind, Criterion, QualityDimension

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DimensionScore:
    code: str
    label: str
    percent: Decimal

    # Unpacks as (code, label, percent), the shape promised to other apps.
    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.code, self.label, self.percent))


@dataclass(frozen=True)
class AssessmentSummary:
    overall: Decimal
    dimensions: list[DimensionScore]


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    if not denominator:
        return Decimal("0.00")
    return (numerator * HUNDRED / denominator).quantize(CENT, rounding=ROUND_HALF_UP)


def validate_scores(criteria: Sequence[Criterion], scores: Mapping[int, object]) -> dict[int, int]:
    """Every criterion scored once, with an integer in 0..scale_max; errors name the criterion."""
    if not criteria:
        raise ValidationError(_("This criteria set has no criteria."))
    errors: list[str] = []
    clean: dict[int, int] = {}
    known = {c.pk for c in criteria}
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        if raw is None or raw == "":
            errors.append(_("“%(criterion)s”: a score is required.") % {"criterion": criterion})
            continue
        try:
            value = int(str(raw))
        except ValueError:
            errors.append(_("“%(criterion)s”: not a whole number.") % {"criterion": criterion})
            continue
        if not 0 <= value <= criterion.scale_max:
            errors.append(
                _("“%(criterion)s”: the score must be between 0 and %(max)d.")
                % {"criterion": criterion, "max": criterion.scale_max}
            )
            continue
        clean[criterion.pk] = value
    extra = set(scores) - known
    if extra:
        errors.append(
            _("Scores given for criteria outside this set: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(extra, key=str))}
        )
    if errors:
        raise ValidationError(errors)
    return clean


def _fractions(
    criteria: Iterable[Criterion], scores: Mapping[int, int]
) -> list[tuple[Criterion, Decimal]]:
    return [(c, Decimal(scores[c.pk]) / Decimal(c.scale_max)) for c in criteria if c.pk in scores]


def compute_overall(criteria: Iterable[Criterion], scores: Mapping[int, int]) -> Decimal:
    rows = _fractions(criteria, scores)
    return _percent(
        sum((c.weight * f for c, f in rows), Decimal(0)),
        sum((c.weight for c, _f in rows), Decimal(0)),
    )


def compute_dimensions(
    criteria: Iterable[Criterion], scores: Mapping[int, int]
) -> list[DimensionScore]:
    by_dimension: dict[str, list[tuple[Criterion, Decimal]]] = {}
    for criterion, fraction in _fractions(criteria, scores):
        by_dimension.setdefault(criterion.dimension, []).append((criterion, fraction))
    result = []
    for code, label in QualityDimension.choices:
        rows = by_dimension.get(code)
        if rows:
            weighted = sum((c.weight * f for c, f in rows), Decimal(0))
            result.append(
                DimensionScore(
                    code,
                    str(label),
                    _percent(weighted, sum((c.weight for c, _f in rows), Decimal(0))),
                )
            )
    return result


def assessment_summary(assessment: Assessment) -> AssessmentSummary:
    """Per-dimension and overall percentages (uses prefetched scores when present)."""
    score_rows = list(assessment.scores.all())
    criteria = [row.criterion for row in score_rows]
    scores = {row.criterion_id: row.score for row in score_rows}
    return AssessmentSummary(
        overall=compute_overall(criteria, scores),
        dimensions=compute_dimensions(criteria, scores),
    )


def with_scores(queryset):  # type: ignore[no-untyped-def]
    return queryset.select_related("criteria_set", "assessed_by").prefetch_related(
        "scores__criterion"
    )


def latest_a_priori(dataset_ids: Iterable[int]) -> dict[int, Assessment]:
    """The newest a priori assessment of each dataset, with scores, in three queries in all."""
    ids = list(dataset_ids)
    if not ids:
        return {}
    newest = (
        Assessment.objects.filter(dataset_id=OuterRef("dataset_id"), kind=AssessmentKind.A_PRIORI)
        .order_by("-assessed_at", "-pk")
        .values("pk")[:1]
    )
    queryset = with_scores(
        Assessment.objects.filter(
            dataset_id__in=ids, kind=AssessmentKind.A_PRIORI, pk=Subquery(newest)
        )
    )
    return {a.dataset_id: a for a in queryset}


def score_band(percent: Decimal | None) -> str:
    """A CSS badge suffix for a percentage: ok, warn or danger."""
    if percent is None:
        return "muted"
    if percent >= 75:
        return "ok"
    if percent >= 50:
        return "warn"
    return "danger"
