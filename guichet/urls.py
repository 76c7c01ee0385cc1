from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from guichet import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("staff/", views.staff_home, name="staff-home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Each app may own `web_urls` (HTML pages) and `api_urls` (REST endpoints, under /api/).
for _app in settings.GUICHET_APPS:
    for _module, _prefix in ((f"{_app}.web_urls", ""), (f"{_app}.api_urls", "api/")):
        if find_spec(_module) is not None:
            urlpatterns.append(path(_prefix, include(_module)))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """API clients get JSON even for an address no route matches (/api/things/1.5/)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found
