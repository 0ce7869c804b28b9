"""Money display and rounding: won(), weighted_price(), progress_percent()."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jangbogi.core.money import progress_percent, weighted_price, won


@pytest.mark.parametrize(("amount", "text"), [
    (0, "0원"), (500, "500원"), (1000, "1,000원"), (12345, "12,345원"), (1234567, "1,234,567원"),
])
def test_won_formats_with_thousands_separators(amount, text):
    assert won(amount) == text


@pytest.mark.parametrize(("unit_price", "unit_grams", "actual_grams", "price"), [
    (12000, 600, 600, 12000),
    (12000, 600, 550, 11000),
    (13900, 600, 555, 12857),   # 12,857.5 floors to 12,857
    (13900, 600, 599, 13876),   # 13,876.83 floors: never rounds up on the customer
    (1000, 3, 1, 333),
    (1000, 100, 0, 0),
])
def test_weighted_price_floors_to_the_won(unit_price, unit_grams, actual_grams, price):
    assert weighted_price(unit_price=unit_price, unit_grams=unit_grams, actual_grams=actual_grams) == price


@pytest.mark.parametrize("unit_grams", [0, -600])
def test_weighted_price_needs_positive_unit_grams(unit_grams):
    with pytest.raises(ValueError, match="unit_grams must be positive"):
        weighted_price(unit_price=12000, unit_grams=unit_grams, actual_grams=500)


@given(unit_price=st.integers(1, 10**6), unit_grams=st.integers(1, 10**4), actual_grams=st.integers(0, 10**5))
def test_weighted_price_is_never_above_the_exact_price(unit_price, unit_grams, actual_grams):
    price = weighted_price(unit_price=unit_price, unit_grams=unit_grams, actual_grams=actual_grams)
    assert price * unit_grams <= unit_price * actual_grams < (price + 1) * unit_grams


@pytest.mark.parametrize(("amount", "goal", "percent"), [
    (0, 50000, 0),
    (11000, 50000, 22),
    (49999, 50000, 99),       # floors: 99.998% is not yet 100
    (50000, 50000, 100),
    (120000, 50000, 100),     # capped
    (1, 0, 100),              # no goal: already there
    (0, -5, 100),
])
def test_progress_percent(amount, goal, percent):
    assert progress_percent(amount, goal) == percent


@given(amount=st.integers(0, 10**9), goal=st.integers(1, 10**9))
def test_progress_percent_is_between_0_and_100(amount, goal):
    percent = progress_percent(amount, goal)
    assert 0 <= percent <= 100
    assert (percent == 100) == (amount >= goal)
