"""Hooks read by the project package (see guichet/plugins.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.domain import can_manage_contracts
from contracts.models import ContractStatus, ContractVersion
from contracts.permissions import is_contract_staff
from guichet.models import RequestState, is_requester_for


def staff_cards(request: HttpRequest) -> list[dict[str, Any]]:
    if not is_contract_staff(request.user):
        return []
    return [
        {
            "url": reverse("contracts:list"),
            "title": _("Contracts"),
            "text": _("Standard templates, contract generation, revisions and signatures."),
        },
        {
            "url": reverse("contracts:library"),
            "title": _("Standard library"),
            "text": _("Clause wordings, template versions and the perimeter's default templates."),
        },
    ]


def request_panels(request: HttpRequest, access_request: Any) -> list[dict[str, Any]]:
    """The contract box on the desk's request page."""
    if not is_contract_staff(request.user):
        return []
    contract = (
        access_request.contracts.exclude(status=ContractStatus.CANCELLED)
        .select_related("template")
        .first()
    )
    can_start = can_manage_contracts(request.user) and access_request.state in {
        RequestState.NEGOTIATION,
        RequestState.CONTRACTING,
    }
    return [
        {
            "template": "contracts/includes/request_panel.html",
            "data": {
                "contract": contract,
                "can_start": can_start,
                "request_pk": access_request.pk,
                "quote_pk": access_request.quote_id,
            },
        }
    ]


def requester_panels(request: HttpRequest, access_request: Any) -> list[dict[str, Any]]:
    """Contract documents the requester may download (sent versions, the signed contract)."""
    if not is_requester_for(access_request, request.user):
        return []
    versions = list(
        ContractVersion.objects.filter(contract__request=access_request, pdf__gt="")
        .filter(Q(sent_at__isnull=False) | Q(contract__status=ContractStatus.SIGNED))
        .select_related("contract__template")
        .order_by("-contract__created_at", "-number")
    )
    if not versions:
        return []
    return [{"template": "contracts/includes/requester_panel.html", "data": {"versions": versions}}]
