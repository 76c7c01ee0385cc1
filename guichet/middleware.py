from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def desk_language(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Serve the desk's language (LANGUAGE_CODE) unless the user picked one with the switch."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not settings.HONOUR_BROWSER_LANGUAGE:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
