"""Helpers shared by the pipeline pages: loading a visible request, mapping domain errors to
messages and HTTP statuses, the context both staff and requester pages use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from accounts.roles import Role, has_role, is_staff_member
from guichet import domain
from guichet.models import AccessRequest
from guichet.permissions import visible_requests


def base_template(user: Any) -> str:
    return "base_staff.html" if is_staff_member(user) else "base.html"


def get_visible_request(request: HttpRequest, pk: int, *, queryset: Any = None) -> AccessRequest:
    """404 for requests the user may not see, so their existence is not disclosed."""
    qs = queryset if queryset is not None else AccessRequest.objects.all()
    found = qs.filter(pk__in=visible_requests(request.user).values("pk")).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such request."))
    return found


def conflict_response(request: HttpRequest, access_request: AccessRequest | None) -> HttpResponse:
    reload_url = ""
    if access_request is not None:
        name = "requests:staff-detail" if is_staff_member(request.user) else "requests:my-detail"
        reload_url = reverse(name, args=[access_request.pk])
    return render(
        request,
        "guichet/conflict.html",
        {
            "access_request": access_request,
            "reload_url": reload_url,
            "base_template": base_template(request.user),
        },
        status=409,
    )


class Problems(list):
    """Problems reported by a refused domain call, with the HTTP status that fits."""

    status: int = 400


def _problems(error: domain.PipelineError) -> Problems:
    found = Problems(error.problems or [error.message])
    found.status = error.status_code
    return found


def run_domain(
    request: HttpRequest,
    access_request: AccessRequest | None,
    call: Callable[[], Any],
    *,
    success: str = "",
) -> tuple[bool, HttpResponse | None, list[str]]:
    """Run a domain call; returns (ok, response-to-return-instead, problems).

    Concurrent changes give the 409 page; refused or invalid actions become messages."""
    try:
        call()
    except ConcurrentTransition:
        return False, conflict_response(request, access_request), []
    except domain.PipelineError as error:
        messages.error(request, error.message)
        return False, None, _problems(error)
    if success:
        messages.success(request, success)
    return True, None, []


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def is_desk(user: Any) -> bool:
    return has_role(user, Role.DESK_OPERATOR)
