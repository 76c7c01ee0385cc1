"""The quote engine: priced selections of services, from the published offer.

`estimate_fees` computes without saving and is what the public sees (no internal cost leaves
this module through `QuoteEstimate.public_dict`). `build_quote` saves the same computation as a
draft `Quote`; `quote_send` freezes it; `quote_revise` makes a new version that supersedes it.

Every line is a service of the offer version: the desk prices services, never data (selling
personal health data is illegal in France). A complex-grid (cost-based) quote must cover its
costs unless someone records why not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from catalogue.models import Dataset, Vocabulary, VocabularyTerm
from offers.domain.errors import BelowCost, Immutable, TransitionRefused
from offers.domain.offer import current_offer
from offers.domain.perimeter import perimeter_matrix
from offers.models import (
    ActorType,
    GridType,
    OfferStatus,
    OfferVersion,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
    ServicePrice,
    UseCase,
)
from offers.pricing import LineAmounts, Totals, line_amounts, totals, unit_price_for

Selection = tuple[Service, Any]
QUANTITY_MAX = Decimal("1000000")


@dataclass
class EstimateLine:
    service: Service
    label: str
    category: str
    billing_unit: str
    included_by_default: bool
    amounts: LineAmounts

    def public_dict(self) -> dict[str, Any]:
        return {
            "service": self.service.code,
            "label": self.label,
            "category": self.category,
            "billing_unit": self.billing_unit,
            "included_by_default": self.included_by_default,
            "quantity": str(self.amounts.quantity.normalize()),
            "unit_price": str(self.amounts.unit_price),
            "total": str(self.amounts.total),
        }


@dataclass
class QuoteEstimate:
    """A computed but unsaved quote. Holds internal costs: only `public_dict` is for the public."""

    offer_version: OfferVersion
    actor_type: ActorType
    use_case: UseCase | None
    access_mode: VocabularyTerm | None
    grid_type: str
    coefficient: Decimal
    vat_rate: Decimal
    lines: list[EstimateLine] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        return totals((line.amounts for line in self.lines), self.vat_rate)

    @property
    def below_cost_lines(self) -> list[EstimateLine]:
        return [line for line in self.lines if line.amounts.below_cost]

    @property
    def is_below_cost(self) -> bool:
        return bool(self.below_cost_lines) or self.totals.margin < 0

    def public_dict(self) -> dict[str, Any]:
        """What a requester or anonymous visitor may see: prices, never costs or margins."""
        sums = self.totals
        return {
            "binding": False,
            "offer_version": self.offer_version.number,
            "effective_date": self.offer_version.effective_date.isoformat(),
            "actor_type": self.actor_type.code,
            "use_case": self.use_case.code if self.use_case else None,
            "access_mode": self.access_mode.code if self.access_mode else None,
            "currency": "EUR",
            "vat_rate": str(self.vat_rate),
            "lines": [line.public_dict() for line in self.lines],
            "total_excl_vat": str(sums.excl_vat),
            "vat": str(sums.vat),
            "total_incl_vat": str(sums.incl_vat),
        }


# --- Validation of inputs ------------------------------------------------------------------------


def _quantity(value: Any, service: Service) -> Decimal:
    if isinstance(value, (float, bool)):
        raise ValidationError(
            {
                "selections": _("Quantity for “%s” must be a decimal number, not a float.")
                % service.code
            }
        )
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"selections": _("Quantity for “%s” is not a number.") % service.code}
        ) from None
    if not quantity.is_finite() or quantity <= 0 or quantity > QUANTITY_MAX:
        raise ValidationError(
            {"selections": _("Quantity for “%s” must be greater than zero.") % service.code}
        )
    if quantity != quantity.quantize(Decimal("0.001")):
        raise ValidationError(
            {"selections": _("Quantity for “%s” has more than 3 decimals.") % service.code}
        )
    return quantity


def _applies(price: ServicePrice, use_case: UseCase | None, access_mode: Any) -> str | None:
    """None if the service applies, else the reason it does not (uses prefetched M2Ms)."""
    service = price.service
    use_case_ids = {uc.pk for uc in service.use_cases.all()}
    if use_case_ids and (use_case is None or use_case.pk not in use_case_ids):
        return _("Service “%s” is not offered for this use case.") % service.code
    mode_ids = {m.pk for m in service.access_modes.all()}
    if mode_ids and (access_mode is None or access_mode.pk not in mode_ids):
        return _("Service “%s” is not offered for this access mode.") % service.code
    return None


def _check_context(actor_type: Any, use_case: Any, access_mode: Any) -> None:
    errors: dict[str, str] = {}
    if not isinstance(actor_type, ActorType):
        errors["actor_type"] = _("Choose an actor type.")
    if use_case is not None and not isinstance(use_case, UseCase):
        errors["use_case"] = _("Not a use case.")
    if access_mode is not None and (
        not isinstance(access_mode, VocabularyTerm)
        or access_mode.vocabulary != Vocabulary.ACCESS_MODE
    ):
        errors["access_mode"] = _("Not an access mode.")
    if errors:
        raise ValidationError(errors)


def _check_perimeter(datasets: Sequence[Dataset], use_case: UseCase | None) -> None:
    if use_case is None or not datasets:
        return
    matrix = perimeter_matrix(datasets, [use_case], annotate=False)
    refused = [v for v in matrix.verdicts.values() if not v.in_perimeter]
    if refused:
        raise ValidationError(
            {
                "datasets": [
                    _("“%(dataset)s” is outside the perimeter for this use case: %(reason)s")
                    % {"dataset": v.dataset, "reason": " ".join(v.reasons)}
                    for v in refused
                ]
            }
        )


def compute_estimate(
    *,
    actor_type: ActorType,
    selections: Iterable[Selection],
    use_case: UseCase | None = None,
    access_mode: VocabularyTerm | None = None,
    offer: OfferVersion | None = None,
) -> QuoteEstimate:
    """Price the selected services (plus those included by default) on an offer version."""
    _check_context(actor_type, use_case, access_mode)
    offer = offer or current_offer()
    if offer is None:
        raise ValidationError(_("No service offer is published yet: nothing can be priced."))
    if offer.status == OfferStatus.DRAFT:
        raise ValidationError(_("A draft offer cannot be used for pricing."))
    rule = offer.pricing_rule
    coefficient = rule.coefficient_for(actor_type)
    prices = {
        p.service_id: p
        for p in ServicePrice.objects.filter(offer_version=offer)
        .select_related("service")
        .prefetch_related("service__use_cases", "service__access_modes")
    }

    chosen: list[tuple[ServicePrice, Decimal]] = []
    seen: set[int] = set()
    errors: list[str] = []
    for item in selections:
        try:
            service, raw_quantity = item
        except (TypeError, ValueError):
            raise ValidationError(
                {"selections": _("Each line is a (service, quantity) pair.")}
            ) from None
        if not isinstance(service, Service):
            # Data, datasets or free-text lines are never priced: only services of the offer.
            raise ValidationError(
                {
                    "selections": _("Only services of the offer can be quoted, not “%s”.")
                    % (service,)
                }
            )
        if service.pk in seen:
            errors.append(_("Service “%s” is listed twice.") % service.code)
            continue
        seen.add(service.pk)
        price = prices.get(service.pk)
        if price is None:
            errors.append(
                _("Service “%(code)s” is not part of offer v%(number)s.")
                % {"code": service.code, "number": offer.number}
            )
            continue
        reason = _applies(price, use_case, access_mode)
        if reason:
            errors.append(reason)
            continue
        chosen.append((price, _quantity(raw_quantity, service)))
    if errors:
        raise ValidationError({"selections": errors})

    for price in prices.values():
        applicable = _applies(price, use_case, access_mode) is None
        if price.included_by_default and price.service_id not in seen and applicable:
            chosen.append((price, price.service.default_quantity))

    chosen.sort(
        key=lambda pq: (
            not pq[0].included_by_default,
            pq[0].category,
            pq[0].service.position,
            pq[0].service.code,
        )
    )
    estimate = QuoteEstimate(
        offer_version=offer,
        actor_type=actor_type,
        use_case=use_case,
        access_mode=access_mode,
        grid_type=rule.grid_type,
        coefficient=coefficient,
        vat_rate=rule.vat_rate,
    )
    for price, quantity in chosen:
        estimate.lines.append(
            EstimateLine(
                service=price.service,
                label=price.name,
                category=price.category,
                billing_unit=price.billing_unit,
                included_by_default=price.included_by_default,
                amounts=line_amounts(
                    quantity, unit_price_for(price.unit_price, coefficient), price.unit_cost
                ),
            )
        )
    return estimate


def estimate_fees(
    *,
    actor_type: ActorType,
    selections: Iterable[Selection],
    use_case: UseCase | None = None,
    access_mode: VocabularyTerm | None = None,
    datasets: Sequence[Dataset] = (),
) -> QuoteEstimate:
    """A non-binding estimate from the current public offer; nothing is saved.

    Show it with `public_dict()`: the estimate object itself carries internal costs."""
    _check_perimeter(list(datasets), use_case)
    return compute_estimate(
        actor_type=actor_type, selections=selections, use_case=use_case, access_mode=access_mode
    )


# --- Saved quotes ----------------------------------------------------------------------------


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _check_cost_cover(estimate: QuoteEstimate, allow_below_cost: bool, reason: str) -> str:
    if estimate.grid_type != GridType.COMPLEX or not estimate.is_below_cost:
        return ""
    if allow_below_cost and reason.strip():
        return reason.strip()
    names = ", ".join(line.service.code for line in estimate.below_cost_lines) or _("the total")
    raise BelowCost(
        _(
            "This quote does not cover its costs (%(names)s). The cost-based grid requires "
            "prices at least equal to costs; to go below, flag it and give the reason."
        )
        % {"names": names}
    )


def _next_reference(today: date) -> str:
    prefix = f"DEV-{today:%Y}-"
    last = (
        Quote.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _write_lines(quote: Quote, estimate: QuoteEstimate) -> None:
    QuoteLine.objects.filter(quote=quote).delete()
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            position=position,
            service=line.service,
            label=line.label,
            billing_unit=line.billing_unit,
            included_by_default=line.included_by_default,
            quantity=line.amounts.quantity,
            unit_price=line.amounts.unit_price,
            unit_cost=line.amounts.unit_cost,
            total=line.amounts.total,
            cost=line.amounts.cost,
        )
        for position, line in enumerate(estimate.lines)
    )
    sums = estimate.totals
    quote.total_excl_vat = sums.excl_vat
    quote.vat_amount = sums.vat
    quote.total_incl_vat = sums.incl_vat
    quote.total_cost = sums.cost
    quote.margin_amount = sums.margin


def _freeze_context(quote: Quote, estimate: QuoteEstimate) -> None:
    quote.offer_version = estimate.offer_version
    quote.grid_type = estimate.grid_type
    quote.actor_coefficient = estimate.coefficient
    quote.vat_rate = estimate.vat_rate


def build_quote(
    *,
    datasets: Sequence[Dataset],
    use_case: UseCase | None,
    actor_type: ActorType,
    access_mode: VocabularyTerm | None,
    selections: Iterable[Selection],
    by: Any,
    request_ref: str = "",
    allow_below_cost: bool = False,
    below_cost_reason: str = "",
    notes: str = "",
    valid_until: date | None = None,
) -> Quote:
    """Build and save a draft quote from the current published offer."""
    datasets = list(datasets)
    _check_perimeter(datasets, use_case)
    estimate = compute_estimate(
        actor_type=actor_type, selections=selections, use_case=use_case, access_mode=access_mode
    )
    reason = _check_cost_cover(estimate, allow_below_cost, below_cost_reason)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                quote = Quote(
                    reference=_next_reference(timezone.localdate()),
                    version=1,
                    request_reference=request_ref.strip(),
                    use_case=use_case,
                    actor_type=actor_type,
                    access_mode=access_mode,
                    notes=notes,
                    valid_until=valid_until,
                    below_cost_reason=reason,
                    created_by=_user(by),
                )
                _freeze_context(quote, estimate)
                quote.save()
                _write_lines(quote, estimate)
                quote._change_reason = "built"  # type: ignore[attr-defined]
                quote.save()
                quote.datasets.set(datasets)
                return quote
        except IntegrityError:
            # Another quote took the same reference number in the meantime: take the next one.
            # Any other integrity error is a bug to show, not a reference to retry.
            if not Quote.objects.filter(reference=quote.reference).exists():
                raise
            continue
    raise TransitionRefused(_("Could not allocate a quote reference; please retry."))


def ensure_quote_editable(quote: Quote) -> None:
    if quote.status != QuoteStatus.DRAFT:
        raise Immutable(
            _(
                "Quote %(label)s is %(status)s and can no longer change; "
                "make a revision (new version) instead."
            )
            % {"label": quote.label, "status": quote.get_status_display().lower()}
        )


def _lines_as_selections(quote: Quote) -> list[Selection]:
    return [(line.service, line.quantity) for line in quote.lines.select_related("service")]


def quote_update_draft(
    quote: Quote,
    *,
    by: Any,
    selections: Iterable[Selection] | None = None,
    notes: str | None = None,
    valid_until: date | None = None,
    allow_below_cost: bool = False,
    below_cost_reason: str = "",
) -> Quote:
    """Re-price a draft (new selections, or the same ones on the current offer)."""
    ensure_quote_editable(quote)
    selections = list(selections) if selections is not None else _lines_as_selections(quote)
    datasets = list(quote.datasets.all())
    _check_perimeter(datasets, quote.use_case)
    estimate = compute_estimate(
        actor_type=quote.actor_type,
        selections=selections,
        use_case=quote.use_case,
        access_mode=quote.access_mode,
    )
    reason = _check_cost_cover(
        estimate, allow_below_cost, below_cost_reason or quote.below_cost_reason
    )
    with transaction.atomic():
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        ensure_quote_editable(locked)
        _freeze_context(quote, estimate)
        _write_lines(quote, estimate)
        quote.below_cost_reason = reason
        if notes is not None:
            quote.notes = notes
        if valid_until is not None:
            quote.valid_until = valid_until
        quote._change_reason = "re-priced"  # type: ignore[attr-defined]
        quote.save()
    return quote


def _transition(quote: Quote, method_name: str, verb: str, **kwargs: Any) -> Quote:
    method = getattr(quote, method_name)
    if not can_proceed(method):
        raise TransitionRefused(
            _("Quote %(label)s is %(status)s: it cannot be %(verb)s.")
            % {"label": quote.label, "status": quote.get_status_display().lower(), "verb": verb}
        )
    with transaction.atomic():
        method(**kwargs)
        quote._change_reason = method_name  # type: ignore[attr-defined]
        quote.save()
    return quote


def quote_send(quote: Quote, *, by: Any) -> Quote:
    """Freeze the quote and mark it sent to the requester."""
    if quote.status == QuoteStatus.DRAFT and not quote.lines.exists():
        raise ValidationError(_("A quote without lines cannot be sent."))
    return _transition(quote, "send", _("sent"), by=_user(by))


def quote_accept(quote: Quote, *, by: Any) -> Quote:
    return _transition(quote, "accept", _("accepted"))


def quote_decline(quote: Quote, *, by: Any) -> Quote:
    return _transition(quote, "decline", _("declined"))


def quote_revise(
    quote: Quote,
    *,
    by: Any,
    selections: Iterable[Selection] | None = None,
    notes: str | None = None,
    allow_below_cost: bool = False,
    below_cost_reason: str = "",
) -> Quote:
    """A new version of the quote, priced on the current offer; it supersedes the old one
    (a declined quote stays declined: the revision answers it)."""
    if quote.status in (QuoteStatus.ACCEPTED, QuoteStatus.SUPERSEDED):
        raise TransitionRefused(
            _("Quote %(label)s is %(status)s: it cannot be revised.")
            % {"label": quote.label, "status": quote.get_status_display().lower()}
        )
    if Quote.objects.filter(previous=quote).exists():
        raise TransitionRefused(
            _("Quote %(label)s was already revised: revise its latest version.")
            % {"label": quote.label}
        )
    selections = list(selections) if selections is not None else _lines_as_selections(quote)
    datasets = list(quote.datasets.all())
    _check_perimeter(datasets, quote.use_case)
    estimate = compute_estimate(
        actor_type=quote.actor_type,
        selections=selections,
        use_case=quote.use_case,
        access_mode=quote.access_mode,
    )
    reason = _check_cost_cover(estimate, allow_below_cost, below_cost_reason)
    with transaction.atomic():
        if quote.status in (QuoteStatus.DRAFT, QuoteStatus.SENT):
            quote.supersede()
            quote._change_reason = "superseded"  # type: ignore[attr-defined]
            quote.save()
        revision = Quote(
            reference=quote.reference,
            version=quote.version + 1,
            previous=quote,
            request_reference=quote.request_reference,
            use_case=quote.use_case,
            actor_type=quote.actor_type,
            access_mode=quote.access_mode,
            notes=quote.notes if notes is None else notes,
            valid_until=quote.valid_until,
            below_cost_reason=reason,
            created_by=_user(by),
        )
        _freeze_context(revision, estimate)
        revision.save()
        _write_lines(revision, estimate)
        revision._change_reason = "revised"  # type: ignore[attr-defined]
        revision.save()
        revision.datasets.set(datasets)
    return revision
