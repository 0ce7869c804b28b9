"""Properties over random rule sets: the calendar agrees with a plain re-statement of the rules,
`is_open(d)` ⇔ `why_closed(d) is None`, and the bulk views (month_view, open_days) agree with
the one-day answers."""

import datetime as dt
from functools import cache

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.markets import calendar
from jangbogi.markets.models import CalendarException, MarketCalendar
from tests.factories import MarketFactory

WINDOW = 21
weekdays = st.sets(st.integers(0, 6)).map(lambda s: "".join(str(d) for d in sorted(s)))
nth = st.lists(st.tuples(st.sampled_from([1, 2, 3, 4, 5, -1]), st.integers(0, 6)).map(list), max_size=3)
digits = st.sets(st.integers(0, 9), max_size=3).map(lambda s: "".join(str(d) for d in sorted(s)))
rules = st.builds(MarketCalendar, weekly_closed_days=weekdays, nth_weekday_closures=nth,
                  five_day_digits=digits, closed_on_public_holidays=st.booleans())
starts = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
exception_days = st.dictionaries(st.integers(0, WINDOW - 1),
                                 st.tuples(st.booleans(), st.sampled_from(["", "시장 축제"])), max_size=4)


@cache
def kr_holidays(year: int) -> holidays.HolidayBase:
    return holidays.KR(years=year)


def expected_open(r: MarketCalendar, exceptions: dict, date: dt.date) -> bool:
    """The rules said plainly, without the module's helpers."""
    if date in exceptions:
        return exceptions[date].is_open
    holiday = kr_holidays(date.year).get(date)
    if r.closed_on_public_holidays and holiday and not all(part.startswith("The day preceding")
                                                            for part in holiday.split("; ")):
        return False
    if str(date.weekday()) in r.weekly_closed_days:
        return False
    same_weekday = [d for d in (date.replace(day=1) + dt.timedelta(days=i) for i in range(31))
                    if d.month == date.month and d.weekday() == date.weekday()]
    position = same_weekday.index(date)
    for n, weekday in r.nth_weekday_closures:
        if weekday == date.weekday() and (position == n - 1 or (n == -1 and date == same_weekday[-1])):
            return False
    return not r.five_day_digits or str(date.day)[-1] in r.five_day_digits


@settings(max_examples=300, deadline=None)
@given(r=rules, start=starts, exception_offsets=exception_days)
def test_day_info_matches_the_plain_rules(r, start, exception_offsets):
    exceptions = {start + dt.timedelta(days=i): CalendarException(date=start + dt.timedelta(days=i),
                                                                  is_open=is_open, reason=reason)
                  for i, (is_open, reason) in exception_offsets.items()}
    for i in range(WINDOW):
        date = start + dt.timedelta(days=i)
        info = calendar.day_info(r, exceptions, date)
        assert info.is_open is expected_open(r, exceptions, date)
        assert (info.reason is None) == (info.is_open and date not in exceptions)
        assert info.exception is (date in exceptions)


class CalendarApiAgreesTest(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(r=rules, start=starts, exception_offsets=exception_days, count=st.integers(0, 8))
    def test_is_open_iff_no_reason_and_views_agree(self, r, start, exception_offsets, count):
        market = MarketFactory()
        r.market = market
        r.save()
        for i, (is_open, reason) in exception_offsets.items():
            CalendarException.objects.create(market=market, date=start + dt.timedelta(days=i),
                                             is_open=is_open, reason=reason)
        view = calendar.month_view(market, start, WINDOW)
        for day in view:
            reason = calendar.why_closed(market, day.date)
            assert calendar.is_open(market, day.date) is (reason is None)
            assert day.is_open is (reason is None)
            if not day.is_open:
                assert day.reason == reason
        assert calendar.open_days(market, start, count, horizon=WINDOW) == [
            day.date for day in view if day.is_open][:count]
