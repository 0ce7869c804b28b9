"""When a market delivers: its slots on each open day, the places each has left, and the status
line customers see.

* Slots: the market's active `DeliverySlotRule`s, by start time; a market without any has ONE
  implicit slot from its own fields (order_cutoff, delivery_start, delivery_end) with unlimited
  capacity.
* Days: `calendar` decides them; a closed day has no slots.
* A slot takes orders until its cutoff while it has places left: capacity
  (min(riders × bundles_per_rider, packing_capacity)) minus its `SlotBooking` count.  Riders
  are those whose `RiderShift` covers the whole slot; on a day without any shift for the
  market, the rule's typed `riders` count.

`available_slots` is what a customer may pick, `next_slot` the first of them, `bookable_slot`
the check `orders.place_order` makes (SlotClosed / SlotFull naming the next slot).  Nothing here
writes: booking is `services.book_slot`.  A market that is not saved yet (`pk is None`) is read
without queries (its defaults).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jangbogi.core import time as btime
from jangbogi.core.errors import SlotClosed, SlotFull
from jangbogi.markets import calendar
from jangbogi.markets.models import DeliverySlotRule, Market, RiderShift, SlotBooking

NEAR_DAYS = 3        # open days a customer is offered (today, tomorrow, ...)
NEXT_SLOT_DAYS = 7   # open days `next_slot` looks through when the near slots are full
LOW_REMAINING = 5    # the status line warns "N자리 남음" from here down


@dataclass(frozen=True)
class DeliverySlot:
    date: dt.date
    start: dt.time
    end: dt.time
    order_cutoff: dt.datetime
    rule_id: int | None = None      # None: the market's implicit slot
    capacity: int | None = None     # bundles per day; None = unlimited
    remaining: int | None = None    # places left; None = unlimited
    riders: int | None = None       # riders the capacity counts (None: the implicit slot)
    from_shifts: bool = False       # riders counted from the day's shifts, not the rule's number

    @property
    def label(self) -> str:
        return f"{btime.format_date_ko(self.date)} {self.start:%H:%M}–{self.end:%H:%M}"

    def window_label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def is_full(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    @property
    def remaining_label(self) -> str:
        """"3자리 남음" / "마감" / "" (unlimited)."""
        if self.remaining is None:
            return ""
        return "마감" if self.is_full else f"{self.remaining}자리 남음"


@dataclass(frozen=True)
class MarketStatus:
    code: str  # "open" | "before_open" | "closed_today" | "full_today" | "day_off" | "inactive"
    message: str
    slot: DeliverySlot | None
    time_left: dt.timedelta | None


def _seoul(at: dt.datetime | None) -> dt.datetime:
    return (at or btime.now()).astimezone(btime.SEOUL)


# --- the slots of a day -------------------------------------------------------------------------

def active_rules(market: Market) -> list[DeliverySlotRule]:
    """The market's active slot rules by start (honours `prefetch_related("slot_rules")`)."""
    if market.pk is None:
        return []
    return sorted((r for r in market.slot_rules.all() if r.is_active), key=lambda r: (r.start, r.pk))


def _booked(market: Market, dates: Sequence[dt.date], rules: Sequence[DeliverySlotRule]
            ) -> dict[tuple[dt.date, int], int]:
    """Places taken per (date, rule id): one query, none for an unlimited market."""
    if market.pk is None or not rules or not dates:
        return {}
    rows = SlotBooking.objects.filter(market=market, date__range=(min(dates), max(dates)), rule__isnull=False)
    return {(date, rule_id): booked for date, rule_id, booked in rows.values_list("date", "rule_id", "booked")}


def _shifts(market: Market, dates: Sequence[dt.date], rules: Sequence[DeliverySlotRule]
            ) -> dict[dt.date, list[RiderShift]]:
    """The riders' shifts per date (only dates that have any): one query, none without rules."""
    if market.pk is None or not rules or not dates:
        return {}
    found: dict[dt.date, list[RiderShift]] = {}
    for shift in RiderShift.objects.filter(market=market, date__range=(min(dates), max(dates))):
        found.setdefault(shift.date, []).append(shift)
    return found


def shifts_on(market: Market, date: dt.date) -> list[RiderShift]:
    """The riders' shifts of `date` (one query): pass to `rule_capacity`."""
    return list(RiderShift.objects.filter(market=market, date=date)) if market.pk is not None else []


def rule_capacity(rule: DeliverySlotRule, shifts: Sequence[RiderShift] | None) -> tuple[int, int, bool]:
    """(capacity, riders counted, from shifts): min(packing capacity, bundles per rider × the
    riders whose shift covers the whole slot); the rule's typed rider count when the day has no
    shifts at all (None or empty)."""
    if not shifts:
        return rule.capacity, rule.riders, False
    riders = sum(1 for s in shifts if s.covers(rule.start, rule.end))
    return min(riders * rule.bundles_per_rider, rule.packing_capacity), riders, True


