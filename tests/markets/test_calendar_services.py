"""The market admin edits the closing rules and dated exceptions; bad input is refused in
Korean and changes nothing."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from jangbogi.core.errors import ValidationFailed
from jangbogi.markets import calendar
from jangbogi.markets import services as markets
from jangbogi.markets.models import CalendarException, MarketCalendar
from tests.factories import MarketFactory

D = dt.date
TODAY = D(2026, 9, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(btime.at(TODAY, dt.time(10, 0)), tick=False):
        yield


@pytest.fixture
def market():
    return MarketFactory()


def rules_of(market) -> dict:
    row = MarketCalendar.objects.get(market=market)
    return {"weekly_closed_days": row.weekly_closed_days, "nth_weekday_closures": row.nth_weekday_closures,
            "five_day_digits": row.five_day_digits, "closed_on_public_holidays": row.closed_on_public_holidays}


def test_first_edit_creates_the_rules_normalized(market):
    markets.update_calendar(market=market, weekly_closed_days=[6, "0"], nth_weekday_closures=[(4, 0), ("2", "0"),
                            (-1, 6)], five_day_digits=" 94", closed_on_public_holidays=False)
    assert rules_of(market) == {"weekly_closed_days": "06", "nth_weekday_closures": [[2, 0], [4, 0], [-1, 6]],
                                "five_day_digits": "49", "closed_on_public_holidays": False}


def test_partial_edit_keeps_the_other_rules(market):
    markets.update_calendar(market=market, weekly_closed_days="0", five_day_digits=[5, 10])
    markets.update_calendar(market=market, nth_weekday_closures=[[2, 6]])
    assert rules_of(market) == {"weekly_closed_days": "0", "nth_weekday_closures": [[2, 6]],
                                "five_day_digits": "05", "closed_on_public_holidays": True}
    markets.update_calendar(market=market, five_day_digits="", weekly_closed_days=[])
    assert rules_of(market)["five_day_digits"] == ""
    assert rules_of(market)["weekly_closed_days"] == ""
    assert MarketCalendar.objects.count() == 1


def test_the_same_market_instance_sees_the_new_rules(market):
    assert calendar.is_open(market, D(2026, 9, 7))                  # a Monday; caches "no rules"
    markets.update_calendar(market=market, weekly_closed_days=[0])
    assert calendar.why_closed(market, D(2026, 9, 7)) == "정기 휴무(월요일)"


@pytest.mark.parametrize(("values", "errors"), [
    ({"weekly_closed_days": [7]}, {"weekly_closed_days": "정기 휴무 요일은 월요일부터 일요일 중에서 골라 주세요."}),
    ({"weekly_closed_days": "0a"}, {"weekly_closed_days": "정기 휴무 요일은 월요일부터 일요일 중에서 골라 주세요."}),
    ({"nth_weekday_closures": [(6, 0)]},
     {"nth_weekday_closures": "몇째 주는 첫째부터 다섯째 주 또는 마지막 주 중에서 골라 주세요."}),
    ({"nth_weekday_closures": [(0, 0)]},
     {"nth_weekday_closures": "몇째 주는 첫째부터 다섯째 주 또는 마지막 주 중에서 골라 주세요."}),
    ({"nth_weekday_closures": [(2, 7)]}, {"nth_weekday_closures": "휴무 요일은 월요일부터 일요일 중에서 골라 주세요."}),
    ({"nth_weekday_closures": [(2,)]}, {"nth_weekday_closures": "몇째 주 휴무는 (몇째 주, 요일) 목록이어야 합니다."}),
    ({"nth_weekday_closures": [("둘째", "월")]},
     {"nth_weekday_closures": "몇째 주 휴무는 (몇째 주, 요일) 목록이어야 합니다."}),
    ({"five_day_digits": "4a"}, {"five_day_digits": "장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49"}),
    ({"five_day_digits": "5,10"}, {"five_day_digits": "장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49"}),
    ({"five_day_digits": [4, 11]}, {"five_day_digits": "장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49"}),
    ({"weekly_closed_days": [7], "five_day_digits": "a"}, {
        "weekly_closed_days": "정기 휴무 요일은 월요일부터 일요일 중에서 골라 주세요.",
        "five_day_digits": "장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49"}),
    ({"weekly_closed_days": range(7)},
     {"weekly_closed_days": "이 규칙이면 1년 동안 영업하는 날이 없습니다. 휴무 규칙을 확인해 주세요."}),
])
def test_bad_rules_refused_and_nothing_changes(market, values, errors):
    markets.update_calendar(market=market, weekly_closed_days="6")
    before = rules_of(market)
    with pytest.raises(ValidationFailed) as exc:
        markets.update_calendar(market=market, **values)
    assert exc.value.details["errors"] == errors
    assert exc.value.message == "영업일 규칙을 확인해 주세요."
    assert rules_of(market) == before


def test_bad_first_edit_creates_no_row(market):
    with pytest.raises(ValidationFailed):
        markets.update_calendar(market=market, weekly_closed_days=[7])
    assert not MarketCalendar.objects.exists()


def test_a_refused_first_edit_leaves_the_market_instance_on_the_defaults(market):
    """The admin page re-renders the 60 days from the same instance after a refusal."""
    with pytest.raises(ValidationFailed):
        markets.update_calendar(market=market, five_day_digits="4,9")
    assert calendar.calendar_for(market).five_day_digits == ""
    assert calendar.is_open(market, D(2026, 9, 2))


def test_set_exception_creates_then_replaces(market):
    first = markets.set_exception(market=market, date=D(2026, 9, 25), is_open=True, reason=" 추석 대목장 ")
    assert (first.is_open, first.reason) == (True, "추석 대목장")
    assert calendar.is_open(market, D(2026, 9, 25))
    again = markets.set_exception(market=market, date=D(2026, 9, 25), is_open=False, reason="정전")
    assert again.pk == first.pk
    assert CalendarException.objects.count() == 1
    assert calendar.why_closed(market, D(2026, 9, 25)) == "임시 휴무: 정전"


def test_set_exception_today_and_a_year_ahead(market):
    markets.set_exception(market=market, date=TODAY, is_open=False, reason="시장 축제")
    markets.set_exception(market=market, date=TODAY + dt.timedelta(days=366), is_open=False)
    assert CalendarException.objects.count() == 2


@pytest.mark.parametrize(("date", "reason", "errors"), [
    (TODAY - dt.timedelta(days=1), "", {"date": "지난 날짜는 바꿀 수 없습니다."}),
    (TODAY + dt.timedelta(days=367), "", {"date": "1년 안의 날짜만 정할 수 있습니다."}),
    (TODAY, "가" * 101, {"reason": "사유는 100자 안으로 적어 주세요."}),
])
def test_bad_exception_refused_and_nothing_changes(market, date, reason, errors):
    with pytest.raises(ValidationFailed) as exc:
        markets.set_exception(market=market, date=date, is_open=False, reason=reason)
    assert exc.value.details["errors"] == errors
    assert not CalendarException.objects.exists()


def test_remove_exception_lets_the_rules_decide_again(market):
    markets.set_exception(market=market, date=D(2026, 9, 25), is_open=True, reason="추석 대목장")
    other = MarketFactory()
    markets.set_exception(market=other, date=D(2026, 9, 25), is_open=True)
    assert markets.remove_exception(market=market, date=D(2026, 9, 25)) is True
    assert calendar.why_closed(market, D(2026, 9, 25)) == "추석"
    assert markets.remove_exception(market=market, date=D(2026, 9, 25)) is False
    assert CalendarException.objects.filter(market=other).count() == 1    # the other market's stays
