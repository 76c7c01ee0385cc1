"""HTML pages of the catalogue, split by owner module so each area evolves on its own."""

from importlib.util import find_spec

from django.urls import include, path

app_name = "catalogue"

urlpatterns = [
    path("", include(module))
    for module in ("catalogue.urls_public", "catalogue.urls_staff", "catalogue.urls_exchange")
    if find_spec(module) is not None
]
