"""Commission: a rate per market with effective dates (1 % by default), floored to the won, and
per order and store always floor(rate × net sales) — a refund gives back exactly its share."""

import datetime as dt

import pytest

from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import CommissionRate, LedgerEntry
from jangbogi.settlement.selectors import rate_in_force
from tests.settlement.conftest import DAY


def commission_of(store, order="A-1") -> int:
    return -sum(LedgerEntry.objects.filter(store=store, order_ref=order, kind__in=[
        "commission", "commission_reversal"]).values_list("amount", flat=True))


def capture(store, amount, *, order="A-1", key=None, day=DAY):
    return settlement.record_capture(store=store, order_ref=order, tender_ref="t", amount=amount, business_date=day,
                                     key=key or f"cap:{order}:{amount}")


def refund(store, amount, *, key, order="A-1"):
    return settlement.record_refund(store=store, order_ref=order, tender_ref="t", amount=amount, business_date=DAY,
                                    key=key)


@pytest.mark.parametrize(("amount", "rate_bp", "expected"), [
    (11000, 100, 110), (1999, 100, 19), (99, 100, 0), (0, 100, 0), (3000, 150, 45), (1, 10_000, 1), (12345, 0, 0)])
def test_commission_for_floors_to_the_won(amount, rate_bp, expected):
    assert settlement.commission_for(amount, rate_bp) == expected


def test_rates_follow_their_effective_dates(market):
    assert rate_in_force(market.pk, DAY) == 100  # no row: 1 %
    CommissionRate.objects.create(market=market, rate_bp=50, effective_from=dt.date(2026, 1, 1))
    CommissionRate.objects.create(market=market, rate_bp=150, effective_from=DAY + dt.timedelta(days=1))
    assert rate_in_force(market.pk, dt.date(2025, 12, 31)) == 100
    assert rate_in_force(market.pk, DAY) == 50
    assert rate_in_force(market.pk, DAY + dt.timedelta(days=1)) == 150


def test_the_rate_in_force_on_the_capture_day_stays_with_the_order(market, veg):
    CommissionRate.objects.create(market=market, rate_bp=150, effective_from=DAY + dt.timedelta(days=1))
    capture(veg, 10000, day=DAY)
    assert commission_of(veg) == 100
    settlement.record_refund(store=veg, order_ref="A-1", tender_ref="t", amount=5000,
                             business_date=DAY + dt.timedelta(days=1), key="r")
    assert commission_of(veg) == 50  # 1 % of 5,000 — not the new 1.5 %
    capture(veg, 10000, order="B-1", day=DAY + dt.timedelta(days=1))
    assert commission_of(veg, "B-1") == 150


def test_two_small_refunds_give_back_the_whole_commission_at_zero(veg):
    capture(veg, 150)
    assert commission_of(veg) == 1
    refund(veg, 50, key="r1")
    assert commission_of(veg) == 1  # floor(1 % × 100)
    refund(veg, 50, key="r2")
    assert commission_of(veg) == 0  # floor(1 % × 50): per-refund flooring would have kept 1원
    refund(veg, 50, key="r3")
    assert commission_of(veg) == 0


def test_a_partial_refund_keeps_the_floor_of_the_rest(veg):
    capture(veg, 4650)
    assert commission_of(veg) == 46
    refund(veg, 3100, key="r1")
    assert commission_of(veg) == 15
    kinds = list(LedgerEntry.objects.filter(store=veg).values_list("kind", "amount", "rate_bp"))
    assert kinds == [("capture", 4650, None), ("commission", -46, 100), ("refund", -3100, None),
                     ("commission_reversal", 31, 100)]


def test_a_second_capture_tops_up_the_commission_as_a_whole(veg):
    capture(veg, 150, key="c1")
    capture(veg, 150, key="c2")
    assert commission_of(veg) == 3  # floor(1 % × 300), not 1 + 1
