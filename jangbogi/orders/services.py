"""Order use cases: place (reserve stock, book the delivery slot), pay, cancel, expire.

The payment call runs outside the stock transaction (a slow provider never holds row locks);
every status change is a compare-and-set plus an OrderEvent row.  An order holds one place in
its delivery slot from `place_order` until it ends without delivery (payment failed, expired,
canceled): `transition_order` gives stock and the place back together, exactly once."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import default_temperature
from jangbogi.core import time as btime
from jangbogi.core.errors import Conflict, InvalidTransition, ValidationFailed
from jangbogi.core.phones import normalize_mobile
from jangbogi.core.states import compare_and_set
from jangbogi.markets import selectors as markets
from jangbogi.markets import services as market_services
from jangbogi.markets import slots
from jangbogi.markets.slots import is_slot_open
from jangbogi.notifications import services as notifications
from jangbogi.orders import tenders
from jangbogi.orders.models import (
    MERCHANT_ORDER_TRANSITIONS,
    ORDER_TRANSITIONS,
    STOCK_HOLDING,
    Cart,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
)
from jangbogi.orders.selectors import cart_pricing
from jangbogi.payments import services as payments
from jangbogi.payments.models import Method

SYSTEM = "시스템"


@dataclass(frozen=True)
class DeliveryDetails:
    recipient_name: str
    phone: str
    address: str
    lat: float
    lng: float
    slot_date: dt.date
    payment_method: str
    address_detail: str = ""
    delivery_note: str = ""
    slot_start: dt.time | None = None  # None: the market's first open slot on slot_date


def _validate_details(cart: Cart, d: DeliveryDetails,
                      now: dt.datetime) -> tuple[DeliveryDetails, slots.DeliverySlot]:
    """The cleaned details and the slot they ask for (open by the calendar and the clock, with
    a place left when read); ValidationFailed, SlotClosed or SlotFull otherwise."""
    errors: dict[str, str] = {}
    if not d.recipient_name.strip():
        errors["recipient_name"] = "받는 분 이름을 적어 주세요."
    for field, limit in (("recipient_name", 50), ("address", 200), ("address_detail", 200),
                         ("delivery_note", 200)):
        if len(getattr(d, field).strip()) > limit:
            errors[field] = f"{limit}자 이내로 적어 주세요."
    phone = d.phone
    try:
        phone = normalize_mobile(d.phone)
    except ValidationFailed as exc:
        errors["phone"] = exc.message
    if not d.address.strip():
        errors["address"] = "배송 주소를 정해 주세요."
    elif not markets.delivers_to(cart.market, lat=d.lat, lng=d.lng):  # delivery zones (markets/zones.py)
        errors["address"] = markets.out_of_zone_message(cart.market, lat=d.lat, lng=d.lng)
    if d.payment_method not in Method.values:
        errors["payment_method"] = "결제 수단을 골라 주세요."
    if errors:
        out_of_zone = set(errors) == {"address"} and bool(d.address.strip())  # the only problem
        raise ValidationFailed(errors["address"] if out_of_zone else "주문 정보를 확인해 주세요.",
                               errors=errors, code="out_of_zone" if out_of_zone else None)
    slot = slots.bookable_slot(cart.market, date=d.slot_date, start=d.slot_start, at=now)
    cleaned = DeliveryDetails(**{**d.__dict__, "phone": phone, "recipient_name": d.recipient_name.strip(),
                                 "address": d.address.strip()})
    return cleaned, slot


def _new_order_number(now: dt.datetime) -> str:
    """"261126-04817263": the delivery-day prefix helps people on the phone; eight random
    digits make a clash rare, and `_create_order` retries the rare one."""
    return f"{now:%y%m%d}-{secrets.randbelow(10**8):08d}"


def _create_order(*, now: dt.datetime, **fields) -> Order:
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(number=_new_order_number(now), **fields)
        except IntegrityError:
            if attempt == 4 or Order.objects.filter(idempotency_key=fields.get("idempotency_key")).exists():
                raise
    raise AssertionError("unreachable")


def record_event(order: Order, *, to_status: str, from_status: str = "", actor=None, reason: str = "",
           merchant_order: MerchantOrder | None = None) -> None:
    OrderEvent.objects.create(
        order=order, merchant_order=merchant_order, from_status=from_status, to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.display_name() if actor is not None and actor.is_authenticated else SYSTEM),
        reason=reason,
    )


@transaction.atomic
def place_order(*, cart: Cart, details: DeliveryDetails, customer=None, idempotency_key: str | None = None,
                now: dt.datetime | None = None) -> Order:
    """Turn the cart into an order awaiting payment: prices fixed, stock reserved, one place
    booked in the delivery slot (all or nothing)."""
    now = now or btime.now()
    if cart.ordered_at is not None:
        raise Conflict("이미 주문한 장바구니입니다.", code="cart_ordered")
    details, slot = _validate_details(cart, details, now)
    pricing = cart_pricing(cart, lat=details.lat, lng=details.lng)  # the fee of the address's zone
    if not pricing.lines:
        raise ValidationFailed("장바구니가 비어 있습니다.", code="cart_empty")
    gone = [line.product for line in pricing.lines if not (line.product.is_active and line.product.store.is_active)]
    if gone:
        raise Conflict(f"지금은 팔지 않는 상품이 있습니다: {', '.join(p.name for p in gone)}. 장바구니에서 빼 주세요.",
                       code="product_unavailable", product_ids=[p.pk for p in gone])
    catalog.reserve_stock(quantities={line.product.pk: line.quantity for line in pricing.lines})
    # Last, so the slot's row (every order of the slot waits on it) is locked the shortest time.
    market_services.book_slot(market=cart.market, slot=slot, at=now)
    order = _create_order(
        now=now, market=cart.market, cart=cart,
        customer=customer if customer is not None and customer.is_authenticated else None,
        idempotency_key=idempotency_key,
        recipient_name=details.recipient_name, phone=details.phone, address=details.address,
        address_detail=details.address_detail.strip(), lat=details.lat, lng=details.lng,
        delivery_note=details.delivery_note.strip(),
        slot_date=slot.date, slot_start=slot.start, slot_end=slot.end, slot_rule_id=slot.rule_id,
        items_total=pricing.items_total, delivery_fee=pricing.delivery_fee, total=pricing.total,
        tax_free_amount=pricing.tax_free_amount, payment_method=details.payment_method,
        expires_at=now + dt.timedelta(minutes=settings.JANGBOGI_UNPAID_ORDER_MINUTES),
        weight_margin_percent=settings.JANGBOGI_WEIGHT_MARGIN_PERCENT,
    )
    for group in pricing.groups:
        mo = MerchantOrder.objects.create(order=order, store=group.store, items_total=group.items_total,
                                          tax_free_amount=group.tax_free_amount)
        OrderLine.objects.bulk_create([
            OrderLine(
                merchant_order=mo, product=line.product, product_name=line.product.name,
                unit_label=line.product.unit_label, unit_price=line.unit_price, quantity=line.quantity,
                line_total=line.line_total, ordered_total=line.line_total, origin=line.product.origin,
                temperature=default_temperature(line.product.category),
                traceability_no=line.product.traceability_no, vat_class=line.product.vat_class,
                sold_by_weight=line.product.sold_by_weight, estimated_grams=line.product.estimated_grams,
                substitution=line.substitution, note=line.note,
            )
            for line in group.lines
        ])
    record_event(order, to_status=OrderStatus.PENDING_PAYMENT, actor=customer, reason="주문서 작성")
    Cart.objects.filter(pk=cart.pk).update(ordered_at=timezone.now())
    cart.ordered_at = timezone.now()
    return order


def transition_order(order: Order, *, target: str, actor=None, reason: str = "", parts_to: str | None = None,
                **extra) -> bool:
    """Compare-and-set the order to `target` (and its open store parts to `parts_to`); False if
    another request already moved it.  Leaving the stock-holding statuses (payment failed,
    expired, canceled) gives the stock and the delivery slot's place back, once: only the
    request whose compare-and-set won gets here."""
    source = Order.objects.filter(pk=order.pk).values_list("status", flat=True).first()
    changed = compare_and_set(Order.objects.filter(pk=order.pk, status=source), table=ORDER_TRANSITIONS,
                              target=target, **extra)
    if not changed:
        return False
    if parts_to:
        compare_and_set(MerchantOrder.objects.filter(order=order), table=MERCHANT_ORDER_TRANSITIONS,
                        target=parts_to)
    record_event(order, from_status=source, to_status=target, actor=actor, reason=reason)
    if source in STOCK_HOLDING and target not in STOCK_HOLDING:
        _release_stock(order)
        market_services.release_slot(market_id=order.market_id, date=order.slot_date, rule_id=order.slot_rule_id)
    if source == OrderStatus.PENDING_PAYMENT and target != OrderStatus.PAID and order.cart_id:
        # The unpaid order is gone: the customer keeps the basket and may try again.
        Cart.objects.filter(pk=order.cart_id).update(ordered_at=None)
    order.refresh_from_db()
    return True


def _release_stock(order: Order) -> None:
    quantities: dict[int, int] = {}
    for line in OrderLine.objects.filter(merchant_order__order=order).only("product_id", "quantity", "status",
                                                                           "picked_quantity"):
        quantities[line.product_id] = quantities.get(line.product_id, 0) + line.held_quantity
    catalog.release_stock(quantities={k: v for k, v in quantities.items() if v})


def pay_order(*, order: Order, actor=None, demo_outcome: str = "") -> Order:
    """Approve the order: one approval per store part plus one for the delivery fee
    (orders.tenders), all or nothing.  The order becomes paid, or payment_failed (stock and
    the slot's place go back, the cart reopens, and any approval already made is voided).

    Idempotent: every approval's key derives from the order, so a retry never charges twice;
    PaymentUnknown (no answer from the provider) leaves the order awaiting payment."""
    if order.status != OrderStatus.PENDING_PAYMENT:
        return order
    run = tenders.approve_all(order, demo_outcome=demo_outcome)
    with transaction.atomic():
        if run.approved:
            if transition_order(order, target=OrderStatus.PAID, actor=actor, reason="결제 승인",
                                parts_to=MerchantOrderStatus.NEW, paid_at=timezone.now(),
                                paid_amount=run.total):
                transaction.on_commit(lambda: _tell_stores_new_order(order))
        else:
            transition_order(order, target=OrderStatus.PAYMENT_FAILED, actor=actor,
                             parts_to=MerchantOrderStatus.CANCELED, reason=run.failure_message[:200])
    order.refresh_from_db()
    if run.approved and order.status != OrderStatus.PAID:
        # The approvals landed after the order had expired or been canceled: refund them at once.
        tenders.void_all(run.payments, reason="결제 전에 주문이 종료됨")
    return order


def _tell_stores_new_order(order: Order) -> None:
    for part in MerchantOrder.objects.filter(order=order).select_related("store"):
        notifications.notify_store(
            store_id=part.store_id, phone=part.store.phone, template="new_order",
            text=(f"[장보기] 새 주문 {order.number}: {part.lines.count()}개 상품, "
                  f"{order.slot_date:%m/%d} {order.slot_start:%H:%M} 배송"),
            link="/merchant/",
        )


def checkout(*, cart: Cart, details: DeliveryDetails, idempotency_key: str, customer=None,
             demo_outcome: str = "", now: dt.datetime | None = None) -> Order:
    """Place and pay in one step.  A replay with the same key returns the same order.
    The returned order is paid or payment_failed; callers show which."""
    if not idempotency_key:
        raise ValidationFailed("Idempotency-Key가 필요합니다.", code="idempotency_key_required")
    order = Order.objects.filter(idempotency_key=idempotency_key).first()
    if order is None:
        try:
            order = place_order(cart=cart, details=details, customer=customer,
                                idempotency_key=idempotency_key, now=now)
        except IntegrityError:
            order = Order.objects.filter(idempotency_key=idempotency_key).first()
            if order is None:
                raise
    if order.cart_id != cart.pk:
        raise Conflict("같은 요청 키로 다른 장바구니를 주문했습니다.", code="idempotency_mismatch")
    return pay_order(order=order, actor=customer, demo_outcome=demo_outcome)


def cancel_order(*, order: Order, actor=None, reason: str = "고객 요청", now: dt.datetime | None = None) -> Order:
    """Cancel before the order cutoff of its delivery day; refunds what was paid."""
    now = now or btime.now()
    order.refresh_from_db()  # a copy loaded before payment landed must not skip the cutoff or the refund
    if order.status == OrderStatus.PAID and not is_slot_open(order.market, order.slot_date, start=order.slot_start,
                                                             at=now):
        raise InvalidTransition("주문 마감 시간이 지나 상인이 준비를 시작했습니다. 고객센터로 문의해 주세요.",
                                code="cancel_after_cutoff")
    if order.status in STOCK_HOLDING - {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}:
        raise InvalidTransition("상인이 상품 준비를 시작해 취소할 수 없습니다. 고객센터로 문의해 주세요.",
                                code="cancel_after_cutoff")
    with transaction.atomic():
        if not transition_order(order, target=OrderStatus.CANCELED, actor=actor, reason=reason,
                           parts_to=MerchantOrderStatus.CANCELED):
            raise InvalidTransition("지금 상태에서는 주문을 취소할 수 없습니다.")
    # A canceled order keeps no money, whatever status it was canceled from.
    tenders.void_all(list(payments.approved_payments(order_ref=order.number)), reason=reason)
    return order


def expire_unpaid_orders(*, now: dt.datetime | None = None) -> int:
    """Expire orders left unpaid past their deadline and give their stock back."""
    now = now or timezone.now()
    expired = 0
    for order in Order.objects.filter(status=OrderStatus.PENDING_PAYMENT, expires_at__lt=now):
        with transaction.atomic():
            done = transition_order(order, target=OrderStatus.EXPIRED, reason="결제 시간 초과",
                                    parts_to=MerchantOrderStatus.CANCELED)
        if done:
            # Approvals made before a tender went unanswered: the order will not be paid now.
            tenders.void_all(list(payments.approved_payments(order_ref=order.number)), reason="결제 시간 초과")
        expired += done
    return expired


# --- delivery: the bundle leaves the center, reaches the door or comes back ------------------
# Called by jangbogi.delivery.services (orders never imports delivery).

def _delivery_move(order: Order, *, source: str, target: str, actor, reason: str, refusal: str) -> Order:
    """`source` → `target` as one compare-and-set with its event, or InvalidTransition (the
    order is in another status, or another request moved it first)."""
    order.refresh_from_db(fields=["status"])
    if order.status != source or not transition_order(order, target=target, actor=actor, reason=reason):
        order.refresh_from_db(fields=["status"])
        raise InvalidTransition(f"{refusal} (지금: {order.get_status_display()})", code=f"order_not_{source}")
    return order


@transaction.atomic
def mark_out_for_delivery(*, order: Order, actor=None, reason: str = "배송 출발") -> Order:
    """The packed bundle is dispatched to a rider: "배송 중"."""
    return _delivery_move(order, source=OrderStatus.PACKED, target=OrderStatus.OUT_FOR_DELIVERY, actor=actor,
                          reason=reason, refusal="포장을 마친 주문만 배송을 시작할 수 있습니다")


@transaction.atomic
def mark_delivered(*, order: Order, actor=None, reason: str = "배송 완료") -> Order:
    """The rider handed the bundle over (handover code or photo): "배송 완료"."""
    return _delivery_move(order, source=OrderStatus.OUT_FOR_DELIVERY, target=OrderStatus.DELIVERED, actor=actor,
                          reason=reason, refusal="배송 중인 주문만 배송 완료로 바꿀 수 있습니다")


@transaction.atomic
def return_to_center(*, order: Order, reason: str, actor=None) -> Order:
    """A failed attempt: the bundle goes back to the center's queue ("포장 완료") to be
    planned again; the reason stays in the order's events."""
    return _delivery_move(order, source=OrderStatus.OUT_FOR_DELIVERY, target=OrderStatus.PACKED, actor=actor,
                          reason=f"배송 실패, 센터로 돌아옴: {reason}",
                          refusal="배송 중인 주문만 센터로 돌려보낼 수 있습니다")
