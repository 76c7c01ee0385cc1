"""REST endpoints of contracts (mounted under /api/). Same rules as the pages: legal staff,
the desk and managers see every contract; requesters see the contracts of their requests once
sent, and only the versions sent to them; changes go through contracts.domain."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django_fsm import ConcurrentTransition
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from contracts import domain
from contracts.models import (
    Clause,
    Contract,
    ContractStatus,
    ContractTemplate,
    ContractVersion,
)
from contracts.permissions import is_contract_staff
from contracts.serializers import (
    ContractSerializer,
    ContractTemplateSerializer,
    ContractVersionSerializer,
    DeviationSerializer,
    DeviationWriteSerializer,
    SignatorySerializer,
    SignatoryWriteSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Bad input or not possible now (see the messages)."),
    403: OpenApiResponse(description="You may not do this."),
    404: OpenApiResponse(description="No such contract among those you can see."),
    409: OpenApiResponse(description="Changed by someone else meanwhile."),
}


def _problem(exc: ValidationError) -> Response:
    body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _guarded(run: Any) -> Any:
    """Domain errors become clear HTTP answers."""
    try:
        return run()
    except ValidationError as exc:
        return _problem(exc)
    except PermissionDenied as exc:
        raise ApiPermissionDenied(str(exc)) from exc
    except ConcurrentTransition:
        return Response(
            {"detail": "This contract changed meanwhile; reload it."},
            status=status.HTTP_409_CONFLICT,
        )


class ContractTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Standard templates with their articles and applicability rules (contract staff)."""

    serializer_class = ContractTemplateSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["code", "kind", "status"]

    def get_queryset(self) -> QuerySet[ContractTemplate]:
        if not is_contract_staff(self.request.user):
            return ContractTemplate.objects.none()
        return ContractTemplate.objects.prefetch_related(
            "template_clauses__clause_version__clause",
            "project_types",
            "actor_types",
            "collaboration_levels",
            "access_modes",
        ).order_by("code", "-version")


def visible_contracts(user: Any) -> QuerySet[Contract]:
    if is_contract_staff(user):
        return Contract.objects.all()
    if not user.is_authenticated:
        return Contract.objects.none()
    mine = Q(request__requester=user) | Q(request__organisation__members=user)
    return (
        Contract.objects.filter(mine, first_sent_at__isnull=False)
        .exclude(status=ContractStatus.CANCELLED)
        .distinct()
    )


def visible_versions(user: Any, contract: Contract) -> QuerySet[ContractVersion]:
    versions = contract.versions.order_by("-number")
    if is_contract_staff(user):
        return versions
    visible = Q(sent_at__isnull=False)
    if contract.status == ContractStatus.SIGNED:
        last = versions.values_list("pk", flat=True).first()
        visible |= Q(pk=last)
    return versions.filter(visible)


class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Contracts of access requests; filter with ?request=<id>."""

    serializer_class = ContractSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["request", "status"]

    def get_queryset(self) -> QuerySet[Contract]:
        return (
            visible_contracts(self.request.user)
            .select_related("request", "template")
            .order_by("-created_at")
        )

    def _staff_contract(self) -> Contract:
        contract = self.get_object()
        if not is_contract_staff(self.request.user):
            raise ApiPermissionDenied("Only legal staff and the desk may change contracts.")
        return contract

    @extend_schema(responses={200: ContractVersionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request: Request, pk: int | None = None) -> Response:
        contract = self.get_object()
        data = ContractVersionSerializer(visible_versions(request.user, contract), many=True).data
        return Response(data)

    @extend_schema(
        request=None,
        responses={202: ContractVersionSerializer, **ERRORS},
        description="Queue the generation of a version. The same inputs give the same version "
        "(idempotent); poll the versions endpoint for the render status.",
    )
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: int | None = None) -> Response:
        contract = self._staff_contract()

        def run() -> Response:
            version = domain.contract_generate(contract, by=request.user)
            return Response(
                ContractVersionSerializer(version).data, status=status.HTTP_202_ACCEPTED
            )

        return _guarded(run)

    @extend_schema(request=None, responses={200: ContractVersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: int | None = None) -> Response:
        contract = self._staff_contract()
        return _guarded(
            lambda: Response(
                ContractVersionSerializer(domain.contract_send(contract, by=request.user)).data
            )
        )

    @extend_schema(methods=["get"], responses={200: DeviationSerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request=DeviationWriteSerializer,
        responses={201: DeviationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def deviations(self, request: Request, pk: int | None = None) -> Response:
        contract = self._staff_contract()
        if request.method == "GET":
            rows = contract.deviations.select_related("clause", "created_by")
            return Response(DeviationSerializer(rows, many=True).data)
        payload = DeviationWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        clause = get_object_or_404(Clause, code=data["clause"])

        def run() -> Response:
            deviation = domain.deviation_add(
                contract,
                clause,
                by=request.user,
                body_fr=data["body_fr"],
                body_en=data["body_en"],
                reason=data["reason"],
            )
            return Response(DeviationSerializer(deviation).data, status=status.HTTP_201_CREATED)

        return _guarded(run)

    @extend_schema(methods=["get"], responses={200: SignatorySerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request=SignatoryWriteSerializer,
        responses={201: SignatorySerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def signatories(self, request: Request, pk: int | None = None) -> Response:
        contract = self.get_object()
        if request.method == "GET":
            return Response(SignatorySerializer(contract.signatories.all(), many=True).data)
        contract = self._staff_contract()
        payload = SignatoryWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        def run() -> Response:
            signatory = domain.signatory_add(contract, by=request.user, **payload.validated_data)
            return Response(SignatorySerializer(signatory).data, status=status.HTTP_201_CREATED)

        return _guarded(run)
