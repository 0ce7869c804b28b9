"""A follow-up order that sends claimed goods again, free of charge.

The new order goes to the same address in the market's next open slot (one place booked like
any order), holds stock for its lines, and starts "paid" with nothing charged: every price is
0원 and no Payment exists (`paid_amount` 0 satisfies the order's DB checks, and settlement
skips orders without payments).  From there it flows like any order: the stores pick it (their
new-order alert included), the center packs it, a rider delivers it.  Its lines never ask for
a substitute (a short line is simply not sent).  Idempotent by `key` (the order's
idempotency key): the same key returns the same order."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from jangbogi.catalog import services as catalog
from jangbogi.core import time as btime
from jangbogi.core.errors import SlotClosed, ValidationFailed
from jangbogi.markets import services as market_services
from jangbogi.markets import slots
from jangbogi.orders import services as ordering
from jangbogi.orders.models import (
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderLine,
    OrderStatus,
    Substitution,
)


@transaction.atomic
def create_redelivery(*, order: Order, lines: Sequence[tuple[OrderLine, int]], key: str, reason: str,
                      actor=None, now: dt.datetime | None = None) -> Order:
    """A 0원 order with `lines` (order line, quantity) of `order`, in the next open slot.
    Raises SlotClosed when no slot is open within a week, SlotFull / OutOfStock as checkout
    does; nothing is created then."""
    existing = Order.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    if not lines or any(qty < 1 for _, qty in lines):
        raise ValidationFailed("다시 보낼 상품과 수량이 필요합니다.", code="redelivery_empty")
    now = now or btime.now()
    slot = slots.next_slot(order.market, at=now)
    if slot is None:
        raise SlotClosed("가까운 날에 다시 보낼 수 있는 배송 시간이 없습니다.", code="no_redelivery_slot")
    quantities: dict[int, int] = {}
    for line, qty in lines:
        quantities[line.product_id] = quantities.get(line.product_id, 0) + qty
    catalog.reserve_stock(quantities=quantities)
    market_services.book_slot(market=order.market, slot=slot, at=now)
    follow_up = ordering._create_order(
        now=now, market=order.market, customer=order.customer, idempotency_key=key,
        recipient_name=order.recipient_name, phone=order.phone, address=order.address,
        address_detail=order.address_detail, lat=order.lat, lng=order.lng,
        delivery_note=f"[다시 배송 · 원주문 {order.number}] {order.delivery_note}".strip()[:200],
        slot_date=slot.date, slot_start=slot.start, slot_end=slot.end, slot_rule_id=slot.rule_id,
        items_total=0, delivery_fee=0, total=0, tax_free_amount=0, payment_method=order.payment_method,
        expires_at=now,
    )
    by_part: dict[int, list[tuple[OrderLine, int]]] = {}
    for line, qty in lines:
        by_part.setdefault(line.merchant_order.store_id, []).append((line, qty))
    for store_id, items in sorted(by_part.items()):
        part = MerchantOrder.objects.create(order=follow_up, store_id=store_id, items_total=0)
        OrderLine.objects.bulk_create([
            OrderLine(
                merchant_order=part, product_id=line.product_id, product_name=line.product_name,
                unit_label=line.unit_label, unit_price=0, quantity=qty, line_total=0, ordered_total=0,
                origin=line.origin, traceability_no=line.traceability_no, vat_class=line.vat_class,
                sold_by_weight=line.sold_by_weight, estimated_grams=line.estimated_grams,
                substitution=Substitution.REFUND, note=(f"다시 배송: {line.note}" if line.note else "다시 배송")[:200],
                temperature=line.temperature, status=LineStatus.PENDING,
            )
            for line, qty in items
        ])
    ordering.record_event(follow_up, to_status=OrderStatus.PENDING_PAYMENT, actor=actor,
                          reason=f"다시 배송 주문 (원주문 {order.number})")
    ordering.transition_order(follow_up, target=OrderStatus.PAID, actor=actor, reason=f"0원 다시 배송: {reason}"[:200],
                              parts_to=MerchantOrderStatus.NEW, paid_at=timezone.now())
    transaction.on_commit(lambda: ordering._tell_stores_new_order(follow_up))
    return follow_up
