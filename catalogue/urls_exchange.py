"""DCAT-AP export (public) and dataset imports (staff). Included by catalogue.web_urls under the
"catalogue" namespace; this module sets no app_name on purpose."""

from django.urls import path

from catalogue import views_exchange as views

urlpatterns = [
    path("catalogue/dcat.ttl", views.catalogue_turtle, name="dcat-turtle"),
    path("catalogue/dcat.jsonld", views.catalogue_jsonld, name="dcat-jsonld"),
    path("catalogue/<slug:slug>/dcat.ttl", views.dataset_turtle, name="dataset-dcat-turtle"),
    path("staff/catalogue/import/", views.import_start, name="import-start"),
    path(
        "staff/catalogue/import/template.<str:fmt>",
        views.import_template,
        name="import-template",
    ),
    path(
        "staff/catalogue/import/<str:token>/confirm/",
        views.import_confirm,
        name="import-confirm",
    ),
    path(
        "staff/catalogue/import/<str:token>/cancel/",
        views.import_cancel,
        name="import-cancel",
    ),
]
