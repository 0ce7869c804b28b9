"""available_slots / slot_choices / next_slot: the open slots of the next open days, across the
cutoff, closed days (2026-09-25 추석; its eve stays open by design) and full slots."""

import datetime as dt

import pytest

from jangbogi.core import time as btime
from jangbogi.markets import slots
from jangbogi.markets.models import CalendarException, MarketCalendar, SlotBooking
from jangbogi.markets.slots import DeliverySlot
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory, MarketFactory

pytestmark = pytest.mark.django_db
D, T = dt.date, dt.time
TODAY = MORNING.date()                       # Thursday 2026-11-26
EVE = D(2026, 9, 24)                         # 추석 전날: open
CHUSEOK = D(2026, 9, 25)                     # 추석; the 26th (추석 다음날) is closed too


def seoul(date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return btime.at(date, T(hour, minute))


@pytest.fixture
def two_slots(market):
    """14:00–16:00 (orders until 11:00, capacity 4) and 18:00–20:00 (until 15:00, capacity 6)."""
    early = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=2,
                                    bundles_per_rider=2, packing_capacity=10)
    late = DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15), riders=3,
                                   bundles_per_rider=2, packing_capacity=10)
    return early, late


def booked(market, date, rule, count):
    SlotBooking.objects.create(market=market, date=date, rule=rule, booked=count)


def windows(found: list[DeliverySlot]) -> list[tuple]:
    return [(s.date, s.start, s.remaining) for s in found]


def test_no_rules_one_unlimited_slot_per_open_day(market):
    found = slots.available_slots(market, at=MORNING)
    assert found == [
        DeliverySlot(TODAY + dt.timedelta(days=i), T(16), T(19), seoul(TODAY + dt.timedelta(days=i), 13))
        for i in range(3)
    ]
    assert all(s.rule_id is None and s.remaining is None and s.capacity is None for s in found)


def test_after_the_last_cutoff_today_is_not_one_of_the_days(market):
    found = slots.available_slots(market, at=seoul(TODAY, 13))
    assert [s.date for s in found] == [D(2026, 11, 27), D(2026, 11, 28), D(2026, 11, 29)]


def test_days_counts_open_days(market):
    assert len(slots.available_slots(market, at=MORNING, days=1)) == 1
    assert len(slots.available_slots(market, at=MORNING, days=7)) == 7
    assert slots.available_slots(market, at=MORNING, days=0) == []


def test_rules_replace_the_implicit_slot_with_capacity(market, two_slots):
    early, late = two_slots
    found = slots.available_slots(market, at=MORNING, days=2)
    assert windows(found) == [(TODAY, T(14), 4), (TODAY, T(18), 6),
                              (TODAY + dt.timedelta(days=1), T(14), 4), (TODAY + dt.timedelta(days=1), T(18), 6)]
    assert (found[0].rule_id, found[0].capacity, found[1].rule_id) == (early.pk, 4, late.pk)
    assert found[0].order_cutoff == seoul(TODAY, 11)


def test_a_stopped_rule_is_not_offered(market, two_slots):
    early, _ = two_slots
    early.is_active = False
    early.save()
    assert [s.start for s in slots.available_slots(market, at=MORNING, days=1)] == [T(18)]


@pytest.mark.parametrize(("at", "expected"), [
    (seoul(TODAY, 10, 59), [(TODAY, T(14)), (TODAY, T(18))]),
    (seoul(TODAY, 11), [(TODAY, T(18))]),                              # the early cutoff passed
    (seoul(TODAY, 14, 59), [(TODAY, T(18))]),
    (seoul(TODAY, 15), [(D(2026, 11, 27), T(14)), (D(2026, 11, 27), T(18))]),  # today is over
])
def test_each_slot_closes_at_its_own_cutoff(market, two_slots, at, expected):
    assert [(s.date, s.start) for s in slots.available_slots(market, at=at, days=1)] == expected


