"""When a market delivers: today's slot if the order cutoff has not passed, else the next
open day.  (Calendars with closed days and several slots per day come with the delivery
issue; until then every day is open.)"""

import datetime as dt
from dataclasses import dataclass

from jangbogi.core import time as btime
from jangbogi.markets.models import Market


@dataclass(frozen=True)
class DeliverySlot:
    date: dt.date
    start: dt.time
    end: dt.time
    order_cutoff: dt.datetime

    @property
    def label(self) -> str:
        return f"{btime.format_date_ko(self.date)} {self.start:%H:%M}–{self.end:%H:%M}"

    def window_label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class MarketStatus:
    code: str  # "open" | "before_open" | "closed_today" | "inactive"
    message: str
    slot: DeliverySlot | None
    time_left: dt.timedelta | None


def slot_on(market: Market, date: dt.date) -> DeliverySlot:
    """The market's delivery slot on `date`."""
    return DeliverySlot(
        date=date,
        start=market.delivery_start,
        end=market.delivery_end,
        order_cutoff=btime.at(date, market.order_cutoff),
    )


def next_slot(market: Market, *, at: dt.datetime | None = None) -> DeliverySlot:
    """The slot an order placed `at` is promised: same day before the cutoff, else tomorrow."""
    at = (at or btime.now()).astimezone(btime.SEOUL)
    today = slot_on(market, at.date())
    if at < today.order_cutoff:
        return today
    return slot_on(market, at.date() + dt.timedelta(days=1))


def is_slot_open(market: Market, slot_date: dt.date, *, at: dt.datetime | None = None) -> bool:
    at = (at or btime.now()).astimezone(btime.SEOUL)
    return slot_date >= at.date() and at < slot_on(market, slot_date).order_cutoff


def market_status(market: Market, *, at: dt.datetime | None = None) -> MarketStatus:
    at = (at or btime.now()).astimezone(btime.SEOUL)
    if not market.is_active:
        return MarketStatus("inactive", "지금은 운영하지 않아요", None, None)
    slot = next_slot(market, at=at)
    if slot.date != at.date():
        return MarketStatus(
            "closed_today",
            f"오늘 주문 마감 · {btime.format_date_ko(slot.date, today_=at.date())} "
            f"{slot.window_label()} 배송",
            slot,
            None,
        )
    left = slot.order_cutoff - at
    if at.time() < market.order_open:
        return MarketStatus(
            "before_open",
            f"오늘 {slot.window_label()} 배송 · {market.order_cutoff:%H:%M}까지 주문",
            slot,
            left,
        )
    return MarketStatus(
        "open",
        f"오늘 {slot.window_label()} 배송 · 마감까지 {btime.format_duration_ko(left)}",
        slot,
        left,
    )
