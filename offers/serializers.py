"""Serializers of the offers API.

Two families: `Public*` serializers carry prices only and are the only ones used for
requesters and anonymous visitors; the others (staff) may carry internal costs and margins and
are used only for desk operators and managers (see offers.api permissions). Tests assert that no
public response contains a cost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from catalogue.models import Dataset, Vocabulary, VocabularyTerm
from offers.models import (
    ActorType,
    ActorTypeCoefficient,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskComponent,
    DeskConfiguration,
    ExternalProvider,
    GridType,
    ITCostItem,
    OfferVersion,
    PerimeterCell,
    PerimeterStatus,
    PricingRule,
    ProjectType,
    Quote,
    QuoteLine,
    ReviewKind,
    Service,
    ServicePrice,
    StaffProfile,
    TimeEntry,
    UseCase,
    ValorisationTool,
)


def access_mode_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=VocabularyTerm.objects.filter(vocabulary=Vocabulary.ACCESS_MODE),
        **kwargs,
    )


class ModelCleanMixin:
    """Run the model's own validation (clean + field validators) and report field errors."""

    clean_exclude: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)  # type: ignore[misc]
        model = self.Meta.model  # type: ignore[attr-defined]
        plain = {k: v for k, v in attrs.items() if not _is_many(model, k)}
        instance = self.instance or model()  # type: ignore[attr-defined]
        for name, value in plain.items():
            setattr(instance, name, value)
        try:
            instance.full_clean(exclude=list(self.clean_exclude), validate_unique=False)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


def _is_many(model: Any, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return False


# --- Typologies -----------------------------------------------------------------------------


class _TypologySerializer(serializers.ModelSerializer):
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]

    class Meta:
        fields = [
            "id",
            "code",
            "label",
            "label_fr",
            "label_en",
            "description_fr",
            "description_en",
            "position",
            "is_active",
        ]


class ProjectTypeSerializer(_TypologySerializer):
    class Meta(_TypologySerializer.Meta):
        model = ProjectType


class ActorTypeSerializer(_TypologySerializer):
    class Meta(_TypologySerializer.Meta):
        model = ActorType
        fields = [*_TypologySerializer.Meta.fields, "is_industrial"]


class CollaborationLevelSerializer(_TypologySerializer):
    class Meta(_TypologySerializer.Meta):
        model = CollaborationLevel


class ValorisationToolSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ValorisationTool
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "position",
            "is_active",
        ]


# --- Use cases and campaigns ---------------------------------------------------------------


