from datetime import date, timedelta

import pytest
from django.conf import settings

from offers.models import OfferStatus, OfferVersion
from offers.tasks import retire_superseded_offers_task

pytestmark = pytest.mark.django_db


def test_daily_task_retires_a_version_once_its_successor_is_in_force() -> None:
    old = OfferVersion.objects.create(number=1, effective_date=date.today() - timedelta(days=90))
    new = OfferVersion.objects.create(number=2, effective_date=date.today())
    # Both published (as when v2 was published ahead of its date): states set at creation.
    OfferVersion.objects.filter(pk__in=[old.pk, new.pk]).update(status=OfferStatus.PUBLISHED)
    assert retire_superseded_offers_task() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (OfferStatus.RETIRED, OfferStatus.PUBLISHED)
    assert retire_superseded_offers_task() == 0


def test_every_scheduled_task_is_registered() -> None:
    from guichet.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
