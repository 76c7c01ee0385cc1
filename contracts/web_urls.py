from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("staff/contracts/", views.contract_list, name="list"),
    path("staff/contracts/start/<int:request_pk>/", views.contract_start, name="start"),
    path("staff/contracts/<int:pk>/", views.contract_detail, name="detail"),
    path("staff/contracts/<int:pk>/generate/", views.contract_generate, name="generate"),
    path("staff/contracts/<int:pk>/send/", views.contract_send, name="send"),
    path("staff/contracts/<int:pk>/cancel/", views.contract_cancel, name="cancel"),
    path("staff/contracts/<int:pk>/deviations/", views.deviation_add, name="deviation-add"),
    path("staff/contracts/<int:pk>/signatories/", views.signatory_add, name="signatory-add"),
    path(
        "staff/contracts/<int:pk>/signatories/<int:signatory_pk>/sign/",
        views.signature_record,
        name="signature-record",
    ),
    path(
        "staff/contracts/<int:pk>/v<int:number>/status/",
        views.version_status,
        name="version-status",
    ),
    path("staff/contracts/<int:pk>/v<int:number>/diff/", views.version_diff, name="version-diff"),
    path(
        "contracts/<int:pk>/v<int:number>/download/",
        views.version_download,
        name="version-download",
    ),
]
