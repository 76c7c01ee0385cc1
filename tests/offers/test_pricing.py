"""Money helpers: half-up rounding to the cent, no float, and the totals invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offers.pricing import (
    line_amounts,
    money,
    priced_from_cost,
    to_decimal,
    totals,
    unit_price_for,
)

cents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.3"), places=4)
coefficients = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("3"), places=3)


def test_money_rounds_half_up_not_bankers() -> None:
    assert money(Decimal("2.675")) == Decimal("2.68")
    assert money(Decimal("0.125")) == Decimal("0.13")
    assert money(Decimal("0.135")) == Decimal("0.14")
    assert money(Decimal("-0.125")) == Decimal("-0.13")
    assert money("10") == Decimal("10.00")


def test_float_is_refused() -> None:
    with pytest.raises(TypeError, match="never float"):
        to_decimal(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        money(True)  # type: ignore[arg-type]


def test_price_from_cost_and_coefficient() -> None:
    assert priced_from_cost(Decimal("333.33"), Decimal("0.15")) == Decimal("383.33")
    assert priced_from_cost(Decimal("1850"), Decimal("0.15")) == Decimal("2127.50")
    assert unit_price_for(Decimal("2127.50"), Decimal("1.5")) == Decimal("3191.25")
    assert unit_price_for(Decimal("0.03"), Decimal("1.5")) == Decimal("0.05")  # 0.045 -> 0.05


def test_vat_is_half_up_on_the_total() -> None:
    lines = [line_amounts(Decimal("1"), Decimal("0.05"), Decimal("0"))] * 5  # 0.25 excl.
    result = totals(lines, Decimal("0.1"))  # 0.025 of VAT -> 0.03
    assert (result.excl_vat, result.vat, result.incl_vat) == (
        Decimal("0.25"),
        Decimal("0.03"),
        Decimal("0.28"),
    )


@given(
    st.lists(st.tuples(quantities, cents, cents), min_size=0, max_size=12),
    rates,
)
def test_totals_invariants(rows: list[tuple[Decimal, Decimal, Decimal]], vat: Decimal) -> None:
    lines = [line_amounts(q, price, cost) for q, price, cost in rows]
    result = totals(lines, vat)
    for line in lines:
        assert line.total == money(line.unit_price * line.quantity)
        assert line.total.as_tuple().exponent == -2
    assert result.excl_vat == sum((line.total for line in lines), Decimal("0"))
    assert result.cost == sum((line.cost for line in lines), Decimal("0"))
    assert result.vat == (result.excl_vat * vat).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert result.incl_vat == result.excl_vat + result.vat
    assert result.margin == result.excl_vat - result.cost
    for amount in (result.excl_vat, result.vat, result.incl_vat, result.cost, result.margin):
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -2
    # Half-up: the VAT is never more than half a cent away from the exact value.
    assert abs(result.vat - result.excl_vat * vat) <= Decimal("0.005")


@given(cents, st.decimals(min_value=Decimal("0"), max_value=Decimal("2"), places=4), coefficients)
def test_price_chain_is_rounded_once_per_step(
    cost: Decimal, margin: Decimal, coefficient: Decimal
) -> None:
    base = priced_from_cost(cost, margin)
    unit = unit_price_for(base, coefficient)
    assert abs(base - cost * (1 + margin)) <= Decimal("0.005")
    assert abs(unit - base * coefficient) <= Decimal("0.005")
    if margin >= 0 and coefficient >= 1:
        assert unit >= cost
