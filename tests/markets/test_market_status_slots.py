"""market_status with calendars and slot capacity: why today is closed ("day_off"), today's
slots full ("full_today"), a later slot still open today, few places left."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from jangbogi.markets.models import CalendarException, MarketCalendar, SlotBooking
from jangbogi.markets.slots import market_status
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory

pytestmark = pytest.mark.django_db
D, T = dt.date, dt.time
TODAY = MORNING.date()   # Thursday 2026-11-26


def at(date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return btime.at(date, T(hour, minute))


def status(market, moment):
    with time_machine.travel(moment, tick=False):   # "오늘/내일" are relative to the clock
        return market_status(market, at=moment)


def test_chuseok_says_why_and_names_the_next_slot(market):
    found = status(market, at(D(2026, 9, 25), 10))
    assert (found.code, found.message) == ("day_off", "오늘은 휴무(추석) · 9월 27일(일) 16:00–19:00 배송")
    assert found.slot.date == D(2026, 9, 27)
    assert found.time_left is None


def test_the_eve_of_chuseok_is_an_ordinary_open_day(market):
    found = status(market, at(D(2026, 9, 24), 10))
    assert (found.code, found.message) == ("open", "오늘 16:00–19:00 배송 · 마감까지 3시간")


def test_a_weekly_closed_day(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="3")    # Thursdays
    assert status(market, MORNING).message == "오늘은 정기 휴무(목요일) · 내일 11월 27일(금) 16:00–19:00 배송"


def test_a_dated_closure_names_its_reason(market):
    CalendarException.objects.create(market=market, date=TODAY, is_open=False, reason="시장 축제")
    assert status(market, MORNING).message == "오늘은 임시 휴무(시장 축제) · 내일 11월 27일(금) 16:00–19:00 배송"
    CalendarException.objects.filter(market=market).update(reason="")
    assert status(market, MORNING).message == "오늘은 임시 휴무 · 내일 11월 27일(금) 16:00–19:00 배송"


def test_not_a_market_day_at_a_five_day_market(market):
    MarketCalendar.objects.create(market=market, five_day_digits="49")
    found = status(market, MORNING)
    assert found.message == "오늘은 장날이 아니에요 (4·9일장) · 11월 29일(일) 16:00–19:00 배송"


def test_closed_by_the_calendar_before_the_cutoff_is_still_a_day_off(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="3")
    assert status(market, at(TODAY, 6)).code == "day_off"


@pytest.fixture
def two_slots(market):
    early = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=2,
                                    bundles_per_rider=5, packing_capacity=10)
    late = DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15), riders=2,
                                   bundles_per_rider=5, packing_capacity=10)
    return early, late


def test_full_today(market, two_slots):
    for rule in two_slots:
        SlotBooking.objects.create(market=market, date=TODAY, rule=rule, booked=10)
    found = status(market, MORNING)
    assert (found.code, found.message) == ("full_today", "오늘 마감(자리 없음) · 내일 11월 27일(금) 14:00–16:00 배송")
    assert found.slot.date == TODAY + dt.timedelta(days=1)


def test_the_early_slot_full_the_late_one_is_offered(market, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=10)
    found = status(market, MORNING)
    assert (found.code, found.message) == ("open", "오늘 18:00–20:00 배송 · 마감까지 5시간")
    assert found.slot.start == T(18)


def test_after_the_early_cutoff_the_late_slot_is_offered(market, two_slots):
    assert status(market, at(TODAY, 12)).message == "오늘 18:00–20:00 배송 · 마감까지 3시간"


def test_the_late_slot_full_after_the_early_cutoff_is_full_today(market, two_slots):
    _, late = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=late, booked=10)
    assert status(market, at(TODAY, 12)).code == "full_today"
    assert status(market, at(TODAY, 15)).code == "closed_today"   # past every cutoff: plain "마감"


def test_few_places_left_are_announced(market, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=7)
    assert status(market, MORNING).message == "오늘 14:00–16:00 배송 · 마감까지 1시간 · 3자리 남음"
    assert status(market, at(TODAY, 8)).message == "오늘 14:00–16:00 배송 · 11:00까지 주문 · 3자리 남음"
    SlotBooking.objects.filter(rule=early).update(booked=4)
    assert status(market, MORNING).message == "오늘 14:00–16:00 배송 · 마감까지 1시간"


def test_nothing_open_for_a_week(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="0123456")
    found = status(market, MORNING)
    assert (found.code, found.message, found.slot) == ("day_off", "오늘은 정기 휴무(목요일)", None)
