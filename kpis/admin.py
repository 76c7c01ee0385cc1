from django.contrib import admin

from kpis.models import (
    IndicatorTarget,
    KpiSettings,
    ManualInput,
    MaturityDeclaration,
    MaturitySnapshot,
)


@admin.register(KpiSettings)
class KpiSettingsAdmin(admin.ModelAdmin):
    list_display = ["completeness_threshold", "sheets_share_required", "block_threshold"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "direction", "target", "updated_at"]


@admin.register(ManualInput)
class ManualInputAdmin(admin.ModelAdmin):
    list_display = ["key", "period_start", "period_end", "value", "entered_by"]
    list_filter = ["key"]


@admin.register(MaturityDeclaration)
class MaturityDeclarationAdmin(admin.ModelAdmin):
    list_display = ["code", "met", "declared_on", "declared_by"]
    readonly_fields = ["evidence_file"]


@admin.register(MaturitySnapshot)
class MaturitySnapshotAdmin(admin.ModelAdmin):
    list_display = ["taken_on", "met_count", "taken_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A snapshot is a record of the past.
        return False
