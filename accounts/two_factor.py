"""Two-factor authentication for staff: a TOTP device (any authenticator app) plus single-use
recovery codes, both from django-otp. Requesters never need a second factor.

A signed-in user owes a second factor when they are staff, their session has not been
verified yet, and either they have a confirmed device (-> enter a code) or the desk requires
one (GUICHET_STAFF_2FA=required, -> enrol). `second_factor_step` answers that question for
the gate middleware, the login view and the API's Basic authentication alike."""

from __future__ import annotations

import logging
from base64 import b32encode
from enum import StrEnum
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import is_staff_member

logger = logging.getLogger(__name__)

OPTIONAL = "optional"
REQUIRED = "required"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


class Step(StrEnum):
    VERIFY = "verify"
    ENROL = "enrol"


def mode() -> str:
    return str(settings.GUICHET_STAFF_2FA)


def may_use_two_factor(user: Any) -> bool:
    """Staff (superusers included) may enrol; requesters have no use for it."""
    return bool(user is not None and user.is_authenticated and is_staff_member(user))


def is_verified(user: Any) -> bool:
    """True when this session accepted a one-time code (django-otp's OTPMiddleware). Users
    authenticated another way (HTTP Basic, login() in a view) carry no such mark."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def second_factor_step(user: Any) -> Step | None:
    """What a signed-in user must still do before reaching anything else, if anything."""
    if user is None or not user.is_authenticated or is_verified(user):
        return None
    if not may_use_two_factor(user):
        return None
    if has_confirmed_device(user):
        return Step.VERIFY
    if mode() == REQUIRED:
        return Step.ENROL
    return None


def api_refusal(step: Step) -> str:
    """Why the API refuses staff who owe a second factor: it has no way to ask for one."""
    if step is Step.ENROL:
        return _(
            "Two-factor authentication is required for staff: set it up from your account "
            "page in the browser before using the API."
        )
    return _(
        "Two-factor authentication is not complete: enter the code from your authenticator "
        "app in the browser before using the API."
    )


# --- Enrolment --------------------------------------------------------------------------------


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same one until confirmed, so reloading the
    set-up page does not change the secret already scanned."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app asks for, in groups of four for typing."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (no image request, no script: CSP-friendly)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False))


def confirm_enrolment(user: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with a first code from the app. On success the device
    replaces any previous one and a fresh set of recovery codes is returned (shown once);
    on failure (wrong code, throttled) nothing changes but the device's failure count."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(
            pk=device.pk, user_id=user.pk, confirmed=False
        )
        device = locked.first()  # type: ignore[assignment]
        if device is None or not device.verify_token(normalise_code(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
    logger.info("Two-factor authentication enabled for user %s.", user.pk)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user_id=user.pk).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def disable(user: Any) -> None:
    """Remove the authenticator and the recovery codes (the user proved who they are)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
    logger.info("Two-factor authentication disabled for user %s.", user.pk)


# --- Verification -----------------------------------------------------------------------------


def normalise_code(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def verify_code(user: Any, token: str) -> Device | None:
    """The confirmed authenticator that accepts this code, or None. django-otp refuses a code
    already used (replay) and slows down repeated failures on the device (throttling)."""
    return _verify_with(TOTPDevice, user, normalise_code(token))


def verify_recovery_code(user: Any, token: str) -> Device | None:
    """Accept one recovery code and burn it (each works once)."""
    return _verify_with(StaticDevice, user, normalise_code(token))


def _verify_with(model: type[Device], user: Any, token: str) -> Device | None:
    if not token:
        return None
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        if device is not None and device.verify_token(token):
            return device
    return None


def throttled_until(user: Any) -> Any:
    """When the authenticator accepts codes again after repeated failures, or None."""
    device = confirmed_device(user)
    if device is None:
        return None
    allowed, data = device.verify_is_allowed()
    return None if allowed else (data or {}).get("locked_until")
