from celery import shared_task

from offers.domain.offer import retire_superseded_offers


@shared_task(name="offers.retire_superseded_offers", time_limit=120)
def retire_superseded_offers_task() -> int:
    return retire_superseded_offers()
