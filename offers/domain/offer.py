"""The versioned service offer: drafts, price freezing, publication, the current offer.

A published version never changes: its pricing rule and its ServicePrice rows were frozen at
publication, so every quote built on it can be recomputed by hand. A change is a new version,
built with `offer_new_version_from(current)` and published with `offer_publish`, which retires
the version it replaces once the new one takes effect.

Prices are for services, never for data (selling personal health data is illegal in France).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from catalogue.models import VocabularyTerm
from offers.domain.errors import Immutable, TransitionRefused
from offers.models import (
    ActorType,
    ActorTypeCoefficient,
    CostBreakdownLine,
    GridType,
    OfferStatus,
    OfferVersion,
    PricingRule,
    Service,
    ServicePrice,
    UseCase,
)
from offers.pricing import money, priced_from_cost


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def ensure_editable(version: OfferVersion) -> None:
    if version.status != OfferStatus.DRAFT:
        raise Immutable(
            _(
                "Offer version v%(number)s is %(status)s and can no longer change; "
                "create a new version instead."
            )
            % {"number": version.number, "status": version.get_status_display().lower()}
        )


# --- Queries ----------------------------------------------------------------------------------


def current_offer(on: Any = None) -> OfferVersion | None:
    """The published version in force today (or on the given date): the latest effective one."""
    day = on or timezone.localdate()
    return (
        OfferVersion.objects.filter(status=OfferStatus.PUBLISHED, effective_date__lte=day)
        .select_related("pricing_rule")
        .order_by("-effective_date", "-number")
        .first()
    )


def services_with_costs() -> QuerySet[Service]:
    """Services with their cost lines prefetched, so `unit_cost()` runs no query per service."""
    return Service.objects.prefetch_related(
        Prefetch(
            "cost_lines",
            queryset=CostBreakdownLine.objects.select_related("staff_profile", "it_item"),
        )
    )


def offer_prices(
    version: OfferVersion,
    *,
    use_case: UseCase | None = None,
    access_mode: VocabularyTerm | None = None,
) -> QuerySet[ServicePrice]:
    """The version's services, optionally only those applicable to a use case / access mode
    (a service with no use case, or no access mode, listed applies to all)."""
    prices = ServicePrice.objects.filter(offer_version=version).select_related("service")
    if use_case is not None:
        prices = prices.filter(Q(service__use_cases__isnull=True) | Q(service__use_cases=use_case))
    if access_mode is not None:
        prices = prices.filter(
            Q(service__access_modes__isnull=True) | Q(service__access_modes=access_mode)
        )
    return prices.distinct().order_by("category", "service__position", "service__code")


def service_base_price(service: Service, rule: PricingRule) -> Decimal:
    """Public base price of one unit, before the actor-type coefficient."""
    if rule.grid_type == GridType.SIMPLE:
        if service.flat_price is None:
            raise ValidationError(
                {
                    "flat_price": _("Service “%s” has no flat price for the simple grid.")
                    % service.code
                }
            )
        return money(service.flat_price)
    margin = service.margin_rate if service.margin_rate is not None else rule.margin_rate
    return priced_from_cost(service.unit_cost(), margin)


# --- Changes ----------------------------------------------------------------------------------


def _next_number() -> int:
    return (OfferVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1


def offer_new_version_from(
    current: OfferVersion | None, *, by: Any, effective_date: Any = None, title: str = ""
) -> OfferVersion:
    """A draft version copying the pricing rule of `current` (or defaults), with prices
    computed from today's services and cost grid. Only one draft exists at a time."""
    draft = OfferVersion.objects.filter(status=OfferStatus.DRAFT).first()
    if draft is not None:
        raise TransitionRefused(
            _("Draft version v%(number)s already exists: edit or publish it first.")
            % {"number": draft.number}
        )
    with transaction.atomic():
        version = OfferVersion.objects.create(
            number=_next_number(),
            title=title,
            effective_date=effective_date or timezone.localdate(),
            created_by=_user(by),
        )
        if current is not None:
            old = current.pricing_rule
            rule = PricingRule.objects.create(
                offer_version=version,
                grid_type=old.grid_type,
                margin_rate=old.margin_rate,
                academic_coefficient=old.academic_coefficient,
                industrial_coefficient=old.industrial_coefficient,
                vat_rate=old.vat_rate,
            )
            ActorTypeCoefficient.objects.bulk_create(
                ActorTypeCoefficient(
                    rule=rule, actor_type_id=row.actor_type_id, coefficient=row.coefficient
                )
                for row in old.actor_coefficients.all()
            )
        else:
            PricingRule.objects.create(offer_version=version)
        _freeze_prices(version, strict=False)
    return version


