"""Admin of the request pipeline: a back office for the desk's settings (clock policies,
extra questions, committee meetings, register wording). Request states change only through
guichet.domain, so the admin shows them read-only; the event trail is never editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from guichet.models import (
    AccessRequest,
    Attachment,
    ClockPolicy,
    CommitteeDecision,
    CommitteeMeeting,
    Dispute,
    DocumentAccess,
    Event,
    FormDefinition,
    FormQuestion,
    Message,
    Organisation,
    ProjectFollowUp,
    PublicationReport,
    RegisterEntry,
    RequestDataset,
    Review,
    TeamMember,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("at", "action", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields
    ordering = ["at", "pk"]


class RequestDatasetInline(admin.TabularInline):
    model = RequestDataset
    extra = 0
    raw_id_fields = ["dataset", "relevance"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ("kind", "reviewer", "due_on", "outcome", "submitted_at")
    readonly_fields = fields


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "state", "due_on", "created_at"]
    list_filter = ["state"]
    search_fields = ["reference", "title", "organisation__name", "requester__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["requester", "created_by", "organisation", "quote"]
    readonly_fields = [
        "reference",
        "state",
        "held_from_state",
        "due_on",
        "submitted_at",
        "complete_at",
        "decided_at",
        "contract_signed_at",
        "data_available_at",
        "closed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [RequestDatasetInline, TeamMemberInline, ReviewInline, EventInline]
    list_select_related = ["organisation"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "request", "action", "from_state", "to_state", "actor"]
    list_filter = ["action", "to_state"]
    search_fields = ["request__reference", "comment"]
    list_select_related = ["request", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "actor_type", "country", "legal_status"]
    list_filter = ["actor_type", "legal_status", "country"]
    search_fields = ["name", "registration_number"]
    filter_horizontal = ["members"]


@admin.register(ClockPolicy)
class ClockPolicyAdmin(admin.ModelAdmin):
    list_display = ["key", "working_days", "due_soon_days", "is_active"]
    list_editable = ["working_days", "due_soon_days", "is_active"]

    def save_model(self, request: HttpRequest, obj: ClockPolicy, form: Any, change: bool) -> None:
        from django.db import transaction

        from guichet.tasks import recompute_deadlines

        super().save_model(request, obj, form, change)
        transaction.on_commit(recompute_deadlines.delay)


class FormQuestionInline(admin.TabularInline):
    model = FormQuestion
    extra = 1


@admin.register(FormDefinition)
class FormDefinitionAdmin(admin.ModelAdmin):
    list_display = ["version", "published", "published_at"]
    inlines = [FormQuestionInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "reviewer", "due_on", "outcome", "submitted_at"]
    list_filter = ["kind", "outcome"]
    raw_id_fields = ["request", "reviewer"]
    readonly_fields = ["outcome", "comments", "conditions", "submitted_at"]


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(admin.ModelAdmin):
    list_display = ["date"]
    filter_horizontal = ["members_present"]


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(admin.ModelAdmin):
    list_display = ["request", "decision", "decided_at", "meeting"]
    list_filter = ["decision"]
    raw_id_fields = ["request"]
    readonly_fields = ["request", "decision", "decided_at", "recorded_by"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["public_title", "organisation_name", "status", "approved_on", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["public_title", "organisation_name"]
    raw_id_fields = ["request"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Files arrive through guichet.domain.attachment_add (type and size checks), never here."""

    list_display = ["original_name", "request", "kind", "size", "uploaded_at"]
    list_filter = ["kind"]
    readonly_fields = [
        "request",
        "message",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DocumentAccess)
class DocumentAccessAdmin(admin.ModelAdmin):
    """The access trail is append-only: rows are written by guichet.domain_access only."""

    list_display = ["at", "username", "action", "outcome", "kind", "label", "request_reference"]
    list_filter = ["action", "outcome", "kind"]
    search_fields = ["username", "request_reference", "label", "sha256"]
    date_hierarchy = "at"
    list_select_related = ["user", "request"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model in (Message, ProjectFollowUp, PublicationReport, Dispute):
    admin.site.register(model, list_display=["__str__", "request"], raw_id_fields=["request"])
