from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import ConcurrentTransition

from accounts.roles import Role
from catalogue import domain
from catalogue.models import Assessment, CriteriaSet, Dataset, DatasetStatus, Department
from tests.catalogue.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    DatasetFactory,
    DepartmentFactory,
    term,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _fields(department: Department, **extra: Any) -> dict[str, Any]:
    return {
        "title_fr": "Registre des cancers",
        "summary_fr": "Cas incidents de cancer depuis 2010.",
        "department": department,
        "data_types": ["registry"],
        "contact_email": "registre@example.org",
        **extra,
    }


def test_create_records_history_and_completeness(operator: Any, department: Department) -> None:
    dataset = domain.dataset_create(by=operator, acronym="RCAN", **_fields(department))
    assert dataset.slug == "rcan"
    assert dataset.status == DatasetStatus.DRAFT
    record = dataset.history.get()
    assert (record.history_user, record.history_change_reason) == (operator, "Created")
    assert dataset.completeness == dataset.compute_completeness() > 0
    again = domain.dataset_create(by=operator, acronym="RCAN", **_fields(department))
    assert again.slug == "rcan-2"


def test_create_refuses_unknown_fields_terms_and_protected_fields(
    operator: Any, department: Department
) -> None:
    with pytest.raises(ValidationError) as caught:
        domain.dataset_create(by=operator, status="published", **_fields(department))
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        domain.dataset_create(by=operator, **_fields(department, data_types=["ehr", "x-ray"]))
    assert "x-ray" in str(caught.value.message_dict["data_types"])
    with pytest.raises(ValidationError) as caught:  # a term of another vocabulary
        domain.dataset_create(by=operator, **_fields(department, access_modes=["omop"]))
    assert "access_modes" in caught.value.message_dict
    assert not Dataset.objects.exists()


def test_steward_rights_follow_departments(
    make_user: Callable[..., Any], steward: Any, department: Department
) -> None:
    other_department = DepartmentFactory()
    own = DatasetFactory(department=department)
    foreign = DatasetFactory(department=other_department)
    assert domain.can_edit_dataset(steward, own)
    assert not domain.can_edit_dataset(steward, foreign)
    with pytest.raises(PermissionDenied):
        domain.dataset_update(foreign, by=steward, changes={"title_fr": "Piraté"})
    with pytest.raises(PermissionDenied):
        domain.dataset_create(by=steward, **_fields(other_department))
    with pytest.raises(PermissionDenied):  # cannot move its own sheet to another department
        domain.dataset_update(own, by=steward, changes={"department": other_department})
    foreign.refresh_from_db()
    assert foreign.title_fr != "Piraté"
    domain.dataset_update(own, by=steward, changes={"title_fr": "Nouveau titre"})
    assert Dataset.objects.get(pk=own.pk).title_fr == "Nouveau titre"
    reviewer = make_user(Role.REVIEWER)
    assert not domain.can_edit_dataset(reviewer, own)
    assert not domain.can_create_dataset(reviewer)


def test_update_keeps_who_and_what(operator: Any) -> None:
    dataset = DatasetFactory()
    domain.dataset_update(
        dataset,
        by=operator,
        changes={"population_description": "Adultes", "access_modes": ["airlock"]},
    )
    record = dataset.history.first()
    assert record.history_user == operator
    assert record.history_change_reason == "Edited: population, access modes"
    delta = record.diff_against(record.prev_record)
    changes = {c.field: c for c in delta.changes if c.field != "completeness"}
    assert sorted(changes) == ["access_modes", "population_description"]
    assert changes["access_modes"].old == []
    assert [row["vocabularyterm"] for row in changes["access_modes"].new] == [
        term("access_mode", "airlock").pk
    ]


def test_lifecycle_transitions(operator: Any) -> None:
    dataset = DatasetFactory()
    domain.dataset_publish(dataset, by=operator)
    assert dataset.status == DatasetStatus.PUBLISHED and dataset.published_at is not None
    first_published = dataset.published_at
    domain.dataset_archive(dataset, by=operator)
    assert Dataset.objects.get(pk=dataset.pk).status == DatasetStatus.ARCHIVED
    with pytest.raises(ValidationError, match="Only a published dataset can be archived"):
        domain.dataset_archive(dataset, by=operator)
    with pytest.raises(ValidationError):
        domain.dataset_unpublish(dataset, by=operator)
    domain.dataset_publish(dataset, by=operator)  # an archived sheet can come back
    domain.dataset_unpublish(dataset, by=operator)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.DRAFT
    assert dataset.published_at == first_published
    reasons = list(dataset.history.values_list("history_change_reason", flat=True))
    assert reasons[:4] == ["Unpublished", "Published", "Archived", "Published"]


