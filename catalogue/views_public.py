"""Public catalogue pages: search with facets, and the dataset sheet. No login; only published
sheets exist here (drafts and archives answer 404, whoever asks)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from catalogue.domain import can_edit_dataset, with_completeness_data
from catalogue.filters import SORTS, DatasetFilter, apply_sort, attach_terms, facet_counts
from catalogue.models import Assessment, AssessmentKind, Dataset, Variable, VariableType
from catalogue.quality import assessment_summary, latest_a_priori, score_band
from catalogue.search import BoundedCountPaginator, search_variables
from guichet.plugins import collect

PAGE_SIZE = 20
VARIABLES_PAGE_SIZE = 50
QUALITY_TEMPLATE = "catalogue/includes/quality_bars.html"
LIST_COLUMNS = (
    "id",
    "slug",
    "acronym",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "status",
    "department__code",
    "department__name",
    "is_anonymised",
    "is_pseudonymised",
    "synthetic_version_available",
    "consent_collected",
    "number_of_individuals",
    "inclusion_start",
    "inclusion_end",
    "completeness",
    "published_at",
)


def _public_params(params: QueryDict) -> QueryDict:
    """The query string without parameters the public list does not honour."""
    data = params.copy()
    data.pop("status", None)
    return data


def _querystring(params: QueryDict, *drop: str) -> str:
    data = params.copy()
    for key in drop:
        data.pop(key, None)
    return data.urlencode()


def dataset_list(request: HttpRequest) -> HttpResponse:
    data = _public_params(request.GET)
    base = Dataset.objects.published()
    filterset = DatasetFilter(data, queryset=base)
    query = (data.get("q") or "").strip()
    sort = data.get("sort")
    if sort not in SORTS:
        sort = "relevance" if query else "title"
    results = apply_sort(filterset.qs, sort, searching=bool(query))
    results = results.select_related("department").only(*LIST_COLUMNS)
    page = BoundedCountPaginator(results, PAGE_SIZE).get_page(data.get("page"))
    facets, legal = facet_counts(filterset)
    attach_terms(page.object_list, ("data_types", "access_modes"))
    quality = latest_a_priori([d.pk for d in page.object_list])
    for dataset in page.object_list:
        assessment = quality.get(dataset.pk)
        dataset.quality_overall = assessment.overall_score if assessment else None
        dataset.quality_band = score_band(dataset.quality_overall)
    context = {
        "page": page,
        "query": query,
        "sort": sort,
        "sorts": [
            (key, label) for key, (label, _order) in SORTS.items() if key != "relevance" or query
        ],
        "facets": facets,
        "legal": legal,
        "page_query": _querystring(data, "page"),
        "sort_query": _querystring(data, "page", "sort"),
        "active_filters": _active_filters(data),
    }
    template = (
        "catalogue/public/_results.html"
        if request.headers.get("HX-Request")
        else "catalogue/public/dataset_list.html"
    )
    return render(request, template, context)


def _active_filters(data: QueryDict) -> bool:
    keys = set(data) - {"q", "sort", "page"}
    return any(data.getlist(key) for key in keys)


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = with_completeness_data(
        Dataset.objects.published().select_related("department", "steward")
    ).defer("search_vector")
    dataset = get_object_or_404(queryset, slug=slug)
    latest = latest_a_priori([dataset.pk]).get(dataset.pk)
    variables, variable_query = _variables_page(request, dataset)
    editable = can_edit_dataset(request.user, dataset)
    report = dataset.completeness_report()
    context = {
        "dataset": dataset,
        "assessment": latest,
        "summary": assessment_summary(latest) if latest else None,
        "quality_template": _template_exists(QUALITY_TEMPLATE),
        "history": _assessment_history(dataset),
        "variables": variables,
        "variable_query": variable_query,
        "variable_type": request.GET.get("vtype", ""),
        "variable_types": VariableType.choices,
        "variables_page_query": _querystring(request.GET, "vpage"),
        "completeness_missing": [row for row in report if not row.filled] if editable else [],
        "actions": collect("nav", "dataset_actions", request, dataset),
        "staff_url": _staff_url(dataset) if editable else None,
        "api_url": reverse("catalogue-api:dataset-detail", kwargs={"slug": dataset.slug}),
    }
    return render(request, "catalogue/public/dataset_detail.html", context)


def _variables_page(request: HttpRequest, dataset: Dataset) -> tuple[Page, str]:
    text = (request.GET.get("vq") or "").strip()
    variables: QuerySet[Variable] = Variable.objects.filter(dataset=dataset).select_related(
        "coding_system"
    )
    if text:
        variables = search_variables(variables, text)
    value_type = request.GET.get("vtype")
    if value_type in VariableType.values:
        variables = variables.filter(value_type=value_type)
    variables = variables.order_by("position", "name")
    return Paginator(variables, VARIABLES_PAGE_SIZE).get_page(request.GET.get("vpage")), text


def _assessment_history(dataset: Dataset) -> list[Assessment]:
    """Public quality history: the desk's a priori grades and requesters' feedback."""
    return list(
        Assessment.objects.filter(
            dataset=dataset,
            kind__in=[AssessmentKind.A_PRIORI, AssessmentKind.REQUESTER_FEEDBACK],
        )
        .select_related("criteria_set")
        .order_by("-assessed_at")[:10]
    )


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _staff_url(dataset: Dataset) -> str | None:
    for name, kwargs in (
        ("catalogue:staff-dataset-detail", {"slug": dataset.slug}),
        ("catalogue:staff-dataset-list", {}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None
