"""Rider shifts: who rides on which day (re-exported by `markets.services`).

A shift names the rider by their login; `delivery.services.save_shift` checks the rider belongs
to the market and calls `save_shift` here."""

import datetime as dt

from django.db import transaction

from jangbogi.core import time as btime
from jangbogi.core.errors import PermissionDenied, ValidationFailed
from jangbogi.markets.models import Market, RiderShift

SHIFT_HORIZON_DAYS = 62
MAX_BAGS, MAX_KG = 60, 500


def shift_errors(*, date: dt.date, start: dt.time | None, end: dt.time | None, capacity_bags: int | None,
                 capacity_kg: int | None, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if date < today:
        errors["date"] = "지난 날짜의 근무는 바꿀 수 없어요."
    elif date > today + dt.timedelta(days=SHIFT_HORIZON_DAYS):
        errors["date"] = "두 달 안의 근무만 정할 수 있어요."
    if start is None:
        errors["start"] = "근무 시작 시각을 적어 주세요."
    if end is None:
        errors["end"] = "근무 끝 시각을 적어 주세요."
    elif start is not None and end <= start:
        errors["end"] = "근무 끝은 근무 시작보다 늦어야 해요."
    if capacity_bags is None or not 1 <= capacity_bags <= MAX_BAGS:
        errors["capacity_bags"] = f"꾸러미는 1개에서 {MAX_BAGS}개 사이로 적어 주세요."
    if capacity_kg is None or not 1 <= capacity_kg <= MAX_KG:
        errors["capacity_kg"] = f"무게는 1kg에서 {MAX_KG}kg 사이로 적어 주세요."
    return errors


@transaction.atomic
def save_shift(*, market: Market, user, date: dt.date, start: dt.time | None, end: dt.time | None,
               capacity_bags: int | None, capacity_kg: int | None) -> RiderShift:
    """Set the rider's shift on `date` (one per rider and day: a second save replaces it)."""
    errors = shift_errors(date=date, start=start, end=end, capacity_bags=capacity_bags,
                          capacity_kg=capacity_kg, today=btime.today())
    if errors:
        raise ValidationFailed("근무 시간을 확인해 주세요.", errors=errors)
    other = RiderShift.objects.filter(user=user, date=date).exclude(market=market).first()
    if other is not None:
        raise ValidationFailed("이 기사님은 그날 다른 시장에서 근무해요.", errors={"rider": "다른 시장 근무와 겹쳐요."})
    shift, _ = RiderShift.objects.update_or_create(
        user=user, date=date, defaults={"market": market, "start": start, "end": end,
                                        "capacity_bags": capacity_bags, "capacity_kg": capacity_kg})
    return shift


def remove_shift(*, market: Market, shift: RiderShift) -> None:
    if shift.market_id != market.pk:
        raise PermissionDenied("다른 시장의 근무입니다.")
    if shift.date < btime.today():
        raise ValidationFailed("지난 날짜의 근무는 지울 수 없어요.", code="shift_in_past")
    shift.delete()


@transaction.atomic
def copy_last_week(*, market: Market, week_start: dt.date, user_ids: set[int] | None = None) -> int:
    """Copy the shifts of the 7 days before `week_start` one week on, onto days that have no
    shift for that rider yet (nothing is overwritten); only future days.  `user_ids`: only
    these riders (the caller's still-active riders).  Returns the number of shifts made."""
    today = btime.today()
    source = RiderShift.objects.filter(market=market, date__gte=week_start - dt.timedelta(days=7),
                                       date__lt=week_start)
    if user_ids is not None:
        source = source.filter(user_id__in=user_ids)
    taken = set(RiderShift.objects.filter(date__gte=week_start, date__lt=week_start + dt.timedelta(days=7))
                .values_list("user_id", "date"))
    made = [RiderShift(market=market, user_id=s.user_id, date=s.date + dt.timedelta(days=7), start=s.start,
                       end=s.end, capacity_bags=s.capacity_bags, capacity_kg=s.capacity_kg)
            for s in source if (s.user_id, s.date + dt.timedelta(days=7)) not in taken
            and s.date + dt.timedelta(days=7) >= today]
    RiderShift.objects.bulk_create(made)
    return len(made)
