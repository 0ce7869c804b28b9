"""split_largest_remainder: splits that sum exactly (coupon across stores, refund across
tenders)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jangbogi.core.money import split_largest_remainder


@pytest.mark.parametrize(("total", "weights", "parts"), [
    (100, [1, 1, 1], [34, 33, 33]),           # tie: the earlier part gets the extra won
    (10, [0, 1, 1], [0, 5, 5]),
    (1000, [3000, 8000], [273, 727]),          # 272.7 / 727.3
    (1, [1, 1, 1], [1, 0, 0]),
    (2, [1, 2, 2], [0, 1, 1]),                 # 0.4 / 0.8 / 0.8
    (0, [5, 7], [0, 0]),
    (7, [0, 0, 9], [0, 0, 7]),
    (0, [], []),
])
def test_known_splits(total, weights, parts):
    assert split_largest_remainder(total, weights) == parts


@pytest.mark.parametrize(("total", "weights", "message"), [
    (-1, [1], "total must be >= 0"),
    (10, [1, -1], "weights must be >= 0"),
    (10, [], "cannot split a positive total over no parts"),
    (10, [0, 0], "weights must not all be zero"),
    (0, [0], "weights must not all be zero"),
])
def test_bad_input_raises(total, weights, message):
    with pytest.raises(ValueError, match=message):
        split_largest_remainder(total, weights)


weights_st = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12).filter(any)


@given(total=st.integers(min_value=0, max_value=10**9), weights=weights_st)
def test_split_sums_exactly_and_stays_within_one_won(total, weights):
    parts = split_largest_remainder(total, weights)

    assert len(parts) == len(weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(total * weight, weight_sum)
        assert abs(part - exact) < 1
        assert part >= 0
        if weight == 0:
            assert part == 0


@given(total=st.integers(min_value=0, max_value=10**9), weights=weights_st)
def test_split_is_monotone_in_weight(total, weights):
    """A part never gets less than a part with a smaller weight."""
    parts = split_largest_remainder(total, weights)
    for i, wi in enumerate(weights):
        for j, wj in enumerate(weights):
            if wi > wj:
                assert parts[i] >= parts[j]


@given(total=st.integers(min_value=0, max_value=10**6),
       weights=st.lists(st.integers(min_value=-10, max_value=-1), min_size=1, max_size=4))
def test_any_negative_weight_is_refused(total, weights):
    with pytest.raises(ValueError, match="weights must be >= 0"):
        split_largest_remainder(total, [1, *weights])


@given(total=st.integers(max_value=-1), weights=weights_st)
def test_any_negative_total_is_refused(total, weights):
    with pytest.raises(ValueError, match="total must be >= 0"):
        split_largest_remainder(total, weights)
