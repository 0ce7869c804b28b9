"""Which days a market serves customers, and why it is closed on the others.

A market's rules are its `MarketCalendar` row; a market without one gets the defaults (open every
day, closed on public holidays).  A day is decided in this order, the first that speaks wins:

1. a dated `CalendarException` (open on a holiday, closed for a festival);
2. a Korean public holiday, lunar and substitute holidays included (`holidays`, KR, Korean
   names), when `closed_on_public_holidays` — except the eves of 설날 and 추석, a market's
   busiest days;
3. a weekly closed day ("0" Monday … "6" Sunday);
4. an nth-weekday closure (2nd and 4th Monday; -1 = the last one of the month);
5. for a 5-day market (오일장), any day whose day of month does not end in one of its digits.

`why_closed` names the first rule that closes the day, in Korean, or returns None when the
market is open: `is_open(d)` is exactly `why_closed(d) is None`.  Every function reads the
calendar row once and the exceptions of the whole window once.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import holidays

from jangbogi.markets.models import WEEKDAYS_KO, CalendarException, Market, MarketCalendar

ORDINALS_KO = {1: "첫째", 2: "둘째", 3: "셋째", 4: "넷째", 5: "다섯째", -1: "마지막"}
SEARCH_HORIZON_DAYS = 366  # open_days gives up after a year of closed days

_holidays_by_year: dict[int, dict[dt.date, str]] = {}


@dataclass(frozen=True)
class DayInfo:
    """One cell of the market admin's calendar."""

    date: dt.date
    is_open: bool
    reason: str | None  # why it is closed; on an exception-opened day, "임시 영업: …"
    holiday: str | None = None  # the public holiday's name, even when the market opens on it
    exception: bool = False  # a dated exception decides this day (the admin may remove it)


# --- public holidays ---------------------------------------------------------------------------

def public_holidays(year: int) -> Mapping[dt.date, str]:
    """Korean public holidays of `year` with their Korean names, built once per year."""
    found = _holidays_by_year.get(year)
    if found is None:
        table = holidays.country_holidays("KR", years=year, language="ko")
        # Two holidays on one day come joined by "; " (2025-05-05 부처님오신날; 어린이날).
        found = {day: name.replace("; ", "·") for day, name in table.items()}
        _holidays_by_year[year] = found
    return found


def public_holiday(date: dt.date) -> str | None:
    return public_holidays(date.year).get(date)


# --- rules -------------------------------------------------------------------------------------

def calendar_for(market: Market) -> MarketCalendar:
    """The market's rules: its row (honours `select_related("calendar")`), else unsaved defaults."""
    if market.pk is None:
        return MarketCalendar(market=market)
    try:
        return market.calendar
    except MarketCalendar.DoesNotExist:
        return MarketCalendar(market=market)


def five_day_label(digits: str) -> str:
    """"49" → "4·9일장"; "05" → "5·10일장" (a day ending in 0 is written 10, as markets do)."""
    days = sorted(int(d) or 10 for d in digits)
    return "·".join(str(d) for d in days) + "일장"


def _nth_of_month(date: dt.date) -> tuple[int, bool]:
    """Which occurrence of its weekday `date` is in its month, and whether it is the last."""
    return (date.day - 1) // 7 + 1, (date + dt.timedelta(days=7)).month != date.month


def closes_market(holiday_name: str) -> bool:
    """The eves of 설날 and 추석 are public holidays but a market's busiest days: the
    holiday rule leaves them open (an exception can still close them)."""
    return not all("전날" in part for part in holiday_name.split("·"))


def rule_reason(rules: MarketCalendar, date: dt.date) -> str | None:
    """Why the standing rules (everything but exceptions) close `date`, or None."""
    name = public_holiday(date) if rules.closed_on_public_holidays else None
    if name and closes_market(name):
        return name
    weekday = date.weekday()
    if str(weekday) in rules.weekly_closed_days:
        return f"정기 휴무({WEEKDAYS_KO[weekday]}요일)"
    nth, is_last = _nth_of_month(date)
    for n, closed_weekday in rules.nth_weekday_closures:
        if closed_weekday == weekday and (n == nth or (n == -1 and is_last)):
            return f"{ORDINALS_KO[n]} 주 {WEEKDAYS_KO[weekday]}요일 휴무"
    if rules.five_day_digits and str(date.day % 10) not in rules.five_day_digits:
        return f"장날이 아님 ({five_day_label(rules.five_day_digits)})"
    return None


def exception_reason(exception: CalendarException) -> str:
    label = "임시 영업" if exception.is_open else "임시 휴무"
    return f"{label}: {exception.reason}" if exception.reason else label


def day_info(rules: MarketCalendar, exceptions: Mapping[dt.date, CalendarException],
             date: dt.date) -> DayInfo:
    """Decide one day from already-loaded rules and exceptions (no queries)."""
    holiday = public_holiday(date)
    exception = exceptions.get(date)
    if exception is not None:
        return DayInfo(date, exception.is_open, exception_reason(exception), holiday, exception=True)
    reason = rule_reason(rules, date)
    return DayInfo(date, reason is None, reason, holiday)


def exceptions_between(market: Market, start: dt.date, end: dt.date) -> dict[dt.date, CalendarException]:
    """The market's dated exceptions in [start, end], by date.  Honours
    `prefetch_related("calendar_exceptions")` (all of them: a list of markets reads once)."""
    if market.pk is None:
        return {}
    prefetched = getattr(market, "_prefetched_objects_cache", {}).get("calendar_exceptions")
    if prefetched is not None:
        return {row.date: row for row in prefetched if start <= row.date <= end}
    rows = CalendarException.objects.filter(market=market, date__range=(start, end))
    return {row.date: row for row in rows}


# --- the API -----------------------------------------------------------------------------------

def why_closed(market: Market, date: dt.date) -> str | None:
    """Why the market does not serve customers on `date` (Korean), or None if it does."""
    info = day_info(calendar_for(market), exceptions_between(market, date, date), date)
    return None if info.is_open else info.reason


def is_open(market: Market, date: dt.date) -> bool:
    return why_closed(market, date) is None


def month_view(market: Market, start: dt.date, days: int = 60) -> list[DayInfo]:
    """`days` consecutive days from `start`, decided: the market admin's calendar."""
    end = start + dt.timedelta(days=days - 1)
    rules, exceptions = calendar_for(market), exceptions_between(market, start, end)
    return [day_info(rules, exceptions, start + dt.timedelta(days=i)) for i in range(days)]


def open_days(market: Market, start: dt.date, count: int, *,
              horizon: int = SEARCH_HORIZON_DAYS) -> list[dt.date]:
    """The next `count` open days from `start` (inclusive).  Fewer when the market is closed on
    every other day of the next `horizon` days (a calendar that closes everything)."""
    end = start + dt.timedelta(days=horizon - 1)
    rules, exceptions = calendar_for(market), exceptions_between(market, start, end)
    found: list[dt.date] = []
    for i in range(horizon):
        if len(found) >= count:
            break
        date = start + dt.timedelta(days=i)
        if day_info(rules, exceptions, date).is_open:
            found.append(date)
    return found


def next_open_day(market: Market, start: dt.date, *,
                  horizon: int = SEARCH_HORIZON_DAYS) -> dt.date | None:
    """The first open day on or after `start`, or None if none within `horizon` days."""
    found = open_days(market, start, 1, horizon=horizon)
    return found[0] if found else None
