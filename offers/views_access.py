"""Who sees and who changes the offers staff pages.

- Desk operators change everything here (superusers too).
- Managers read everything, including internal costs, and change nothing.
- Other desk staff (stewards, reviewers, legal) read the use-case inventory and the strategic
  perimeter (they advise on requests against it), never the cost grid, quotes or internal costs.
- Requesters and anonymous visitors see only the public pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from accounts.roles import STAFF_ROLES, Role, has_role

EDITORS = (Role.DESK_OPERATOR,)
COST_READERS = (Role.DESK_OPERATOR, Role.MANAGER)
PERIMETER_READERS = tuple(STAFF_ROLES)


def can_edit_offers(user: Any) -> bool:
    return has_role(user, *EDITORS)


def can_read_costs(user: Any) -> bool:
    return has_role(user, *COST_READERS)


def can_read_perimeter(user: Any) -> bool:
    return has_role(user, *PERIMETER_READERS)


class StaffAccessMixin(LoginRequiredMixin):
    """`read_roles` may open the page; unsafe methods need a desk operator."""

    read_roles: tuple[str, ...] = COST_READERS
    edit_only: bool = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        editing = self.edit_only or request.method not in ("GET", "HEAD", "OPTIONS")
        allowed = (
            can_edit_offers(request.user) if editing else has_role(request.user, *self.read_roles)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["can_edit"] = can_edit_offers(self.request.user)  # type: ignore[attr-defined]
        context["can_read_costs"] = can_read_costs(self.request.user)  # type: ignore[attr-defined]
        return context
