"""State changes and permission rules of the catalogue.

Every change to a descriptive sheet goes through one function here: it checks who may do it,
runs inside one transaction, keeps the django-simple-history record (user and reason), and
refreshes the derived columns (completeness score, search vector)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_
from django_fsm import can_proceed

from accounts.roles import Role, has_role
from catalogue.models import (
    DATASET_HISTORY,
    Assessment,
    AssessmentKind,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Dataset,
    DatasetStatus,
    Department,
    Publication,
    Variable,
    Vocabulary,
    VocabularyTerm,
)

# Many-to-many fields of the sheet and the vocabulary each one draws its terms from.
DATASET_VOCAB_FIELDS: dict[str, str] = {
    "themes": Vocabulary.THEME,
    "health_categories": Vocabulary.HEALTH_CATEGORY,
    "data_types": Vocabulary.DATA_TYPE,
    "standards": Vocabulary.STANDARD,
    "coding_systems": Vocabulary.CODING_SYSTEM,
    "legal_bases": Vocabulary.LEGAL_BASIS,
    "purposes": Vocabulary.PURPOSE,
    "access_modes": Vocabulary.ACCESS_MODE,
}

# Set only by transitions or derived by refresh_derived: never by an edit.
PROTECTED_FIELDS = frozenset(
    {"id", "pk", "status", "published_at", "created_at", "updated_at", "completeness"}
    | {"search_vector"}
)

# FSM-protected or derived: full_clean would try to re-assign them.
_NOT_CLEANED = ["search_vector", "status", "completeness", "published_at"]

_REASON_MAX = 100  # simple-history's history_change_reason column


# --- Permissions -------------------------------------------------------------------------


def stewarded_department_ids(user: Any) -> set[int]:
    """Departments the user stewards (cached on the user object: one query per request)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_stewarded_department_ids", None)
    if cached is None:
        cached = set(user.stewarded_departments.values_list("pk", flat=True))
        user._stewarded_department_ids = cached
    return cached