class UseCaseSerializer(ModelCleanMixin, serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    project_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ProjectType.objects.all()
    )
    actor_type = serializers.SlugRelatedField(slug_field="code", queryset=ActorType.objects.all())
    collaboration_level = serializers.SlugRelatedField(
        slug_field="code", queryset=CollaborationLevel.objects.all()
    )
    required_reviews = serializers.MultipleChoiceField(
        choices=ReviewKind.choices, required=False, allow_empty=True
    )
    valorisation_tools = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=ValorisationTool.objects.all()
    )

    class Meta:
        model = UseCase
        fields = [
            "id",
            "code",
            "name",
            "name_fr",
            "name_en",
            "project_type",
            "actor_type",
            "collaboration_level",
            "origin",
            "description_fr",
            "description_en",
            "status",
            "required_reviews",
            "valorisation_tools",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_required_reviews(self, value: set[str]) -> list[str]:
        # Stable order (the pipeline opens reviews in this order).
        return [code for code in ReviewKind.values if code in value]

    def to_representation(self, instance: UseCase) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["required_reviews"] = list(instance.required_reviews)
        return data


class CampaignSerializer(serializers.ModelSerializer):
    datasets = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Dataset.objects.all()
    )
    actor_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ActorType.objects.all()
    )
    use_case = serializers.SlugRelatedField(
        slug_field="code", queryset=UseCase.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "datasets",
            "actor_types",
            "use_case",
            "date",
            "message",
            "recipients",
            "outcome",
            "outcome_notes",
            "projects_started",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate_datasets(self, value: list[Dataset]) -> list[Dataset]:
        if not value:
            raise serializers.ValidationError(_("Propose at least one dataset."))
        return value

    def validate_actor_types(self, value: list[ActorType]) -> list[ActorType]:
        if not value:
            raise serializers.ValidationError(_("Choose at least one actor type."))
        return value


# --- Services and the cost grid ---------------------------------------------------------------


class StaffProfileSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = StaffProfile
        fields = ["id", "code", "name", "daily_rate", "is_active"]


class ITCostItemSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = ITCostItem
        fields = ["id", "code", "name", "category", "unit", "unit_cost", "is_active"]


class CostBreakdownLineSerializer(ModelCleanMixin, serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=Service.objects.all())
    staff_profile = serializers.SlugRelatedField(
        slug_field="code", queryset=StaffProfile.objects.all(), required=False, allow_null=True
    )
    it_item = serializers.SlugRelatedField(
        slug_field="code", queryset=ITCostItem.objects.all(), required=False, allow_null=True
    )
    cost = serializers.SerializerMethodField()

    class Meta:
        model = CostBreakdownLine
        fields = ["id", "service", "staff_profile", "days", "it_item", "quantity", "note", "cost"]

    def get_cost(self, line: CostBreakdownLine) -> str:
        return str(line.cost.quantize(Decimal("0.0001")))


class PublicServiceSerializer(serializers.ModelSerializer):
    """A service as requesters see it: what it is, never what it costs the desk."""

    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    access_modes: serializers.SlugRelatedField[VocabularyTerm] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Service
        fields = [
            "code",
            "name",
            "name_fr",
            "name_en",
            "description",
            "description_fr",
            "description_en",
            "category",
            "included_by_default",
            "billing_unit",
            "access_modes",
        ]


class ServiceSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """Staff view and write: includes the cost breakdown and the unit cost."""

    name = serializers.CharField(read_only=True)
    access_modes = access_mode_field(many=True, required=False)
    use_cases = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=UseCase.objects.all()
    )
    cost_lines = CostBreakdownLineSerializer(many=True, read_only=True)
    unit_cost = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "code",
            "name",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "category",
            "included_by_default",
            "billing_unit",
            "default_quantity",
            "flat_price",
            "margin_rate",
            "access_modes",
            "use_cases",
            "position",
            "is_active",
            "cost_lines",
            "unit_cost",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def get_unit_cost(self, service: Service) -> str:
        return str(service.unit_cost())


# --- Offer versions -------------------------------------------------------------------------


class ActorTypeCoefficientSerializer(serializers.ModelSerializer):
    actor_type = serializers.SlugRelatedField(slug_field="code", queryset=ActorType.objects.all())

    class Meta:
        model = ActorTypeCoefficient
        fields = ["actor_type", "coefficient"]


class PricingRuleSerializer(serializers.ModelSerializer):
    actor_coefficients = ActorTypeCoefficientSerializer(many=True, read_only=True)

    class Meta:
        model = PricingRule
        fields = [
            "grid_type",
            "margin_rate",
            "academic_coefficient",
            "industrial_coefficient",
            "vat_rate",
            "actor_coefficients",
        ]


class ServicePriceSerializer(serializers.ModelSerializer):
    """Staff: the frozen price with the internal cost and margin."""

    service: serializers.SlugRelatedField[Service] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    name = serializers.CharField(read_only=True)
    unit_margin = serializers.SerializerMethodField()

    class Meta:
        model = ServicePrice
        fields = [
            "service",
            "name",
            "name_fr",
            "name_en",
            "category",
            "billing_unit",
            "included_by_default",
            "unit_price",
            "unit_cost",
            "unit_margin",
        ]

    def get_unit_margin(self, price: ServicePrice) -> str:
        return str(price.unit_price - price.unit_cost)


