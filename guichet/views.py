from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Role, is_staff_member, roles_of
from guichet.plugins import collect


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guichet/home.html",
        {
            "home_cards": collect("nav", "home_cards", request),
            "home_blocks": collect("nav", "home_blocks", request),
        },
    )


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    labels = [Role(code).label for code in sorted(roles_of(request.user))]
    return render(
        request,
        "guichet/staff_home.html",
        {"role_labels": labels, "staff_cards": collect("nav", "staff_cards", request)},
    )
