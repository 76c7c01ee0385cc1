from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User

PASSWORD = "a-long-test-password"  # the password make_user gives everyone


@pytest.fixture(autouse=True)
def _fresh_throttle_state() -> Iterator[None]:
    """API throttle counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The real code the user's app shows now (or `steps_ahead` periods later: a code
    already used is refused, and the next one is accepted within the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code the device cannot accept now (none of the codes in its tolerance)."""
    valid = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def login(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def enrolled(make_user: Callable[..., User]) -> Callable[..., tuple[User, TOTPDevice, list[str]]]:
    """enrolled(role) -> a user with a confirmed authenticator and their recovery codes."""

    def make(*roles: str) -> tuple[User, TOTPDevice, list[str]]:
        user = make_user(*roles)
        device = two_factor.pending_device(user)
        codes = two_factor.confirm_enrolment(user, device, code_for(device))
        assert codes is not None
        device.refresh_from_db()
        return user, device, codes

    return make
