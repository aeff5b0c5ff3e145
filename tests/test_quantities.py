"""Number parsing: the seeds' real amounts, locale separators, qualifiers, vague
amounts, and hypothesis round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.core.items import Quantity
from summarizer.stages.verify.flow import parse_quantity
from summarizer.stages.verify.quantities import normalize_unit, parse_number


def _q(
    kind: str, value: float | None = None, low: float | None = None, high: float | None = None
) -> tuple[str, float | None, float | None, float | None]:
    return (kind, value, low, high)


def _shape(quantity: Quantity | None) -> tuple[str, float | None, float | None, float | None]:
    assert quantity is not None
    return (quantity.kind, quantity.value, quantity.low, quantity.high)


SEED_AMOUNTS = [
    ("11.000", _q("exact", 11_000)),
    ("mindestens 11.000", _q("lower_bound", 11_000, low=11_000)),
    ("mehr als 10.000", _q("lower_bound", 10_000, low=10_000)),
    ("zwischen 10.000 und 12.000", _q("range", low=10_000, high=12_000)),
    ("3.000", _q("exact", 3_000)),
    ("50.000", _q("exact", 50_000)),
    ("20.000", _q("exact", 20_000)),
    ("5,2 Milliarden Euro", _q("exact", 5.2e9)),
    ("bis zu 5,2 Milliarden Euro", _q("upper_bound", 5.2e9, high=5.2e9)),
    ("544 Millionen Euro", _q("exact", 5.44e8)),
    ("Tausender", _q("vague", low=2_000, high=9_999)),
    ("Tausende", _q("vague", low=2_000, high=9_999)),
    ("tausende", _q("vague", low=2_000, high=9_999)),
    ("Zehntausende", _q("vague", low=20_000, high=99_999)),
    ("Über zehntausend", _q("lower_bound", 10_000, low=10_000)),
    ("24 Jahren", _q("exact", 24)),
    ("drei", _q("exact", 3)),
]

MORE_AMOUNTS = [
    ("10.000 bis 12.000", _q("range", low=10_000, high=12_000)),
    ("10,000-12,000", _q("range", low=10_000, high=12_000)),
    ("von 10.000 bis 12.000", _q("range", low=10_000, high=12_000)),
    ("between 10 and 12 thousand", _q("range", low=10_000, high=12_000)),
    ("5 bis 6 Milliarden", _q("range", low=5e9, high=6e9)),
    ("zwei bis drei Millionen", _q("range", low=2e6, high=3e6)),
    ("zwischen zehn und zwölf", _q("range", low=10, high=12)),
    ("über zehntausend", _q("lower_bound", 10_000, low=10_000)),
    ("more than 10,000", _q("lower_bound", 10_000, low=10_000)),
    ("at least 11,000", _q("lower_bound", 11_000, low=11_000)),
    ("10.000 und mehr", _q("lower_bound", 10_000, low=10_000)),
    ("up to 5 billion", _q("upper_bound", 5e9, high=5e9)),
    ("weniger als 100", _q("upper_bound", 100, high=100)),
    ("rund 3.000", _q("approximate", 3_000)),
    ("etwa 3.000", _q("approximate", 3_000)),
    ("fast 3.000", _q("approximate", 3_000)),
    ("knapp 3.000", _q("approximate", 3_000)),
    ("about 3,000", _q("approximate", 3_000)),
    ("around 3,000", _q("approximate", 3_000)),
    ("11,000", _q("exact", 11_000)),
    ("5.2 billion", _q("exact", 5.2e9)),
    ("10 million", _q("exact", 1e7)),
    ("eine Million", _q("exact", 1e6)),
    ("1 Billion", _q("exact", 1e12)),
    ("zehntausend", _q("exact", 10_000)),
    ("vierundzwanzig", _q("exact", 24)),
    ("ten thousand", _q("exact", 10_000)),
    ("Hunderte", _q("vague", low=200, high=999)),
    ("Hunderttausende", _q("vague", low=200_000, high=999_999)),
    ("thousands", _q("vague", low=2_000, high=9_999)),
    ("tens of thousands", _q("vague", low=20_000, high=99_999)),
    ("mehrere tausend", _q("vague", low=2_000, high=9_999)),
    ("Dutzende", _q("vague", low=24, high=119)),
]


@pytest.mark.parametrize(("amount", "expected"), SEED_AMOUNTS + MORE_AMOUNTS)
def test_amounts(
    amount: str, expected: tuple[str, float | None, float | None, float | None]
) -> None:
    quantity = parse_quantity(amount)
    assert _shape(quantity) == pytest.approx(expected)
    assert quantity is not None and quantity.text == amount


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("11.000", 11_000),
        ("1.234", 1_234),  # German reading wins: dot + exactly three digits
        ("1.5", 1.5),
        ("5,2", 5.2),
        ("3,25", 3.25),
        ("0,500", 0.5),
        ("1.234.567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("1.234,5", 1_234.5),
        ("1,234.5", 1_234.5),
        ("11\u00a0000", 11_000),
        ("11'000", 11_000),
    ],
)
def test_separator_rule(token: str, value: float) -> None:
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize(
    "amount", ["Soldaten", "", "3 von 10 und 7", "11.000 Soldaten, 20.000 Container"]
)
def test_unreadable_amounts_are_none(amount: str) -> None:
    assert parse_quantity(amount) is None


def _german(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**12))
def test_german_thousands_round_trip(number: int) -> None:
    assert _shape(parse_quantity(_german(number))) == ("exact", number, None, None)


@given(st.integers(min_value=0, max_value=10**12))
def test_english_thousands_round_trip(number: int) -> None:
    assert _shape(parse_quantity(f"{number:,}")) == ("exact", number, None, None)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=9))
def test_german_decimal_with_scale(whole: int, tenth: int) -> None:
    quantity = parse_quantity(f"{whole},{tenth} Milliarden")
    assert quantity is not None and quantity.value == pytest.approx((whole + tenth / 10) * 1e9)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["zwischen {} und {}", "{} bis {}", "{}-{}", "between {} and {}"]),
)
def test_ranges_are_ordered(first: int, second: int, template: str) -> None:
    quantity = parse_quantity(template.format(_german(first), _german(second)))
    assert quantity is not None and quantity.kind == "range"
    assert quantity.low is not None and quantity.high is not None
    assert quantity.low <= quantity.high
    assert (quantity.low, quantity.high) == (min(first, second), max(first, second))


@given(
    st.integers(min_value=1, max_value=10**9), st.sampled_from(["mehr als", "mindestens", "über"])
)
def test_lower_bounds_are_open_above(number: int, cue: str) -> None:
    quantity = parse_quantity(f"{cue} {_german(number)}")
    assert quantity is not None
    assert quantity.bounds() == (number, None)


@pytest.mark.parametrize(
    ("unit", "amount", "expected"),
    [
        ("Euro", "5,2 Milliarden", "EUR"),
        ("€", "5 Mrd.", "EUR"),
        (None, "5,2 Milliarden Euro", "EUR"),
        ("Dollar", "10", "USD"),
        (None, "$5 billion", "USD"),
        ("Soldaten", "11.000", "soldiers"),
        ("troops", "11,000", "soldiers"),
        ("soldiers", "11.000", "soldiers"),
        (None, "11.000 Soldaten", "soldiers"),
        ("containers", "20.000", "containers"),
        (None, "24 Jahren", "years"),
        ("Widgets", "3", "widgets"),
        (None, "Tausende", None),
    ],
)
def test_normalize_unit(unit: str | None, amount: str, expected: str | None) -> None:
    assert normalize_unit(unit, amount) == expected
