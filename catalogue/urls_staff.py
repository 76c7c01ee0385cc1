"""Staff pages of the catalogue, under /staff/catalogue/ (included by catalogue.web_urls,
which sets the "catalogue" namespace: this module must not set app_name)."""

from django.urls import path

from catalogue import views_staff as views

urlpatterns = [
    path("staff/catalogue/", views.dataset_list, name="staff-dataset-list"),
    path("staff/catalogue/new/", views.dataset_create, name="staff-dataset-create"),
    path("staff/catalogue/criteria/", views.criteria_sets, name="staff-criteria-sets"),
    path(
        "staff/catalogue/criteria/new/",
        views.criteria_set_edit,
        name="staff-criteria-set-create",
    ),
    path(
        "staff/catalogue/criteria/<slug:code>/",
        views.criteria_set_edit,
        name="staff-criteria-set-edit",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/",
        views.dataset_detail,
        name="staff-dataset-detail",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/edit/",
        views.dataset_edit,
        name="staff-dataset-edit",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/status/<str:action>/",
        views.dataset_transition,
        name="staff-dataset-transition",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/history/",
        views.dataset_history,
        name="staff-dataset-history",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/variables/",
        views.variables,
        name="staff-variables",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/variables/export.<str:fmt>",
        views.variables_export,
        name="staff-variables-export",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/quality/",
        views.assessments,
        name="staff-assessments",
    ),
    path(
        "staff/catalogue/datasets/<slug:slug>/quality/new/",
        views.assessment_create,
        name="staff-assessment-create",
    ),
]
