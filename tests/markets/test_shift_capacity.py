"""Slot capacity from rider shifts: min(packing, bundles per rider × riders whose shift covers
the whole slot); the rule's typed rider count when the day has no shift at all.  Shift edits:
Korean errors, one shift per rider and day, copy last week without overwriting."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core.errors import SlotFull, ValidationFailed
from jangbogi.markets import services, slots
from jangbogi.markets.models import RiderShift
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory, UserFactory

pytestmark = pytest.mark.django_db
T = dt.time
TODAY = MORNING.date()


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def afternoon(market):
    """16:00–19:00, typed 2 riders × 10 bundles, packing 30: 20 places without shifts."""
    return DeliverySlotRuleFactory(market=market, start=T(16), end=T(19), order_cutoff=T(13), riders=2,
                                   bundles_per_rider=10, packing_capacity=30)


def shift(market, name, start, end, date=TODAY):
    return services.save_shift(market=market, user=UserFactory(username=name), date=date, start=start, end=end,
                               capacity_bags=8, capacity_kg=40)


def today_slot(market):
    return slots.slot_on(market, TODAY, T(16))


def test_without_shifts_the_typed_rider_count(market, afternoon):
    slot = today_slot(market)
    assert (slot.capacity, slot.riders, slot.from_shifts) == (20, 2, False)


def test_riders_whose_shift_covers_the_slot_count(market, afternoon):
    shift(market, "r1", T(15, 30), T(19, 30))
    shift(market, "r2", T(16), T(19))
    shift(market, "r3", T(16), T(18))          # leaves before the slot ends: not counted
    slot = today_slot(market)
    assert (slot.capacity, slot.riders, slot.from_shifts) == (20, 2, True)
    for name in ("r4", "r5"):
        shift(market, name, T(12), T(20))
    assert today_slot(market).capacity == 30   # 4 × 10 = 40, packing caps it at 30


def test_a_day_with_shifts_none_covering_is_full(market, afternoon):
    shift(market, "r1", T(9), T(13))
    slot = today_slot(market)
    assert (slot.capacity, slot.remaining, slot.is_full) == (0, 0, True)
    with pytest.raises(SlotFull):
        slots.bookable_slot(market, date=TODAY, start=T(16), at=MORNING)
    # Another day still uses the typed count.
    assert slots.slot_on(market, TODAY + dt.timedelta(days=1), T(16)).capacity == 20


def test_one_rider_books_exactly_their_bundles(market, afternoon):
    shift(market, "r1", T(15), T(20))
    for _ in range(10):
        services.book_slot(market=market, slot=slots.bookable_slot(market, date=TODAY, start=T(16), at=MORNING),
                           at=MORNING)
    with pytest.raises(SlotFull):
        slots.bookable_slot(market, date=TODAY, start=T(16), at=MORNING)


def test_shift_errors_in_korean_and_one_per_day(market):
    user = UserFactory(username="r1")
    with pytest.raises(ValidationFailed) as exc:
        services.save_shift(market=market, user=user, date=TODAY - dt.timedelta(days=1), start=T(18), end=T(16),
                            capacity_bags=0, capacity_kg=900)
    assert exc.value.details["errors"] == {
        "date": "지난 날짜의 근무는 바꿀 수 없어요.", "end": "근무 끝은 근무 시작보다 늦어야 해요.",
        "capacity_bags": "꾸러미는 1개에서 60개 사이로 적어 주세요.", "capacity_kg": "무게는 1kg에서 500kg 사이로 적어 주세요."}
    services.save_shift(market=market, user=user, date=TODAY, start=T(15), end=T(19), capacity_bags=8, capacity_kg=40)
    services.save_shift(market=market, user=user, date=TODAY, start=T(16), end=T(20), capacity_bags=5, capacity_kg=25)
    assert list(RiderShift.objects.values_list("start", "end", "capacity_bags")) == [(T(16), T(20), 5)]


def test_copy_last_week_fills_only_empty_future_days(market):
    monday = TODAY - dt.timedelta(days=TODAY.weekday())          # 2026-11-23
    r1, r2 = UserFactory(username="r1"), UserFactory(username="r2")
    next_monday = monday + dt.timedelta(days=7)
    for user in (r1, r2):
        for i in range(7):
            RiderShift.objects.create(market=market, user=user, date=monday + dt.timedelta(days=i), start=T(15),
                                      end=T(19))
    services.save_shift(market=market, user=r2, date=next_monday, start=T(10), end=T(14), capacity_bags=3,
                        capacity_kg=10)
    made = services.copy_last_week(market=market, week_start=next_monday, user_ids={r1.pk, r2.pk})
    assert made == 13  # 7 for r1, 6 for r2 (its Monday was already set)
    assert RiderShift.objects.get(user=r2, date=next_monday).start == T(10)
    assert services.copy_last_week(market=market, week_start=next_monday, user_ids={r1.pk, r2.pk}) == 0
