from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_logins() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    users = User.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == users
    text = out.getvalue()
    for login in ("operateur", "referent", "relecteur", "juriste", "direction", "demandeur"):
        assert login in text
