"""Rider shifts, entered by the center or the market admin: one rider's hours and vehicle load
on one date, and "copy last week".  The rows live in markets (`RiderShift`, which slot
capacity reads); this checks the rider belongs to the market first."""

import datetime as dt

from jangbogi.core.errors import PermissionDenied
from jangbogi.delivery.models import Rider
from jangbogi.markets import services as markets
from jangbogi.markets.models import Market, RiderShift


def save_shift(*, market: Market, rider: Rider, date: dt.date, start: dt.time | None, end: dt.time | None,
               capacity_bags: int | None = None, capacity_kg: int | None = None) -> RiderShift:
    """Set `rider`'s shift on `date`; the vehicle load defaults to the rider's usual one."""
    if rider.market_id != market.pk:
        raise PermissionDenied("이 시장의 배송 기사가 아닙니다.")
    return markets.save_shift(
        market=market, user=rider.user, date=date, start=start, end=end,
        capacity_bags=rider.capacity_bags if capacity_bags is None else capacity_bags,
        capacity_kg=rider.capacity_kg if capacity_kg is None else capacity_kg)


def remove_shift(*, market: Market, shift: RiderShift) -> None:
    markets.remove_shift(market=market, shift=shift)


def copy_last_week(*, market: Market, week_start: dt.date) -> int:
    """The 7 days before `week_start` copied one week on, for the market's active riders;
    days that already have a shift are left as they are."""
    users = set(Rider.objects.filter(market=market, is_active=True).values_list("user_id", flat=True))
    return markets.copy_last_week(market=market, week_start=week_start, user_ids=users)
