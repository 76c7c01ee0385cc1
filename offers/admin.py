"""Django admin for the offers app.

The admin never bypasses the domain rules: published offer versions, their pricing rules and
prices, and quotes are read-only here (quotes are built by the quote engine; a published offer
changes only through a new version). Publication runs `offers.domain.offer_publish`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from offers import domain
from offers.models import (
    ActorType,
    ActorTypeCoefficient,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskConfiguration,
    ExternalProvider,
    ITCostItem,
    OfferStatus,
    OfferVersion,
    PerimeterCell,
    PricingRule,
    ProjectType,
    Quote,
    QuoteLine,
    Service,
    ServicePrice,
    StaffProfile,
    TimeEntry,
    UseCase,
    ValorisationTool,
)


class TypologyAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "label_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "label_fr", "label_en"]


admin.site.register(ProjectType, TypologyAdmin)
admin.site.register(CollaborationLevel, TypologyAdmin)


@admin.register(ActorType)
class ActorTypeAdmin(TypologyAdmin):
    list_display = [*TypologyAdmin.list_display, "is_industrial"]
    list_filter = ["is_active", "is_industrial"]


@admin.register(ValorisationTool)
class ValorisationToolAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "name_fr", "name_en", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(UseCase)
class UseCaseAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name_fr",
        "project_type",
        "actor_type",
        "collaboration_level",
        "origin",
        "status",
    ]
    list_filter = ["status", "origin", "project_type", "actor_type", "collaboration_level"]
    list_select_related = ["project_type", "actor_type", "collaboration_level"]
    search_fields = ["code", "name_fr", "name_en", "description_fr"]
    filter_horizontal = ["valorisation_tools"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "use_case", "outcome", "projects_started"]
    list_filter = ["outcome", "actor_types"]
    list_select_related = ["use_case"]
    search_fields = ["title", "message"]
    filter_horizontal = ["datasets", "actor_types"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["use_case"]

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


# --- Services and the cost grid ---------------------------------------------------------------


class CostBreakdownLineInline(admin.TabularInline):
    model = CostBreakdownLine
    extra = 1
    fields = ["staff_profile", "days", "it_item", "quantity", "note"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name_fr",
        "category",
        "included_by_default",
        "billing_unit",
        "flat_price",
        "is_active",
    ]
    list_filter = ["category", "included_by_default", "billing_unit", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]
    filter_horizontal = ["access_modes", "use_cases"]
    readonly_fields = ["unit_cost_display"]
    inlines = [CostBreakdownLineInline]

    @admin.display(description=_("unit cost"))
    def unit_cost_display(self, obj: Service) -> str:
        return f"{obj.unit_cost()} EUR" if obj.pk else "—"


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "daily_rate", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(ITCostItem)
class ITCostItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "category", "unit", "unit_cost", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name"]


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "person",
        "staff_profile",
        "service",
        "days",
        "daily_rate",
        "request_reference",
    ]
    list_filter = ["staff_profile", "service"]
    list_select_related = ["person", "staff_profile", "service"]
    search_fields = ["request_reference", "note", "person__username"]
    date_hierarchy = "date"
    readonly_fields = ["daily_rate"]

    def save_model(self, request: HttpRequest, obj: TimeEntry, form: Any, change: bool) -> None:
        if not change:
            # Same rule as offers.domain.time_entry_record: the rate of the day is kept.
            obj.daily_rate = obj.staff_profile.daily_rate
        super().save_model(request, obj, form, change)


# --- Offer versions ---------------------------------------------------------------------------


class ServicePriceInline(admin.TabularInline):
    model = ServicePrice
    extra = 0
    can_delete = False
    fields = (
        "service",
        "category",
        "billing_unit",
        "included_by_default",
        "unit_price",
        "unit_cost",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DraftOnlyMixin:
    """Change allowed only while the related offer version is a draft."""

    def _version(self, obj: Any) -> OfferVersion | None:
        raise NotImplementedError

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        version = self._version(obj) if obj is not None else None
        if version is not None and version.status != OfferStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        version = self._version(obj) if obj is not None else None
        if version is not None and version.status != OfferStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(OfferVersion)
class OfferVersionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "title", "effective_date", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = [
        "number",
        "status",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
        "retired_at",
    ]
    fields = ["number", "title", "notes", "effective_date", *readonly_fields[1:]]
    inlines = [ServicePriceInline]
    actions = ["publish_selected"]

    def _version(self, obj: OfferVersion) -> OfferVersion:
        return obj

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New versions come from offer_new_version_from (API / staff pages), which copies the
        # pricing rule and freezes prices.
        return False

    @admin.action(description=_("Publish the selected draft"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[OfferVersion]) -> None:
        for version in queryset:
            try:
                domain.offer_publish(version, by=request.user)
            except (domain.OfferDomainError, ValidationError) as exc:
                self.message_user(request, f"v{version.number}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("v%s published.") % version.number)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("offers.publish_offerversion")


class ActorTypeCoefficientInline(admin.TabularInline):
    model = ActorTypeCoefficient
    extra = 0

    def _editable(self, obj: PricingRule | None) -> bool:
        return obj is None or obj.offer_version.status == OfferStatus.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(PricingRule)
class PricingRuleAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = [
        "offer_version",
        "grid_type",
        "margin_rate",
        "academic_coefficient",
        "industrial_coefficient",
        "vat_rate",
    ]
    list_select_related = ["offer_version"]
    readonly_fields = ["offer_version"]
    inlines = [ActorTypeCoefficientInline]

    def _version(self, obj: PricingRule) -> OfferVersion:
        return obj.offer_version

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PricingRule, form: Any, change: bool) -> None:
        domain.pricing_rule_update(
            obj, by=request.user, changes={f: getattr(obj, f) for f in form.changed_data}
        )


# --- Perimeter and desk -----------------------------------------------------------------------


@admin.register(PerimeterCell)
class PerimeterCellAdmin(SimpleHistoryAdmin):
    list_display = ["dataset", "use_case", "status", "updated_at"]
    list_filter = ["status", "use_case"]
    list_select_related = ["dataset", "use_case"]
    search_fields = ["dataset__title_fr", "dataset__slug", "use_case__code"]
    filter_horizontal = ["default_services"]
    readonly_fields = ["updated_at", "updated_by"]
    autocomplete_fields = ["use_case"]
    raw_id_fields = ["dataset"]


@admin.register(DeskConfiguration)
class DeskConfigurationAdmin(SimpleHistoryAdmin):
    filter_horizontal = ["access_modes", "committee_members"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not DeskConfiguration.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExternalProvider)
class ExternalProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "contact_email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_name"]


# --- Quotes -----------------------------------------------------------------------------------


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    can_delete = False
    fields = (
        "position",
        "service",
        "label",
        "quantity",
        "unit_price",
        "total",
        "unit_cost",
        "cost",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Read-only: quotes are built and revised by the quote engine (staff pages and API)."""

    list_display = [
        "reference",
        "version",
        "status",
        "actor_type",
        "total_excl_vat",
        "total_cost",
        "created_at",
    ]
    list_filter = ["status", "grid_type", "actor_type"]
    list_select_related = ["actor_type"]
    search_fields = ["reference", "request_reference"]
    inlines = [QuoteLineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
