"""Public pages (no login): the published service offer and the fee estimate.

Nothing here reads or shows internal costs, margins or staff rates: prices come from the
published offer version and estimates go through `QuoteEstimate.public_dict()` only."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from offers.domain import current_offer, estimate_fees, offer_prices
from offers.forms import EstimateForm
from offers.models import (
    ActorType,
    BillingUnit,
    OfferVersion,
    PricingRule,
    Service,
    ServiceCategory,
    ServicePrice,
    UseCase,
    UseCaseStatus,
)
from offers.views_staff import percent

CATEGORY_LABELS = dict(ServiceCategory.choices)
UNIT_LABELS = dict(BillingUnit.choices)


def public_prices(version: OfferVersion) -> list[ServicePrice]:
    """The version's frozen prices, each with its service (for the description)."""
    return list(offer_prices(version))


def group_by_category(prices: list[ServicePrice]) -> list[tuple[str, str, list[ServicePrice]]]:
    groups: dict[str, list[ServicePrice]] = defaultdict(list)
    for price in prices:
        groups[price.category].append(price)
    return [
        (code, str(CATEGORY_LABELS[code]), groups[code])
        for code in ServiceCategory.values
        if groups.get(code)
    ]


def coefficients(rule: PricingRule) -> list[tuple[ActorType, Decimal]]:
    """The published multiplier for each kind of requester (part of the public grid)."""
    explicit = {row.actor_type_id: row.coefficient for row in rule.actor_coefficients.all()}
    return [
        (
            actor,
            explicit.get(
                actor.pk,
                rule.industrial_coefficient if actor.is_industrial else rule.academic_coefficient,
            ),
        )
        for actor in ActorType.objects.filter(is_active=True)
    ]


@require_http_methods(["GET", "HEAD"])
def public_offer(request: HttpRequest) -> HttpResponse:
    version = current_offer()
    context: dict[str, Any] = {"version": version}
    if version is not None:
        rule = PricingRule.objects.prefetch_related("actor_coefficients").get(offer_version=version)
        context.update(
            groups=group_by_category(public_prices(version)),
            vat_percent=percent(rule.vat_rate),
            coefficients=coefficients(rule),
        )
    return render(request, "offers/public/offer.html", context)


def resolve_use_case(project_type: Any, actor_type: Any) -> tuple[UseCase | None, bool]:
    """The inventory's use case for this (project type, actor type), and whether the desk
    excludes that kind of project (then no estimate is given)."""
    candidates = list(
        UseCase.objects.filter(project_type=project_type, actor_type=actor_type).order_by(
            "position", "pk"
        )
    )
    usable = [uc for uc in candidates if uc.status != UseCaseStatus.EXCLUDED]
    if usable:
        return usable[0], False
    return None, bool(candidates)


def _compute(form: EstimateForm) -> tuple[dict[str, Any] | None, UseCase | None, bool]:
    data = form.cleaned_data
    use_case, excluded = resolve_use_case(data["project_type"], data["actor_type"])
    if excluded:
        form.add_error(
            None,
            _(
                "The desk does not take part in this kind of project with this kind of "
                "partner: no estimate can be given. Contact the desk if you think your project "
                "is different."
            ),
        )
        return None, None, False
    services = Service.objects.in_bulk([pk for pk, _quantity in form.selections()])
    selections = [(services[pk], quantity) for pk, quantity in form.selections() if pk in services]
    try:
        estimate = estimate_fees(
            actor_type=data["actor_type"],
            selections=selections,
            use_case=use_case,
            access_mode=data["access_mode"],
            datasets=list(data["datasets"]),
        )
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, errors in messages.items():
            form.add_error(field if field in form.fields else None, errors)
        return None, use_case, False
    return _displayable(estimate.public_dict()), use_case, use_case is None


def _displayable(public: dict[str, Any]) -> dict[str, Any]:
    """Decimal amounts and readable unit labels for the template (public fields only)."""
    lines = []
    for line in public["lines"]:
        lines.append(
            {
                "label": line["label"],
                "billing_unit": str(UNIT_LABELS.get(line["billing_unit"], line["billing_unit"])),
                "included_by_default": line["included_by_default"],
                "quantity": Decimal(line["quantity"]),
                "unit_price": Decimal(line["unit_price"]),
                "total": Decimal(line["total"]),
            }
        )
    return {
        **public,
        "lines": lines,
        "vat_percent": percent(Decimal(public["vat_rate"])),
        "total_excl_vat": Decimal(public["total_excl_vat"]),
        "vat": Decimal(public["vat"]),
        "total_incl_vat": Decimal(public["total_incl_vat"]),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def estimate(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST (plain or htmx) computes a non-binding estimate."""
    version = current_offer()
    prices = public_prices(version) if version is not None else []
    submitted = request.method == "POST"
    form = EstimateForm(request.POST if submitted else None, service_prices=prices)
    result = use_case = None
    outside_inventory = False
    if submitted and form.is_valid():
        result, use_case, outside_inventory = _compute(form)
    context = {
        "version": version,
        "form": form,
        "result": result,
        "use_case": use_case,
        "outside_inventory": outside_inventory,
        "included": [p for p in prices if p.included_by_default],
        "additional_groups": [
            (code, label, [(price, form[f"qty_{price.service_id}"]) for price in group])
            for code, label, group in group_by_category(form.service_prices)
        ],
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "offers/public/_estimate_result.html", context)
    return render(request, "offers/public/estimate.html", context)
