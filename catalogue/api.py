"""Catalogue REST API: datasets, variables, criteria sets and assessments.

Everyone reads published sheets; desk staff also see drafts and archives. Writes go through
catalogue.domain, which decides who may edit what (desk operators: everything; stewards: their
departments' sheets), keeps the history and refreshes completeness and the search vector."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as drf_filters
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from django_fsm import ConcurrentTransition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import is_staff_member
from catalogue import domain
from catalogue.filters import SORTS, DatasetFilter, apply_sort, attach_terms
from catalogue.models import (
    Assessment,
    AssessmentKind,
    CriteriaSet,
    Criterion,
    Dataset,
    Variable,
    VariableType,
)
from catalogue.quality import latest_a_priori, with_scores
from catalogue.search import SEARCH_COUNT_CAP, BoundedCountPaginator, search_variables
from catalogue.serializers import (
    LEGAL_FLAGS,
    AssessmentCreateSerializer,
    AssessmentSerializer,
    CriteriaSetSerializer,
    DatasetDetailSerializer,
    DatasetListSerializer,
    DatasetWriteSerializer,
    VariableSerializer,
)

LIST_TERM_FIELDS = ("data_types", "themes", "standards", "access_modes")
# Columns a result line needs: the text of long descriptions and the search vector stay on
# the server (the vector alone is several kilobytes per sheet).
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
    *LEGAL_FLAGS,
    "number_of_individuals",
    "completeness",
    "published_at",
    "updated_at",
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The dataset was changed by someone else meanwhile; reload and retry."
    default_code = "conflict"


def domain_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A domain refusal as a 400 with field errors when the domain named the fields."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class CataloguePagination(PageNumberPagination):
    """Page-number pagination whose count stops at SEARCH_COUNT_CAP for full-text searches:
    counting 30,000 matches costs as much as ranking them, and nobody pages that far."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = BoundedCountPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.page is not None  # set by paginate_queryset, which runs first
        response.data["count_capped"] = bool(getattr(self.page.paginator, "capped", False))
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        result = super().get_paginated_response_schema(schema)
        result["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when a full-text search matched more than {SEARCH_COUNT_CAP} "
            "datasets: `count` then says SEARCH_COUNT_CAP and later pages are not served.",
        }
        return result


def visible_datasets(user: Any) -> QuerySet[Dataset]:
    """Desk staff see every sheet; everyone else only published ones."""
    queryset = Dataset.objects.defer("search_vector")
    return queryset if is_staff_member(user) else queryset.filter(status="published")


