"""Demo catalogue of the fictional CHU de Val-de-Loire, built through catalogue.domain.

Idempotent: departments and datasets are keyed by code and slug, dictionaries are rewritten
only when they differ from the generated ones, assessments are keyed by dataset, kind and
date. A second run finds nothing to change and writes no history row."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, TextIO

from django.db import transaction

from accounts.models import User
from catalogue.demo_data.datasets import DATASETS
from catalogue.demo_data.departments import DEPARTMENTS
from catalogue.demo_data.quality import AssessmentPlan, criterion_score, plans_for
from catalogue.demo_data.variables import build_dictionary
from catalogue.domain import (
    DATASET_VOCAB_FIELDS,
    assessment_record,
    dataset_archive,
    dataset_create,
    dataset_publish,
    dataset_unpublish,
    dataset_update,
    refresh_derived,
)
from catalogue.models import (
    Assessment,
    CriteriaSet,
    Dataset,
    DatasetStatus,
    Department,
    Publication,
    Variable,
    Vocabulary,
    VocabularyTerm,
)

DEFAULT_CRITERIA_SET = "default-quality"

# Keys of a dataset spec that are not Dataset columns (handled separately below).
_NOT_SHEET_FIELDS = {
    "department",
    "steward",
    "status",
    "created",
    "published",
    "archived",
    "publications",
    "blocks",
    "fill_rate",
    "quality",
    *DATASET_VOCAB_FIELDS,
}

# Lifecycle paths from the current status to the demo's target status.
_PATHS: dict[tuple[str, str], list[str]] = {
    (DatasetStatus.DRAFT, DatasetStatus.PUBLISHED): ["publish"],
    (DatasetStatus.DRAFT, DatasetStatus.ARCHIVED): ["publish", "archive"],
    (DatasetStatus.PUBLISHED, DatasetStatus.DRAFT): ["unpublish"],
    (DatasetStatus.PUBLISHED, DatasetStatus.ARCHIVED): ["archive"],
    (DatasetStatus.ARCHIVED, DatasetStatus.PUBLISHED): ["publish"],
    (DatasetStatus.ARCHIVED, DatasetStatus.DRAFT): ["publish", "unpublish"],
}
_TRANSITIONS = {
    "publish": dataset_publish,
    "archive": dataset_archive,
    "unpublish": dataset_unpublish,
}


def _moment(day: date | None, hour: int = 9) -> datetime | None:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC) if day else None


def seed(stdout: TextIO) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    operator = users["operateur"]
    departments = _seed_departments(users)
    terms = _terms()
    criteria_set = CriteriaSet.objects.prefetch_related("criteria").get(code=DEFAULT_CRITERIA_SET)
    touched: set[int] = set()
    counts = {"variables": 0, "assessments": 0}
    for index, spec in enumerate(DATASETS):
        with transaction.atomic():
            dataset, created = _seed_sheet(spec, departments, users, terms, operator)
            if _seed_variables(dataset, spec, terms):
                touched.add(dataset.pk)
            if _seed_publications(dataset, spec):
                touched.add(dataset.pk)
            _seed_assessments(dataset, spec, index, criteria_set, users)
            _seed_status(dataset, spec, operator)
            if created:
                _backdate(dataset, spec)
    refresh_derived(sorted(touched))
    demo = Dataset.objects.filter(slug__in=[spec["slug"] for spec in DATASETS])
    counts["variables"] = Variable.objects.filter(dataset__in=demo).count()
    counts["assessments"] = Assessment.objects.filter(dataset__in=demo).count()
    by_status = {s: demo.filter(status=s).count() for s in DatasetStatus.values}
    stdout.write(
        f"  catalogue: {len(departments)} departments, {demo.count()} datasets "
        f"({by_status['published']} published, {by_status['draft']} draft, "
        f"{by_status['archived']} archived), {counts['variables']} variables, "
        f"{counts['assessments']} quality assessments"
    )


def _usernames() -> set[str]:
    names = {"operateur", "demandeur", "industriel"}
    names |= {spec["steward"] for spec in DATASETS}
    names |= {name for dept in DEPARTMENTS for name in dept.stewards}
    return names


def _terms() -> dict[tuple[str, str], VocabularyTerm]:
    return {(t.vocabulary, t.code): t for t in VocabularyTerm.objects.all()}


def _seed_departments(users: dict[str, User]) -> dict[str, Department]:
    departments = {}
    for spec in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            code=spec.code, defaults={"name": spec.name}
        )
        if not created and department.name != spec.name:
            department.name = spec.name
            department.save(update_fields=["name"])
        stewards = [users[name] for name in spec.stewards if name in users]
        if stewards:
            department.stewards.add(*stewards)
        departments[spec.code] = department
    return departments


def _editor(
    spec: dict[str, Any], department: Department, users: dict[str, User], operator: User
) -> User:
    """The steward edits their own department's sheets; the desk edits the others."""
    steward = users.get(spec["steward"])
    if steward is not None and department.stewards.filter(pk=steward.pk).exists():
        return steward
    return operator


