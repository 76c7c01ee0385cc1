"""Print stylesheet of contract documents (read once; fonts come from Debian packages)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from contracts.models import HolderIdentity
from contracts.pdf import RenderedPdf, render_pdf
from guichet.models import AccessRequest
from offers.models import Quote


@cache
def contract_stylesheets() -> list[str]:
    path = finders.find("contracts/contract_pdf.css")
    assert isinstance(path, str), "contracts/contract_pdf.css is missing"
    with open(path, encoding="utf-8") as handle:
        return [handle.read()]


# --- Secondary documents: quote and committee summary (small, rendered while the user waits) ----

# A quote or a one-page summary above this size is abnormal input; refuse instead of rendering.
MAX_QUOTE_LINES = 200
MAX_SUMMARY_CHARS = 6000


def quote_pdf(quote: Quote) -> RenderedPdf:
    from contracts.context import _quote

    lines = quote.lines.count()
    if lines > MAX_QUOTE_LINES:
        raise ValueError(f"quote has {lines} lines, more than {MAX_QUOTE_LINES}")
    html = render_to_string(
        "contracts/pdf/quote.html",
        {
            "holder": HolderIdentity.current(),
            "q": _quote(Quote.objects.prefetch_related("lines").get(pk=quote.pk)),
            "quote": quote,
            "datasets": [d.title for d in quote.datasets.all()],
            "desk_name": settings.DESK_NAME,
            "today": timezone.localdate(),
        },
    )
    return render_pdf(html, stylesheets=contract_stylesheets())


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SUMMARY_CHARS else text[:MAX_SUMMARY_CHARS] + "…"


def committee_summary_pdf(access_request: AccessRequest) -> RenderedPdf:
    """One page for the committee: who, what, which data, how, and the reviews' conclusions."""
    reviews = access_request.reviews.filter(submitted_at__isnull=False).select_related("reviewer")
    html = render_to_string(
        "contracts/pdf/committee_summary.html",
        {
            "r": access_request,
            "summary": _clip(access_request.summary or ""),
            "objectives": _clip(access_request.objectives or ""),
            "datasets": [
                link.dataset.title
                for link in access_request.requested_datasets.select_related("dataset")
            ],
            "team": access_request.team.filter(will_access_data=True),
            "reviews": reviews,
            "desk_name": settings.DESK_NAME,
            "today": timezone.localdate(),
        },
    )
    return render_pdf(html, stylesheets=contract_stylesheets())
