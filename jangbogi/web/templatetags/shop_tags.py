"""Display helpers for the shop templates: money, distance, delivery slots, order steps."""

import datetime as dt

from django import template

from jangbogi.core import money
from jangbogi.core import time as btime
from jangbogi.delivery import selectors as delivery
from jangbogi.markets import slots

register = template.Library()

# What the customer sees of an order's journey, and which order statuses mean "here".
ORDER_STEPS: list[tuple[str, frozenset[str]]] = [
    ("결제 대기", frozenset({"pending_payment"})),
    ("주문 접수", frozenset({"paid"})),
    ("상품 준비", frozenset({"picking"})),
    ("배송센터 도착", frozenset({"collected"})),
    ("포장 완료", frozenset({"packed"})),
    ("배송 중", frozenset({"out_for_delivery", "delivering"})),
    ("배송 완료", frozenset({"delivered"})),
]
# Nothing more will happen to these: no timeline polling.
FINAL_STATUSES = frozenset({"payment_failed", "canceled", "expired", "delivered"})


@register.filter
def won(amount) -> str:
    return money.won(int(amount or 0))


@register.filter
def km(distance_m) -> str:
    """1234 -> "1.2km"."""
    return f"{int(distance_m) / 1000:.1f}km"


@register.filter
def market_status(market) -> slots.MarketStatus:
    return slots.market_status(market)


@register.filter
def date_ko(value: dt.date) -> str:
    """"오늘 11월 26일(목)"."""
    return btime.format_date_ko(value)


@register.filter
def order_slot(order) -> str:
    """"오늘 11월 26일(목) 16:00–19:00"."""
    return f"{btime.format_date_ko(order.slot_date)} {order.slot_start:%H:%M}–{order.slot_end:%H:%M}"


@register.filter
def order_steps(order) -> list[dict]:
    """[{"label", "state": done|current|todo}] for the status timeline; [] when the order
    is off the timeline (canceled, payment failed, expired)."""
    current = next((i for i, (_, statuses) in enumerate(ORDER_STEPS) if order.status in statuses), None)
    if current is None:
        return []
    return [
        {"label": label, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, (label, _) in enumerate(ORDER_STEPS)
    ]


@register.filter
def order_is_final(order) -> bool:
    return order.status in FINAL_STATUSES


@register.filter
def local_time(value: dt.datetime) -> str:
    """"11월 26일 10:05" in Seoul time."""
    value = value.astimezone(btime.SEOUL)
    return f"{value.month}월 {value.day}일 {value:%H:%M}"


@register.filter
def absolute(value) -> int:
    return abs(int(value or 0))


# What the customer reads about a store's part of the order.
PART_LABELS = {
    "awaiting_payment": "결제 대기", "new": "접수", "picking": "준비 중", "ready": "가방 준비 끝",
    "received": "배송센터 도착", "canceled": "보낼 상품 없음",
}


@register.filter
def part_label(part) -> str:
    return PART_LABELS.get(part.status, part.get_status_display())


@register.filter
def line_outcome(line) -> str:
    """"1개만 있어요 · 1,500원 환불" and the like, for a line that was not picked as ordered."""
    refund = line.ordered_total - line.line_total
    have = line.picked_quantity or 0
    if line.status == "awaiting_approval":
        return "바꿀 상품을 여쭤보는 중"
    if line.status == "moved":
        return "다른 가게에서 담아요"
    if line.status == "substituted":
        return "다른 상품으로 바꿨어요"
    prefix = f"{have}개만 있어요" if have else "품절"
    return f"{prefix} · {money.won(refund)} 환불" if refund else prefix


@register.filter
def delivery_progress(order) -> "delivery.DeliveryProgress | None":
    """Where the bundle is (out for delivery or delivered): its stop and the stops before it."""
    return delivery.delivery_progress(order=order)


@register.filter
def about_time(value: dt.datetime | None) -> str:
    """An ETA for people: Seoul time to the nearest 10 minutes, "17:20"."""
    if value is None:
        return ""
    value = value.astimezone(btime.SEOUL)
    rounded = value.replace(second=0, microsecond=0) + dt.timedelta(minutes=5)
    rounded -= dt.timedelta(minutes=rounded.minute % 10)
    return f"{rounded:%H:%M}"