def _day_slots(market: Market, date: dt.date, rules: Sequence[DeliverySlotRule],
               booked: dict[tuple[dt.date, int], int] | None,
               shifts: dict[dt.date, list[RiderShift]] | None = None) -> list[DeliverySlot]:
    """The slots on `date` (booked None: capacity not read, remaining left None)."""
    if not rules:
        return [DeliverySlot(date, market.delivery_start, market.delivery_end, btime.at(date, market.order_cutoff))]
    out = []
    for rule in rules:
        capacity, riders, from_shifts = rule_capacity(rule, (shifts or {}).get(date))
        out.append(DeliverySlot(
            date, rule.start, rule.end, btime.at(date, rule.order_cutoff), rule_id=rule.pk, capacity=capacity,
            remaining=None if booked is None else max(0, capacity - booked.get((date, rule.pk), 0)),
            riders=riders, from_shifts=from_shifts,
        ))
    return out


def slots_on(market: Market, date: dt.date) -> list[DeliverySlot]:
    """Every slot the market runs on `date`, with places left, whatever the calendar and the
    clock say (the center's and the admin's view of a day)."""
    rules = active_rules(market)
    return _day_slots(market, date, rules, _booked(market, [date], rules), _shifts(market, [date], rules))


def slot_on(market: Market, date: dt.date, start: dt.time | None = None) -> DeliverySlot | None:
    """The slot starting at `start` on `date`, or the day's first when `start` is None.  None
    when the market runs no slot starting at `start`."""
    day = slots_on(market, date)
    if start is None:
        return day[0]
    return next((s for s in day if s.start == start), None)


def is_slot_open(market: Market, slot_date: dt.date, *, start: dt.time | None = None,
                 at: dt.datetime | None = None) -> bool:
    """Whether the slot (`start` on `slot_date`; the day's first when None) is before its order
    cutoff: orders for it may still be placed or canceled.  Reads neither the calendar nor the
    capacity (an order already promised a slot keeps it when the day closes or fills)."""
    at = _seoul(at)
    if slot_date < at.date():
        return False
    day = _day_slots(market, slot_date, active_rules(market), None)
    slot = next((s for s in day if s.start == start), day[0]) if start is not None else day[0]
    return at < slot.order_cutoff


# --- what a customer may pick -----------------------------------------------------------------

def slot_choices(market: Market, *, at: dt.datetime | None = None, days: int = NEAR_DAYS) -> list[DeliverySlot]:
    """The slots of the next `days` open days that are still before their cutoff, full ones
    included (`is_full`): the checkout's radio buttons.  A day counts only while one of its
    slots is still before the cutoff (after today's last cutoff, today is not one of them)."""
    at = _seoul(at)
    if not market.is_active or days <= 0:
        return []
    rules = active_rules(market)
    dates = calendar.open_days(market, at.date(), days + 1)
    booked, shifts = _booked(market, dates, rules), _shifts(market, dates, rules)
    per_day = [[s for s in _day_slots(market, date, rules, booked, shifts) if at < s.order_cutoff]
               for date in dates]
    return [slot for day in [d for d in per_day if d][:days] for slot in day]


def available_slots(market: Market, *, at: dt.datetime | None = None, days: int = NEAR_DAYS) -> list[DeliverySlot]:
    """The slots a customer may order for now: open days (calendar), before the cutoff, not
    full; each with `remaining` places (None = unlimited)."""
    return [slot for slot in slot_choices(market, at=at, days=days) if not slot.is_full]


def next_slot(market: Market, *, at: dt.datetime | None = None) -> DeliverySlot | None:
    """The first slot an order placed `at` can have; None when nothing is open for a week of
    open days (or the market is inactive)."""
    found = available_slots(market, at=at, days=NEXT_SLOT_DAYS)
    return found[0] if found else None


# --- the check at checkout --------------------------------------------------------------------

def _next_hint(market: Market, at: dt.datetime) -> tuple[str, dict]:
    """" 내일 11월 27일(금) 16:00–19:00 배송으로 주문할 수 있어요." and the error details."""
    found = next_slot(market, at=at)
    if found is None:
        return " 가까운 날에는 주문할 수 있는 배송 시간이 없어요.", {"next_slot_date": None, "next_slot_start": None}
    return (f" {found.label} 배송으로 주문할 수 있어요.",
            {"next_slot_date": found.date.isoformat(), "next_slot_start": f"{found.start:%H:%M}"})


