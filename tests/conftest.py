from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import User
from accounts.roles import Role


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _source_strings(django_test_environment: None) -> None:
    """Tests read the interface's English source strings (with the French content and number
    formats of the desk's default language); tests of the French interface use `french`."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    settings.LOCALE_PATHS = []
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.fixture
def french(settings: Any) -> Any:
    """The French interface, translations included, as the demo desk shows it."""
    from django.utils import translation

    settings.LOCALE_PATHS = [settings.BASE_DIR / "locale"]
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The production hasher is deliberately slow; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttle counters and cached figures live in the cache; one test's must not leak into
    the next one run by the same worker."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery_by_default(settings: Any) -> None:
    """Tests run tasks in-process unless they ask for the real broker (`celery_worker`)."""
    from guichet.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = {"n": 0}

    def make(*roles: str, **fields: Any) -> User:
        counter["n"] += 1
        n = counter["n"]
        username = fields.pop("username", f"user{n}-{'-'.join(roles) or 'plain'}")
        user = User.objects.create_user(
            username=username,
            email=fields.pop("email", f"{username}@example.org"),
            password="a-long-test-password",
            **fields,
        )
        if roles:
            user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def role_client(make_user: Callable[..., User]) -> Callable[[str], tuple[Client, User]]:
    """role_client(Role.DESK_OPERATOR) -> (logged-in client, user)."""

    def make(role: str) -> tuple[Client, User]:
        user = make_user(role)
        return _client_for(user), user

    return make


@pytest.fixture
def operator_client(role_client: Callable[[str], tuple[Client, User]]) -> Client:
    return role_client(Role.DESK_OPERATOR)[0]


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)
