"""The next open days (what customers may pick) and the admin's 60-day calendar."""

import datetime as dt

import pytest

from jangbogi.markets import calendar
from jangbogi.markets.calendar import DayInfo
from jangbogi.markets.models import CalendarException, Market, MarketCalendar
from tests.factories import MarketFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    """Closed on Mondays and public holidays; open on 추석 itself for the 대목장."""
    m = MarketFactory()
    MarketCalendar.objects.create(market=m, weekly_closed_days="0")
    CalendarException.objects.create(market=m, date=D(2026, 9, 25), is_open=True, reason="추석 대목장")
    CalendarException.objects.create(market=m, date=D(2026, 10, 1), is_open=False, reason="시장 축제")
    return Market.objects.get(pk=m.pk)


def test_open_days_skip_every_closure(market):
    assert calendar.open_days(market, D(2026, 9, 23), 6) == [
        D(2026, 9, 23),   # Wed
        D(2026, 9, 24),   # 추석 전날: open, the busiest market day
        D(2026, 9, 25),   # 추석, opened by the exception (26th 추석 다음날 closed)
        D(2026, 9, 27),   # Sun (28th Monday closed)
        D(2026, 9, 29),
        D(2026, 9, 30),
    ]
    assert calendar.open_days(market, D(2026, 9, 30), 2) == [D(2026, 9, 30), D(2026, 10, 2)]  # 1st: festival
    assert calendar.next_open_day(market, D(2026, 9, 26)) == D(2026, 9, 27)
    assert calendar.open_days(market, D(2026, 9, 23), 0) == []


def test_open_days_read_twice_whatever_the_count(market, django_assert_num_queries):
    with django_assert_num_queries(2):    # the calendar row and the window's exceptions
        assert len(calendar.open_days(market, D(2026, 9, 1), 40)) == 40


def test_open_days_give_up_after_the_horizon():
    market = MarketFactory()
    MarketCalendar.objects.create(market=market, weekly_closed_days="0123456")
    CalendarException.objects.create(market=market, date=D(2026, 12, 24), is_open=True, reason="성탄 장터")
    assert calendar.open_days(market, D(2026, 12, 1), 3) == [D(2026, 12, 24)]
    assert calendar.next_open_day(market, D(2026, 12, 25)) is None
    assert calendar.open_days(market, D(2026, 12, 1), 3, horizon=20) == []


def test_month_view_is_60_days_with_reasons(market, django_assert_num_queries):
    with django_assert_num_queries(2):
        view = calendar.month_view(market, D(2026, 9, 20))
    assert len(view) == 60
    assert view[0].date == D(2026, 9, 20)
    assert view[-1].date == D(2026, 11, 18)
    by_date = {day.date: day for day in view}
    assert by_date[D(2026, 9, 20)] == DayInfo(D(2026, 9, 20), True, None)
    assert by_date[D(2026, 9, 21)] == DayInfo(D(2026, 9, 21), False, "정기 휴무(월요일)")
    assert by_date[D(2026, 9, 24)] == DayInfo(D(2026, 9, 24), True, None, holiday="추석 전날")
    assert by_date[D(2026, 9, 25)] == DayInfo(D(2026, 9, 25), True, "임시 영업: 추석 대목장",
                                              holiday="추석", exception=True)
    assert by_date[D(2026, 10, 1)] == DayInfo(D(2026, 10, 1), False, "임시 휴무: 시장 축제", exception=True)
    assert by_date[D(2026, 10, 5)].reason == "개천절 대체 휴일"    # a Monday too: the holiday is named
    mondays = [D(2026, 9, 21), D(2026, 9, 28), D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19),
               D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16)]
    holidays = [D(2026, 9, 26), D(2026, 10, 3), D(2026, 10, 9)]  # 추석 전날 (24th) stays open
    assert sorted(day.date for day in view if not day.is_open) == sorted(
        [*mondays, *holidays, D(2026, 10, 1)])


def test_month_view_length_follows_days(market):
    assert [d.date for d in calendar.month_view(market, D(2026, 12, 30), days=3)] == [
        D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1)]
    assert calendar.month_view(market, D(2027, 1, 1), days=1)[0].reason == "신정연휴"
