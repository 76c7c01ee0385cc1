from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from guichet.models import AccessRequest
from tests.guichet.factories import OrganisationFactory, submittable_draft


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Users are created in every test; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desk(make_user: Callable[..., User]) -> User:
    return make_user(Role.DESK_OPERATOR)


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user(Role.MANAGER)


@pytest.fixture
def legal(make_user: Callable[..., User]) -> User:
    return make_user(Role.LEGAL)


@pytest.fixture
def reviewer(make_user: Callable[..., User]) -> User:
    return make_user(Role.REVIEWER)


@pytest.fixture
def requester(make_user: Callable[..., User]) -> User:
    user = make_user(Role.REQUESTER)
    OrganisationFactory(name="Université de Test", members=[user])
    return user


@pytest.fixture
def draft(requester: User) -> AccessRequest:
    return submittable_draft(requester, organisation=requester.organisations.get())


@pytest.fixture
def mailoutbox_clear(mailoutbox: list[Any]) -> list[Any]:
    mailoutbox.clear()
    return mailoutbox
