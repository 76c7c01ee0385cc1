"""Celery tasks of contracts: they take ids, fetch, and call the PDF module."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.documents import contract_stylesheets
from contracts.models import ContractVersion, RenderStatus
from contracts.pdf import render_pdf

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=180, acks_late=True)
def render_contract_version(version_id: int) -> str:
    """Render one contract version to PDF. Safe to run twice: a ready version is left alone."""
    with transaction.atomic():
        version = ContractVersion.objects.select_for_update().get(pk=version_id)
        if version.render_status == RenderStatus.READY:
            return version.sha256
        version.render_status = RenderStatus.RENDERING
        version.save(update_fields=["render_status"])
    try:
        rendered = render_pdf(version.html, stylesheets=contract_stylesheets())
    except SoftTimeLimitExceeded:
        _fail(version, _("Rendering took too long and was stopped."))
        raise
    except Exception as exc:  # a broken template must become a readable status, not a crash
        logger.exception("Contract version %s failed to render", version_id)
        _fail(version, _("The PDF could not be produced: %(error)s") % {"error": exc})
        return ""
    name = f"contract-{version.contract_id}-v{version.number}.pdf"
    version.pdf.save(name, ContentFile(rendered.content), save=False)
    version.sha256 = rendered.sha256
    version.pages = rendered.pages
    version.render_status = RenderStatus.READY
    version.rendered_at = timezone.now()
    version.failure_reason = ""
    version.save(
        update_fields=["pdf", "sha256", "pages", "render_status", "rendered_at", "failure_reason"]
    )
    return rendered.sha256


def _fail(version: ContractVersion, reason: str) -> None:
    version.render_status = RenderStatus.FAILED
    version.failure_reason = reason[:2000]
    version.save(update_fields=["render_status", "failure_reason"])
