"""Indicators REST endpoints, mounted under /api/ by guichet.urls."""

from django.urls import path

from kpis import api

app_name = "kpis-api"

urlpatterns = [
    path("kpis/", api.IndicatorsView.as_view(), name="indicators"),
    path("kpis/public/", api.PublicIndicatorsView.as_view(), name="public"),
]
