"""Periodic jobs (beat entries are listed in docs/kpis.md)."""

from __future__ import annotations

from celery import shared_task

from kpis.domain import take_snapshot
from kpis.interfaces import public_strip


@shared_task(name="kpis.refresh_public_strip")
def refresh_public_strip() -> dict:
    return public_strip(refresh=True)


@shared_task(name="kpis.monthly_maturity_snapshot")
def monthly_maturity_snapshot() -> int:
    return take_snapshot().pk
