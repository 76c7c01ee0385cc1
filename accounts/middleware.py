"""The gate that keeps a staff member who owes a second factor on the verification (or, when
the desk requires two-factor authentication, the enrolment) page until they have done it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from rest_framework.views import APIView

from accounts.two_factor import Step, api_refusal, second_factor_step

# Pages a half-signed-in user may still use: the second-factor pages themselves (marked with
# `two_factor_exempt`), leaving, switching language, and the health probe.
EXEMPT_URL_NAMES = frozenset({"logout", "set_language", "javascript-catalog", "healthz"})


def two_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


class TwoFactorGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if getattr(view_func, "two_factor_exempt", False):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        step = second_factor_step(user)
        if step is None:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            # API clients cannot follow a redirect to a form: say why they are refused.
            return JsonResponse({"detail": api_refusal(step)}, status=403)
        target = reverse("two-factor-verify" if step is Step.VERIFY else "two-factor-setup")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the form into a fragment of the page: make it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
