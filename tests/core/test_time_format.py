"""Business time in Asia/Seoul and its Korean labels."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from tests.conftest import MORNING

THURSDAY = dt.date(2026, 11, 26)


def test_morning_constant_is_10_00_in_seoul():
    assert MORNING.isoformat() == "2026-11-26T10:00:00+09:00"
    assert btime.at(THURSDAY, dt.time(10, 0)) == MORNING
    assert MORNING.utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize(("date", "label"), [
    (dt.date(2026, 11, 23), "월"), (dt.date(2026, 11, 24), "화"), (dt.date(2026, 11, 25), "수"),
    (dt.date(2026, 11, 26), "목"), (dt.date(2026, 11, 27), "금"), (dt.date(2026, 11, 28), "토"),
    (dt.date(2026, 11, 29), "일"),
])
def test_weekday_ko(date, label):
    assert btime.weekday_ko(date) == label


@pytest.mark.parametrize(("date", "today", "text"), [
    (dt.date(2026, 11, 26), THURSDAY, "오늘 11월 26일(목)"),
    (dt.date(2026, 11, 27), THURSDAY, "내일 11월 27일(금)"),
    (dt.date(2026, 11, 28), THURSDAY, "11월 28일(토)"),
    (dt.date(2026, 11, 25), THURSDAY, "11월 25일(수)"),
    (dt.date(2026, 12, 1), dt.date(2026, 11, 30), "내일 12월 1일(화)"),
    (dt.date(2027, 1, 1), dt.date(2026, 12, 31), "내일 1월 1일(금)"),
])
def test_format_date_ko(date, today, text):
    assert btime.format_date_ko(date, today_=today) == text


def test_format_date_ko_defaults_to_the_seoul_business_date():
    # 23:30 UTC on the 25th is 08:30 on the 26th in Seoul: "today" is the 26th.
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        assert btime.today() == THURSDAY
        assert btime.now().isoformat() == "2026-11-26T08:30:00+09:00"
        assert btime.format_date_ko(THURSDAY) == "오늘 11월 26일(목)"
        assert btime.format_date_ko(dt.date(2026, 11, 27)) == "내일 11월 27일(금)"


@pytest.mark.parametrize(("delta", "text"), [
    (dt.timedelta(0), "1분 미만"),
    (dt.timedelta(seconds=59), "1분 미만"),
    (dt.timedelta(seconds=-30), "1분 미만"),
    (dt.timedelta(minutes=1), "1분"),
    (dt.timedelta(minutes=45, seconds=59), "45분"),
    (dt.timedelta(hours=1), "1시간"),
    (dt.timedelta(hours=2, minutes=5), "2시간 5분"),
    (dt.timedelta(hours=2, minutes=5, seconds=59), "2시간 5분"),
    (dt.timedelta(hours=3), "3시간"),
    (dt.timedelta(days=1, hours=2), "26시간"),
])
def test_format_duration_ko(delta, text):
    assert btime.format_duration_ko(delta) == text
