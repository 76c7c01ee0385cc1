"""The desk's roles. Each role is a Django group created by a migration; apps grant their
model permissions to these groups in their own migrations (see accounts.migration_helpers)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DESK_OPERATOR = "desk_operator", _("Desk operator")
    DATA_STEWARD = "data_steward", _("Data steward")
    REVIEWER = "reviewer", _("Reviewer")
    LEGAL = "legal", _("Legal staff")
    MANAGER = "manager", _("Manager")
    REQUESTER = "requester", _("Requester")


STAFF_ROLES = frozenset(
    {Role.DESK_OPERATOR, Role.DATA_STEWARD, Role.REVIEWER, Role.LEGAL, Role.MANAGER}
)

_CACHE_ATTR = "_guichet_roles"


def roles_of(user: Any) -> frozenset[str]:
    """Role codes of a user, read once per user object (one query, then cached)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(names & set(Role.values))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: Any, *roles: str) -> bool:
    """True if the user holds any of the roles (superusers hold them all)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user) & set(roles))


def is_desk_staff(user: Any) -> bool:
    return has_role(user, Role.DESK_OPERATOR)


def is_staff_member(user: Any) -> bool:
    """Anyone who works for the desk (every role but requester)."""
    return has_role(user, *STAFF_ROLES)
