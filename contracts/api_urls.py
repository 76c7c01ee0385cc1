"""REST endpoints of contracts, mounted under /api/ by guichet.urls."""

from rest_framework.routers import SimpleRouter

from contracts import api

app_name = "contracts-api"

router = SimpleRouter()
router.register("contract-templates", api.ContractTemplateViewSet, basename="contract-template")
router.register("contracts", api.ContractViewSet, basename="contract")

urlpatterns = router.urls