def can_edit_department(user: Any, department_id: int | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or has_role(user, Role.DESK_OPERATOR):
        return True
    if department_id is None or not has_role(user, Role.DATA_STEWARD):
        return False
    return department_id in stewarded_department_ids(user)


def can_edit_dataset(user: Any, dataset: Dataset) -> bool:
    """Desk operators edit every sheet; stewards only those of departments they steward."""
    return can_edit_department(user, dataset.department_id)


def can_create_dataset(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or has_role(user, Role.DESK_OPERATOR):
        return True
    return has_role(user, Role.DATA_STEWARD) and bool(stewarded_department_ids(user))


def can_change_status(user: Any, dataset: Dataset) -> bool:
    """Publishing is the desk's decision: it needs the publish permission on top of edit rights."""
    return can_edit_dataset(user, dataset) and user.has_perm("catalogue.publish_dataset")


def available_transitions(user: Any, dataset: Dataset) -> list[str]:
    """Names of the lifecycle actions this user may take now on this sheet (for the pages)."""
    if not can_change_status(user, dataset):
        return []
    return [
        name for name in ("publish", "unpublish", "archive") if can_proceed(getattr(dataset, name))
    ]


def can_assess(user: Any, dataset: Dataset, kind: str) -> bool:
    """A priori grades are the sheet editors'; project relevance is any desk staff's (reviewers
    included); feedback after use comes from any signed-in user (the pipeline checks the link)."""
    if user is None or not user.is_authenticated:
        return False
    if kind == AssessmentKind.A_PRIORI:
        return can_edit_dataset(user, dataset)
    if kind == AssessmentKind.PROJECT_RELEVANCE:
        return has_role(user, Role.DESK_OPERATOR, Role.DATA_STEWARD, Role.REVIEWER)
    return True


def editable_datasets(user: Any) -> models.QuerySet[Dataset]:
    queryset = Dataset.objects.all()
    if user.is_superuser or has_role(user, Role.DESK_OPERATOR):
        return queryset
    return queryset.filter(department_id__in=stewarded_department_ids(user))


# --- Helpers -----------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _reason(text: str) -> str:
    return text if len(text) <= _REASON_MAX else text[: _REASON_MAX - 1] + "…"


def _split_fields(fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Separate plain columns from vocabulary many-to-many values; refuse unknown fields."""
    concrete_names = {f.name for f in Dataset._meta.concrete_fields} | {
        f.attname for f in Dataset._meta.concrete_fields
    }
    plain: dict[str, Any] = {}
    m2m: dict[str, list[Any]] = {}
    errors: dict[str, str] = {}
    for name, value in fields.items():
        if name in PROTECTED_FIELDS:
            errors[name] = _("This field cannot be edited directly.")
        elif name in DATASET_VOCAB_FIELDS:
            m2m[name] = list(value or [])
        elif name in concrete_names:
            plain[name] = value
        else:
            errors[name] = _("Unknown field.")
    if errors:
        raise ValidationError(errors)
    return plain, m2m


def _resolve_terms(m2m: dict[str, list[Any]]) -> dict[str, list[VocabularyTerm]]:
    """Turn ids, codes or terms into terms of the right vocabulary, or say which are wrong."""
    resolved: dict[str, list[VocabularyTerm]] = {}
    errors: dict[str, str] = {}
    for name, values in m2m.items():
        vocabulary = DATASET_VOCAB_FIELDS[name]
        ids = [v.pk if isinstance(v, VocabularyTerm) else v for v in values]
        by_pk = [v for v in ids if isinstance(v, int)]
        by_code = [v for v in ids if isinstance(v, str)]
        terms = list(
            VocabularyTerm.objects.filter(vocabulary=vocabulary).filter(
                Q(pk__in=by_pk) | Q(code__in=by_code)
            )
        )
        found = {t.pk for t in terms} | {t.code for t in terms}
        unknown = [str(v) for v in ids if v not in found]
        if unknown:
            errors[name] = _("Unknown terms for this vocabulary: %(terms)s") % {
                "terms": ", ".join(unknown)
            }
        resolved[name] = terms
    if errors:
        raise ValidationError(errors)
    return resolved


def _unique_slug(dataset: Dataset) -> str:
    return unique_slug(dataset.acronym or dataset.title_fr, exclude_pk=dataset.pk)


def unique_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """A free slug built from a title or acronym ("-2", "-3"... when taken)."""
    base = slugify(text)[:100] or "dataset"
    candidate, n = base, 1
    while Dataset.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _save_with_history(dataset: Dataset, *, by: Any, reason: str) -> None:
    dataset._history_user = by
    dataset._change_reason = _reason(reason)
    dataset.save()


def history_reason(message: str, **params: Any) -> str:
    """Change reasons are stored in the desk's default language, whoever writes them."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % params if params else _(message)


@contextmanager
def _history_paused(dataset: Dataset) -> Iterator[None]:
    """Changes inside are recorded by the next history record, not one record each."""
    dataset.skip_history_when_saving = True
    try:
        yield
    finally:
        del dataset.skip_history_when_saving


def _m2m_changes(dataset: Dataset, terms: dict[str, list[VocabularyTerm]]) -> list[str]:
    changed = []
    with _history_paused(dataset):
        for name, new_terms in terms.items():
            current = set(getattr(dataset, name).values_list("pk", flat=True))
            if current != {t.pk for t in new_terms}:
                getattr(dataset, name).set(new_terms)
                changed.append(name)
    return changed


def _field_label(name: str) -> str:
    try:
        return str(Dataset._meta.get_field(name).verbose_name)
    except Exception:  # attname such as department_id
        return name


# --- Sheet lifecycle ---------------------------------------------------------------------


def dataset_create(*, by: Any, **fields: Any) -> Dataset:
    """Create a draft sheet. Fields are model fields; vocabulary fields take terms, ids or codes."""
    plain, m2m = _split_fields(fields)
    dataset = Dataset(**plain)
    department_id = dataset.department_id
    _require(
        can_create_dataset(by)
        and (department_id is None or can_edit_department(by, department_id)),
        _("You may only create datasets for departments you steward."),
    )
    terms = _resolve_terms(m2m)
    if not dataset.slug:
        dataset.slug = _unique_slug(dataset)
    dataset.full_clean(exclude=_NOT_CLEANED)
    with transaction.atomic():
        # One "created" record that already holds the vocabulary lists.
        with _history_paused(dataset):
            dataset.save()
            for name, values in terms.items():
                getattr(dataset, name).set(values)
        dataset._history_user = by
        dataset._change_reason = history_reason(N_("Created"))
        DATASET_HISTORY.create_historical_record(dataset, "+")
        refresh_derived([dataset.pk])
    dataset.refresh_from_db(fields=["completeness"])
    return dataset


def dataset_update(dataset: Dataset, *, by: Any, changes: Mapping[str, Any]) -> Dataset:
    """Apply edits to a sheet, keeping who changed what; the lifecycle is not edited here."""
    _require(can_edit_dataset(by, dataset), _("You may not edit this dataset."))
    plain, m2m = _split_fields(changes)
    new_department = plain.get("department", plain.get("department_id"))
    if new_department is not None:
        department_id = (
            new_department.pk if isinstance(new_department, Department) else int(new_department)
        )
        _require(
            can_edit_department(by, department_id),
            _("You may only move a dataset to a department you steward."),
        )
    terms = _resolve_terms(m2m)
    changed = [name for name, value in plain.items() if getattr(dataset, name) != value]
    for name, value in plain.items():
        setattr(dataset, name, value)
    if "slug" in plain and not dataset.slug:
        dataset.slug = _unique_slug(dataset)
    dataset.full_clean(exclude=_NOT_CLEANED)
    with transaction.atomic():
        changed += _m2m_changes(dataset, terms)
        if dataset.is_public:
            missing = dataset.missing_for_publication()
            if missing:
                raise ValidationError(
                    _("A published dataset must keep: %(fields)s.") % {"fields": ", ".join(missing)}
                )
        with translation.override(settings.LANGUAGE_CODE):
            labels = ", ".join(_field_label(name) for name in changed) or "-"
        _save_with_history(
            dataset, by=by, reason=history_reason(N_("Edited: %(fields)s"), fields=labels)
        )
        refresh_derived([dataset.pk])
    dataset.refresh_from_db(fields=["completeness"])
    return dataset


def dataset_publications_save(
    dataset: Dataset,
    publications: Iterable[Publication],
    deleted: Iterable[Publication] = (),
    *,
    by: Any,
) -> int:
    """Add, change or remove related publications; returns how many rows changed."""
    _require(can_edit_dataset(by, dataset), _("You may not edit this dataset."))
    publications, deleted = list(publications), [p for p in deleted if p.pk]
    if not publications and not deleted:
        return 0
    for publication in publications:
        publication.dataset = dataset
        publication.full_clean(exclude=["dataset"])
    with transaction.atomic():
        added = sum(1 for p in publications if p.pk is None)
        for publication in publications:
            publication.save()
        Publication.objects.filter(dataset=dataset, pk__in=[p.pk for p in deleted]).delete()
        _save_with_history(
            dataset,
            by=by,
            reason=history_reason(
                N_("Publications: %(a)d added, %(c)d changed, %(d)d removed"),
                a=added,
                c=len(publications) - added,
                d=len(deleted),
            ),
        )
        refresh_derived([dataset.pk])
    return len(publications) + len(deleted)


def edit_version(dataset: Dataset) -> str:
    """A token of the sheet's last save, so a form can tell that someone saved in between."""
    return dataset.updated_at.isoformat() if dataset.updated_at else ""


REFUSED = {
    "publish": gettext_lazy("Only a draft or archived dataset can be published."),
    "archive": gettext_lazy("Only a published dataset can be archived."),
    "unpublish": gettext_lazy("Only a published dataset can go back to draft."),
}


def _transition(dataset: Dataset, name: str, *, by: Any, reason: str) -> Dataset:
    _require(
        can_change_status(by, dataset),
        _("You may not change the publication status of this dataset."),
    )
    method = getattr(dataset, name)
    if not can_proceed(method):
        raise ValidationError(
            _("%(refused)s This one is “%(status)s”.")
            % {"refused": REFUSED[name], "status": dataset.get_status_display()}
        )
    with transaction.atomic():
        method()
        _save_with_history(dataset, by=by, reason=reason)
        refresh_derived([dataset.pk])
    return dataset


def dataset_publish(dataset: Dataset, *, by: Any) -> Dataset:
    """Make a sheet public; refuses (naming the fields) when mandatory fields are missing."""
    missing = dataset.missing_for_publication()
    if missing:
        raise ValidationError(
            _("This dataset cannot be published yet. Missing: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    return _transition(dataset, "publish", by=by, reason=history_reason(N_("Published")))


def dataset_archive(dataset: Dataset, *, by: Any) -> Dataset:
    return _transition(dataset, "archive", by=by, reason=history_reason(N_("Archived")))


def dataset_unpublish(dataset: Dataset, *, by: Any) -> Dataset:
    return _transition(dataset, "unpublish", by=by, reason=history_reason(N_("Unpublished")))


# --- Derived columns ---------------------------------------------------------------------


def with_completeness_data(queryset: models.QuerySet[Dataset]) -> models.QuerySet[Dataset]:
    """Everything completeness_report reads, in a fixed number of queries for any list size.
    EXISTS subqueries (not joins) so large dictionaries do not multiply rows."""
    return queryset.prefetch_related(*DATASET_VOCAB_FIELDS, "publications").annotate(
        has_variables=Exists(Variable.objects.filter(dataset=OuterRef("pk"))),
        has_a_priori=Exists(
            Assessment.objects.filter(dataset=OuterRef("pk"), kind=AssessmentKind.A_PRIORI)
        ),
    )


def variable_count() -> Coalesce:
    """Annotation: the size of each dataset's dictionary, computed per row (after LIMIT)."""
    counts = (
        Variable.objects.filter(dataset=OuterRef("pk"))
        .order_by()
        .values("dataset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


def refresh_derived(dataset_ids: Iterable[int]) -> None:
    """Recompute the completeness score and the search vector of these datasets."""
    ids = list(dataset_ids)
    if not ids:
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for dataset in with_completeness_data(Dataset.objects.filter(pk__in=chunk)):
            score = dataset.compute_completeness()
            if score != dataset.completeness:
                # A derived column, not an edit: no history row, no state involved.
                Dataset.objects.filter(pk=dataset.pk).update(completeness=score)
    try:
        from catalogue.search import update_search_vectors
    except ImportError:  # the search module ships separately (see catalogue/search.py)
        return
    update_search_vectors(ids)


# --- Quality assessments -----------------------------------------------------------------


def assessment_record(
    dataset: Dataset,
    criteria_set: CriteriaSet,
    kind: str,
    scores: Mapping[int, int],
    *,
    by: Any,
    comment: str = "",
) -> Assessment:
    """Score a dataset against every criterion of a set (0..scale_max each)."""
    from catalogue.quality import compute_overall, validate_scores

    _require(can_assess(by, dataset, kind), _("You may not assess this dataset."))
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Unknown assessment kind.")})
    if not criteria_set.is_active:
        raise ValidationError({"criteria_set": _("This criteria set is no longer active.")})
    criteria = list(criteria_set.criteria.all())
    clean = validate_scores(criteria, scores)
    overall: Decimal = compute_overall(criteria, clean)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            dataset=dataset,
            criteria_set=criteria_set,
            kind=kind,
            assessed_by=by,
            comment=comment,
            overall_score=overall,
        )
        CriterionScore.objects.bulk_create(
            CriterionScore(assessment=assessment, criterion=c, score=clean[c.pk]) for c in criteria
        )
        if kind == AssessmentKind.A_PRIORI:
            refresh_derived([dataset.pk])
    return assessment


def can_manage_criteria(user: Any) -> bool:
    return bool(user and user.is_authenticated) and (
        user.is_superuser or has_role(user, Role.DESK_OPERATOR)
    )


def criteria_set_save(
    criteria_set: CriteriaSet,
    criteria: Iterable[Criterion],
    deleted: Iterable[Criterion] = (),
    *,
    by: Any,
) -> CriteriaSet:
    """Save a criteria set and its criteria. Past assessments stay meaningful: a criterion
    that has scores can be neither deleted nor given another scale (retire the set instead)."""
    _require(can_manage_criteria(by), _("Only desk operators manage quality criteria."))
    criteria, deleted = list(criteria), list(deleted)
    scored_ids = set(
        CriterionScore.objects.filter(
            criterion_id__in=[c.pk for c in [*criteria, *deleted] if c.pk]
        ).values_list("criterion_id", flat=True)
    )
    errors = [
        _("“%(criterion)s” already has scores: it cannot be deleted.") % {"criterion": c}
        for c in deleted
        if c.pk in scored_ids
    ]
    if scored_ids:
        old_scales = dict(
            Criterion.objects.filter(pk__in=scored_ids).values_list("pk", "scale_max")
        )
        errors += [
            _("“%(criterion)s” already has scores: its scale cannot change.") % {"criterion": c}
            for c in criteria
            if c.pk in old_scales and old_scales[c.pk] != c.scale_max
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if criteria_set.is_default:
            CriteriaSet.objects.exclude(pk=criteria_set.pk).filter(is_default=True).update(
                is_default=False
            )
        criteria_set.save()
        for criterion in deleted:
            criterion.delete()
        for criterion in criteria:
            criterion.criteria_set = criteria_set
            criterion.save()
    return criteria_set


def default_criteria_set() -> CriteriaSet | None:
    return CriteriaSet.objects.filter(is_active=True).order_by("-is_default", "name_fr").first()


__all__ = [
    "DATASET_VOCAB_FIELDS",
    "DatasetStatus",
    "assessment_record",
    "available_transitions",
    "can_assess",
    "can_change_status",
    "can_create_dataset",
    "can_edit_dataset",
    "can_manage_criteria",
    "criteria_set_save",
    "dataset_archive",
    "dataset_create",
    "dataset_publications_save",
    "dataset_publish",
    "dataset_unpublish",
    "dataset_update",
    "default_criteria_set",
    "edit_version",
    "editable_datasets",
    "refresh_derived",
    "variable_count",
    "with_completeness_data",
]
