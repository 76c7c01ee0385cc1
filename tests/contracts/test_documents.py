"""The quote PDF and the committee's one-page summary: real PDFs with the expected text."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from accounts.models import User
from accounts.roles import Role
from catalogue.models import Vocabulary
from guichet.models import AccessRequest, DocumentAccess, DocumentKind
from offers.domain import build_quote
from tests.catalogue.factories import term
from tests.offers.conftest import build_grid
from tests.offers.factories import actor_type

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_quote_pdf_has_lines_and_totals(role_client: Callable) -> None:
    client, user = role_client(Role.LEGAL)
    grid = build_grid()
    quote = build_quote(
        datasets=[grid.dataset],
        use_case=grid.use_case,
        actor_type=actor_type("big_pharma"),
        access_mode=term(Vocabulary.ACCESS_MODE, "secure_workspace"),
        selections=[(grid.extraction, Decimal("2")), (grid.workspace, 6)],
        by=user,
        request_ref="DAR-2026-0042",
    )
    response = client.get(f"/staff/contracts/quotes/{quote.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    text, _pages = _text(response.content)
    assert quote.reference in text
    assert "DAR-2026-0042" in text
    # amounts are formatted for the language (13 248,00 or 13,248.00): compare the digits
    digits = re.sub(r"[\s,.\u202f\xa0]", "", text)
    for amount in (quote.total_excl_vat, quote.total_incl_vat):
        assert f"{amount:.2f}".replace(".", "") in digits
    assert "VAT" in text or "TVA" in text
    for line in quote.lines.all():
        assert line.label[:15] in text
    requester_client, _requester = role_client(Role.REQUESTER)
    assert requester_client.get(f"/staff/contracts/quotes/{quote.pk}/pdf/").status_code == 403
    trail = DocumentAccess.objects.filter(kind=DocumentKind.QUOTE).order_by("pk")
    assert [(r.username, r.outcome) for r in trail] == [
        (user.username, "allowed"),
        (_requester.username, "denied"),
    ]
    assert trail[0].sha256 == hashlib.sha256(response.content).hexdigest()


def test_committee_summary_is_one_page_with_the_project(
    negotiating_request: AccessRequest, role_client: Callable, make_user: Callable[..., User]
) -> None:
    client, _user = role_client(Role.REVIEWER)
    response = client.get(
        f"/staff/contracts/requests/{negotiating_request.pk}/committee-summary.pdf"
    )
    assert response.status_code == 200
    text, pages = _text(response.content)
    assert pages == 1
    assert negotiating_request.reference in text
    assert negotiating_request.title[:20] in text
    dataset = negotiating_request.requested_datasets.first().dataset
    assert dataset.title[:15] in text
    requester = Client()
    requester.force_login(make_user(Role.REQUESTER))
    url = f"/staff/contracts/requests/{negotiating_request.pk}/committee-summary.pdf"
    assert requester.get(url).status_code == 403
    outcomes = DocumentAccess.objects.filter(
        kind=DocumentKind.COMMITTEE_SUMMARY, request=negotiating_request
    ).values_list("outcome", flat=True)
    assert sorted(outcomes) == ["allowed", "denied"]