def test_remaining_counts_bookings_and_full_slots_are_left_out(market, two_slots):
    early, late = two_slots
    booked(market, TODAY, early, 4)      # full
    booked(market, TODAY, late, 5)       # one place left
    booked(market, TODAY + dt.timedelta(days=1), early, 1)
    assert windows(slots.available_slots(market, at=MORNING, days=2)) == [
        (TODAY, T(18), 1), (TODAY + dt.timedelta(days=1), T(14), 3), (TODAY + dt.timedelta(days=1), T(18), 6)]
    choices = slots.slot_choices(market, at=MORNING, days=1)
    assert [(s.start, s.remaining, s.is_full, s.remaining_label) for s in choices] == [
        (T(14), 0, True, "마감"), (T(18), 1, False, "1자리 남음")]


def test_a_booking_above_a_lowered_capacity_is_simply_full(market, two_slots):
    early, _ = two_slots
    booked(market, TODAY, early, 9)
    assert slots.slot_choices(market, at=MORNING, days=1)[0].remaining == 0


def test_a_day_whose_slots_are_all_full_still_counts_as_a_day(market, two_slots):
    early, late = two_slots
    booked(market, TODAY, early, 4)
    booked(market, TODAY, late, 6)
    assert slots.available_slots(market, at=MORNING, days=1) == []
    assert slots.next_slot(market, at=MORNING).date == D(2026, 11, 27)
    assert slots.next_slot(market, at=MORNING).start == T(14)


def test_chuseok_and_the_day_after_are_skipped_the_eve_is_open(market):
    found = slots.available_slots(market, at=seoul(EVE, 10))
    assert [s.date for s in found] == [EVE, D(2026, 9, 27), D(2026, 9, 28)]
    late = slots.available_slots(market, at=seoul(EVE, 13))
    assert [s.date for s in late] == [D(2026, 9, 27), D(2026, 9, 28), D(2026, 9, 29)]
    assert slots.next_slot(market, at=seoul(CHUSEOK, 9)).date == D(2026, 9, 27)


def test_weekly_closures_and_exceptions_are_read(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="4")   # Fridays
    CalendarException.objects.create(market=market, date=D(2026, 11, 28), is_open=False, reason="시장 축제")
    CalendarException.objects.create(market=market, date=CHUSEOK, is_open=True, reason="대목장")
    assert [s.date for s in slots.available_slots(market, at=MORNING)] == [
        TODAY, D(2026, 11, 29), D(2026, 11, 30)]
    assert [s.date for s in slots.available_slots(market, at=seoul(CHUSEOK, 9), days=1)] == [CHUSEOK]


def test_inactive_market_offers_nothing(market):
    market.is_active = False
    assert slots.available_slots(market, at=MORNING) == []
    assert slots.next_slot(market, at=MORNING) is None


def test_a_calendar_closing_everything_leaves_no_next_slot(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="0123456")
    assert slots.next_slot(market, at=MORNING) is None


def test_unsaved_market_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert len(slots.available_slots(MarketFactory.build(), at=MORNING)) == 3


def test_queries_do_not_grow_with_days(market, two_slots, django_assert_num_queries):
    # slot rules, calendar row, exceptions, bookings, rider shifts
    with django_assert_num_queries(5):
        assert len(slots.available_slots(market, at=MORNING, days=7)) == 14


def test_slots_on_and_slot_on(market, two_slots):
    early, late = two_slots
    booked(market, TODAY, late, 2)
    assert windows(slots.slots_on(market, TODAY)) == [(TODAY, T(14), 4), (TODAY, T(18), 4)]
    assert slots.slot_on(market, TODAY, T(18)).remaining == 4
    assert slots.slot_on(market, TODAY).start == T(14)
    assert slots.slot_on(market, TODAY, T(16)) is None


@pytest.mark.parametrize(("start", "at", "is_open"), [
    (T(14), seoul(TODAY, 10, 59), True),
    (T(14), seoul(TODAY, 11), False),
    (T(18), seoul(TODAY, 14, 59), True),       # the later slot's own cutoff
    (T(18), seoul(TODAY, 15), False),
    (None, seoul(TODAY, 12), False),           # no start: the day's first slot
    (T(12), seoul(TODAY, 10), True),           # a start no rule has (rule changed): the day's first
    (T(12), seoul(TODAY, 12), False),
])
def test_is_slot_open_reads_the_slots_cutoff(market, two_slots, start, at, is_open):
    assert slots.is_slot_open(market, TODAY, start=start, at=at) is is_open
