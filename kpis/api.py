"""GET /api/kpis/ (managers and desk operators) and GET /api/kpis/public/ (anyone)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kpis.domain import build_report
from kpis.interfaces import PeriodError, can_read, indicator_rows, parse_period, public_strip
from kpis.serializers import PublicStripSerializer, ReportSerializer


class CanReadIndicators(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return can_read(request.user)


class IndicatorsView(APIView):
    permission_classes = [CanReadIndicators]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="Start date YYYY-MM-DD (inclusive)."),
            OpenApiParameter("to", str, description="End date YYYY-MM-DD (inclusive)."),
        ],
        responses=ReportSerializer,
        summary="Every maturity and performance indicator for a period",
    )
    def get(self, request: Request) -> Response:
        try:
            period = parse_period(request.query_params)
        except PeriodError as error:
            return Response({"detail": str(error)}, status=400)
        report = build_report(period)
        payload = {
            "from": period.start,
            "to": period.end,
            "blocks": [
                {
                    "code": b.code,
                    "label": b.label,
                    "maturity": None if b.maturity_share is None else str(b.maturity_share),
                    "performance": None
                    if b.performance_score is None
                    else str(b.performance_score),
                    "quadrant": b.quadrant,
                }
                for b in report.blocks
            ],
            "roadmap": [b.code for b in report.roadmap],
            "indicators": indicator_rows(report),
        }
        return Response(ReportSerializer(payload).data)


class PublicIndicatorsView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses=PublicStripSerializer, summary="Public delays and activity figures")
    def get(self, request: Request) -> Response:
        return Response(PublicStripSerializer(public_strip()).data)
