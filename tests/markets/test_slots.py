"""Delivery slots: today's slot before the order cutoff, tomorrow's from the cutoff on."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from jangbogi.markets.slots import DeliverySlot, is_slot_open, next_slot, slot_on
from tests.conftest import MORNING
from tests.factories import MarketFactory

TODAY = MORNING.date()              # Thursday 2026-11-26
TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)


def seoul(hour: int, minute: int = 0, second: int = 0, *, date: dt.date = TODAY) -> dt.datetime:
    return btime.at(date, dt.time(hour, minute, second))


@pytest.fixture
def market():
    """Defaults of the 2021 service: orders 09:00–13:00, delivery 16:00–19:00 (no DB needed)."""
    return MarketFactory.build()


def test_slot_on_carries_the_market_window_and_cutoff(market):
    assert slot_on(market, TODAY) == DeliverySlot(
        date=TODAY, start=dt.time(16, 0), end=dt.time(19, 0), order_cutoff=seoul(13, 0),
    )
    assert slot_on(market, TODAY).window_label() == "16:00–19:00"


@pytest.mark.parametrize(("at", "slot_date"), [
    (seoul(0, 0), TODAY),
    (seoul(8, 0), TODAY),            # before the order window opens: still today's slot
    (MORNING, TODAY),
    (seoul(12, 59, 59), TODAY),
    (seoul(13, 0), TOMORROW),        # exactly at the cutoff: too late for today
    (seoul(13, 0, 1), TOMORROW),
    (seoul(23, 59, 59), TOMORROW),
])
def test_next_slot_before_and_after_cutoff(market, at, slot_date):
    slot = next_slot(market, at=at)
    assert slot.date == slot_date
    assert slot.order_cutoff == btime.at(slot_date, dt.time(13, 0))


def test_next_slot_reads_the_moment_in_seoul_time(market):
    # 03:59 UTC is 12:59 in Seoul (today), 04:00 UTC is 13:00 (tomorrow's slot).
    assert next_slot(market, at=dt.datetime(2026, 11, 26, 3, 59, tzinfo=dt.UTC)).date == TODAY
    assert next_slot(market, at=dt.datetime(2026, 11, 26, 4, 0, tzinfo=dt.UTC)).date == TOMORROW
    # 16:00 UTC on the 25th is already 01:00 on the 26th in Seoul.
    assert next_slot(market, at=dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)).date == TODAY


def test_next_slot_follows_the_market_own_cutoff():
    market = MarketFactory.build(order_open=dt.time(8, 0), order_cutoff=dt.time(11, 30),
                                 delivery_start=dt.time(14, 0), delivery_end=dt.time(17, 0))
    assert next_slot(market, at=seoul(11, 29)) == DeliverySlot(TODAY, dt.time(14, 0), dt.time(17, 0),
                                                               seoul(11, 30))
    assert next_slot(market, at=seoul(11, 30)).date == TOMORROW


@pytest.mark.parametrize(("slot_date", "at", "is_open"), [
    (TODAY, MORNING, True),
    (TODAY, seoul(12, 59, 59), True),
    (TODAY, seoul(13, 0), False),
    (TODAY, seoul(18, 0), False),
    (TOMORROW, seoul(13, 0), True),
    (TOMORROW, seoul(23, 59), True),
    (TOMORROW + dt.timedelta(days=5), MORNING, True),
    (YESTERDAY, MORNING, False),
    (YESTERDAY, seoul(0, 0), False),
    (TODAY - dt.timedelta(days=30), MORNING, False),
])
def test_is_slot_open(market, slot_date, at, is_open):
    assert is_slot_open(market, slot_date, at=at) is is_open


def test_slot_label_names_today_and_tomorrow(market):
    with time_machine.travel(MORNING, tick=False):
        assert slot_on(market, TODAY).label == "오늘 11월 26일(목) 16:00–19:00"
        assert slot_on(market, TOMORROW).label == "내일 11월 27일(금) 16:00–19:00"
        assert next_slot(market).date == TODAY
