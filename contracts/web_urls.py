from django.urls import path

from contracts import views, views_library

app_name = "contracts"

urlpatterns = [
    path("staff/contracts/library/", views_library.library_home, name="library"),
    path("staff/contracts/library/clauses/new/", views_library.clause_create, name="clause-create"),
    path(
        "staff/contracts/library/clauses/<int:pk>/",
        views_library.clause_detail,
        name="clause-detail",
    ),
    path(
        "staff/contracts/library/clauses/<int:pk>/new-version/",
        views_library.clause_version_new,
        name="clause-version-new",
    ),
    path(
        "staff/contracts/library/templates/new/",
        views_library.template_create,
        name="template-create",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/",
        views_library.template_detail,
        name="template-detail",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/edit/",
        views_library.template_edit,
        name="template-edit",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/new-draft/",
        views_library.template_new_draft,
        name="template-new-draft",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/publish/",
        views_library.template_publish,
        name="template-publish",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/retire/",
        views_library.template_retire,
        name="template-retire",
    ),
    path(
        "staff/contracts/library/templates/<int:pk>/preview/",
        views_library.template_preview,
        name="template-preview",
    ),
    path(
        "staff/contracts/library/perimeter/",
        views_library.perimeter_templates,
        name="perimeter-templates",
    ),
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
    path(
        "staff/contracts/<int:pk>/v<int:number>/render/",
        views.version_render,
        name="version-render",
    ),
    path("staff/contracts/<int:pk>/v<int:number>/diff/", views.version_diff, name="version-diff"),
    path("staff/contracts/quotes/<int:quote_pk>/pdf/", views.quote_pdf, name="quote-pdf"),
    path(
        "staff/contracts/requests/<int:request_pk>/committee-summary.pdf",
        views.committee_summary,
        name="committee-summary",
    ),
    path(
        "contracts/<int:pk>/v<int:number>/download/",
        views.version_download,
        name="version-download",
    ),
]
