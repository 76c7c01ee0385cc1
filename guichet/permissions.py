"""Who sees which request. Every page and endpoint starts from `visible_requests(user)`.

- desk operators, legal staff and managers: every request;
- reviewers: the requests they have a review on;
- data stewards: requests on datasets of their departments (or assigned to them);
- anyone signed in (requesters): the requests of their organisations, and their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import Role, has_role, roles_of
from guichet.models import AccessRequest, Attachment, Event, Message, Review, ReviewKind

SEE_ALL_ROLES = (Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER)


def sees_all_requests(user: Any) -> bool:
    return has_role(user, *SEE_ALL_ROLES)


def _visibility_q(user: Any) -> Q:
    own = Q(requester=user) | Q(organisation__in=user.organisations.values("pk"))
    roles = roles_of(user)
    q = own
    if Role.REVIEWER in roles or Role.DATA_STEWARD in roles:
        q |= Q(pk__in=Review.objects.filter(reviewer=user).values("request_id"))
    if Role.DATA_STEWARD in roles:
        departments = user.stewarded_departments.values("pk")
        q |= Q(
            pk__in=AccessRequest.datasets.through.objects.filter(
                Q(dataset__department__in=departments) | Q(dataset__steward=user)
            ).values("request_id")
        )
        q |= Q(
            pk__in=Review.objects.filter(
                kind=ReviewKind.STEWARD, department__in=departments
            ).values("request_id")
        )
    return q


def visible_requests(user: Any) -> QuerySet[AccessRequest]:
    if user is None or not user.is_authenticated:
        return AccessRequest.objects.none()
    if sees_all_requests(user):
        return AccessRequest.objects.all()
    return AccessRequest.objects.filter(_visibility_q(user))


def visible_reviews(user: Any) -> QuerySet[Review]:
    """Reviews a user may read: all for the desk side, else those of visible requests
    that are theirs (a reviewer never sees another reviewer's draft opinion)."""
    if user is None or not user.is_authenticated:
        return Review.objects.none()
    if sees_all_requests(user):
        return Review.objects.all()
    q = Q(reviewer=user)
    if has_role(user, Role.DATA_STEWARD):
        q |= Q(kind=ReviewKind.STEWARD, department__in=user.stewarded_departments.values("pk"))
    return Review.objects.filter(q)


def review_queue(user: Any) -> QuerySet[Review]:
    """Open reviews waiting for this user, most urgent first."""
    return (
        visible_reviews(user)
        .filter(submitted_at__isnull=True, request__state="in_review")
        .filter(Q(reviewer=user) | Q(kind=ReviewKind.STEWARD, reviewer__isnull=True))
        .select_related("request", "request__organisation", "department")
        .order_by("due_on", "pk")
    )


def is_staff_viewer(user: Any) -> bool:
    """Staff who see internal notes and the whole trail of the requests they can see."""
    return has_role(
        user, Role.DESK_OPERATOR, Role.LEGAL, Role.MANAGER, Role.REVIEWER, Role.DATA_STEWARD
    )


def visible_messages(user: Any) -> QuerySet[Message]:
    messages = Message.objects.filter(request__in=visible_requests(user))
    if is_staff_viewer(user):
        return messages
    return messages.filter(is_internal=False)


def visible_events(user: Any) -> QuerySet[Event]:
    events = Event.objects.filter(request__in=visible_requests(user))
    if is_staff_viewer(user):
        return events
    # Requesters follow their request's path, not the desk's internal bookkeeping.
    # has_key first: a missing key must not turn the whole condition into NULL.
    internal = Q(payload__has_key="internal") & Q(payload__internal=True)
    return events.exclude(internal).exclude(
        action__in=["review_assigned", "review_submitted", "relevance_assessed"]
    )


def visible_attachments(user: Any) -> QuerySet[Attachment]:
    attachments = Attachment.objects.filter(request__in=visible_requests(user))
    if is_staff_viewer(user):
        return attachments
    return attachments.filter(Q(message__isnull=True) | Q(message__is_internal=False))


# --- DRF ---------------------------------------------------------------------------------------


class IsAuthenticatedReadOrOwnWrite(BasePermission):
    """Signed-in users only; object checks happen through the visible_* querysets."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)


class ReadOnly(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS
