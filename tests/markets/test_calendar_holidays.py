"""Korean public holidays, from the installed `holidays` package (KR, Korean names): lunar
holidays, substitute holidays, and one table per year built once."""

import datetime as dt

import holidays
import pytest

from jangbogi.markets import calendar

D = dt.date


@pytest.mark.parametrize(("date", "name"), [
    (D(2026, 2, 16), "설날 전날"),
    (D(2026, 2, 17), "설날"),
    (D(2026, 2, 18), "설날 다음날"),
    (D(2026, 9, 24), "추석 전날"),
    (D(2026, 9, 25), "추석"),
    (D(2026, 9, 26), "추석 다음날"),
    # 대체공휴일: 삼일절 and 광복절 fall on a weekend in 2026, 부처님오신날 on a Sunday.
    (D(2026, 3, 2), "삼일절 대체 휴일"),
    (D(2026, 5, 25), "부처님오신날 대체 휴일"),
    (D(2026, 8, 17), "광복절 대체 휴일"),
    (D(2026, 10, 5), "개천절 대체 휴일"),
    (D(2026, 10, 9), "한글날"),
    (D(2026, 12, 25), "기독탄신일"),
])
def test_2026_holidays_with_korean_names(date, name):
    assert calendar.public_holiday(date) == name


def test_ordinary_days_are_not_holidays():
    assert calendar.public_holiday(D(2026, 2, 19)) is None   # the day after 설날 다음날
    assert calendar.public_holiday(D(2026, 9, 23)) is None
    assert calendar.public_holiday(D(2026, 11, 26)) is None


def test_two_holidays_on_one_day_are_named_together():
    assert calendar.public_holiday(D(2025, 5, 5)) == "부처님오신날·어린이날"
    assert calendar.public_holiday(D(2025, 10, 8)) == "추석 대체 휴일"


def test_each_year_is_built_once(monkeypatch):
    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(calendar, "_holidays_by_year", {})
    monkeypatch.setattr(holidays, "country_holidays", counting)
    for day in range(1, 29):
        calendar.public_holiday(D(2026, 2, day))
    calendar.public_holiday(D(2027, 1, 1))
    assert calls == [2026, 2027]
    assert calendar.public_holidays(2026) is calendar.public_holidays(2026)
