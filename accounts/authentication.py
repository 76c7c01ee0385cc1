"""HTTP Basic authentication for the API that respects two-factor authentication: a password
alone cannot carry a one-time code, so staff who owe one are refused (403, with the reason)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from accounts.two_factor import api_refusal, second_factor_step


class TwoFactorAwareBasicAuthentication(BasicAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            step = second_factor_step(result[0])
            if step is not None:
                raise PermissionDenied(api_refusal(step))
        return result
