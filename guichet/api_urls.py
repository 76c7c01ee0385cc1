"""REST endpoints of the request pipeline, mounted under /api/ by guichet.urls."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from guichet import api
from guichet.domain import ACTION_SPECS

app_name = "guichet-api"

router = SimpleRouter()
router.register("requests", api.RequestViewSet, basename="request")
router.register("reviews", api.ReviewViewSet, basename="review")
router.register("events", api.EventViewSet, basename="event")
router.register("form-definitions", api.FormDefinitionViewSet, basename="form-definition")
router.register("register", api.RegisterViewSet, basename="register-entry")

# One endpoint per transition: POST /api/requests/<id>/submit/, .../ask-information/, ...
action_urls = [
    path(f"requests/<int:pk>/{spec.slug}/", api.action_view(code), name=f"request-{spec.slug}")
    for code, spec in ACTION_SPECS.items()
]

urlpatterns = [
    *action_urls,
    path(
        "attachments/<int:pk>/download/",
        api.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    *router.urls,
]
