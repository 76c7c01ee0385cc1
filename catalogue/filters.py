"""Catalogue filters shared by the public pages and the REST API.

Facet semantics: several values of one facet widen the result (any of them), different facets
narrow it (all of them). Vocabulary facets match through `pk IN (subquery)` so a dataset with
two of the chosen terms never appears twice and no DISTINCT is needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db import connection
from django.db.models import Count, QuerySet
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalogue.models import Dataset, DatasetStatus, Department, Vocabulary, VocabularyTerm
from catalogue.search import search_datasets

# facet parameter -> (many-to-many field on Dataset, vocabulary)
TERM_FACETS: dict[str, tuple[str, str]] = {
    "data_type": ("data_types", Vocabulary.DATA_TYPE),
    "theme": ("themes", Vocabulary.THEME),
    "health_category": ("health_categories", Vocabulary.HEALTH_CATEGORY),
    "standard": ("standards", Vocabulary.STANDARD),
    "access_mode": ("access_modes", Vocabulary.ACCESS_MODE),
    "coding_system": ("coding_systems", Vocabulary.CODING_SYSTEM),
}

# Vocabulary many-to-many fields of the sheet (names are interpolated into SQL: allow-list).
DATASET_TERM_FIELDS = frozenset(field for field, _vocabulary in TERM_FACETS.values()) | {
    "legal_bases",
    "purposes",
}

# legal-status flag parameter -> model field, label
LEGAL_FLAGS: dict[str, tuple[str, Any]] = {
    "anonymised": ("is_anonymised", _("Anonymised")),
    "pseudonymised": ("is_pseudonymised", _("Pseudonymised")),
    "synthetic": ("synthetic_version_available", _("Synthetic version available")),
    "consent": ("consent_collected", _("Consent collected")),
    "informed": ("patients_informed", _("Patients informed")),
}

SORTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "relevance": (pgettext_lazy("sort", "Relevance"), ("-search_rank", "title_fr", "pk")),
    "title": (pgettext_lazy("sort", "Title"), ("title_fr", "pk")),
    "recent": (pgettext_lazy("sort", "Most recent"), ("-published_at", "-pk")),
    "completeness": (pgettext_lazy("sort", "Most complete"), ("-completeness", "title_fr", "pk")),
}


def _term_choices(vocabulary: str) -> Any:
    def choices() -> list[tuple[str, str]]:
        return [
            (t.code, t.label)
            for t in VocabularyTerm.objects.filter(vocabulary=vocabulary).only(
                "code", "label_fr", "label_en"
            )
        ]

    return choices


def _department_choices() -> list[tuple[str, str]]:
    return list(Department.objects.values_list("code", "name"))


def filter_terms(queryset: QuerySet[Dataset], field: str, codes: list[str]) -> QuerySet[Dataset]:
    through = getattr(Dataset, field).through
    return queryset.filter(
        pk__in=through.objects.filter(vocabularyterm__code__in=codes).values("dataset_id")
    )


# Choices are read from the vocabulary table at request time; the schema just says "codes".
@extend_schema_field(OpenApiTypes.STR)
class TermFacetFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, field: str, vocabulary: str, **kwargs: Any) -> None:
        self.m2m_field = field
        super().__init__(choices=_term_choices(vocabulary), **kwargs)

    def filter(self, qs: QuerySet[Dataset], value: list[str]) -> QuerySet[Dataset]:
        if not value:
            return qs
        return filter_terms(qs, self.m2m_field, list(value))


class DatasetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="full_text", label=_("Search"))
    data_type = TermFacetFilter("data_types", Vocabulary.DATA_TYPE, label=_("Data type"))
    theme = TermFacetFilter("themes", Vocabulary.THEME, label=_("Theme"))
    health_category = TermFacetFilter(
        "health_categories", Vocabulary.HEALTH_CATEGORY, label=_("Health category")
    )
    standard = TermFacetFilter("standards", Vocabulary.STANDARD, label=_("Standard"))
    access_mode = TermFacetFilter("access_modes", Vocabulary.ACCESS_MODE, label=_("Access mode"))
    coding_system = TermFacetFilter(
        "coding_systems", Vocabulary.CODING_SYSTEM, label=_("Coding system")
    )
    department = django_filters.MultipleChoiceFilter(
        field_name="department__code", choices=_department_choices, label=_("Department")
    )
    anonymised = django_filters.BooleanFilter(field_name="is_anonymised", label=_("Anonymised"))
    pseudonymised = django_filters.BooleanFilter(
        field_name="is_pseudonymised", label=_("Pseudonymised")
    )
    synthetic = django_filters.BooleanFilter(
        field_name="synthetic_version_available", label=_("Synthetic version available")
    )
    consent = django_filters.BooleanFilter(
        field_name="consent_collected", label=_("Consent collected")
    )
    informed = django_filters.BooleanFilter(
        field_name="patients_informed", label=_("Patients informed")
    )
    status = django_filters.ChoiceFilter(choices=DatasetStatus.choices, label=_("Status"))

    class Meta:
        model = Dataset
        fields: list[str] = []

    def full_text(self, queryset: QuerySet[Dataset], name: str, value: str) -> QuerySet[Dataset]:
        return search_datasets(queryset, value)


def apply_sort(queryset: QuerySet[Dataset], sort: str | None, *, searching: bool) -> QuerySet:
    """Order by a named sort; relevance needs a query, so without one it falls back to title."""
    if sort not in SORTS:
        sort = "relevance" if searching else "title"
    if sort == "relevance" and not searching:
        sort = "title"
    return queryset.order_by(*SORTS[sort][1])


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def apply_filters(filterset: DatasetFilter, *, skip: str | None = None) -> QuerySet[Dataset]:
    """The filterset's queryset with every valid filter applied except `skip` (values were
    validated once by the bound form: no re-validation, no extra choice queries)."""
    queryset = filterset.queryset.all()
    for name, value in filterset.form.cleaned_data.items():
        if name != skip:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _selected(filterset: DatasetFilter, name: str) -> list[str]:
    value = filterset.form.cleaned_data.get(name) if filterset.is_valid() else None
    return list(value or [])


def _grouped_counts(matched: QuerySet[Dataset]) -> dict[str, dict[int, int]]:
    """Facet counts over one result set in ONE statement: the matching ids are computed once
    (a materialised CTE, which matters when they come from a full-text scan) and every
    vocabulary link table, the department and the legal flags are counted against them.
    The SQL is assembled from model metadata and this module's constants only; user values
    travel as parameters."""
    sql, params = matched.order_by().values("pk").query.sql_with_params()
    parts = []
    for param, (field, _vocabulary) in TERM_FACETS.items():
        table = getattr(Dataset, field).through._meta.db_table
        parts.append(
            f"SELECT '{param}', t.vocabularyterm_id, COUNT(*) FROM {table} t "  # noqa: S608
            "WHERE t.dataset_id IN (SELECT id FROM matched) GROUP BY t.vocabularyterm_id"
        )
    parts.append(
        f"SELECT 'department', d.department_id, COUNT(*) FROM {Dataset._meta.db_table} d "  # noqa: S608
        "WHERE d.id IN (SELECT id FROM matched) GROUP BY d.department_id"
    )
    for field, _label in LEGAL_FLAGS.values():
        parts.append(
            f"SELECT 'legal', {len(parts)}, COUNT(*) FROM {Dataset._meta.db_table} d "  # noqa: S608
            f"WHERE d.id IN (SELECT id FROM matched) AND d.{field}"
        )
    statement = f"WITH matched (id) AS MATERIALIZED ({sql}) " + " UNION ALL ".join(parts)
    counts: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, key, n in cursor.fetchall():
            counts.setdefault(facet, {})[key] = n
    return counts


def _own_counts(filterset: DatasetFilter, param: str) -> dict[int, int]:
    """Counts for a facet that has a selection, with that selection left out, so a requester
    sees how many datasets each further choice would add."""
    others = apply_filters(filterset, skip=param).order_by()
    if param != "department":
        through = getattr(Dataset, TERM_FACETS[param][0]).through
        rows = (
            through.objects.filter(dataset_id__in=others.values("pk"))
            .values_list("vocabularyterm_id")
            .annotate(n=Count("dataset_id"))
        )
        return dict(rows.values_list("vocabularyterm_id", "n"))
    rows = others.values("department_id").annotate(n=Count("pk"))
    return {row["department_id"]: row["n"] for row in rows}


def facet_counts(filterset: DatasetFilter) -> tuple[list[Facet], Facet]:
    """Data type, theme, standard, access mode and department facets with counts, and the
    legal-status flags counted over the current results."""
    shown = ["data_type", "theme", "health_category", "standard", "access_mode"]
    counts = _grouped_counts(filterset.qs)
    for param in [*shown, "department"]:
        if _selected(filterset, param):
            counts[param] = _own_counts(filterset, param)
    term_ids = {pk for param in shown for pk in counts.get(param, {})}
    terms = {t.pk: t for t in VocabularyTerm.objects.filter(pk__in=term_ids)}
    facets = []
    for param in shown:
        selected = set(_selected(filterset, param))
        found = sorted(
            (terms[pk] for pk in counts.get(param, {}) if pk in terms),
            key=lambda t: (t.position, t.code),
        )
        values = [
            FacetValue(t.code, t.label, counts[param][t.pk], t.code in selected) for t in found
        ]
        facets.append(Facet(param, str(DatasetFilter.base_filters[param].label), values))
    selected = set(_selected(filterset, "department"))
    departments = Department.objects.filter(pk__in=counts.get("department", {})).order_by("name")
    facets.append(
        Facet(
            "department",
            str(_("Department")),
            [
                FacetValue(d.code, d.name, counts["department"][d.pk], d.code in selected)
                for d in departments
            ],
        )
    )
    return facets, legal_facet(filterset, counts.get("legal", {}))


def legal_facet(filterset: DatasetFilter, counts: dict[int, int]) -> Facet:
    data = filterset.data
    values = []
    for index, (param, (_field, label)) in enumerate(LEGAL_FLAGS.items()):
        key = len(TERM_FACETS) + 1 + index  # position of its SELECT in _grouped_counts
        selected = data.get(param) in ("true", "True", "1")
        values.append(FacetValue(param, str(label), counts.get(key, 0), selected))
    return Facet("legal", str(_("Legal status")), values)


@dataclass(frozen=True)
class TermRow:
    """A vocabulary term as read for result lists (same attributes as VocabularyTerm)."""

    code: str
    label_fr: str
    label_en: str
    uri: str
    position: int

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


def attach_terms(datasets: Iterable[Dataset], fields: Iterable[str]) -> None:
    """Set `dataset.list_terms = {field: [TermRow, ...]}` on a page of datasets with ONE query
    (UNION ALL over the link tables) instead of one prefetch query per vocabulary field. Plain
    SQL: compiling the same union through the ORM took longer than running it."""
    datasets = list(datasets)
    ids = [d.pk for d in datasets]
    found: dict[int, dict[str, list[TermRow]]] = {pk: {} for pk in ids}
    fields = [f for f in fields if f in DATASET_TERM_FIELDS]
    if ids and fields:
        placeholders = ", ".join(["%s"] * len(ids))
        term_table = VocabularyTerm._meta.db_table
        parts = [
            f"SELECT '{field}', l.dataset_id, t.code, t.label_fr, t.label_en, t.uri, t.position "  # noqa: S608
            f"FROM {getattr(Dataset, field).through._meta.db_table} l "
            f"JOIN {term_table} t ON t.id = l.vocabularyterm_id "
            f"WHERE l.dataset_id IN ({placeholders})"
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), ids * len(fields))
            for field, dataset_id, *term in cursor.fetchall():
                found[dataset_id].setdefault(field, []).append(TermRow(*term))
    for dataset in datasets:
        terms = found[dataset.pk]
        for rows in terms.values():
            rows.sort(key=lambda row: (row.position, row.code))
        dataset.list_terms = terms
