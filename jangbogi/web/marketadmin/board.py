"""오늘 현황: one delivery day of a market, summed up from the order selectors.

Pure arithmetic over rows the selectors already loaded (a fixed number of queries whatever
the number of orders)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from jangbogi.orders import selectors as orders
from jangbogi.orders.models import LineStatus, MerchantOrderStatus, OrderLine, OrderStatus

# Statuses shown as counters, in the order an order moves through them.
STATUS_COUNTERS = (OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.COLLECTED, OrderStatus.PACKED,
                   OrderStatus.CANCELED)

# What happened to a short line, in words a market admin uses.
OUTCOMES = {
    LineStatus.SHORT: "부분 부족",
    LineStatus.AWAITING_APPROVAL: "대체 승인 대기",
    LineStatus.SUBSTITUTED: "대체",
    LineStatus.MOVED: "다른 가게로",
    LineStatus.REFUNDED: "환불",
}

PREPARING = (MerchantOrderStatus.NEW, MerchantOrderStatus.PICKING)


@dataclass
class StoreRow:
    store: object
    parts: int = 0
    preparing: int = 0
    ready: int = 0
    received: int = 0


@dataclass(frozen=True)
class ShortageRow:
    line: OrderLine
    outcome: str
    missing: int         # units not picked as ordered
    amount: int          # won taken off the line (refunded, or replaced elsewhere)
    replacements: tuple  # lines that took its place (another store's, or a substitute)


@dataclass
class DayBoard:
    date: dt.date
    order_count: int = 0
    sales: int = 0
    refund_due: int = 0
    status_counts: list[tuple[str, int]] = field(default_factory=list)
    stores: list[StoreRow] = field(default_factory=list)
    shortages: list[ShortageRow] = field(default_factory=list)

    @property
    def totals(self) -> StoreRow:
        row = StoreRow(store=None)
        for r in self.stores:
            row.parts += r.parts
            row.preparing += r.preparing
            row.ready += r.ready
            row.received += r.received
        return row


def day_board(*, market, slot_date: dt.date) -> DayBoard:
    day = list(orders.orders_for_market(market=market, slot_date=slot_date))
    counts = {status: 0 for status in STATUS_COUNTERS}
    stores: dict[int, StoreRow] = {}
    for order in day:
        counts[order.status] = counts.get(order.status, 0) + 1
        for part in order.merchant_orders.all():
            if part.status in (MerchantOrderStatus.CANCELED, MerchantOrderStatus.AWAITING_PAYMENT):
                continue
            row = stores.setdefault(part.store_id, StoreRow(store=part.store))
            row.parts += 1
            row.preparing += part.status in PREPARING
            row.ready += part.status == MerchantOrderStatus.READY
            row.received += part.status == MerchantOrderStatus.RECEIVED
    live = [o for o in day if o.status != OrderStatus.CANCELED]
    return DayBoard(
        date=slot_date,
        order_count=len(day),
        sales=sum(o.total for o in live),
        refund_due=sum(o.refund_due for o in day),
        status_counts=[(OrderStatus(s).label, counts[s]) for s in STATUS_COUNTERS]
        + [(OrderStatus(s).label, n) for s, n in counts.items() if s not in STATUS_COUNTERS],
        stores=sorted(stores.values(), key=lambda r: r.store.name),
        shortages=_shortages(market, slot_date),
    )


def _shortages(market, slot_date) -> list[ShortageRow]:
    lines = orders.shortages_for_market(market=market, slot_date=slot_date).prefetch_related(
        Prefetch("replacements", queryset=OrderLine.objects.select_related("merchant_order__store")))
    return [
        ShortageRow(line=line, outcome=OUTCOMES.get(line.status, line.get_status_display()),
                    missing=line.quantity - (line.picked_quantity or 0),
                    amount=line.ordered_total - line.line_total,
                    replacements=tuple(line.replacements.all()))
        for line in lines
    ]