def _sheet_values(
    spec: dict[str, Any], departments: dict[str, Department], users: dict[str, User]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    plain = {key: value for key, value in spec.items() if key not in _NOT_SHEET_FIELDS}
    plain["department"] = departments[spec["department"]]
    plain["steward"] = users.get(spec["steward"])
    vocab = {name: list(spec[name]) for name in DATASET_VOCAB_FIELDS}
    return plain, vocab


def _seed_sheet(
    spec: dict[str, Any],
    departments: dict[str, Department],
    users: dict[str, User],
    terms: dict[tuple[str, str], VocabularyTerm],
    operator: User,
) -> tuple[Dataset, bool]:
    plain, vocab = _sheet_values(spec, departments, users)
    editor = _editor(spec, plain["department"], users, operator)
    dataset = Dataset.objects.filter(slug=spec["slug"]).first()
    if dataset is None:
        return dataset_create(by=editor, **plain, **vocab), True
    changes: dict[str, Any] = {
        name: value for name, value in plain.items() if getattr(dataset, name) != value
    }
    for name, codes in vocab.items():
        current = set(getattr(dataset, name).values_list("code", flat=True))
        if current != set(codes):
            changes[name] = codes
    if changes:
        # An editor may not move a sheet to a department they do not steward: the desk can.
        by = editor if "department" not in changes else operator
        dataset = dataset_update(dataset, by=by, changes=changes)
    return dataset, False


def _variable_rows(
    dataset: Dataset, spec: dict[str, Any], terms: dict[tuple[str, str], VocabularyTerm]
) -> list[Variable]:
    rows = []
    for row in build_dictionary(spec):
        coding = row.pop("coding")
        term = terms.get((Vocabulary.CODING_SYSTEM, coding)) if coding else None
        rows.append(Variable(dataset=dataset, coding_system=term, **row))
    return rows


_COMPARED = [
    "position",
    "name",
    "label",
    "description",
    "value_type",
    "unit",
    "coding_system_id",
    "allowed_values",
    "completeness",
    "statistics",
]


def _seed_variables(
    dataset: Dataset, spec: dict[str, Any], terms: dict[tuple[str, str], VocabularyTerm]
) -> bool:
    """Rewrite the dictionary only when it differs from the generated one."""
    wanted = _variable_rows(dataset, spec, terms)
    current = list(dataset.variables.order_by("position", "name").values_list(*_COMPARED))
    if current == [tuple(getattr(v, f) for f in _COMPARED) for v in wanted]:
        return False
    dataset.variables.all().delete()
    Variable.objects.bulk_create(wanted)
    return True


def _seed_publications(dataset: Dataset, spec: dict[str, Any]) -> bool:
    changed = False
    for citation, doi, year in spec["publications"]:
        values = {"citation": citation, "year": year, "url": f"https://doi.org/{doi}"}
        publication = Publication.objects.filter(dataset=dataset, doi=doi).first()
        if publication is None:
            Publication.objects.create(dataset=dataset, doi=doi, **values)
            changed = True
        elif any(getattr(publication, k) != v for k, v in values.items()):
            Publication.objects.filter(pk=publication.pk).update(**values)
            changed = True
    return changed


def _seed_assessments(
    dataset: Dataset,
    spec: dict[str, Any],
    index: int,
    criteria_set: CriteriaSet,
    users: dict[str, User],
) -> None:
    plans = plans_for(spec, index)
    if not plans:
        return
    existing = set(
        dataset.assessments.filter(criteria_set=criteria_set).values_list("kind", "assessed_at")
    )
    criteria = list(criteria_set.criteria.all())
    for plan in plans:
        if (plan.kind, plan.assessed_at) in existing:
            continue
        _record(dataset, plan, criteria_set, criteria, users)


def _record(
    dataset: Dataset,
    plan: AssessmentPlan,
    criteria_set: CriteriaSet,
    criteria: list[Any],
    users: dict[str, User],
) -> None:
    scores = {c.pk: criterion_score(plan, c.dimension, c.code, c.scale_max) for c in criteria}
    assessment = assessment_record(
        dataset, criteria_set, plan.kind, scores, by=users[plan.by], comment=plan.comment
    )
    # The recorded date is part of the demo story (two years of evaluations), not "now".
    Assessment.objects.filter(pk=assessment.pk).update(assessed_at=plan.assessed_at)


def _seed_status(dataset: Dataset, spec: dict[str, Any], operator: User) -> None:
    """Publishing is the desk's decision, so the operator runs the lifecycle."""
    for step in _PATHS.get((dataset.status, spec["status"]), []):
        _TRANSITIONS[step](dataset, by=operator)


def _backdate(dataset: Dataset, spec: dict[str, Any]) -> None:
    """Give a newly created sheet the dates of its demo story, history rows included."""
    created = _moment(spec["created"])
    published = _moment(spec.get("published"))
    Dataset.objects.filter(pk=dataset.pk).update(created_at=created, published_at=published)
    moments = [created, published, _moment(spec.get("archived"))]
    for record, moment in zip(dataset.history.order_by("history_id"), moments, strict=False):
        if moment is not None:
            type(record).objects.filter(pk=record.pk).update(history_date=moment)
