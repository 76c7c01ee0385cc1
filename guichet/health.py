"""`/healthz`: what a load balancer or monitoring probe asks before sending traffic.

Answers 200 when the database answers and, if a broker is configured, the broker accepts a
connection; 503 naming the failing part otherwise. No login, no detail beyond ok/failing
(error messages could reveal host names to anyone)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "failing"
    return "ok"


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured"
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            # One attempt: a probe must answer within its own timeout, not retry for minutes.
            broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("Health check: broker unreachable")
        return "failing"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in ("ok", "not configured") for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
