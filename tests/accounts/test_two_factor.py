from __future__ import annotations

from base64 import b32decode
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from accounts.roles import Role
from accounts.two_factor import Step
from tests.accounts.conftest import code_for, wrong_code

pytestmark = pytest.mark.django_db


def test_requesters_never_owe_a_second_factor(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    assert two_factor.second_factor_step(make_user(Role.REQUESTER)) is None
    assert not two_factor.may_use_two_factor(make_user(Role.REQUESTER))


def test_staff_without_device_owe_nothing_when_optional(make_user: Callable[..., User]) -> None:
    assert two_factor.mode() == "optional"
    assert two_factor.second_factor_step(make_user(Role.DESK_OPERATOR)) is None


def test_staff_without_device_must_enrol_when_required(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.GUICHET_STAFF_2FA = "required"
    assert two_factor.second_factor_step(make_user(Role.REVIEWER)) is Step.ENROL
    assert two_factor.second_factor_step(make_user(is_superuser=True)) is Step.ENROL


def test_an_unconfirmed_device_does_not_count(make_user: Callable[..., User]) -> None:
    user = make_user(Role.LEGAL)
    two_factor.pending_device(user)
    assert two_factor.second_factor_step(user) is None


def test_pending_device_keeps_its_secret_until_confirmed(make_user: Callable[..., User]) -> None:
    user = make_user(Role.MANAGER)
    first = two_factor.pending_device(user)
    assert two_factor.pending_device(user).pk == first.pk
    secret = two_factor.secret_for_display(first)
    assert b32decode(secret.replace(" ", "")) == first.bin_key
    assert all(len(group) <= 4 for group in secret.split())


def test_qr_code_is_inline_svg_of_the_otpauth_url(make_user: Callable[..., User]) -> None:
    device = two_factor.pending_device(make_user(Role.DATA_STEWARD))
    svg = two_factor.qr_code_svg(device)
    assert svg.startswith("<svg") and "</svg>" in svg
    assert "<script" not in svg
    assert device.config_url.startswith("otpauth://totp/Guichet%3A")


def test_enrolment_needs_a_real_code_then_gives_ten_recovery_codes(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.DESK_OPERATOR)
    device = two_factor.pending_device(user)
    assert two_factor.confirm_enrolment(user, device, wrong_code(device)) is None
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()  # the failure above asks for a one-second pause
    codes = two_factor.confirm_enrolment(user, device, code_for(device))
    assert codes is not None and len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.has_confirmed_device(user)
    assert two_factor.recovery_codes_left(user) == 10
    assert two_factor.second_factor_step(user) is Step.VERIFY


def test_confirming_replaces_an_older_device(enrolled: Callable[..., Any]) -> None:
    user, old, _ = enrolled(Role.DESK_OPERATOR)
    old.confirmed = False  # as if re-enrolling after a lost phone
    old.save()
    new = TOTPDevice.objects.create(user=user, name="new", confirmed=False)
    assert two_factor.confirm_enrolment(user, new, code_for(new)) is not None
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]


def test_a_code_works_once(enrolled: Callable[..., Any]) -> None:
    user, device, _ = enrolled(Role.REVIEWER)
    # Enrolment used the current code: the next one is accepted, then refused if replayed.
    code = code_for(device, steps_ahead=1)
    assert two_factor.verify_code(user, code) is not None
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert two_factor.verify_code(user, code) is None


def test_a_recovery_code_works_once(enrolled: Callable[..., Any]) -> None:
    user, _, codes = enrolled(Role.LEGAL)
    assert two_factor.verify_recovery_code(user, codes[0].upper()) is not None
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert two_factor.recovery_codes_left(user) == 9
    assert two_factor.verify_recovery_code(user, codes[0]) is None


def test_repeated_failures_slow_the_device_down(enrolled: Callable[..., Any]) -> None:
    user, device, _ = enrolled(Role.MANAGER)
    assert two_factor.verify_code(user, wrong_code(device)) is None
    # Even the right code is refused during the pause that follows a failure.
    assert two_factor.throttled_until(user) is not None
    assert two_factor.verify_code(user, code_for(device, steps_ahead=1)) is None


def test_disable_removes_the_authenticator_and_the_codes(enrolled: Callable[..., Any]) -> None:
    user, _, _ = enrolled(Role.DATA_STEWARD)
    two_factor.disable(user)
    assert not two_factor.has_confirmed_device(user)
    assert two_factor.recovery_codes_left(user) == 0
    assert two_factor.second_factor_step(user) is None
