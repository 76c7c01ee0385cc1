from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # Registers the OpenAPI extension of our Basic authentication (import side effect).
        from accounts import schema  # noqa: F401