class PublicServicePriceSerializer(serializers.ModelSerializer):
    service: serializers.SlugRelatedField[Service] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(source="service.description", read_only=True)

    class Meta:
        model = ServicePrice
        fields = [
            "service",
            "name",
            "name_fr",
            "name_en",
            "description",
            "category",
            "billing_unit",
            "included_by_default",
            "unit_price",
        ]


class OfferVersionSerializer(serializers.ModelSerializer):
    """Staff: the version with its pricing rule and frozen prices (costs included)."""

    pricing_rule = PricingRuleSerializer(read_only=True)
    prices = ServicePriceSerializer(many=True, read_only=True)
    published_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = OfferVersion
        fields = [
            "id",
            "number",
            "title",
            "notes",
            "effective_date",
            "status",
            "created_at",
            "published_at",
            "published_by",
            "retired_at",
            "pricing_rule",
            "prices",
        ]
        read_only_fields = [
            "number",
            "status",
            "created_at",
            "published_at",
            "published_by",
            "retired_at",
        ]


class OfferVersionWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferVersion
        fields = ["title", "notes", "effective_date"]


class PricingRuleWriteSerializer(serializers.Serializer):
    grid_type = serializers.ChoiceField(choices=GridType.choices, required=False)
    margin_rate = serializers.DecimalField(max_digits=6, decimal_places=4, required=False)
    academic_coefficient = serializers.DecimalField(max_digits=6, decimal_places=3, required=False)
    industrial_coefficient = serializers.DecimalField(
        max_digits=6, decimal_places=3, required=False
    )
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=4, required=False)


class CoefficientWriteSerializer(serializers.Serializer):
    actor_type = serializers.SlugRelatedField(slug_field="code", queryset=ActorType.objects.all())
    coefficient = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        allow_null=True,
        min_value=Decimal("0"),
        max_value=Decimal("10"),
    )


class PublicOfferSerializer(serializers.ModelSerializer):
    """The offer in force as the public sees it: prices and the published coefficients per
    actor type (fee grids are public), never costs or margins."""

    prices = PublicServicePriceSerializer(many=True, read_only=True)
    grid_type = serializers.CharField(source="pricing_rule.grid_type", read_only=True)
    vat_rate = serializers.DecimalField(
        source="pricing_rule.vat_rate", max_digits=5, decimal_places=4, read_only=True
    )
    actor_types = serializers.SerializerMethodField()

    class Meta:
        model = OfferVersion
        fields = [
            "number",
            "title",
            "effective_date",
            "grid_type",
            "vat_rate",
            "actor_types",
            "prices",
        ]

    def get_actor_types(self, version: OfferVersion) -> list[dict[str, Any]]:
        rule = version.pricing_rule
        return [
            {
                "code": actor.code,
                "label": actor.label,
                "coefficient": str(rule.coefficient_for(actor)),
            }
            for actor in self.context["actor_types"]
        ]


# --- Perimeter ----------------------------------------------------------------------------


class PerimeterCellSerializer(serializers.ModelSerializer):
    dataset = serializers.SlugRelatedField(slug_field="slug", queryset=Dataset.objects.all())
    use_case = serializers.SlugRelatedField(slug_field="code", queryset=UseCase.objects.all())
    default_services = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Service.objects.all()
    )
    status = serializers.ChoiceField(choices=PerimeterStatus.choices)
    updated_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = PerimeterCell
        fields = [
            "id",
            "dataset",
            "use_case",
            "status",
            "conditions",
            "default_services",
            "note",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["updated_at", "updated_by"]
        validators: list[Any] = []  # the domain upserts on (dataset, use_case)


class PerimeterVerdictSerializer(serializers.Serializer):
    dataset = serializers.CharField(source="dataset.slug")
    use_case = serializers.CharField(source="use_case.code")
    in_perimeter = serializers.BooleanField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    conditions = serializers.CharField()
    default_services = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.CharField())
    # A declared field (the metaclass moves it), not Field.source.
    source = serializers.CharField()  # type: ignore[assignment]
    is_explicit = serializers.BooleanField()

    def get_default_services(self, verdict: Any) -> list[str]:
        return [service.code for service in verdict.default_services]


