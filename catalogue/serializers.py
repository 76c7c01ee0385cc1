"""REST representations of the catalogue. Vocabulary terms travel as codes (stable, used in
filters and exports) with their labels; writes go through catalogue.domain (see catalogue.api)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.domain import DATASET_VOCAB_FIELDS
from catalogue.models import (
    Assessment,
    AssessmentKind,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Dataset,
    Department,
    Publication,
    Variable,
    VocabularyTerm,
)
from catalogue.quality import assessment_summary

LEGAL_FLAGS = (
    "is_anonymised",
    "is_pseudonymised",
    "synthetic_version_available",
    "patients_informed",
    "consent_collected",
    "opposition_register_handled",
)


_SLUG_MARK = "slug-placeholder"
_DECIMAL = serializers.DecimalField(max_digits=5, decimal_places=2)
_DATETIME = serializers.DateTimeField()


def _terms(terms: Any) -> list[dict[str, str]]:
    return [
        {
            "code": t.code,
            "label": t.label,
            "label_fr": t.label_fr,
            "label_en": t.label_en,
            "uri": t.uri,
        }
        for t in terms
    ]


class TermSerializer(serializers.ModelSerializer[VocabularyTerm]):
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]

    class Meta:
        model = VocabularyTerm
        fields = ["code", "label", "label_fr", "label_en", "uri"]
        read_only_fields = fields


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    class Meta:
        model = Department
        fields = ["code", "name"]
        read_only_fields = fields


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    class Meta:
        model = Publication
        fields = ["citation", "doi", "url", "year"]
        read_only_fields = fields


class DatasetListSerializer(serializers.ModelSerializer[Dataset]):
    """One line of a result list: what a requester needs to pick a dataset, nothing heavy."""

    url = serializers.HyperlinkedIdentityField(
        view_name="catalogue-api:dataset-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    department = DepartmentSerializer(read_only=True)
    data_types = TermSerializer(many=True, read_only=True)
    themes = TermSerializer(many=True, read_only=True)
    standards = TermSerializer(many=True, read_only=True)
    access_modes = TermSerializer(many=True, read_only=True)
    search_rank = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "url",
            "page_url",
            "slug",
            "acronym",
            "title",
            "title_fr",
            "title_en",
            "summary",
            "status",
            "department",
            "data_types",
            "themes",
            "standards",
            "access_modes",
            *LEGAL_FLAGS,
            "number_of_individuals",
            "completeness",
            "published_at",
            "updated_at",
            "search_rank",
        ]
        read_only_fields = fields

    def to_representation(self, dataset: Dataset) -> dict[str, Any]:
        """Hand-built: DRF's generic field walk costs more than the page query on a 25-row
        page (see docs/benchmarks.md). Same keys and formats as the declared fields."""
        api_path, page_path = self._path_templates()
        slug = dataset.slug
        rank = getattr(dataset, "search_rank", None)
        data = {
            "url": self._absolute(api_path.replace(_SLUG_MARK, slug)),
            "page_url": self._absolute(page_path.replace(_SLUG_MARK, slug)),
            "slug": slug,
            "acronym": dataset.acronym,
            "title": dataset.title,
            "title_fr": dataset.title_fr,
            "title_en": dataset.title_en,
            "summary": dataset.summary,
            "status": dataset.status,
            "department": {"code": dataset.department.code, "name": dataset.department.name},
        }
        attached = getattr(dataset, "list_terms", None)
        for field in ("data_types", "themes", "standards", "access_modes"):
            terms = (
                attached.get(field, ()) if attached is not None else getattr(dataset, field).all()
            )
            data[field] = _terms(terms)
        for flag in LEGAL_FLAGS:
            data[flag] = getattr(dataset, flag)
        data["number_of_individuals"] = dataset.number_of_individuals
        data["completeness"] = _DECIMAL.to_representation(dataset.completeness)
        # DRF returns None for an empty value; the stub's parameter type leaves None out.
        data["published_at"] = _DATETIME.to_representation(dataset.published_at)  # type: ignore[arg-type]
        data["updated_at"] = _DATETIME.to_representation(dataset.updated_at)
        data["search_rank"] = round(float(rank), 6) if rank is not None else None
        return data

    def _path_templates(self) -> tuple[str, str]:
        cached = getattr(self, "_paths", None)
        if cached is None:
            cached = (
                reverse("catalogue-api:dataset-detail", kwargs={"slug": _SLUG_MARK}),
                reverse("catalogue:dataset-detail", kwargs={"slug": _SLUG_MARK}),
            )
            self._paths = cached
        return cached

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, dataset: Dataset) -> str:
        path = reverse("catalogue:dataset-detail", kwargs={"slug": dataset.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_search_rank(self, dataset: Dataset) -> float | None:
        rank = getattr(dataset, "search_rank", None)
        return round(float(rank), 6) if rank is not None else None


class DimensionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class QualitySerializer(serializers.Serializer[Any]):
    assessment_id = serializers.IntegerField()
    criteria_set = serializers.CharField()
    assessed_at = serializers.DateTimeField()
    overall = serializers.DecimalField(max_digits=5, decimal_places=2)
    dimensions = DimensionSerializer(many=True)


def quality_payload(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    summary = assessment_summary(assessment)
    return {
        "assessment_id": assessment.pk,
        "criteria_set": assessment.criteria_set.code,
        "assessed_at": assessment.assessed_at,
        "overall": summary.overall,
        "dimensions": [
            {"code": code, "label": label, "percent": percent}
            for code, label, percent in summary.dimensions
        ],
    }


class DatasetDetailSerializer(DatasetListSerializer):
    """The whole descriptive sheet."""

    description = serializers.CharField(read_only=True)
    health_categories = TermSerializer(many=True, read_only=True)
    coding_systems = TermSerializer(many=True, read_only=True)
    legal_bases = TermSerializer(many=True, read_only=True)
    purposes = TermSerializer(many=True, read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)
    update_frequency = serializers.CharField(read_only=True)
    variables_url = serializers.SerializerMethodField()
    variables_count = serializers.SerializerMethodField()
    quality = serializers.SerializerMethodField()

    # One sheet at a time: the generic (declared-fields) path is fast enough and complete.
    # Only the parameter's name differs (instance vs dataset); DRF passes it positionally.
    to_representation = serializers.ModelSerializer.to_representation  # type: ignore[assignment]

    class Meta(DatasetListSerializer.Meta):
        fields = [
            *DatasetListSerializer.Meta.fields,
            "summary_fr",
            "summary_en",
            "description",
            "description_fr",
            "description_en",
            "keywords",
            "health_categories",
            "population_description",
            "inclusion_start",
            "inclusion_end",
            "geographic_coverage",
            "number_of_records",
            "min_typical_age",
            "max_typical_age",
            "update_frequency",
            "coding_systems",
            "legal_bases",
            "purposes",
            "hosting_type",
            "deployment",
            "hds_certified_host",
            "host_name",
            "retention_years",
            "contact_name",
            "contact_email",
            "landing_page",
            "publications",
            "created_at",
            "variables_url",
            "variables_count",
            "quality",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_variables_url(self, dataset: Dataset) -> str:
        path = reverse("catalogue-api:dataset-variables", kwargs={"slug": dataset.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.INT)
    def get_variables_count(self, dataset: Dataset) -> int:
        count = getattr(dataset, "n_variables", None)
        return count if count is not None else dataset.variables.count()

    @extend_schema_field(QualitySerializer(allow_null=True))
    def get_quality(self, dataset: Dataset) -> dict[str, Any] | None:
        payload = quality_payload(self.context.get("latest_assessment"))
        return QualitySerializer(payload).data if payload is not None else None


class DatasetWriteSerializer(serializers.ModelSerializer[Dataset]):
    """Fields an editor may set. Vocabulary fields take lists of codes; the domain checks them
    against their vocabulary, checks the editor's rights and keeps the history."""

    department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all())
    slug = serializers.SlugField(max_length=120, required=False, allow_blank=True)

    class Meta:
        model = Dataset
        fields = [
            "slug",
            "acronym",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "description_fr",
            "description_en",
            "keywords",
            "department",
            "population_description",
            "inclusion_start",
            "inclusion_end",
            "geographic_coverage",
            "number_of_individuals",
            "number_of_records",
            "min_typical_age",
            "max_typical_age",
            "update_frequency",
            *LEGAL_FLAGS,
            "hosting_type",
            "deployment",
            "hds_certified_host",
            "host_name",
            "retention_years",
            "contact_name",
            "contact_email",
            "landing_page",
            *DATASET_VOCAB_FIELDS,
        ]
        # The domain validates the whole sheet (model constraints included) in one place.
        validators: list[Any] = []

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in DATASET_VOCAB_FIELDS:
            fields[name] = serializers.ListField(
                child=serializers.SlugField(max_length=64), required=False
            )
        return fields

    def validate_keywords(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise serializers.ValidationError("Give keywords as a list of strings.")
        return [v.strip() for v in value if v.strip()]

    def validate_slug(self, value: str) -> str:
        queryset = Dataset.objects.filter(slug=value)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        if value and queryset.exists():
            raise serializers.ValidationError("A dataset with this slug already exists.")
        return value

    def to_representation(self, instance: Dataset) -> dict[str, Any]:
        return DatasetDetailSerializer(instance, context=self.context).data


class VariableSerializer(serializers.ModelSerializer[Variable]):
    dataset: serializers.SlugRelatedField[Dataset] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    coding_system = TermSerializer(read_only=True)
    value_type_label = serializers.CharField(source="get_value_type_display", read_only=True)

    class Meta:
        model = Variable
        fields = [
            "id",
            "dataset",
            "position",
            "name",
            "label",
            "description",
            "value_type",
            "value_type_label",
            "unit",
            "coding_system",
            "allowed_values",
            "completeness",
            "statistics",
        ]
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    dimension_label = serializers.CharField(source="get_dimension_display", read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "code",
            "label_fr",
            "label_en",
            "dimension",
            "dimension_label",
            "weight",
            "scale_max",
            "guidance",
            "position",
        ]
        read_only_fields = fields


class CriteriaSetSerializer(serializers.ModelSerializer[CriteriaSet]):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "code",
            "name_fr",
            "name_en",
            "description",
            "is_default",
            "is_active",
            "criteria",
        ]
        read_only_fields = fields


