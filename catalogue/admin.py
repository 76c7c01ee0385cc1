"""Django admin for the catalogue: a back-office for superusers and desk operators.
Day-to-day editing happens in the staff area, which enforces the domain rules; here the
lifecycle stays read-only (it changes only through catalogue.domain) and derived columns are
recomputed after each save."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from catalogue.domain import refresh_derived
from catalogue.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Dataset,
    Department,
    Publication,
    Variable,
    VocabularyTerm,
)


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(admin.ModelAdmin):
    list_display = ("code", "label_fr", "label_en", "vocabulary", "position")
    list_filter = ("vocabulary",)
    search_fields = ("code", "label_fr", "label_en")
    ordering = ("vocabulary", "position", "code")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "dataset_count")
    search_fields = ("name", "code")
    filter_horizontal = ("stewards",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        return super().get_queryset(request).annotate(n_datasets=Count("datasets"))

    @admin.display(description="datasets", ordering="n_datasets")
    def dataset_count(self, obj: Department) -> int:
        return obj.n_datasets  # type: ignore[attr-defined]


class PublicationInline(admin.TabularInline):
    model = Publication
    extra = 0


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ("title_fr", "acronym", "department", "status", "completeness", "updated_at")
    list_filter = ("status", "department", "data_types")
    search_fields = ("title_fr", "title_en", "acronym", "slug")
    list_select_related = ("department",)
    readonly_fields = ("status", "published_at", "created_at", "updated_at", "completeness")
    autocomplete_fields = ("steward",)
    prepopulated_fields = {"slug": ("title_fr",)}
    filter_horizontal = (
        "themes",
        "health_categories",
        "data_types",
        "standards",
        "coding_systems",
        "legal_bases",
        "purposes",
        "access_modes",
    )
    inlines = [PublicationInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_derived([form.instance.pk])


@admin.register(Variable)
class VariableAdmin(admin.ModelAdmin):
    list_display = ("name", "label", "dataset", "value_type", "completeness")
    list_filter = ("value_type",)
    search_fields = ("name", "label", "dataset__title_fr", "dataset__acronym")
    list_select_related = ("dataset",)
    raw_id_fields = ("dataset",)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("position", "code", "label_fr", "label_en", "dimension", "weight", "scale_max")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "code", "is_default", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_fr", "name_en", "code")
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "label_fr", "criteria_set", "dimension", "weight", "scale_max")
    list_filter = ("criteria_set", "dimension")
    search_fields = ("code", "label_fr", "label_en")


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    raw_id_fields = ("criterion",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = (
        "dataset",
        "kind",
        "criteria_set",
        "overall_score",
        "assessed_by",
        "assessed_at",
    )
    list_filter = ("kind", "criteria_set")
    search_fields = ("dataset__title_fr", "dataset__acronym")
    list_select_related = ("dataset", "criteria_set", "assessed_by")
    raw_id_fields = ("dataset", "assessed_by")
    readonly_fields = ("overall_score",)
    inlines = [CriterionScoreInline]
