"""Catalogue REST endpoints, mounted under /api/ by guichet.urls."""

from rest_framework.routers import SimpleRouter

from catalogue import api

app_name = "catalogue-api"

router = SimpleRouter()
router.register("datasets", api.DatasetViewSet, basename="dataset")
router.register("variables", api.VariableViewSet, basename="variable")
router.register("criteria-sets", api.CriteriaSetViewSet, basename="criteriaset")
router.register("assessments", api.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