def slot_closed_error(market: Market, message: str, *, at: dt.datetime | None = None) -> SlotClosed:
    hint, details = _next_hint(market, _seoul(at))
    return SlotClosed(message + hint, **details)


def slot_full_error(market: Market, slot: DeliverySlot, *, at: dt.datetime | None = None) -> SlotFull:
    hint, details = _next_hint(market, _seoul(at))
    return SlotFull(f"{slot.label} 배송은 자리가 모두 찼습니다.{hint}", **details)


def bookable_slot(market: Market, *, date: dt.date, start: dt.time | None = None,
                  at: dt.datetime | None = None) -> DeliverySlot:
    """The slot an order placed `at` may book: `start` on `date` (None: the day's first open
    one).  Raises SlotClosed (past day, closed day, past the cutoff, no such slot) or SlotFull,
    each naming the next open slot."""
    at = _seoul(at)
    what = "배송 시간" if start is not None else "배송일"
    if date < at.date():
        raise slot_closed_error(market, f"선택한 {what}의 주문이 마감되었습니다.", at=at)
    reason = calendar.why_closed(market, date)
    if reason is not None:
        raise slot_closed_error(market, f"{btime.format_date_ko(date)}은 시장이 쉬는 날입니다({reason}).", at=at)
    day = slots_on(market, date)
    if start is not None:
        day = [s for s in day if s.start == start]
        if not day:
            raise slot_closed_error(market, f"{start:%H:%M}에 시작하는 배송 시간은 없습니다.", at=at)
    open_ = [s for s in day if at < s.order_cutoff]
    if not open_:
        raise slot_closed_error(market, f"선택한 {what}의 주문이 마감되었습니다.", at=at)
    free = [s for s in open_ if not s.is_full]
    if not free:
        raise slot_full_error(market, open_[0], at=at)
    return free[0]


# --- the status line ----------------------------------------------------------------------------

def _day_off(day: calendar.DayInfo) -> str:
    """"오늘은 휴무(추석)" / "오늘은 정기 휴무(월요일)" / "오늘은 임시 휴무(시장 축제)"."""
    reason = day.reason or ""
    if day.exception:
        detail = reason.removeprefix("임시 휴무").removeprefix(": ")
        return f"오늘은 임시 휴무({detail})" if detail else "오늘은 임시 휴무"
    if day.holiday and reason == day.holiday:
        return f"오늘은 휴무({reason})"
    if reason.startswith("장날이 아님"):
        return f"오늘은 장날이 아니에요{reason.removeprefix('장날이 아님')}"
    return f"오늘은 {reason}"


def _then(slot: DeliverySlot | None, today: dt.date) -> str:
    if slot is None:
        return ""
    return f" · {btime.format_date_ko(slot.date, today_=today)} {slot.window_label()} 배송"


def _few_left(slot: DeliverySlot) -> str:
    return f" · {slot.remaining}자리 남음" if slot.remaining is not None and slot.remaining <= LOW_REMAINING else ""


def market_status(market: Market, *, at: dt.datetime | None = None) -> MarketStatus:
    at = _seoul(at)
    if not market.is_active:
        return MarketStatus("inactive", "지금은 운영하지 않아요", None, None)
    today = at.date()
    choices = slot_choices(market, at=at, days=NEXT_SLOT_DAYS)
    slot = next((s for s in choices if not s.is_full), None)
    if slot is not None and slot.date == today:
        left = slot.order_cutoff - at
        if at.time() < market.order_open:
            return MarketStatus("before_open", f"오늘 {slot.window_label()} 배송 · "
                                f"{slot.order_cutoff:%H:%M}까지 주문{_few_left(slot)}", slot, left)
        return MarketStatus("open", f"오늘 {slot.window_label()} 배송 · 마감까지 "
                            f"{btime.format_duration_ko(left)}{_few_left(slot)}", slot, left)
    if any(s.date == today for s in choices):
        return MarketStatus("full_today", f"오늘 마감(자리 없음){_then(slot, today)}", slot, None)
    day = calendar.month_view(market, today, days=1)[0]
    if not day.is_open:
        return MarketStatus("day_off", _day_off(day) + _then(slot, today), slot, None)
    return MarketStatus("closed_today", f"오늘 주문 마감{_then(slot, today)}", slot, None)


def bookings_of(market: Market, dates: Iterable[dt.date]) -> dict[tuple[dt.date, int | None], int]:
    """Places taken per (date, rule id or None for the implicit slot), for the admin's view."""
    dates = list(dates)
    if market.pk is None or not dates:
        return {}
    rows = SlotBooking.objects.filter(market=market, date__range=(min(dates), max(dates)))
    return {(date, rule_id): booked for date, rule_id, booked in rows.values_list("date", "rule_id", "booked")}
