from django.urls import path

from kpis import views

app_name = "kpis"

urlpatterns = [
    path("staff/kpis/", views.dashboard, name="dashboard"),
    path("staff/kpis/targets/", views.targets, name="targets"),
    path("staff/kpis/inputs/", views.manual_inputs, name="inputs"),
    path("staff/kpis/snapshot/", views.snapshot, name="snapshot"),
    path("staff/kpis/export.csv", views.export_csv, name="export-csv"),
    path("staff/kpis/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("staff/kpis/report.pdf", views.export_pdf, name="export-pdf"),
    path("staff/kpis/maturity/<str:code>/", views.declare_view, name="declare"),
    path("staff/kpis/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("staff/kpis/<str:code>/", views.indicator_detail, name="indicator"),
]
