"""Dated exceptions beat every rule: open on a holiday, closed for a festival."""

import datetime as dt

import pytest
from django.db import IntegrityError

from jangbogi.markets import calendar
from jangbogi.markets.models import CalendarException, MarketCalendar
from tests.factories import MarketFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return MarketFactory()


def test_open_on_a_holiday(market):
    CalendarException.objects.create(market=market, date=D(2026, 9, 25), is_open=True, reason="추석 대목장")
    assert calendar.is_open(market, D(2026, 9, 25))
    assert calendar.why_closed(market, D(2026, 9, 25)) is None
    assert calendar.why_closed(market, D(2026, 9, 26)) == "추석 다음날"


def test_closed_on_a_normal_day(market):
    CalendarException.objects.create(market=market, date=D(2026, 11, 26), is_open=False, reason="시장 축제")
    CalendarException.objects.create(market=market, date=D(2026, 11, 27), is_open=False)
    assert calendar.why_closed(market, D(2026, 11, 26)) == "임시 휴무: 시장 축제"
    assert calendar.why_closed(market, D(2026, 11, 27)) == "임시 휴무"
    assert calendar.is_open(market, D(2026, 11, 28))


def test_exception_beats_every_rule_at_once(market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="0", nth_weekday_closures=[[2, 0]],
                                  five_day_digits="49")
    # 2026-10-05: 개천절 대체 휴일, a Monday, not a 장날 (ends in 5).
    assert calendar.why_closed(market, D(2026, 10, 5)) == "개천절 대체 휴일"
    CalendarException.objects.create(market=market, date=D(2026, 10, 5), is_open=True, reason="")
    assert calendar.is_open(market, D(2026, 10, 5))
    # 2026-10-14: a 장날 and a Wednesday: open by the rules, closed by the exception.
    assert calendar.is_open(market, D(2026, 10, 14))
    CalendarException.objects.create(market=market, date=D(2026, 10, 14), is_open=False, reason="정전")
    assert calendar.why_closed(market, D(2026, 10, 14)) == "임시 휴무: 정전"


def test_exceptions_belong_to_their_market(market):
    other = MarketFactory()
    CalendarException.objects.create(market=other, date=D(2026, 11, 26), is_open=False, reason="축제")
    assert calendar.is_open(market, D(2026, 11, 26))
    assert not calendar.is_open(other, D(2026, 11, 26))


def test_one_exception_per_market_and_date(market):
    CalendarException.objects.create(market=market, date=D(2026, 11, 26), is_open=False)
    with pytest.raises(IntegrityError):
        CalendarException.objects.create(market=market, date=D(2026, 11, 26), is_open=True)


@pytest.mark.parametrize("field", ["weekly_closed_days", "five_day_digits"])
def test_database_refuses_non_digit_rules(market, field):
    with pytest.raises(IntegrityError):
        MarketCalendar.objects.create(market=market, **{field: "7a" if field == "five_day_digits" else "7"})