def test_publish_lists_missing_fields(operator: Any) -> None:
    dataset = DatasetFactory(contact_email="", data_types=[])
    with pytest.raises(ValidationError) as caught:
        domain.dataset_publish(dataset, by=operator)
    assert "at least one data type" in caught.value.messages[0]
    assert "contact point e-mail" in caught.value.messages[0]
    assert Dataset.objects.get(pk=dataset.pk).status == DatasetStatus.DRAFT


def test_published_sheet_cannot_lose_mandatory_fields(operator: Any) -> None:
    dataset = DatasetFactory(published=True)
    with pytest.raises(ValidationError, match="must keep"):
        domain.dataset_update(dataset, by=operator, changes={"data_types": []})
    assert Dataset.objects.get(pk=dataset.pk).data_types.exists()


def test_steward_may_edit_but_not_publish(steward: Any, department: Department) -> None:
    dataset = DatasetFactory(department=department)
    assert domain.available_transitions(steward, dataset) == []
    with pytest.raises(PermissionDenied):
        domain.dataset_publish(dataset, by=steward)


def test_concurrent_transition_is_detected(operator: Any) -> None:
    dataset = DatasetFactory()
    stale = Dataset.objects.get(pk=dataset.pk)
    domain.dataset_publish(dataset, by=operator)
    with pytest.raises(ConcurrentTransition):
        domain.dataset_publish(stale, by=operator)


def test_invalid_values_are_refused(operator: Any) -> None:
    dataset = DatasetFactory()
    with pytest.raises(ValidationError) as caught:
        domain.dataset_update(
            dataset, by=operator, changes={"min_typical_age": 80, "max_typical_age": 18}
        )
    assert caught.value.messages
    assert Dataset.objects.get(pk=dataset.pk).min_typical_age is None


def test_assessment_record_scores_and_permissions(
    operator: Any, steward: Any, make_user: Callable[..., Any]
) -> None:
    grid = CriteriaSetFactory()
    a = CriterionFactory(criteria_set=grid, weight=Decimal("2"), scale_max=4)
    b = CriterionFactory(
        criteria_set=grid, weight=Decimal("1"), scale_max=5, dimension="timeliness"
    )
    dataset = DatasetFactory()
    before = dataset.completeness
    assessment = domain.assessment_record(
        dataset, grid, "a_priori", {a.pk: 3, b.pk: 2}, by=operator, comment="ok"
    )
    # (2 * 3/4 + 1 * 2/5) / 3 = 1.9 / 3 = 63.333... -> 63.33
    assert assessment.overall_score == Decimal("63.33")
    assert assessment.scores.count() == 2
    dataset.refresh_from_db()
    assert dataset.completeness > before  # "a priori assessment" is a recommended field
    with pytest.raises(ValidationError) as caught:
        domain.assessment_record(dataset, grid, "a_priori", {a.pk: 5}, by=operator)
    text = " ".join(caught.value.messages)
    assert "between 0 and 4" in text and "required" in text
    with pytest.raises(PermissionDenied):  # not a steward of this dataset's department
        domain.assessment_record(dataset, grid, "a_priori", {a.pk: 1, b.pk: 1}, by=steward)
    reviewer = make_user(Role.REVIEWER)
    domain.assessment_record(dataset, grid, "project_relevance", {a.pk: 1, b.pk: 1}, by=reviewer)
    grid.is_active = False
    grid.save()
    with pytest.raises(ValidationError, match="no longer active"):
        domain.assessment_record(dataset, grid, "a_priori", {a.pk: 1, b.pk: 1}, by=operator)
    assert Assessment.objects.count() == 2


def test_criteria_set_rules(operator: Any, steward: Any, default_set: CriteriaSet) -> None:
    criterion = default_set.criteria.first()
    dataset = DatasetFactory()
    scores = {c.pk: 2 for c in default_set.criteria.all()}
    domain.assessment_record(dataset, default_set, "a_priori", scores, by=operator)
    with pytest.raises(PermissionDenied):
        domain.criteria_set_save(default_set, [], by=steward)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        domain.criteria_set_save(default_set, [], [criterion], by=operator)
    criterion.scale_max = 10
    with pytest.raises(ValidationError, match="scale cannot change"):
        domain.criteria_set_save(default_set, [criterion], by=operator)
    new_default = CriteriaSetFactory.build(code="other", name_fr="Autre", is_default=True)
    domain.criteria_set_save(new_default, [], by=operator)
    assert list(CriteriaSet.objects.filter(is_default=True)) == [new_default]


def test_refresh_derived_is_bulk(django_assert_max_num_queries: Any) -> None:
    datasets = DatasetFactory.create_batch(20)
    Dataset.objects.update(completeness=0)
    with django_assert_max_num_queries(35):
        domain.refresh_derived([d.pk for d in datasets])
    assert all(d.completeness == Decimal("11.36") for d in Dataset.objects.all())
