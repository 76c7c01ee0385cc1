"""OpenAPI description of the API's authentication (drf-spectacular finds extensions by class
name, not by subclass: our Basic authentication is still plain HTTP Basic to clients)."""

from drf_spectacular.authentication import BasicScheme


class TwoFactorAwareBasicScheme(BasicScheme):
    target_class = "accounts.authentication.TwoFactorAwareBasicAuthentication"
