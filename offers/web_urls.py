"""HTML pages of the offers app: public offer and estimate; staff inventory, perimeter,
configuration, offer, cost grid, timesheets and quotes."""

from django.urls import path

from offers import views_perimeter, views_public, views_staff, views_versions

app_name = "offers"

staff = "staff/offers/"

urlpatterns = [
    path("offer/", views_public.public_offer, name="public-offer"),
    path("offer/estimate/", views_public.estimate, name="estimate"),
    # Use-case inventory
    path(f"{staff}use-cases/", views_staff.UseCaseList.as_view(), name="usecase-list"),
    path(f"{staff}use-cases/new/", views_staff.UseCaseCreate.as_view(), name="usecase-create"),
    path(
        f"{staff}use-cases/<int:pk>/edit/",
        views_staff.UseCaseUpdate.as_view(),
        name="usecase-edit",
    ),
    path(f"{staff}typologies/", views_staff.TypologyList.as_view(), name="typology-list"),
    path(
        f"{staff}typologies/<slug:kind>/new/",
        views_staff.TypologyCreate.as_view(),
        name="typology-create",
    ),
    path(
        f"{staff}typologies/<slug:kind>/<int:pk>/edit/",
        views_staff.TypologyUpdate.as_view(),
        name="typology-edit",
    ),
    path(f"{staff}campaigns/", views_staff.CampaignList.as_view(), name="campaign-list"),
    path(f"{staff}campaigns/new/", views_staff.CampaignCreate.as_view(), name="campaign-create"),
    path(
        f"{staff}campaigns/<int:pk>/edit/",
        views_staff.CampaignUpdate.as_view(),
        name="campaign-edit",
    ),
    # Strategic perimeter
    path(f"{staff}perimeter/", views_perimeter.perimeter, name="perimeter"),
    path(
        f"{staff}perimeter/export.<str:fmt>",
        views_perimeter.perimeter_export,
        name="perimeter-export",
    ),
    path(
        f"{staff}perimeter/<int:dataset_pk>/<int:use_case_pk>/",
        views_perimeter.perimeter_cell,
        name="perimeter-cell",
    ),
    path(
        f"{staff}perimeter/<int:dataset_pk>/<int:use_case_pk>/edit/",
        views_perimeter.perimeter_cell_edit,
        name="perimeter-cell-edit",
    ),
    # Desk configuration
    path(f"{staff}desk/", views_staff.DeskConfigurationView.as_view(), name="desk-config"),
    path(
        f"{staff}desk/sharing-procedure.pdf",
        views_staff.SharingProcedureDownload.as_view(),
        name="desk-procedure",
    ),
    path(
        f"{staff}desk/providers/new/", views_staff.ProviderCreate.as_view(), name="provider-create"
    ),
    path(
        f"{staff}desk/providers/<int:pk>/edit/",
        views_staff.ProviderUpdate.as_view(),
        name="provider-edit",
    ),
    # Service offer
    path(f"{staff}services/", views_staff.ServiceList.as_view(), name="service-list"),
    path(f"{staff}services/new/", views_staff.ServiceCreate.as_view(), name="service-create"),
    path(
        f"{staff}services/<int:pk>/edit/",
        views_staff.ServiceUpdate.as_view(),
        name="service-edit",
    ),
    path(f"{staff}versions/", views_versions.VersionList.as_view(), name="version-list"),
    path(
        f"{staff}versions/new/",
        views_versions.VersionAction.as_view(),
        {"action": "new"},
        name="version-create",
    ),
    path(
        f"{staff}versions/<int:pk>/", views_versions.VersionDetail.as_view(), name="version-detail"
    ),
    path(
        f"{staff}versions/<int:pk>/<slug:action>/",
        views_versions.VersionAction.as_view(),
        name="version-action",
    ),
    # Cost grid and timesheets
    path(f"{staff}costs/", views_staff.CostGridView.as_view(), name="costgrid"),
    path(
        f"{staff}costs/profiles/new/",
        views_staff.StaffProfileCreate.as_view(),
        name="profile-create",
    ),
    path(
        f"{staff}costs/profiles/<int:pk>/edit/",
        views_staff.StaffProfileUpdate.as_view(),
        name="profile-edit",
    ),
    path(f"{staff}costs/it/new/", views_staff.ITCostItemCreate.as_view(), name="itcost-create"),
    path(
        f"{staff}costs/it/<int:pk>/edit/",
        views_staff.ITCostItemUpdate.as_view(),
        name="itcost-edit",
    ),
    path(f"{staff}time/", views_staff.TimeEntryList.as_view(), name="timeentry-list"),
    path(f"{staff}time/new/", views_staff.TimeEntryCreate.as_view(), name="timeentry-create"),
    # Quotes
    path(f"{staff}quotes/", views_staff.QuoteList.as_view(), name="quote-list"),
    path(f"{staff}quotes/<int:pk>/", views_staff.QuoteDetail.as_view(), name="quote-detail"),
]