def offer_version_update(version: OfferVersion, *, by: Any, changes: Mapping[str, Any]) -> None:
    ensure_editable(version)
    allowed = {"title", "notes", "effective_date"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    for name, value in changes.items():
        setattr(version, name, value)
    version.full_clean(exclude=["status", "number"])
    version.save(update_fields=[*changes])


def pricing_rule_update(rule: PricingRule, *, by: Any, changes: Mapping[str, Any]) -> PricingRule:
    """Change a draft's pricing rule and re-freeze its prices accordingly."""
    ensure_editable(rule.offer_version)
    allowed = {
        "grid_type",
        "margin_rate",
        "academic_coefficient",
        "industrial_coefficient",
        "vat_rate",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    with transaction.atomic():
        for name, value in changes.items():
            setattr(rule, name, value)
        rule.full_clean(exclude=["offer_version"])
        rule.save()
        _freeze_prices(rule.offer_version, strict=False)
    return rule


def actor_coefficient_set(
    rule: PricingRule, actor_type: ActorType, coefficient: Decimal | None, *, by: Any
) -> None:
    """Set (or with None, remove) an explicit coefficient for one actor type in a draft."""
    ensure_editable(rule.offer_version)
    with transaction.atomic():
        if coefficient is None:
            ActorTypeCoefficient.objects.filter(rule=rule, actor_type=actor_type).delete()
            return
        row = ActorTypeCoefficient(rule=rule, actor_type=actor_type, coefficient=coefficient)
        row.full_clean(exclude=["rule", "actor_type"], validate_unique=False)
        ActorTypeCoefficient.objects.update_or_create(
            rule=rule, actor_type=actor_type, defaults={"coefficient": coefficient}
        )


def _freeze_prices(version: OfferVersion, *, strict: bool) -> list[ServicePrice]:
    """Recompute the draft's price rows from the active services and the cost grid.

    With `strict`, a simple-grid service without a flat price is an error (publication);
    otherwise it is left out of the draft preview."""
    rule = version.pricing_rule
    rows: list[ServicePrice] = []
    missing: list[str] = []
    for service in services_with_costs().filter(is_active=True).order_by("category", "position"):
        try:
            base = service_base_price(service, rule)
        except ValidationError:
            missing.append(service.code)
            continue
        rows.append(
            ServicePrice(
                offer_version=version,
                service=service,
                name_fr=service.name_fr,
                name_en=service.name_en,
                category=service.category,
                billing_unit=service.billing_unit,
                included_by_default=service.included_by_default,
                unit_price=base,
                unit_cost=service.unit_cost(),
            )
        )
    if strict and missing:
        raise ValidationError(
            _("These services have no flat price for the simple grid: %s.") % ", ".join(missing)
        )
    ServicePrice.objects.filter(offer_version=version).delete()
    return ServicePrice.objects.bulk_create(rows)


def offer_refresh_prices(version: OfferVersion, *, by: Any) -> list[ServicePrice]:
    """Re-read services and costs into a draft (after editing the cost grid, for instance)."""
    ensure_editable(version)
    with transaction.atomic():
        return _freeze_prices(version, strict=False)


def retire_superseded_offers(today: Any = None) -> int:
    """Retire published versions replaced by a newer one already in force. Idempotent; the
    publication calls it, and a daily task may too for versions published ahead of time."""
    current = current_offer(today)
    if current is None:
        return 0
    retired = 0
    older = OfferVersion.objects.filter(status=OfferStatus.PUBLISHED).exclude(pk=current.pk)
    for version in older.filter(effective_date__lte=current.effective_date):
        version.retire()
        version._change_reason = "retired"  # type: ignore[attr-defined]
        version.save()
        retired += 1
    return retired


def offer_publish(version: OfferVersion, *, by: Any) -> OfferVersion:
    """Freeze the draft's prices from the current cost grid and publish it."""
    if not can_proceed(version.publish):
        raise TransitionRefused(
            _("Only a draft can be published; v%(number)s is %(status)s.")
            % {"number": version.number, "status": version.get_status_display().lower()}
        )
    with transaction.atomic():
        prices = _freeze_prices(version, strict=True)
        if not prices:
            raise ValidationError(_("An offer needs at least one active service to be published."))
        version.publish(by=_user(by))
        version._change_reason = "published"  # type: ignore[attr-defined]
        version.save()
        retire_superseded_offers()
    return version


def offer_delete_draft(version: OfferVersion, *, by: Any) -> None:
    ensure_editable(version)
    version.delete()