class CriterionScoreSerializer(serializers.ModelSerializer[CriterionScore]):
    criterion: serializers.SlugRelatedField[Criterion] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    criterion_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = CriterionScore
        fields = ["criterion_id", "criterion", "score", "comment"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    dataset: serializers.SlugRelatedField[Dataset] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    criteria_set: serializers.SlugRelatedField[CriteriaSet] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    scores = CriterionScoreSerializer(many=True, read_only=True)
    dimensions = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "dataset",
            "criteria_set",
            "kind",
            "kind_label",
            "assessed_at",
            "comment",
            "overall_score",
            "dimensions",
            "scores",
        ]
        read_only_fields = fields

    @extend_schema_field(DimensionSerializer(many=True))
    def get_dimensions(self, assessment: Assessment) -> list[dict[str, Any]]:
        rows = [
            {"code": code, "label": label, "percent": percent}
            for code, label, percent in assessment_summary(assessment).dimensions
        ]
        # many=True makes .data a ReturnList; the stubs type Serializer.data as a ReturnDict.
        return DimensionSerializer(rows, many=True).data  # type: ignore[return-value]


class AssessmentCreateSerializer(serializers.Serializer[Any]):
    """Scores keyed by criterion id (as JSON object keys), 0..scale_max each."""

    dataset = serializers.SlugField()
    criteria_set = serializers.SlugField(required=False, help_text="Default: the default set.")
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0))
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_scores(self, value: dict[str, int]) -> dict[int, int]:
        try:
            return {int(key): score for key, score in value.items()}
        except ValueError as exc:
            raise serializers.ValidationError("Keys must be criterion ids.") from exc
