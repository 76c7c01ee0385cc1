from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.roles import is_staff_member
from guichet.plugins import collect


def desk(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav_items = collect("nav", "nav_items", request)
    for item in nav_items:
        item["active"] = request.path.startswith(item["url"]) and item["url"] != "/"
    return {
        "DESK_NAME": settings.DESK_NAME,
        "nav_items": nav_items,
        "is_staff_area_user": is_staff_member(user),
    }
