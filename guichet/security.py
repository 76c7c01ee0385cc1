"""HTTP hardening that Django does not do by itself: browser policies (CSP and friends),
staff session expiry, login throttling glue for django-axes and API throttles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from accounts.roles import is_staff_member

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
# Swagger UI boots from an inline script written by drf-spectacular; only that page gets it.
RELAXED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)
RELAXED_CSP_PATHS = ("/api/docs/",)
# Guichet uses no device feature; denying them all limits what injected content could do.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


def content_security_policy_for(path: str) -> str:
    if path.startswith(RELAXED_CSP_PATHS):
        return RELAXED_CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Browser policies on every response; a view that set its own keeps it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy_for(request.path)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def staff_session_expiry(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Staff sessions end when the browser closes (shared hospital workstations); the server
    still caps every session at SESSION_COOKIE_AGE. Requesters keep a persistent cookie.

    Acts only on the response that logs someone in (login() gives the session a new key), so
    ordinary pages cost no extra query or session write."""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        key_before = session.session_key if session is not None else None
        response = get_response(request)
        if session is None or session.session_key in (None, key_before):
            return response
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_superuser or is_staff_member(user))
        ):
            session.set_expiry(0)
        return response

    return middleware


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address behind GUICHET_TRUSTED_PROXIES reverse proxies.

    Only the entries our own proxies appended to X-Forwarded-For are trusted: a client can
    put anything at the left of that header, so we count from the right."""
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = settings.GUICHET_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped for authentication without an HTTP request
    (management commands, the test client's login()): no remote attacker is involved there."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class _LiveRates:
    """DRF reads throttle rates once at import; reading them per request lets settings
    overrides (and tests) take effect."""

    scope: str | None

    def get_rate(self) -> str | None:
        if self.scope is None:  # as DRF's own get_rate: no scope, no rate
            return None
        # Rates are strings ("20/min"); the stubs type them as numbers.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]


class AnonThrottle(_LiveRates, AnonRateThrottle):
    pass


class UserThrottle(_LiveRates, UserRateThrottle):
    pass


class AnonWriteThrottle(_LiveRates, AnonRateThrottle):
    """Anonymous writes (the public fee estimate, perimeter checks...) cost computation and
    can be scripted: they get a tighter budget than anonymous reads."""

    scope = "anon_write"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a locked-out user sees (429), with the wait in minutes rather than ISO 8601."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": max(1, int(cooloff.total_seconds() // 60)),
        },
        status=429,
    )
