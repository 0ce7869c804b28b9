"""market_status: the banner a customer sees ("open", "before_open", "closed_today",
"inactive")."""

import datetime as dt

from jangbogi.core import time as btime
from jangbogi.markets.slots import market_status, slot_on
from tests.conftest import MORNING
from tests.factories import MarketFactory

TODAY = MORNING.date()
TOMORROW = TODAY + dt.timedelta(days=1)


def seoul(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return btime.at(TODAY, dt.time(hour, minute, second))


def test_open_shows_time_left_to_the_cutoff():
    market = MarketFactory.build()
    status = market_status(market, at=MORNING)
    assert status.code == "open"
    assert status.message == "오늘 16:00–19:00 배송 · 마감까지 3시간"
    assert status.slot == slot_on(market, TODAY)
    assert status.time_left == dt.timedelta(hours=3)


def test_open_from_the_first_minute_of_the_order_window():
    status = market_status(MarketFactory.build(), at=seoul(9, 0))
    assert (status.code, status.message) == ("open", "오늘 16:00–19:00 배송 · 마감까지 4시간")


def test_open_with_hours_and_minutes_and_under_a_minute():
    market = MarketFactory.build()
    assert market_status(market, at=seoul(11, 55)).message == "오늘 16:00–19:00 배송 · 마감까지 1시간 5분"
    assert market_status(market, at=seoul(12, 30)).message == "오늘 16:00–19:00 배송 · 마감까지 30분"
    last = market_status(market, at=seoul(12, 59, 30))
    assert (last.code, last.message) == ("open", "오늘 16:00–19:00 배송 · 마감까지 1분 미만")
    assert last.time_left == dt.timedelta(seconds=30)


def test_before_open_shows_the_cutoff_time():
    status = market_status(MarketFactory.build(), at=seoul(8, 0))
    assert status.code == "before_open"
    assert status.message == "오늘 16:00–19:00 배송 · 13:00까지 주문"
    assert status.slot.date == TODAY
    assert status.time_left == dt.timedelta(hours=5)


def test_closed_today_from_the_cutoff_points_to_tomorrow():
    market = MarketFactory.build()
    status = market_status(market, at=seoul(13, 0))
    assert status.code == "closed_today"
    assert status.message == "오늘 주문 마감 · 내일 11월 27일(금) 16:00–19:00 배송"
    assert status.slot == slot_on(market, TOMORROW)
    assert status.time_left is None


def test_closed_today_late_at_night():
    status = market_status(MarketFactory.build(), at=seoul(23, 59))
    assert (status.code, status.slot.date) == ("closed_today", TOMORROW)


def test_inactive_market_has_no_slot():
    status = market_status(MarketFactory.build(is_active=False), at=MORNING)
    assert status.code == "inactive"
    assert status.message == "지금은 운영하지 않아요"
    assert (status.slot, status.time_left) == (None, None)


def test_custom_windows_show_in_the_messages():
    market = MarketFactory.build(order_open=dt.time(7, 30), order_cutoff=dt.time(11, 0),
                                 delivery_start=dt.time(14, 0), delivery_end=dt.time(17, 30))
    assert market_status(market, at=seoul(7, 0)).message == "오늘 14:00–17:30 배송 · 11:00까지 주문"
    assert market_status(market, at=seoul(7, 30)).message == "오늘 14:00–17:30 배송 · 마감까지 3시간 30분"
    assert market_status(market, at=seoul(11, 0)).message == (
        "오늘 주문 마감 · 내일 11월 27일(금) 14:00–17:30 배송"
    )
