"""Business time is Asia/Seoul.  Use these helpers instead of datetime.now()/date.today()."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

SEOUL = ZoneInfo("Asia/Seoul")


def now() -> dt.datetime:
    return timezone.now().astimezone(SEOUL)


def today() -> dt.date:
    return now().date()


def at(date: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(date, time, tzinfo=SEOUL)


def weekday_ko(date: dt.date) -> str:
    return "월화수목금토일"[date.weekday()]


def format_date_ko(date: dt.date, *, today_: dt.date | None = None, relative: bool = True) -> str:
    """"오늘 11월 26일(목)" / "내일 ..." / "11월 28일(토)" (relative=False: never 오늘/내일,
    for paper)."""
    today_ = today_ or today()
    label = f"{date.month}월 {date.day}일({weekday_ko(date)})"
    if not relative:
        return label
    if date == today_:
        return f"오늘 {label}"
    if date == today_ + dt.timedelta(days=1):
        return f"내일 {label}"
    return label


def format_duration_ko(delta: dt.timedelta) -> str:
    """"2시간 5분" / "45분" / "1분 미만"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "1분 미만"
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}시간 {minutes}분"
    if hours:
        return f"{hours}시간"
    return f"{minutes}분"
