from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import two_factor


def _code_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Code from your authenticator app"),
        required=required,
        max_length=12,
        help_text=_("Six digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "size": 8,
                "autofocus": True,
            }
        ),
    )


class CodeForm(forms.Form):
    """A code from the authenticator app (enrolment confirmation and log-in)."""

    otp_token = _code_field()


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_("One of the codes you kept when you set up two-factor authentication."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class DisableForm(forms.Form):
    """Turning two-factor authentication off needs proof: a current code or the password."""

    otp_token = _code_field(required=False)
    password = forms.CharField(
        label=_("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["otp_token"].widget.attrs.pop("autofocus", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user = self.request.user
        token = data.get("otp_token") or ""
        password = data.get("password") or ""
        if not token and not password:
            raise forms.ValidationError(
                _("Enter a code from your authenticator app or your password.")
            )
        if token and (
            two_factor.verify_code(user, token) or two_factor.verify_recovery_code(user, token)
        ):
            return data
        # Through authenticate() so django-axes counts a wrong password and honours a lockout.
        if password and authenticate(self.request, username=user.get_username(), password=password):
            return data
        raise forms.ValidationError(_("This code or password is not correct."))
