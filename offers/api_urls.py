"""Offers REST endpoints, mounted under /api/ by guichet.urls (all under /api/offers/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from offers import api

app_name = "offers-api"

router = SimpleRouter()
router.register("offers/project-types", api.ProjectTypeViewSet, basename="projecttype")
router.register("offers/actor-types", api.ActorTypeViewSet, basename="actortype")
router.register(
    "offers/collaboration-levels", api.CollaborationLevelViewSet, basename="collaborationlevel"
)
router.register(
    "offers/valorisation-tools", api.ValorisationToolViewSet, basename="valorisationtool"
)
router.register("offers/use-cases", api.UseCaseViewSet, basename="usecase")
router.register("offers/campaigns", api.CampaignViewSet, basename="campaign")
router.register("offers/services", api.ServiceViewSet, basename="service")
router.register("offers/staff-profiles", api.StaffProfileViewSet, basename="staffprofile")
router.register("offers/it-cost-items", api.ITCostItemViewSet, basename="itcostitem")
router.register("offers/cost-lines", api.CostBreakdownLineViewSet, basename="costline")
router.register("offers/versions", api.OfferVersionViewSet, basename="offerversion")
router.register("offers/perimeter-cells", api.PerimeterCellViewSet, basename="perimetercell")
router.register(
    "offers/external-providers", api.ExternalProviderViewSet, basename="externalprovider"
)
router.register("offers/time-entries", api.TimeEntryViewSet, basename="timeentry")
router.register("offers/quotes", api.QuoteViewSet, basename="quote")

urlpatterns = [
    path("offers/current/", api.CurrentOfferView.as_view(), name="current-offer"),
    path("offers/estimate/", api.EstimateView.as_view(), name="estimate"),
    path("offers/perimeter/check/", api.PerimeterCheckView.as_view(), name="perimeter-check"),
    path("offers/desk/", api.DeskConfigurationView.as_view(), name="desk"),
    path("offers/desk/procedure/", api.SharingProcedureView.as_view(), name="desk-procedure"),
    *router.urls,
]