# --- Desk configuration ---------------------------------------------------------------------


class DeskConfigurationSerializer(serializers.ModelSerializer):
    access_modes = access_mode_field(many=True, required=False)
    committee_members = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=DeskConfiguration._meta.get_field(
            "committee_members"
        ).related_model._default_manager.all(),
    )
    stewards_consulted_on_requests = serializers.BooleanField(read_only=True)
    stewards_maintain_datasets = serializers.BooleanField(read_only=True)
    uses_external_provider = serializers.BooleanField(read_only=True)
    has_sharing_procedure = serializers.BooleanField(read_only=True)
    sharing_procedure_document = serializers.SerializerMethodField()

    class Meta:
        model = DeskConfiguration
        fields = [
            "desk_model",
            "access_modes",
            "anonymisation_capability",
            "synthetic_data_capability",
            "can_build_from_information_system",
            "information_system_notes",
            "patient_information_url",
            "consent_procedure",
            "committee_members",
            "committee_cadence",
            "sharing_procedure_document",
            "sharing_procedure_version",
            "sharing_procedure_date",
            "updated_at",
            "stewards_consulted_on_requests",
            "stewards_maintain_datasets",
            "uses_external_provider",
            "has_sharing_procedure",
        ]
        read_only_fields = ["sharing_procedure_version", "sharing_procedure_date", "updated_at"]

    def get_sharing_procedure_document(self, config: DeskConfiguration) -> str | None:
        if not config.sharing_procedure_document:
            return None
        request = self.context.get("request")
        path = "/api/offers/desk/procedure/"
        return request.build_absolute_uri(path) if request else path


class ProcedureUploadSerializer(serializers.Serializer):
    document = serializers.FileField()
    version = serializers.CharField(max_length=40)
    date = serializers.DateField(required=False)


class ExternalProviderSerializer(ModelCleanMixin, serializers.ModelSerializer):
    scope = serializers.MultipleChoiceField(choices=DeskComponent.choices, allow_empty=True)

    class Meta:
        model = ExternalProvider
        fields = [
            "id",
            "name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "scope",
            "notes",
            "is_active",
        ]

    def validate_scope(self, value: set[str]) -> list[str]:
        return [code for code in DeskComponent.values if code in value]

    def to_representation(self, instance: ExternalProvider) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["scope"] = list(instance.scope)
        return data


# --- Timesheets -----------------------------------------------------------------------------


class TimeEntrySerializer(serializers.ModelSerializer):
    person: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    person_name: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        source="person"
    )
    staff_profile = serializers.SlugRelatedField(
        slug_field="code", queryset=StaffProfile.objects.all()
    )
    service = serializers.SlugRelatedField(
        slug_field="code", queryset=Service.objects.all(), required=False, allow_null=True
    )
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "person",
            "person_name",
            "staff_profile",
            "service",
            "days",
            "daily_rate",
            "date",
            "request_reference",
            "note",
            "cost",
            "created_at",
        ]
        read_only_fields = ["daily_rate", "created_at"]


# --- Quotes and estimates -------------------------------------------------------------------


class SelectionSerializer(serializers.Serializer):
    # A code, resolved in bulk by `resolve_services` (one query for the whole list).
    service = serializers.SlugField(max_length=60)
    quantity = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal("1000000"),
    )


