"""Production settings, checked the way an operator would: `manage.py check --deploy` in a
fresh process with only environment variables set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUICHET_", "DJANGO_")) and key not in {"DATABASE_URL"}
    }
    env.update(
        GUICHET_PRODUCTION="true",
        GUICHET_SECRET_KEY=secrets.token_hex(32),
        GUICHET_ALLOWED_HOSTS="guichet.example.org",
        GUICHET_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="guichet.settings",
    )
    env.pop("CELERY_BROKER_URL", None)
    env.update(extra)
    return env


def _manage(tmp_path: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_env(tmp_path, **extra_env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_the_hardened_ones(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT,"
        " s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'], s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    result = _manage(
        tmp_path,
        "shell",
        "-c",
        code,
        GUICHET_SESSION_HOURS="4",
        GUICHET_TRUSTED_PROXIES="1",
        GUICHET_API_ANON_PER_MINUTE="30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True True 31536000 14400 5 30/min 1"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("GUICHET_SESSION_HOURS", "0", "GUICHET_SESSION_HOURS=0 must be >= 1"),
        ("GUICHET_LOGIN_FAILURE_LIMIT", "five", "is not an integer"),
        ("GUICHET_SECRET_KEY", "short", "at least 50 characters"),
        ("GUICHET_STAFF_2FA", "always", "GUICHET_STAFF_2FA='always' must be one of"),
    ],
)
def test_bad_security_settings_stop_the_start(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = _manage(tmp_path, "check", **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr
