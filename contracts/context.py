"""The plain data a contract is rendered from.

Everything here is copied out of the database into dicts, lists and strings, so that clause
bodies (edited by legal staff) can only format values, never reach a model. Amounts are
formatted for the contract's language here, once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from catalogue.models import Dataset
from contracts.models import Contract, HolderIdentity
from guichet.models import AccessRequest, CommitteeDecision, DataForm
from offers.models import Quote

# Placeholder reference shown to legal staff next to the clause editor.
PLACEHOLDERS: list[tuple[str, str]] = [
    ("holder.name", "Legal name of the data holder"),
    ("holder.address", "Address of the data holder"),
    ("holder.representative", "Who signs for the holder"),
    ("holder.representative_title", "Capacity of the holder's signatory"),
    ("holder.dpo_email", "E-mail of the holder's data protection officer"),
    ("requester.organisation", "Requesting organisation"),
    ("requester.country", "Country of the requesting organisation (ISO code)"),
    ("requester.legal_status", "Legal status of the requesting organisation"),
    ("requester.address", "Address of the requesting organisation"),
    ("requester.representative", "Project leader (requester)"),
    ("requester.email", "Requester's e-mail"),
    ("project.reference", "Reference of the access request (DAR-YYYY-NNNN)"),
    ("project.title", "Project title"),
    ("project.summary", "Project summary"),
    ("project.purpose", "Objectives of the project"),
    ("project.public_interest", "Public-interest justification"),
    ("project.duration_months", "Duration of the project in months"),
    ("project.publication_plan", "Declared publication plan"),
    ("project.ip_expectations", "Declared intellectual-property expectations"),
    ("datasets", "List of datasets: title, acronym, department, legal_status"),
    ("access_mode", "Requested access mode"),
    ("data_form", "Form of the data (anonymised, pseudonymised...)"),
    ("conditions", "List of the committee's conditions"),
    ("quote", "Accepted quote: reference, version, total_excl_vat, vat, total_incl_vat, lines"),
    ("authorised_persons", "List of persons who will access the data: name, role, email"),
    ("today", "Date of generation"),
]


def _money(amount: Decimal) -> str:
    return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _dataset(dataset: Dataset) -> dict[str, Any]:
    if dataset.is_anonymised:
        status = _("anonymised")
    elif dataset.is_pseudonymised:
        status = _("pseudonymised")
    else:
        status = _("identifying data")
    return {
        "title": dataset.title,
        "acronym": dataset.acronym,
        "department": dataset.department.name,
        "legal_status": status,
        "summary": dataset.summary,
        "population": dataset.population_description,
        "period": " – ".join(
            formats.date_format(d, "SHORT_DATE_FORMAT")
            for d in (dataset.inclusion_start, dataset.inclusion_end)
            if d is not None
        ),
        "individuals": dataset.number_of_individuals or "",
        "hosting": dataset.get_hosting_type_display(),
        "hds_certified": dataset.hds_certified_host,
    }


def _quote(quote: Quote | None) -> dict[str, Any] | None:
    if quote is None:
        return None
    return {
        "reference": quote.reference,
        "version": quote.version,
        "vat_rate": formats.number_format(quote.vat_rate * 100, decimal_pos=1, use_l10n=True),
        "total_excl_vat": _money(quote.total_excl_vat),
        "vat": _money(quote.vat_amount),
        "total_incl_vat": _money(quote.total_incl_vat),
        "lines": [
            {
                "service": line.label,
                "quantity": formats.number_format(line.quantity, use_l10n=True),
                "unit": line.get_billing_unit_display(),
                "unit_price": _money(line.unit_price),
                "total": _money(line.total),
            }
            for line in quote.lines.all()
        ],
    }


def build_context(access_request: AccessRequest, contract: Contract) -> dict[str, Any]:
    """Plain data for the contract's language (call inside no particular translation)."""
    with translation.override(contract.language):
        return _build(access_request)


def _build(access_request: AccessRequest) -> dict[str, Any]:
    holder = HolderIdentity.current()
    organisation = access_request.organisation
    requester = access_request.requester
    datasets = [
        _dataset(link.dataset)
        for link in access_request.requested_datasets.select_related("dataset__department")
    ]
    conditions = [
        decision.conditions
        for decision in CommitteeDecision.objects.filter(request=access_request).exclude(
            conditions=""
        )
    ]
    quote = access_request.quote
    if quote is not None:
        quote = Quote.objects.prefetch_related("lines").get(pk=quote.pk)
    return {
        "holder": {
            "name": holder.name,
            "address": holder.address,
            "representative": holder.representative,
            "representative_title": holder.representative_title,
            "dpo_email": holder.dpo_email,
        },
        "requester": {
            "organisation": organisation.name if organisation else requester.get_full_name(),
            "country": organisation.country if organisation else "",
            "legal_status": organisation.get_legal_status_display() if organisation else "",
            "address": organisation.address if organisation else "",
            "representative": requester.get_full_name() or requester.username,
            "email": requester.email,
        },
        "project": {
            "reference": access_request.reference,
            "title": access_request.title,
            "summary": access_request.summary,
            "purpose": access_request.objectives or access_request.summary,
            "public_interest": access_request.public_interest,
            "duration_months": access_request.duration_months or 12,
            "publication_plan": access_request.publication_plan,
            "ip_expectations": access_request.ip_expectations,
        },
        "datasets": datasets,
        "access_mode": access_request.access_mode.label if access_request.access_mode else "",
        "data_form": str(DataForm(access_request.data_form).label).lower()
        if access_request.data_form
        else "",
        "conditions": conditions,
        "quote": _quote(quote),
        "authorised_persons": [
            {"name": member.name, "role": member.role, "email": member.email}
            for member in access_request.team.filter(will_access_data=True)
        ],
        "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }
