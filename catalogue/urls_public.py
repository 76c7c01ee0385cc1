"""Public catalogue pages (no login). Included by catalogue.web_urls under the "catalogue"
namespace; this module sets no app_name on purpose."""

from django.urls import path

from catalogue import views_public

urlpatterns = [
    path("catalogue/", views_public.dataset_list, name="dataset-list"),
    path("catalogue/<slug:slug>/", views_public.dataset_detail, name="dataset-detail"),
]
