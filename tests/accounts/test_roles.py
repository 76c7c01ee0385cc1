from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role, has_role, is_staff_member, roles_of

pytestmark = pytest.mark.django_db


def test_migration_creates_every_role_group() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_steward_group_can_edit_datasets_but_not_publish() -> None:
    steward = Group.objects.get(name=Role.DATA_STEWARD)
    codenames = set(steward.permissions.values_list("codename", flat=True))
    assert "change_dataset" in codenames
    assert "publish_dataset" not in codenames


def test_roles_are_read_once_per_user(
    make_user: Callable[..., User], django_assert_num_queries: Callable[..., object]
) -> None:
    user = make_user(Role.REVIEWER, Role.LEGAL)
    with django_assert_num_queries(1):  # type: ignore[attr-defined]
        assert roles_of(user) == {"reviewer", "legal"}
        assert has_role(user, Role.LEGAL)
        assert not has_role(user, Role.MANAGER)


def test_requester_is_not_staff(make_user: Callable[..., User]) -> None:
    assert not is_staff_member(make_user(Role.REQUESTER))
    assert is_staff_member(make_user(Role.MANAGER))
