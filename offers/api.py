"""Offers REST API (mounted under /api/offers/).

Who sees what:
- anyone (no login): typologies, the active services and the offer in force, and the
  non-binding fee estimate — all through `Public*` serializers, which carry no cost;
- desk staff (every staff role): the use-case inventory, campaigns, the strategic perimeter and
  the desk configuration;
- desk operators and managers: internal costs (cost grid, offer versions with costs, quotes,
  timesheets); only desk operators change anything.

Every change goes through offers.domain; its refusals become 400 (field errors) or 409
(published offer / sent quote / concurrent change) with a message saying what to do.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.roles import Role, has_role, is_staff_member
from accounts.uploads import attachment_headers
from catalogue.models import Dataset
from offers import domain
from offers import serializers as s
from offers.models import (
    ActorType,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskConfiguration,
    ExternalProvider,
    ITCostItem,
    OfferVersion,
    PerimeterCell,
    ProjectType,
    Quote,
    QuoteLine,
    Service,
    ServicePrice,
    StaffProfile,
    TimeEntry,
    UseCase,
    ValorisationTool,
)

COST_READERS = (Role.DESK_OPERATOR, Role.MANAGER)


# --- Errors ----------------------------------------------------------------------------------


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This object changed meanwhile; reload and retry."
    default_code = "conflict"


def _as_api_error(exc: Exception) -> Exception:
    if isinstance(exc, (domain.Immutable, domain.TransitionRefused)):
        return Conflict(exc.message)
    if isinstance(exc, domain.BelowCost):
        return serializers.ValidationError({"below_cost_reason": [exc.message]})
    if isinstance(exc, ConcurrentTransition):
        return Conflict()
    if isinstance(exc, ProtectedError):
        return Conflict(
            _(
                "This entry is in use (by quotes, prices or use cases); deactivate it "
                "instead of deleting it."
            )
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return serializers.ValidationError(exc.message_dict)
        return serializers.ValidationError({"non_field_errors": exc.messages})
    return exc


class DomainErrorsMixin:
    def handle_exception(self, exc: Exception) -> Response:
        return super().handle_exception(_as_api_error(exc))  # type: ignore[misc]


# --- Permissions ------------------------------------------------------------------------------


class _RolePermission(permissions.BasePermission):
    """Read for `read_check(user)`, write for desk operators."""

    def read_check(self, user: Any) -> bool:
        raise NotImplementedError

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return self.read_check(request.user)
        return has_role(request.user, Role.DESK_OPERATOR)


class PublicReadOperatorWrite(_RolePermission):
    def read_check(self, user: Any) -> bool:
        return True


class StaffReadOperatorWrite(_RolePermission):
    def read_check(self, user: Any) -> bool:
        return is_staff_member(user)


class CostReadOperatorWrite(_RolePermission):
    def read_check(self, user: Any) -> bool:
        return has_role(user, *COST_READERS)


def can_read_costs(user: Any) -> bool:
    return has_role(user, *COST_READERS)


class OffersViewSet(DomainErrorsMixin, viewsets.ModelViewSet):
    permission_classes = [StaffReadOperatorWrite]

    def perform_destroy(self, instance: Any) -> None:
        with transaction.atomic():
            instance.delete()


# --- Typologies and inventory ---------------------------------------------------------------


class ProjectTypeViewSet(OffersViewSet):
    # Typed wide: the typology viewsets below reuse this one with their own model.
    queryset: QuerySet[Any] = ProjectType.objects.all()
    serializer_class: type[serializers.BaseSerializer[Any]] = s.ProjectTypeSerializer
    permission_classes = [PublicReadOperatorWrite]
    filterset_fields = ["is_active"]
    lookup_field = "code"


class ActorTypeViewSet(ProjectTypeViewSet):
    queryset = ActorType.objects.all()
    serializer_class = s.ActorTypeSerializer
    filterset_fields = ["is_active", "is_industrial"]


class CollaborationLevelViewSet(ProjectTypeViewSet):
    queryset = CollaborationLevel.objects.all()
    serializer_class = s.CollaborationLevelSerializer


class ValorisationToolViewSet(ProjectTypeViewSet):
    queryset = ValorisationTool.objects.all()
    serializer_class = s.ValorisationToolSerializer
    filterset_fields = ["is_active", "kind"]


class UseCaseViewSet(OffersViewSet):
    queryset = UseCase.objects.select_related(
        "project_type", "actor_type", "collaboration_level"
    ).prefetch_related("valorisation_tools")
    serializer_class = s.UseCaseSerializer
    filterset_fields = ["status", "origin", "project_type__code", "actor_type__code"]
    lookup_field = "code"


class CampaignViewSet(OffersViewSet):
    queryset = Campaign.objects.select_related("use_case").prefetch_related(
        "datasets", "actor_types"
    )
    serializer_class = s.CampaignSerializer
    filterset_fields = ["outcome"]

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.save(created_by=self.request.user)


# --- Cost grid ----------------------------------------------------------------------------------


class StaffProfileViewSet(OffersViewSet):
    queryset = StaffProfile.objects.all()
    serializer_class = s.StaffProfileSerializer
    permission_classes = [CostReadOperatorWrite]
    filterset_fields = ["is_active"]


class ITCostItemViewSet(OffersViewSet):
    queryset = ITCostItem.objects.all()
    serializer_class = s.ITCostItemSerializer
    permission_classes = [CostReadOperatorWrite]
    filterset_fields = ["is_active", "category"]


class CostBreakdownLineViewSet(OffersViewSet):
    queryset = CostBreakdownLine.objects.select_related("service", "staff_profile", "it_item")
    serializer_class = s.CostBreakdownLineSerializer
    permission_classes = [CostReadOperatorWrite]
    filterset_fields = ["service__code"]


class ServiceViewSet(OffersViewSet):
    """Anyone lists the active services (no cost); operators and managers see costs."""

    permission_classes = [PublicReadOperatorWrite]
    filterset_fields = ["category", "included_by_default", "is_active"]
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Service]:
        if can_read_costs(self.request.user):
            return domain.services_with_costs().prefetch_related("access_modes", "use_cases")
        return Service.objects.filter(is_active=True).prefetch_related("access_modes")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if can_read_costs(self.request.user):
            return s.ServiceSerializer
        return s.PublicServiceSerializer


# --- Offer versions -------------------------------------------------------------------------


def _offer_queryset() -> QuerySet[OfferVersion]:
    return OfferVersion.objects.select_related("pricing_rule", "published_by").prefetch_related(
        "pricing_rule__actor_coefficients__actor_type",
        Prefetch("prices", queryset=ServicePrice.objects.select_related("service")),
    )


class CurrentOfferView(APIView):
    """The offer in force, as the public sees it (no cost, no margin)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.PublicOfferSerializer)
    def get(self, request: Request) -> Response:
        current = domain.current_offer()
        if current is None:
            raise Http404(_("No service offer is published yet."))
        version = _offer_queryset().get(pk=current.pk)
        actor_types = ActorType.objects.filter(is_active=True)
        serializer = s.PublicOfferSerializer(
            version, context={"request": request, "actor_types": actor_types}
        )
        return Response(serializer.data)