def resolve_services(value: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(value) > 100:
        raise serializers.ValidationError(_("At most 100 lines."))
    codes = {row["service"] for row in value}
    services = {service.code: service for service in Service.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(services))
    if unknown:
        raise serializers.ValidationError(
            _("Unknown service(s): %(codes)s. Only services of the offer can be priced.")
            % {"codes": ", ".join(unknown)}
        )
    return [{**row, "service": services[row["service"]]} for row in value]


class EstimateRequestSerializer(serializers.Serializer):
    actor_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ActorType.objects.filter(is_active=True)
    )
    use_case = serializers.SlugRelatedField(
        slug_field="code", queryset=UseCase.objects.all(), required=False, allow_null=True
    )
    access_mode = access_mode_field(required=False, allow_null=True)
    datasets = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Dataset.objects.published(),
    )
    selections = SelectionSerializer(many=True, required=False)

    def validate_selections(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return resolve_services(value)

    def domain_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "actor_type": data["actor_type"],
            "use_case": data.get("use_case"),
            "access_mode": data.get("access_mode"),
            "datasets": list(data.get("datasets") or []),
            "selections": [(s["service"], s["quantity"]) for s in data.get("selections") or []],
        }


class QuoteCreateSerializer(EstimateRequestSerializer):
    actor_type = serializers.SlugRelatedField(slug_field="code", queryset=ActorType.objects.all())
    datasets = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Dataset.objects.all()
    )
    request_reference = serializers.CharField(max_length=80, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    allow_below_cost = serializers.BooleanField(required=False, default=False)
    below_cost_reason = serializers.CharField(required=False, allow_blank=True, default="")


class QuoteUpdateSerializer(serializers.Serializer):
    selections = SelectionSerializer(many=True, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    allow_below_cost = serializers.BooleanField(required=False, default=False)
    below_cost_reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_selections(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return resolve_services(value)

    def selections_or_none(self) -> list[tuple[Service, Decimal]] | None:
        raw = self.validated_data.get("selections")
        return None if raw is None else [(s["service"], s["quantity"]) for s in raw]


class QuoteLineSerializer(serializers.ModelSerializer):
    service: serializers.SlugRelatedField[Service] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    margin = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = QuoteLine
        fields = [
            "position",
            "service",
            "label",
            "billing_unit",
            "included_by_default",
            "quantity",
            "unit_price",
            "unit_cost",
            "total",
            "cost",
            "margin",
        ]


class PublicQuoteLineSerializer(serializers.ModelSerializer):
    service: serializers.SlugRelatedField[Service] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = QuoteLine
        fields = [
            "position",
            "service",
            "label",
            "billing_unit",
            "included_by_default",
            "quantity",
            "unit_price",
            "total",
        ]


_QUOTE_PUBLIC_FIELDS = [
    "id",
    "reference",
    "version",
    "status",
    "request_reference",
    "offer_version",
    "use_case",
    "actor_type",
    "access_mode",
    "datasets",
    "vat_rate",
    "total_excl_vat",
    "vat_amount",
    "total_incl_vat",
    "notes",
    "valid_until",
    "created_at",
    "sent_at",
    "decided_at",
    "lines",
]


class PublicQuoteSerializer(serializers.ModelSerializer):
    """A quote as its requester sees it (the pipeline uses this one): no cost, no margin."""

    offer_version = serializers.IntegerField(source="offer_version.number", read_only=True)
    use_case: serializers.SlugRelatedField[UseCase] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    actor_type: serializers.SlugRelatedField[ActorType] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    access_mode: serializers.SlugRelatedField[VocabularyTerm] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    datasets: serializers.SlugRelatedField[Dataset] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    lines = PublicQuoteLineSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = _QUOTE_PUBLIC_FIELDS
        read_only_fields = _QUOTE_PUBLIC_FIELDS


class QuoteSerializer(PublicQuoteSerializer):
    """Staff: with internal costs, margin, the below-cost reason and the version chain."""

    # Replaces the public lines field (DRF merges declared fields by name).
    lines = QuoteLineSerializer(many=True, read_only=True)  # type: ignore[assignment]
    previous: serializers.PrimaryKeyRelatedField[Quote] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    created_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    sent_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta(PublicQuoteSerializer.Meta):
        fields = [
            *_QUOTE_PUBLIC_FIELDS,
            "previous",
            "grid_type",
            "actor_coefficient",
            "total_cost",
            "margin_amount",
            "below_cost_reason",
            "created_by",
            "sent_by",
        ]
        read_only_fields = fields
