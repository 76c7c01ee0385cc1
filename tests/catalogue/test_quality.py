from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from catalogue.models import AssessmentKind, CriteriaSet
from catalogue.quality import (
    assessment_summary,
    compute_overall,
    latest_a_priori,
    validate_scores,
)
from tests.catalogue.factories import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    DatasetFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def grid() -> Any:
    grid = CriteriaSetFactory()
    CriterionFactory(criteria_set=grid, code="c1", dimension="completeness", weight=2, scale_max=4)
    CriterionFactory(criteria_set=grid, code="c2", dimension="completeness", weight=1, scale_max=4)
    CriterionFactory(criteria_set=grid, code="p1", dimension="plausibility", weight=Decimal("1.5"),
                     scale_max=5)  # fmt: skip
    return grid


def _scores(grid: CriteriaSet, **by_code: int) -> dict[int, int]:
    return {c.pk: by_code[c.code] for c in grid.criteria.all()}


def test_summary_is_hand_computed(grid: CriteriaSet) -> None:
    scores = _scores(grid, c1=3, c2=1, p1=4)
    assessment = AssessmentFactory(criteria_set=grid, scores=scores)
    summary = assessment_summary(assessment)
    # completeness: (2 * 3/4 + 1 * 1/4) / 3 = 1.75 / 3 = 58.333 -> 58.33
    # plausibility: 4/5 = 80.00
    # overall: (1.5 + 0.25 + 1.5 * 0.8) / 4.5 = 2.95 / 4.5 = 65.555... -> 65.56 (half up)
    assert [tuple(d) for d in summary.dimensions] == [
        ("completeness", "Completeness", Decimal("58.33")),
        ("plausibility", "Plausibility", Decimal("80.00")),
    ]
    assert summary.overall == Decimal("65.56")
    assert assessment.overall_score == Decimal("65.56")


def test_rounding_is_half_up() -> None:
    grid = CriteriaSetFactory()
    criterion = CriterionFactory(criteria_set=grid, scale_max=8, weight=1)
    # 1/8 = 12.5 % exactly; 3/80 style halves: 0.125 -> 12.50; use a 1/400 step to hit .005
    assert compute_overall([criterion], {criterion.pk: 1}) == Decimal("12.50")
    big = CriterionFactory(criteria_set=grid, scale_max=100, weight=Decimal("0.01"))
    other = CriterionFactory(criteria_set=grid, scale_max=100, weight=Decimal("1.99"))
    # (0.01 * 0.01 + 1.99 * 0) / 2 = 0.00005 -> 0.005 % -> 0.01 half up (banker's would give 0.00)
    assert compute_overall([big, other], {big.pk: 1, other.pk: 0}) == Decimal("0.01")


def test_validation_names_each_bad_criterion(grid: CriteriaSet) -> None:
    criteria = list(grid.criteria.all())
    with pytest.raises(ValidationError) as caught:
        validate_scores(criteria, {criteria[0].pk: 5, criteria[1].pk: "abc", 999_999: 1})
    text = " | ".join(caught.value.messages)
    assert "between 0 and 4" in text
    assert "not a whole number" in text
    assert "a score is required" in text  # p1 missing
    assert "outside this set" in text
    assert validate_scores(criteria, {c.pk: "0" for c in criteria}) == {c.pk: 0 for c in criteria}


def test_latest_a_priori_in_constant_queries(
    grid: CriteriaSet, django_assert_num_queries: Any
) -> None:
    datasets = DatasetFactory.create_batch(5)
    now = timezone.now()
    earlier, later = now - timezone.timedelta(days=3), now + timezone.timedelta(days=1)
    for n, dataset in enumerate(datasets):
        AssessmentFactory(dataset=dataset, criteria_set=grid, assessed_at=earlier,
                          scores=_scores(grid, c1=0, c2=0, p1=0))  # fmt: skip
        AssessmentFactory(dataset=dataset, criteria_set=grid, assessed_at=now,
                          scores=_scores(grid, c1=4, c2=4, p1=n))  # fmt: skip
        AssessmentFactory(dataset=dataset, criteria_set=grid, kind=AssessmentKind.PROJECT_RELEVANCE,
                          assessed_at=later)  # fmt: skip
    with django_assert_num_queries(3):
        latest = latest_a_priori(d.pk for d in datasets)
        summaries = {pk: assessment_summary(a) for pk, a in latest.items()}
    assert set(latest) == {d.pk for d in datasets}
    assert all(a.kind == AssessmentKind.A_PRIORI and a.assessed_at == now for a in latest.values())
    assert summaries[datasets[0].pk].dimensions[1].percent == Decimal("0.00")
    assert latest_a_priori([]) == {}


def test_quality_bars_include_is_accessible_text(grid: CriteriaSet) -> None:
    assessment = AssessmentFactory(criteria_set=grid, scores=_scores(grid, c1=3, c2=1, p1=4))
    html = render_to_string(
        "catalogue/includes/quality_bars.html", {"summary": assessment_summary(assessment)}
    )
    assert "Completeness" in html and "58.33 %" in html and "65.56 %" in html
    assert 'style="width: 65.56%"' in html
    assert 'role="img"' in html
    assert "<script" not in html
    empty = render_to_string("catalogue/includes/quality_bars.html", {"summary": None})
    assert "No quality assessment yet" in empty
