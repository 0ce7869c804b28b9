"""book_slot / release_slot: one place per order, never past capacity, never below zero; and
bookable_slot, the check place_order makes (SlotClosed / SlotFull naming the next slot)."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from jangbogi.core import time as btime
from jangbogi.core.errors import SlotClosed, SlotFull
from jangbogi.markets import services as markets
from jangbogi.markets import slots
from jangbogi.markets.models import SlotBooking
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory

pytestmark = pytest.mark.django_db
D, T = dt.date, dt.time
TODAY = MORNING.date()   # Thursday 2026-11-26


@pytest.fixture
def small(market):
    """14:00–16:00, orders until 11:00, capacity 2 (1 rider × 2 bundles)."""
    return DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                   bundles_per_rider=2, packing_capacity=10)


@pytest.fixture
def late(market):
    """18:00–20:00, orders until 15:00, capacity 20."""
    return DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15))


def count(market, rule=None, date=TODAY) -> int | None:
    return SlotBooking.objects.filter(market=market, date=date, rule=rule).values_list("booked", flat=True).first()


def test_booking_up_to_capacity_then_full_with_the_next_slot(market, small, late):
    slot = slots.slot_on(market, TODAY, T(14))
    markets.book_slot(market=market, slot=slot, at=MORNING)
    markets.book_slot(market=market, slot=slot, at=MORNING)
    assert count(market, small) == 2
    with time_machine.travel(MORNING, tick=False), pytest.raises(SlotFull) as exc:
        markets.book_slot(market=market, slot=slot, at=MORNING)
    assert (exc.value.code, exc.value.status) == ("slot_full", 409)
    assert exc.value.message == ("오늘 11월 26일(목) 14:00–16:00 배송은 자리가 모두 찼습니다. "
                                 "오늘 11월 26일(목) 18:00–20:00 배송으로 주문할 수 있어요.")
    assert exc.value.details == {"next_slot_date": "2026-11-26", "next_slot_start": "18:00"}
    assert count(market, small) == 2
    assert SlotBooking.objects.count() == 1


def test_capacity_is_the_one_passed_in(market, small):
    """The slot read at validation carries the capacity; the UPDATE compares against it."""
    roomy = slots.DeliverySlot(TODAY, T(14), T(16), btime.at(TODAY, T(11)), rule_id=small.pk, capacity=3)
    for _ in range(3):
        markets.book_slot(market=market, slot=roomy, at=MORNING)
    assert count(market, small) == 3


def test_the_implicit_slot_is_unlimited_with_one_row_per_day(market):
    slot = slots.slot_on(market, TODAY)
    for _ in range(25):
        markets.book_slot(market=market, slot=slot, at=MORNING)
    markets.book_slot(market=market, slot=slots.slot_on(market, TODAY + dt.timedelta(days=1)), at=MORNING)
    assert count(market) == 25
    assert SlotBooking.objects.filter(market=market, rule__isnull=True).count() == 2


def test_release_gives_one_place_back_never_below_zero(market, small):
    markets.book_slot(market=market, slot=slots.slot_on(market, TODAY, T(14)), at=MORNING)
    assert markets.release_slot(market_id=market.pk, date=TODAY, rule_id=small.pk) is True
    assert count(market, small) == 0
    assert markets.release_slot(market_id=market.pk, date=TODAY, rule_id=small.pk) is False
    assert count(market, small) == 0
    # Nothing booked at all (an order from before slot bookings existed): a no-op.
    assert markets.release_slot(market_id=market.pk, date=TODAY, rule_id=None) is False
    assert SlotBooking.objects.count() == 1


def test_a_released_place_can_be_booked_again(market, small):
    slot = slots.slot_on(market, TODAY, T(14))
    markets.book_slot(market=market, slot=slot, at=MORNING)
    markets.book_slot(market=market, slot=slot, at=MORNING)
    markets.release_slot(market_id=market.pk, date=TODAY, rule_id=small.pk)
    markets.book_slot(market=market, slot=slot, at=MORNING)
    assert count(market, small) == 2


def test_release_touches_only_its_own_slot(market, small, late):
    for start in (T(14), T(18)):
        markets.book_slot(market=market, slot=slots.slot_on(market, TODAY, start), at=MORNING)
    markets.book_slot(market=market, slot=slots.slot_on(market, TODAY), at=MORNING)  # the day's first: 14:00
    markets.release_slot(market_id=market.pk, date=TODAY, rule_id=late.pk)
    assert (count(market, small), count(market, late)) == (2, 0)


def test_the_database_keeps_counts_unique_and_non_negative(market, small):
    SlotBooking.objects.create(market=market, date=TODAY, rule=small)
    SlotBooking.objects.create(market=market, date=TODAY, rule=None)
    for rule in (small, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            SlotBooking.objects.create(market=market, date=TODAY, rule=rule)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotBooking.objects.filter(market=market).update(booked=-1)


# --- bookable_slot ------------------------------------------------------------------------------

def refusal(market, error, *, date=TODAY, start=None, now=MORNING):
    with time_machine.travel(now, tick=False), pytest.raises(error) as exc:
        slots.bookable_slot(market, date=date, start=start, at=now)
    return exc.value


def test_the_chosen_slot_or_the_days_first_open_one(market, small, late):
    assert slots.bookable_slot(market, date=TODAY, start=T(18), at=MORNING).rule_id == late.pk
    assert slots.bookable_slot(market, date=TODAY, at=MORNING).rule_id == small.pk
    at_noon = btime.at(TODAY, T(12))
    assert slots.bookable_slot(market, date=TODAY, at=at_noon).rule_id == late.pk   # 14:00 is past its cutoff
    SlotBooking.objects.create(market=market, date=TODAY, rule=small, booked=2)
    assert slots.bookable_slot(market, date=TODAY, at=MORNING).rule_id == late.pk   # 14:00 is full


def test_a_chosen_slot_past_its_cutoff(market, small, late):
    error = refusal(market, SlotClosed, start=T(14), now=btime.at(TODAY, T(11)))
    assert error.message == ("선택한 배송 시간의 주문이 마감되었습니다. "
                             "오늘 11월 26일(목) 18:00–20:00 배송으로 주문할 수 있어요.")
    assert error.details == {"next_slot_date": "2026-11-26", "next_slot_start": "18:00"}


def test_a_chosen_full_slot(market, small, late):
    SlotBooking.objects.create(market=market, date=TODAY, rule=small, booked=2)
    error = refusal(market, SlotFull, start=T(14))
    assert error.details == {"next_slot_date": "2026-11-26", "next_slot_start": "18:00"}


def test_every_slot_of_the_day_full(market, small, late):
    SlotBooking.objects.create(market=market, date=TODAY, rule=small, booked=2)
    SlotBooking.objects.create(market=market, date=TODAY, rule=late, booked=20)
    error = refusal(market, SlotFull)
    assert error.message == ("오늘 11월 26일(목) 14:00–16:00 배송은 자리가 모두 찼습니다. "
                             "내일 11월 27일(금) 14:00–16:00 배송으로 주문할 수 있어요.")
    assert error.details == {"next_slot_date": "2026-11-27", "next_slot_start": "14:00"}


def test_a_start_the_market_does_not_run(market, small):
    error = refusal(market, SlotClosed, start=T(16))
    assert error.message == "16:00에 시작하는 배송 시간은 없습니다. 오늘 11월 26일(목) 14:00–16:00 배송으로 주문할 수 있어요."


def test_a_closed_day(market):
    eve = btime.at(D(2026, 9, 24), T(10))
    error = refusal(market, SlotClosed, date=D(2026, 9, 25), now=eve)
    assert error.message == ("내일 9월 25일(금)은 시장이 쉬는 날입니다(추석). "
                             "오늘 9월 24일(목) 16:00–19:00 배송으로 주문할 수 있어요.")
    assert error.details == {"next_slot_date": "2026-09-24", "next_slot_start": "16:00"}
    assert slots.bookable_slot(market, date=D(2026, 9, 24), at=eve).date == D(2026, 9, 24)


def test_nothing_open_anywhere(market):
    market.is_active = False   # offers nothing; the check still names no next slot
    error = refusal(market, SlotClosed, date=TODAY - dt.timedelta(days=1))
    assert error.message == "선택한 배송일의 주문이 마감되었습니다. 가까운 날에는 주문할 수 있는 배송 시간이 없어요."
    assert error.details == {"next_slot_date": None, "next_slot_start": None}
