"""Small pieces shared by the routers: the acting user, market lookup, slot and store refs."""

import datetime as dt

from ninja import Schema

from jangbogi.core.errors import NotFound
from jangbogi.markets import selectors as markets
from jangbogi.markets.models import Market
from jangbogi.markets.slots import DeliverySlot


def hhmm(value: dt.time) -> str:
    return f"{value:%H:%M}"


def current_user(request):
    """The logged-in session user, or None for a guest."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def market_or_404(market_id: int) -> Market:
    market = markets.active_markets().filter(pk=market_id).first()
    if market is None:
        raise NotFound("시장을 찾을 수 없습니다.", code="market_not_found")
    return market


class StoreRef(Schema):
    id: int
    name: str


class MarketRef(Schema):
    id: int
    name: str


class SlotOut(Schema):
    date: dt.date
    start: str  # "HH:MM", Asia/Seoul
    end: str
    order_cutoff: dt.datetime  # ISO 8601 with +09:00
    label: str  # "오늘 11월 26일(목) 16:00–19:00"

    @classmethod
    def of(cls, slot: DeliverySlot) -> "SlotOut":
        return cls(date=slot.date, start=hhmm(slot.start), end=hhmm(slot.end),
                   order_cutoff=slot.order_cutoff, label=slot.label)
