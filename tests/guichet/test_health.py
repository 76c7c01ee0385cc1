from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/9"


def _closed_port() -> int:
    """A port nothing listens on: bind, read the number, close."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_healthy_without_broker(client: Client, settings: Any) -> None:
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured"}
    assert "no-cache" in response["Cache-Control"]


def test_needs_no_login_and_no_https_redirect(client: Client, settings: Any) -> None:
    settings.CELERY_BROKER_URL = ""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.skipif(not _redis_available(), reason="needs the local Redis")
def test_healthy_with_a_reachable_broker(client: Client, settings: Any) -> None:
    settings.CELERY_BROKER_URL = REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_unreachable_broker_gives_503_within_the_timeout(client: Client, settings: Any) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "failing"}
    assert elapsed < 10, f"a probe must not hang ({elapsed:.1f}s)"


def test_database_failure_gives_503(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CELERY_BROKER_URL = ""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "broker": "not configured"}


def test_only_get_is_answered(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
