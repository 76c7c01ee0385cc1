"""Money arithmetic of the service offer. Pure functions, no database.

Every amount is a `Decimal`, rounded half-up to the cent at well-defined points so that a quote
can be recomputed by hand from the published grid:

- a unit price is rounded once (base price x actor-type coefficient);
- a line total is unit price x quantity, rounded;
- the total excluding VAT is the sum of the (already rounded) line totals;
- VAT is the total excluding VAT x rate, rounded; the total including VAT is their sum.

Floats are refused outright: a float has already lost the cent it pretends to hold.

The desk prices *services* (extraction, structuring, workspace, support...), never the data
itself: selling personal health data is illegal in France, so no amount here is ever a price for
data as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Accept Decimal, int or a decimal string; refuse float (and bool)."""
    if isinstance(value, (bool, float)):
        raise TypeError("Money amounts must be Decimal, int or str, never float.")
    if isinstance(value, Decimal):
        return value
    return Decimal(value)


def money(value: Decimal | int | str) -> Decimal:
    """Round half-up to the cent."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def priced_from_cost(unit_cost: Decimal, margin_rate: Decimal) -> Decimal:
    """Cost-based ("complex" grid) base price: cost x (1 + margin), to the cent."""
    return money(to_decimal(unit_cost) * (Decimal(1) + to_decimal(margin_rate)))


def unit_price_for(base_price: Decimal, coefficient: Decimal) -> Decimal:
    """Price of one unit for a given actor type: base price x coefficient, to the cent."""
    return money(to_decimal(base_price) * to_decimal(coefficient))


@dataclass(frozen=True)
class LineAmounts:
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    total: Decimal
    cost: Decimal

    @property
    def margin(self) -> Decimal:
        return self.total - self.cost

    @property
    def below_cost(self) -> bool:
        return self.unit_price < self.unit_cost


def line_amounts(quantity: Decimal, unit_price: Decimal, unit_cost: Decimal) -> LineAmounts:
    quantity = to_decimal(quantity)
    unit_price = money(unit_price)
    unit_cost = money(unit_cost)
    return LineAmounts(
        quantity=quantity,
        unit_price=unit_price,
        unit_cost=unit_cost,
        total=money(unit_price * quantity),
        cost=money(unit_cost * quantity),
    )


@dataclass(frozen=True)
class Totals:
    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal
    cost: Decimal

    @property
    def margin(self) -> Decimal:
        return self.excl_vat - self.cost

    @property
    def margin_rate(self) -> Decimal | None:
        """Margin as a share of cost (None when nothing costs anything)."""
        if self.cost == 0:
            return None
        return (self.margin / self.cost).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def totals(lines: Iterable[LineAmounts], vat_rate: Decimal) -> Totals:
    lines = list(lines)
    excl = sum((line.total for line in lines), ZERO)
    cost = sum((line.cost for line in lines), ZERO)
    vat = money(excl * to_decimal(vat_rate))
    return Totals(excl_vat=excl, vat=vat, incl_vat=excl + vat, cost=cost)