class SortBackend(BaseFilterBackend):
    """`ordering=relevance|title|recent|completeness`; relevance (the default) needs `q`."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        searching = bool(request.query_params.get("q", "").strip())
        return apply_sort(queryset, request.query_params.get("ordering"), searching=searching)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "ordering",
                "required": False,
                "in": "query",
                "description": "relevance (default with q), title (default without), recent, "
                "completeness",
                "schema": {"type": "string", "enum": list(SORTS)},
            }
        ]


@extend_schema_view(
    list=extend_schema(summary="Search and filter datasets"),
    retrieve=extend_schema(summary="One descriptive sheet"),
    create=extend_schema(summary="Create a draft sheet", responses=DatasetDetailSerializer),
    update=extend_schema(summary="Replace a sheet's fields", responses=DatasetDetailSerializer),
    partial_update=extend_schema(summary="Edit a sheet", responses=DatasetDetailSerializer),
)
class DatasetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    pagination_class = CataloguePagination
    filter_backends = [DjangoFilterBackend, SortBackend]
    filterset_class = DatasetFilter

    def get_queryset(self) -> QuerySet[Dataset]:
        queryset = visible_datasets(self.request.user)
        if self.action == "list":
            # Vocabulary terms come in one query per page (attach_terms), not one per field.
            return queryset.select_related("department").only(*LIST_COLUMNS)
        return (
            queryset.select_related("department")
            .prefetch_related(*domain.DATASET_VOCAB_FIELDS, "publications")
            .annotate(n_variables=Count("variables"))
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return DatasetListSerializer
        if self.action in {"create", "update", "partial_update"}:
            return DatasetWriteSerializer
        if self.action == "variables":
            return VariableSerializer
        return DatasetDetailSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # the pagination class always paginates this list
        attach_terms(page, LIST_TERM_FIELDS)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dataset = self.get_object()
        context = dict(self.get_serializer_context())  # typed as a read-only Mapping
        context["latest_assessment"] = latest_a_priori([dataset.pk]).get(dataset.pk)
        return Response(DatasetDetailSerializer(dataset, context=context).data)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = domain.dataset_create(by=self.request.user, **data)
        except DjangoValidationError as exc:
            raise domain_error(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        assert serializer.instance is not None  # an update always has its instance
        try:
            serializer.instance = domain.dataset_update(
                serializer.instance, by=self.request.user, changes=dict(serializer.validated_data)
            )
        except DjangoValidationError as exc:
            raise domain_error(exc) from exc
        except ConcurrentTransition as exc:
            raise Conflict from exc

    def _transition(self, function: Any) -> Response:
        dataset = self.get_object()
        try:
            function(dataset, by=self.request.user)
        except DjangoValidationError as exc:
            raise domain_error(exc) from exc
        except ConcurrentTransition as exc:
            raise Conflict from exc
        dataset = self.get_queryset().get(pk=dataset.pk)
        return Response(
            DatasetDetailSerializer(dataset, context=self.get_serializer_context()).data
        )

    @extend_schema(request=None, responses=DatasetDetailSerializer, summary="Publish the sheet")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(domain.dataset_publish)

    @extend_schema(request=None, responses=DatasetDetailSerializer, summary="Archive the sheet")
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(domain.dataset_archive)

    @extend_schema(request=None, responses=DatasetDetailSerializer, summary="Back to draft")
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(domain.dataset_unpublish)

    @extend_schema(
        summary="The sheet's variable dictionary",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="name or label contains"),
            OpenApiParameter("value_type", OpenApiTypes.STR, enum=VariableType.values),
        ],
        responses=VariableSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=CataloguePagination)
    def variables(self, request: Request, slug: str | None = None) -> Response:
        dataset = get_object_or_404(visible_datasets(request.user).only("pk"), slug=slug)
        queryset = filter_variables(
            Variable.objects.filter(dataset=dataset)
            .select_related("dataset", "coding_system")
            .only(*VARIABLE_COLUMNS),
            request.query_params,
        ).order_by("position", "name")
        page = self.paginate_queryset(queryset)
        data = VariableSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)


VARIABLE_COLUMNS = (
    "id",
    "dataset__slug",
    "dataset__status",  # read by ConcurrentTransitionMixin on load; deferring it costs a query
    "position",
    "name",
    "label",
    "description",
    "value_type",
    "unit",
    "coding_system",
    "allowed_values",
    "completeness",
    "statistics",
)


def filter_variables(queryset: QuerySet[Variable], params: Any) -> QuerySet[Variable]:
    text = (params.get("q") or "").strip()
    if text:
        queryset = search_variables(queryset, text)
    value_type = params.get("value_type")
    if value_type in VariableType.values:
        queryset = queryset.filter(value_type=value_type)
    return queryset


class VariableFilter(FilterSet):
    dataset = drf_filters.CharFilter(field_name="dataset__slug", label="Dataset slug")
    value_type = drf_filters.ChoiceFilter(choices=VariableType.choices)
    q = drf_filters.CharFilter(method="text", label="Name or label contains")

    class Meta:
        model = Variable
        fields: list[str] = []

    def text(self, queryset: QuerySet[Variable], name: str, value: str) -> QuerySet[Variable]:
        return filter_variables(queryset, {"q": value})


@extend_schema_view(
    list=extend_schema(summary="Variables of visible datasets"),
    retrieve=extend_schema(summary="One variable"),
)
class VariableViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = VariableSerializer
    pagination_class = CataloguePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = VariableFilter

    def get_queryset(self) -> QuerySet[Variable]:
        queryset = Variable.objects.select_related("dataset", "coding_system").only(
            *VARIABLE_COLUMNS
        )
        if not is_staff_member(self.request.user):
            queryset = queryset.filter(dataset__status="published")
        return queryset.order_by("dataset__slug", "position", "name")


@extend_schema_view(
    list=extend_schema(summary="Quality criteria sets with their criteria"),
    retrieve=extend_schema(summary="One criteria set"),
)
class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CriteriaSetSerializer
    lookup_field = "code"
    pagination_class = CataloguePagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[CriteriaSet]:
        queryset = CriteriaSet.objects.prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "code"))
        )
        if not is_staff_member(self.request.user):
            queryset = queryset.filter(is_active=True)
        return queryset.order_by("-is_default", "name_fr")


class AssessmentFilter(FilterSet):
    dataset = drf_filters.CharFilter(field_name="dataset__slug", label="Dataset slug")
    kind = drf_filters.ChoiceFilter(choices=AssessmentKind.choices)
    criteria_set = drf_filters.CharFilter(field_name="criteria_set__code")

    class Meta:
        model = Assessment
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Quality assessments of visible datasets"),
    retrieve=extend_schema(summary="One assessment with its scores"),
    create=extend_schema(
        summary="Record an assessment",
        request=AssessmentCreateSerializer,
        responses=AssessmentSerializer,
    ),
)
class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AssessmentSerializer
    pagination_class = CataloguePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilter

    def get_queryset(self) -> QuerySet[Assessment]:
        queryset = with_scores(Assessment.objects.all()).select_related("dataset")
        user = self.request.user
        if not is_staff_member(user):
            # A project's relevance grading is part of that project's file, not public.
            queryset = queryset.filter(dataset__status="published").exclude(
                kind=AssessmentKind.PROJECT_RELEVANCE
            )
        return queryset.defer("dataset__search_vector").order_by("-assessed_at", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = AssessmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        dataset = get_object_or_404(visible_datasets(request.user), slug=data["dataset"])
        criteria_set = (
            CriteriaSet.objects.filter(code=data["criteria_set"]).first()
            if data.get("criteria_set")
            else domain.default_criteria_set()
        )
        if criteria_set is None:
            raise serializers.ValidationError({"criteria_set": ["Unknown criteria set."]})
        try:
            assessment = domain.assessment_record(
                dataset,
                criteria_set,
                data["kind"],
                data["scores"],
                by=request.user,
                comment=data["comment"],
            )
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise domain_error(exc) from exc
            raise serializers.ValidationError({"scores": exc.messages}) from exc
        saved = self.get_queryset().get(pk=assessment.pk)
        return Response(
            AssessmentSerializer(saved, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
