from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.roles import Role
from catalogue.models import CriteriaSet, Department
from tests.catalogue.factories import DepartmentFactory


@pytest.fixture
def operator(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.DESK_OPERATOR)


@pytest.fixture
def department(db: None) -> Department:
    return DepartmentFactory(code="cardio", name="Cardiologie")


@pytest.fixture
def steward(make_user: Callable[..., Any], department: Department) -> Any:
    user = make_user(Role.DATA_STEWARD)
    department.stewards.add(user)
    return user


@pytest.fixture
def default_set(db: None) -> CriteriaSet:
    """The default grid shipped by migration 0004."""
    return CriteriaSet.objects.get(code="default-quality")


@pytest.fixture
def english(settings: Any) -> Any:
    """Messages and stored change reasons in English, whatever the desk's default language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
