"""Why a market is closed on a day: weekly closed days, nth-weekday closures, 5-day markets
(open only on their 장날), public holidays, and the defaults of a market without rules."""

import datetime as dt

import pytest

from jangbogi.markets import calendar
from jangbogi.markets.models import Market, MarketCalendar
from tests.factories import MarketFactory

D = dt.date
pytestmark = pytest.mark.django_db


def market_with(**rules):
    market = MarketFactory()
    MarketCalendar.objects.create(market=market, **rules)
    return Market.objects.get(pk=market.pk)   # fresh: no cached calendar


def closed_days(market, year: int, month: int) -> dict[int, str]:
    start = D(year, month, 1)
    return {day.date.day: day.reason for day in calendar.month_view(market, start, 31)
            if day.date.month == month and not day.is_open}


def test_default_rules_open_daily_closed_on_public_holidays():
    market = MarketFactory()
    assert calendar.is_open(market, D(2026, 11, 26))
    assert calendar.why_closed(market, D(2026, 11, 26)) is None
    assert calendar.why_closed(market, D(2026, 2, 17)) == "설날"
    assert calendar.why_closed(market, D(2026, 9, 24)) is None     # 추석 전날: the busiest market day
    assert calendar.why_closed(market, D(2026, 9, 25)) == "추석"
    assert not MarketCalendar.objects.exists()     # reading never creates the row


def test_unsaved_market_uses_the_defaults_without_a_database():
    market = MarketFactory.build()
    assert calendar.is_open(market, D(2026, 11, 26))
    assert calendar.why_closed(market, D(2026, 3, 2)) == "삼일절 대체 휴일"


def test_weekly_closed_day():
    market = market_with(weekly_closed_days="0")
    assert closed_days(market, 2026, 11) == {
        2: "정기 휴무(월요일)", 9: "정기 휴무(월요일)", 16: "정기 휴무(월요일)",
        23: "정기 휴무(월요일)", 30: "정기 휴무(월요일)",
    }


def test_two_weekly_closed_days():
    market = market_with(weekly_closed_days="06", closed_on_public_holidays=False)
    assert calendar.why_closed(market, D(2026, 11, 22)) == "정기 휴무(일요일)"
    assert calendar.why_closed(market, D(2026, 11, 23)) == "정기 휴무(월요일)"
    assert calendar.is_open(market, D(2026, 11, 24))


def test_second_and_fourth_monday():
    market = market_with(nth_weekday_closures=[[2, 0], [4, 0]])
    # Mondays of November 2026: 2, 9, 16, 23, 30.
    assert closed_days(market, 2026, 11) == {9: "둘째 주 월요일 휴무", 23: "넷째 주 월요일 휴무"}
    for open_monday in (2, 16, 30):
        assert calendar.is_open(market, D(2026, 11, open_monday))


def test_last_sunday_of_the_month():
    market = market_with(nth_weekday_closures=[[-1, 6]])
    assert closed_days(market, 2026, 11) == {29: "마지막 주 일요일 휴무"}   # five Sundays
    assert closed_days(market, 2026, 12) == {25: "기독탄신일", 27: "마지막 주 일요일 휴무"}
    assert calendar.is_open(market, D(2026, 11, 22))
    assert closed_days(market, 2026, 1)[25] == "마지막 주 일요일 휴무"    # 31-day month, 7th-last day
    assert closed_days(market, 2026, 2) == {17: "설날", 18: "설날 다음날",
                                            22: "마지막 주 일요일 휴무"}  # four Sundays


def test_fifth_weekday_only_in_months_that_have_one():
    market = market_with(nth_weekday_closures=[[5, 0]], closed_on_public_holidays=False)
    assert closed_days(market, 2026, 11) == {30: "다섯째 주 월요일 휴무"}
    assert closed_days(market, 2026, 12) == {}


def test_five_day_market_4_and_9_opens_only_on_its_market_days():
    market = market_with(five_day_digits="49")
    reasons = closed_days(market, 2026, 12)
    assert sorted(set(range(1, 32)) - set(reasons)) == [4, 9, 14, 19, 24, 29]
    assert reasons[31] == "장날이 아님 (4·9일장)"           # 31 ends in 1
    assert reasons[1] == reasons[30] == "장날이 아님 (4·9일장)"
    assert reasons[25] == "기독탄신일"


def test_five_day_market_on_the_31st_when_a_digit_is_1():
    market = market_with(five_day_digits="16")
    assert calendar.is_open(market, D(2026, 12, 31))
    assert calendar.is_open(market, D(2026, 12, 1))
    assert calendar.why_closed(market, D(2026, 12, 30)) == "장날이 아님 (1·6일장)"


def test_five_day_market_ending_in_0_is_written_10():
    market = market_with(five_day_digits="05", closed_on_public_holidays=False)
    assert calendar.why_closed(market, D(2026, 12, 1)) == "장날이 아님 (5·10일장)"
    assert [d.day for d in calendar.open_days(market, D(2026, 12, 1), 6)] == [5, 10, 15, 20, 25, 30]


def test_holiday_flag_off_keeps_the_market_open_on_holidays():
    market = market_with(closed_on_public_holidays=False)
    assert calendar.is_open(market, D(2026, 2, 17))
    assert calendar.is_open(market, D(2026, 9, 25))


def test_public_holiday_names_the_day_before_other_rules():
    market = market_with(weekly_closed_days="3", five_day_digits="49")   # Thursdays; 4·9일장
    assert calendar.why_closed(market, D(2026, 9, 25)) == "추석"           # a Friday, not a 장날 either
    assert calendar.why_closed(market, D(2026, 9, 24)) == "정기 휴무(목요일)"  # 추석 전날 stays open itself
    assert calendar.why_closed(market, D(2026, 10, 9)) == "한글날"         # a 장날
    assert calendar.why_closed(market, D(2026, 9, 17)) == "정기 휴무(목요일)"  # not a 장날 either
    assert calendar.is_open(market, D(2026, 9, 29))


def test_weekly_rule_named_before_the_five_day_rule():
    market = market_with(weekly_closed_days="0", nth_weekday_closures=[[2, 0]], five_day_digits="49")
    assert calendar.why_closed(market, D(2026, 11, 9)) == "정기 휴무(월요일)"
    assert calendar.why_closed(market, D(2026, 11, 10)) == "장날이 아님 (4·9일장)"


def test_select_related_calendar_costs_no_extra_query(django_assert_num_queries):
    market_with(weekly_closed_days="0")
    market = Market.objects.select_related("calendar").get()
    with django_assert_num_queries(1):      # the exceptions only
        assert calendar.why_closed(market, D(2026, 11, 23)) == "정기 휴무(월요일)"