class OfferVersionViewSet(
    DomainErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Versions with frozen prices and costs. POST creates the next draft from the current
    offer; a published version answers 409 to every change."""

    permission_classes = [CostReadOperatorWrite]
    serializer_class = s.OfferVersionSerializer
    lookup_field = "number"
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[OfferVersion]:
        return _offer_queryset()

    @extend_schema(request=s.OfferVersionWriteSerializer, responses=s.OfferVersionSerializer)
    def create(self, request: Request) -> Response:
        payload = s.OfferVersionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        version = domain.offer_new_version_from(
            domain.current_offer() or OfferVersion.objects.filter(status="published").first(),
            by=request.user,
            effective_date=data.get("effective_date"),
            title=data.get("title", ""),
        )
        if data.get("notes"):
            domain.offer_version_update(version, by=request.user, changes={"notes": data["notes"]})
        return Response(self._out(version), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OfferVersionWriteSerializer, responses=s.OfferVersionSerializer)
    def partial_update(self, request: Request, number: str) -> Response:
        version = self.get_object()
        domain.ensure_editable(version)
        payload = s.OfferVersionWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        domain.offer_version_update(version, by=request.user, changes=payload.validated_data)
        return Response(self._out(version))

    def perform_destroy(self, instance: OfferVersion) -> None:
        domain.offer_delete_draft(instance, by=self.request.user)

    @extend_schema(request=None, responses=s.OfferVersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, number: str) -> Response:
        version = domain.offer_publish(self.get_object(), by=request.user)
        return Response(self._out(version))

    @extend_schema(request=None, responses=s.OfferVersionSerializer)
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, number: str) -> Response:
        """Re-read the services and the cost grid into a draft."""
        version = self.get_object()
        domain.offer_refresh_prices(version, by=request.user)
        return Response(self._out(version))

    @extend_schema(request=s.PricingRuleWriteSerializer, responses=s.OfferVersionSerializer)
    @action(detail=True, methods=["patch"], url_path="pricing-rule")
    def pricing_rule(self, request: Request, number: str) -> Response:
        version = self.get_object()
        domain.ensure_editable(version)
        payload = s.PricingRuleWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        domain.pricing_rule_update(
            version.pricing_rule, by=request.user, changes=payload.validated_data
        )
        return Response(self._out(version))

    @extend_schema(request=s.CoefficientWriteSerializer, responses=s.OfferVersionSerializer)
    @action(detail=True, methods=["post"])
    def coefficients(self, request: Request, number: str) -> Response:
        """Set (or with a null coefficient, remove) one actor type's coefficient of a draft."""
        version = self.get_object()
        domain.ensure_editable(version)
        payload = s.CoefficientWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        domain.actor_coefficient_set(
            version.pricing_rule,
            payload.validated_data["actor_type"],
            payload.validated_data["coefficient"],
            by=request.user,
        )
        return Response(self._out(version))

    def _out(self, version: OfferVersion) -> dict[str, Any]:
        fresh = _offer_queryset().get(pk=version.pk)
        return s.OfferVersionSerializer(fresh, context={"request": self.request}).data


# --- Perimeter ------------------------------------------------------------------------------


class PerimeterCellViewSet(OffersViewSet):
    """Cells of the strategic perimeter. POST upserts the cell of a (dataset, use case) pair."""

    queryset = PerimeterCell.objects.select_related(
        "dataset", "use_case", "updated_by"
    ).prefetch_related("default_services")
    serializer_class = s.PerimeterCellSerializer
    filterset_fields = ["status", "dataset__slug", "use_case__code"]

    def _save(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        instance = serializer.instance
        dataset = data.get("dataset", instance.dataset if instance else None)
        use_case = data.get("use_case", instance.use_case if instance else None)
        if instance and (dataset != instance.dataset or use_case != instance.use_case):
            raise serializers.ValidationError(
                {"dataset": [_("A cell's pair cannot change; create the other pair's cell.")]}
            )
        serializer.instance = domain.perimeter_cell_set(
            dataset,
            use_case,
            by=self.request.user,
            status=data.get("status", instance.status if instance else ""),
            conditions=data.get("conditions", instance.conditions if instance else ""),
            note=data.get("note", instance.note if instance else ""),
            default_services=data.get("default_services"),
        )

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance: PerimeterCell) -> None:
        domain.perimeter_cell_clear(instance.dataset, instance.use_case, by=self.request.user)


class PerimeterCheckView(DomainErrorsMixin, APIView):
    """Is a (dataset, use case) pair within the perimeter, and on which terms?"""

    permission_classes = [StaffReadOperatorWrite]

    @extend_schema(
        parameters=[
            OpenApiParameter("dataset", str, required=True, description="dataset slug"),
            OpenApiParameter("use_case", str, required=True, description="use case code"),
        ],
        responses=s.PerimeterVerdictSerializer,
    )
    def get(self, request: Request) -> Response:
        errors = {
            name: [_("This parameter is required.")]
            for name in ("dataset", "use_case")
            if not request.query_params.get(name)
        }
        if errors:
            raise serializers.ValidationError(errors)
        dataset = get_object_or_404(Dataset, slug=request.query_params["dataset"])
        use_case = get_object_or_404(UseCase, code=request.query_params["use_case"])
        verdict = domain.perimeter_check(dataset, use_case)
        return Response(s.PerimeterVerdictSerializer(verdict).data)


# --- Desk configuration ---------------------------------------------------------------------


class DeskConfigurationView(DomainErrorsMixin, APIView):
    permission_classes = [StaffReadOperatorWrite]

    def _out(self, request: Request) -> dict[str, Any]:
        config = DeskConfiguration.objects.prefetch_related(
            "access_modes", "committee_members"
        ).get(pk=DeskConfiguration.get().pk)
        return s.DeskConfigurationSerializer(config, context={"request": request}).data

    @extend_schema(responses=s.DeskConfigurationSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._out(request))

    @extend_schema(request=s.DeskConfigurationSerializer, responses=s.DeskConfigurationSerializer)
    def patch(self, request: Request) -> Response:
        payload = s.DeskConfigurationSerializer(
            DeskConfiguration.get(), data=request.data, partial=True
        )
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        access_modes = data.pop("access_modes", None)
        members = data.pop("committee_members", None)
        domain.desk_configuration_update(
            by=request.user, changes=data, access_modes=access_modes, committee_members=members
        )
        return Response(self._out(request))


class SharingProcedureView(DomainErrorsMixin, APIView):
    """GET: the current procedure PDF (staff only, never served from a public directory).
    POST (multipart): upload a new version."""

    permission_classes = [StaffReadOperatorWrite]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> FileResponse:
        config = DeskConfiguration.get()
        if not config.sharing_procedure_document:
            raise Http404(_("No sharing procedure uploaded yet."))
        return attachment_headers(
            FileResponse(
                config.sharing_procedure_document.open("rb"),
                as_attachment=True,
                filename=f"sharing-procedure-{config.sharing_procedure_version or 'current'}.pdf",
                content_type="application/pdf",
            )
        )

    @extend_schema(request=s.ProcedureUploadSerializer, responses=s.DeskConfigurationSerializer)
    def post(self, request: Request) -> Response:
        payload = s.ProcedureUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        domain.sharing_procedure_upload(
            by=request.user,
            document=payload.validated_data["document"],
            version=payload.validated_data["version"],
            on=payload.validated_data.get("date"),
        )
        return Response(
            s.DeskConfigurationSerializer(
                DeskConfiguration.get(), context={"request": request}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ExternalProviderViewSet(OffersViewSet):
    queryset = ExternalProvider.objects.all()
    serializer_class = s.ExternalProviderSerializer
    filterset_fields = ["is_active"]


# --- Timesheets -----------------------------------------------------------------------------


class TimeEntryPermission(permissions.BasePermission):
    """Staff log their own time; operators and managers read everyone's; operators fix any."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)

    def has_object_permission(self, request: Request, view: Any, obj: TimeEntry) -> bool:
        if has_role(request.user, Role.DESK_OPERATOR):
            return True
        if request.method in permissions.SAFE_METHODS and can_read_costs(request.user):
            return True
        return obj.person_id == request.user.pk


class TimeEntryViewSet(OffersViewSet):
    serializer_class = s.TimeEntrySerializer
    permission_classes = [TimeEntryPermission]
    filterset_fields = ["request_reference", "staff_profile__code", "service__code"]

    queryset = TimeEntry.objects.none()  # for the schema generator

    def get_queryset(self) -> QuerySet[TimeEntry]:
        entries = TimeEntry.objects.select_related("person", "staff_profile", "service")
        if getattr(self, "swagger_fake_view", False) or can_read_costs(self.request.user):
            return entries
        assert self.request.user.is_authenticated  # TimeEntryPermission admits staff only
        return entries.filter(person=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = domain.time_entry_record(
            person=self.request.user,
            staff_profile=data["staff_profile"],
            days=data["days"],
            date=data.get("date"),
            service=data.get("service"),
            request_reference=data.get("request_reference", ""),
            note=data.get("note", ""),
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        entry = serializer.save()
        entry.full_clean()

    @extend_schema(
        parameters=[OpenApiParameter("reference", str, many=True, required=True)],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"], url_path="cost-comparison")
    def cost_comparison(self, request: Request) -> Response:
        """Budget (quote cost) vs actual (time logged), per request reference."""
        if not can_read_costs(request.user):
            raise PermissionDenied()
        references = request.query_params.getlist("reference")
        if not references:
            raise serializers.ValidationError({"reference": [_("Give at least one reference.")]})
        rows = domain.cost_comparisons(references[:200])
        return Response(
            [
                {
                    "reference": ref,
                    "budget": None if row.budget is None else str(row.budget),
                    "actual": str(row.actual),
                    "variance": None if row.variance is None else str(row.variance),
                    "over_budget": row.over_budget,
                }
                for ref, row in sorted(rows.items())
            ]
        )


# --- Quotes ---------------------------------------------------------------------------------


class QuoteViewSet(
    DomainErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Staff quotes. A sent quote answers 409 to edits: revise it (new version) instead."""

    permission_classes = [CostReadOperatorWrite]
    serializer_class = s.QuoteSerializer
    filterset_fields = ["status", "reference", "request_reference"]

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.select_related(
            "offer_version", "use_case", "actor_type", "access_mode", "created_by", "sent_by"
        ).prefetch_related(
            "datasets", Prefetch("lines", queryset=QuoteLine.objects.select_related("service"))
        )

    def _out(self, quote: Quote, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=quote.pk)
        return Response(s.QuoteSerializer(fresh, context={"request": self.request}).data, code)

    @extend_schema(request=s.QuoteCreateSerializer, responses=s.QuoteSerializer)
    def create(self, request: Request) -> Response:
        payload = s.QuoteCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        quote = domain.build_quote(
            **payload.domain_kwargs(),
            by=request.user,
            request_ref=data.get("request_reference", ""),
            allow_below_cost=data.get("allow_below_cost", False),
            below_cost_reason=data.get("below_cost_reason", ""),
            notes=data.get("notes", ""),
            valid_until=data.get("valid_until"),
        )
        return self._out(quote, status.HTTP_201_CREATED)

    @extend_schema(request=s.QuoteUpdateSerializer, responses=s.QuoteSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        quote = self.get_object()
        domain.ensure_quote_editable(quote)
        payload = s.QuoteUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        domain.quote_update_draft(
            quote,
            by=request.user,
            selections=payload.selections_or_none(),
            notes=data.get("notes"),
            valid_until=data.get("valid_until"),
            allow_below_cost=data.get("allow_below_cost", False),
            below_cost_reason=data.get("below_cost_reason", ""),
        )
        return self._out(quote)

    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    def destroy(self, request: Request, pk: str) -> Response:
        raise Conflict(_("Quotes are kept: decline or revise a quote instead of deleting it."))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        return self._out(domain.quote_send(self.get_object(), by=request.user))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._out(domain.quote_accept(self.get_object(), by=request.user))

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._out(domain.quote_decline(self.get_object(), by=request.user))

    @extend_schema(request=s.QuoteUpdateSerializer, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str) -> Response:
        payload = s.QuoteUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        revision = domain.quote_revise(
            self.get_object(),
            by=request.user,
            selections=payload.selections_or_none(),
            notes=data.get("notes"),
            allow_below_cost=data.get("allow_below_cost", False),
            below_cost_reason=data.get("below_cost_reason", ""),
        )
        return self._out(revision, status.HTTP_201_CREATED)


# --- Public estimate ------------------------------------------------------------------------


class EstimateThrottle(AnonRateThrottle):
    rate = "120/hour"


class EstimateView(DomainErrorsMixin, APIView):
    """A non-binding fee estimate from the offer in force. No login; no cost in the answer.

    The desk prices services (preparation, extraction, workspace, support), never the data."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []  # no session: no CSRF needed for this public form
    throttle_classes = [EstimateThrottle]

    @extend_schema(request=s.EstimateRequestSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        payload = s.EstimateRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        estimate = domain.estimate_fees(**payload.domain_kwargs())
        return Response(estimate.public_dict())
