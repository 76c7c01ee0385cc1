"""Preview of a template with sample data, for legal staff editing the library.

The sample has the same shape as contracts.context.build_context, so a placeholder that works
here works on a real request."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from contracts.models import Contract, ContractTemplate
from contracts.rendering import ClauseTemplateError, render_text


def sample_context() -> dict[str, Any]:
    return {
        "holder": {
            "name": "CHU de Val-de-Loire",
            "address": "12 avenue des Tilleuls\n41000 Blois",
            "representative": "M. Bernard Caillaux",
            "representative_title": _("Director general"),
            "dpo_email": "dpo@chu-val-de-loire.example",
        },
        "requester": {
            "organisation": "Institut de recherche exemple",
            "country": "FR",
            "legal_status": _("Public research body"),
            "address": "3 rue de l'Exemple\n75005 Paris",
            "representative": "Dr Paul Exemple",
            "email": "paul.exemple@example.org",
        },
        "project": {
            "reference": "DAR-2026-0000",
            "title": _("Sample project: outcomes of heart failure after discharge"),
            "summary": _("A sample summary shown only in previews."),
            "purpose": _("Describe readmissions within one year of discharge."),
            "public_interest": _("Better follow-up of patients after discharge."),
            "duration_months": 24,
            "publication_plan": _("Peer-reviewed article and open report."),
            "ip_expectations": _("None beyond the publication."),
        },
        "datasets": [
            {
                "title": _("Sample cardiology warehouse extract"),
                "acronym": "SAMPLE-CARDIO",
                "department": _("Cardiology"),
                "legal_status": _("pseudonymised"),
                "summary": _("Stays, diagnoses and biology of cardiology patients."),
                "population": _("Adults hospitalised for heart failure"),
                "period": "01/01/2018 – 31/12/2024",
                "individuals": 12500,
                "hosting": _("Health-data host (HDS)"),
                "hds_certified": True,
            }
        ],
        "access_mode": _("Secure workspace"),
        "data_form": _("pseudonymised"),
        "conditions": [_("Results are reviewed by the desk before publication.")],
        "quote": {
            "reference": "DEV-2026-0000",
            "version": 1,
            "vat_rate": formats.number_format(20, decimal_pos=1, use_l10n=True),
            "total_excl_vat": formats.number_format(
                12500, decimal_pos=2, use_l10n=True, force_grouping=True
            ),
            "vat": formats.number_format(2500, decimal_pos=2, use_l10n=True, force_grouping=True),
            "total_incl_vat": formats.number_format(
                15000, decimal_pos=2, use_l10n=True, force_grouping=True
            ),
            "lines": [
                {
                    "service": _("Data preparation"),
                    "quantity": "10",
                    "unit": _("day"),
                    "unit_price": formats.number_format(
                        1250, decimal_pos=2, use_l10n=True, force_grouping=True
                    ),
                    "total": formats.number_format(
                        12500, decimal_pos=2, use_l10n=True, force_grouping=True
                    ),
                }
            ],
        },
        "authorised_persons": [
            {"name": "Dr Paul Exemple", "role": _("Principal investigator"), "email": ""},
            {"name": "Anne Statisticienne", "role": _("Statistician"), "email": ""},
        ],
        "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }


def preview_html(template: ContractTemplate, language: str = "fr") -> tuple[str, list[str]]:
    """The document as it would print with sample data, and the problems met on the way
    (a clause that does not render shows its error instead of stopping the preview)."""
    from contracts.domain import render_document_html

    english = language == "en"
    problems: list[str] = []
    with translation.override(language):
        context = sample_context()
    articles = []
    items = template.template_clauses.select_related("clause_version__clause").order_by("position")
    for number, item in enumerate(items, start=1):
        version = item.clause_version
        source = version.body_en if english else version.body_fr
        try:
            body = render_text(source, context)
        except ClauseTemplateError as exc:
            problems.append(f"{version.clause.code}: {exc}")
            body = ""
        articles.append(
            {
                "number": number,
                "code": version.clause.code,
                "title": version.title_en if english else version.title_fr,
                "body": body,
                "deviation": False,
                "deviation_reason": "",
            }
        )
    contract = Contract(template=template, language=language)
    return render_document_html(contract, articles, context, 0), problems
