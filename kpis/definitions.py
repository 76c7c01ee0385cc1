"""The indicator catalogue: stable codes, blocks, units and written definitions (PHOENIX §3.3,
BRIEF §7-§8). Codes never change once published: exports and the API key on them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Block:
    code: str
    label: Promise
    on_quadrant: bool = True


BLOCKS: list[Block] = [
    Block("desk", _("Desk overall"), on_quadrant=False),
    Block("catalogue", _("Catalogue")),
    Block("use_cases", _("Use cases")),
    Block("technical", _("Technical")),
    Block("regulatory", _("Regulatory")),
    Block("valorisation", _("Valorisation")),
]
BLOCKS_BY_CODE = {b.code: b for b in BLOCKS}
QUADRANT_BLOCKS = [b for b in BLOCKS if b.on_quadrant]


class Unit:
    DAYS = "days"
    COUNT = "count"
    PERCENT = "percent"
    EUR = "EUR"


@dataclass(frozen=True)
class MaturityDef:
    code: str
    block: str
    label: Promise
    rule: Promise
    declared: bool = False
    fix_url: str = ""  # URL name of the page where the manager fixes it


MATURITY: list[MaturityDef] = [
    MaturityDef(
        "M-CAT-1",
        "catalogue",
        _("A standard descriptive sheet exists"),
        _(
            "Published sheets reach the completeness threshold on average, or enough of them "
            "reach it individually (thresholds in the indicator settings)."
        ),
        fix_url="catalogue:staff-dataset-list",
    ),
    MaturityDef(
        "M-CAT-2",
        "catalogue",
        _("A quality-evaluation solution exists"),
        _("An active default criteria set with criteria, and at least one a priori assessment."),
        fix_url="catalogue:staff-criteria-sets",
    ),
    MaturityDef(
        "M-CAT-3",
        "catalogue",
        _("A data catalogue exists"),
        _("At least one published dataset."),
        fix_url="catalogue:staff-dataset-list",
    ),
    MaturityDef(
        "M-UC-1",
        "use_cases",
        _("A typology of actors and projects exists"),
        _("Active project types and actor types, and at least one use case in the inventory."),
        fix_url="offers:usecase-list",
    ),
    MaturityDef(
        "M-UC-2",
        "use_cases",
        _("A feasibility committee exists"),
        _("Committee members configured, and at least one committee decision recorded."),
        fix_url="offers:desk-config",
    ),
    MaturityDef(
        "M-TEC-1",
        "technical",
        _("A compliant, secure sharing procedure exists"),
        _("The desk configuration holds the compliant sharing procedure document."),
        fix_url="offers:desk-config",
    ),
    MaturityDef(
        "M-TEC-2",
        "technical",
        _("Data can be anonymised or made compliant (synthetic data)"),
        _(
            "The desk declares an anonymisation or synthetic-data capability, or a dataset "
            "has a synthetic version."
        ),
        fix_url="offers:desk-config",
    ),
    MaturityDef(
        "M-TEC-3",
        "technical",
        _("Databases can be built from the information system"),
        _(
            "Declared by a manager with evidence (the software cannot check it); the desk "
            "configuration's answer is shown as a hint."
        ),
        declared=True,
    ),
    MaturityDef(
        "M-REG-1",
        "regulatory",
        _("A solution to inform patients and collect consent exists"),
        _(
            "The desk configuration has a patient information site and a consent/objection "
            "procedure."
        ),
        fix_url="offers:desk-config",
    ),
    MaturityDef(
        "M-REG-2",
        "regulatory",
        _("Standard contracts exist"),
        _("At least one published contract template."),
    ),
    MaturityDef(
        "M-VAL-1",
        "valorisation",
        _("A service offer tied to valorisation tools exists"),
        _("A published offer version, and at least one use case linked to valorisation tools."),
        fix_url="offers:version-list",
    ),
    MaturityDef(
        "M-VAL-2",
        "valorisation",
        _("Running costs (IT and HR) are known"),
        _(
            "Every active service has a cost breakdown, and every active staff profile has a "
            "daily rate."
        ),
        fix_url="offers:costgrid",
    ),
]
MATURITY_BY_CODE = {m.code: m for m in MATURITY}


@dataclass(frozen=True)
class PerformanceDef:
    code: str
    block: str
    label: Promise
    unit: str
    direction: str  # default direction: "higher" or "lower" is better
    definition: Promise
    external: bool = False  # needs a manual input
    duration: bool = False


PERFORMANCE: list[PerformanceDef] = [
    PerformanceDef(
        "P-DESK-1",
        "desk",
        _("Mean time to conclude a contract from first contact"),
        Unit.DAYS,
        "lower",
        _(
            "Requests whose contract was signed in the period (contract_signed_at). Duration "
            "= contract_signed_at − first_contact_at. Value: mean in calendar days; mean and "
            "median also given in calendar and working days (French holidays)."
        ),
        duration=True,
    ),
    PerformanceDef(
        "P-DESK-2",
        "desk",
        _("Number of contracts"),
        Unit.COUNT,
        "higher",
        _("Requests whose contract was signed in the period (contract_signed_at)."),
    ),
    PerformanceDef(
        "P-DESK-3",
        "desk",
        _("Number of publications"),
        Unit.COUNT,
        "higher",
        _(
            "Publications reported on requests with a publication date in the period (the "
            "report date when no publication date is known)."
        ),
    ),
    PerformanceDef(
        "P-DESK-4",
        "desk",
        _("Share of the holder's contracts made through the desk"),
        Unit.PERCENT,
        "higher",
        _(
            "Numerator: contracts signed through the desk in the period (P-DESK-2). "
            "Denominator: total data contracts of the holder, an external figure entered by a "
            "manager (manual inputs whose own period lies inside the selected period)."
        ),
        external=True,
    ),
    PerformanceDef(
        "P-DESK-5",
        "desk",
        _("Contract revision rate"),
        Unit.PERCENT,
        "lower",
        _(
            "Contracts first sent in the period (first_sent_at); numerator: those with at "
            "least one version generated after first sending (a revision)."
        ),
    ),
    PerformanceDef(
        "P-CAT-1",
        "catalogue",
        _("Share of shared datasets that were already in the catalogue"),
        Unit.PERCENT,
        "higher",
        _(
            "Dataset lines of requests whose data became available in the period "
            "(data_available_at); numerator: datasets first published before the request's "
            "first contact."
        ),
    ),
    PerformanceDef(
        "P-CAT-2",
        "catalogue",
        _("Number of requests for more information about data"),
        Unit.COUNT,
        "lower",
        _("Messages flagged as a request for information, sent in the period."),
    ),
    PerformanceDef(
        "P-CAT-3",
        "catalogue",
        _("Number of datasets in the catalogue"),
        Unit.COUNT,
        "higher",
        _("Datasets currently published whose first publication is before the period's end."),
    ),
    PerformanceDef(
        "P-UC-1",
        "use_cases",
        _("Share of negotiations outside the identified frames"),
        Unit.PERCENT,
        "lower",
        _(
            "Requests submitted in the period (submitted_at); numerator: no use case from the "
            "inventory, an excluded use case, or a requested dataset excluded for that use case "
            "in the perimeter."
        ),
    ),
    PerformanceDef(
        "P-UC-2",
        "use_cases",
        _("Number of secondary uses of databases"),
        Unit.COUNT,
        "higher",
        _(
            "Dataset lines (request × dataset) of requests whose data became available in the "
            "period (data_available_at)."
        ),
    ),
    PerformanceDef(
        "P-TEC-1",
        "technical",
        _("Mean time to share the dataset"),
        Unit.DAYS,
        "lower",
        _(
            "Requests whose data became available in the period; duration = data_available_at "
            "− contract_signed_at. Mean in calendar days; mean and median in calendar and "
            "working days."
        ),
        duration=True,
    ),
    PerformanceDef(
        "P-TEC-2",
        "technical",
        _("Number of cases needing extra technical work"),
        Unit.COUNT,
        "lower",
        _(
            "Requests whose data became available in the period and whose follow-up records "
            "extra technical work."
        ),
    ),
    PerformanceDef(
        "P-REG-1",
        "regulatory",
        _("Share of compliant datasets in the catalogue"),
        Unit.PERCENT,
        "higher",
        _(
            "Catalogue of P-CAT-3; numerator: anonymised, with a synthetic version, or with "
            "consent collected."
        ),
    ),
    PerformanceDef(
        "P-REG-2",
        "regulatory",
        _("Number of disputes (patient or requester)"),
        Unit.COUNT,
        "lower",
        _("Disputes opened in the period (opened_on), whoever raised them."),
    ),
    PerformanceDef(
        "P-VAL-1",
        "valorisation",
        _("Mean revenue per accepted quote"),
        Unit.EUR,
        "higher",
        _(
            "Quotes accepted in the period (decided_at, status accepted): mean total excl. VAT. "
            "The total is given too."
        ),
    ),
    PerformanceDef(
        "P-VAL-2",
        "valorisation",
        _("Margin"),
        Unit.EUR,
        "higher",
        _(
            "Quotes accepted in the period: sum of margins (price − internal cost); the margin "
            "rate (margin / revenue) is given too."
        ),
    ),
    PerformanceDef(
        "P-VAL-3",
        "valorisation",
        _("Revenue invoiced"),
        Unit.EUR,
        "higher",
        _(
            "External figure entered by a manager: revenue actually invoiced (manual inputs "
            "whose own period lies inside the selected period)."
        ),
        external=True,
    ),
    PerformanceDef(
        "P-VAL-4",
        "valorisation",
        _("Number of publications thanks to the desk"),
        Unit.COUNT,
        "higher",
        _("Publications of P-DESK-3 from projects whose contract was signed through the desk."),
    ),
    PerformanceDef(
        "P-VAL-5",
        "valorisation",
        _("Number of contracts needing services outside the offer"),
        Unit.COUNT,
        "lower",
        _(
            "Requests whose contract was signed in the period and either a quote line for a "
            "service not priced in the quote's offer version, or a fee clause deviation in force."
        ),
    ),
    PerformanceDef(
        "P-VAL-6",
        "valorisation",
        _("Number of projects over budgeted cost"),
        Unit.COUNT,
        "lower",
        _(
            "Requests with an accepted quote and time logged in the period; numerator: all time "
            "logged on the request (days × rate applied) above the quote's internal cost."
        ),
    ),
]
PERFORMANCE_BY_CODE = {p.code: p for p in PERFORMANCE}
ALL_CODES = [m.code for m in MATURITY] + [p.code for p in PERFORMANCE]
