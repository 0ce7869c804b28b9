"""Checkout (cart → paid order, idempotent) and reading an order back."""

import datetime as dt

from ninja import Field, Header, Router, Schema, Status

from jangbogi.api.auth import CartToken, OrderToken, cart_for
from jangbogi.api.common import MarketRef, current_user, hhmm
from jangbogi.api.errors import (
    ConflictOut,
    ErrorOut,
    IdempotencyKeyInvalid,
    IdempotencyKeyRequired,
    ValidationErrorOut,
)
from jangbogi.core import time as btime
from jangbogi.core.errors import NotFound
from jangbogi.markets.slots import next_slot
from jangbogi.orders import selectors as orders
from jangbogi.orders import services as ordering
from jangbogi.orders.models import (
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderStatus,
    Substitution,
)
from jangbogi.payments.models import Method

router = Router(tags=["orders"])

PAYMENT_DECLINED = "결제가 승인되지 않았습니다. 장바구니는 그대로 있으니 다른 결제 수단으로 다시 주문해 주세요."
_ORDER_LABELS = dict(OrderStatus.choices)
_PART_LABELS = dict(MerchantOrderStatus.choices)


class CheckoutIn(Schema):
    recipient_name: str = Field(..., max_length=50)
    phone: str = Field(..., max_length=20, description="휴대폰 번호, 예: 010-1234-5678")
    address: str = Field(..., max_length=200)
    address_detail: str = Field("", max_length=200)
    lat: float = Field(..., ge=-90, le=90)
    lng: float = Field(..., ge=-180, le=180)
    delivery_note: str = Field("", max_length=200)
    slot_date: dt.date | None = Field(None, description="배송일 YYYY-MM-DD (생략하면 가장 빠른 배송일)")
    slot_start: dt.time | None = Field(
        None, description='배송 시작 시각 "HH:MM" (GET /markets/{id}/slots 의 start; 생략하면 그날 첫 번째 열린 배송 시간)')
    payment_method: Method
    demo_outcome: str = Field("", max_length=20, description='데모 결제에서만: "decline"이면 거절')


class OrderSlotOut(Schema):
    date: dt.date
    start: str
    end: str


class RecipientOut(Schema):
    name: str
    phone: str
    address: str
    address_detail: str
    delivery_note: str


class AmountsOut(Schema):
    items_total: int
    delivery_fee: int
    total: int
    tax_free_amount: int


class PartStoreOut(Schema):
    id: int
    name: str
    phone: str


class OrderLineOut(Schema):
    product_id: int
    name: str
    unit_label: str
    unit_price: int
    quantity: int
    line_total: int
    origin: str
    sold_by_weight: bool
    estimated_grams: int | None
    substitution: str
    substitution_label: str
    note: str


class PartOut(Schema):
    """One store's part of the order (what that store picks and bags)."""

    store: PartStoreOut
    status: str
    status_label: str
    items_total: int
    lines: list[OrderLineOut]

    @classmethod
    def of(cls, mo: MerchantOrder) -> "PartOut":
        return cls(
            store=PartStoreOut(id=mo.store.pk, name=mo.store.name, phone=mo.store.phone),
            status=mo.status, status_label=_PART_LABELS.get(mo.status, mo.status),
            items_total=mo.items_total,
            lines=[OrderLineOut(
                product_id=x.product_id, name=x.product_name, unit_label=x.unit_label,
                unit_price=x.unit_price, quantity=x.quantity, line_total=x.line_total, origin=x.origin,
                sold_by_weight=x.sold_by_weight, estimated_grams=x.estimated_grams,
                substitution=x.substitution, substitution_label=Substitution(x.substitution).label,
                note=x.note,
            ) for x in mo.lines.all()],
        )


class EventOut(Schema):
    to_status: str
    label: str
    at: dt.datetime
    reason: str
    store_id: int | None  # set when the event concerns one store's part


class OrderOut(Schema):
    number: str
    status: str
    status_label: str
    market: MarketRef
    slot: OrderSlotOut
    recipient: RecipientOut
    amounts: AmountsOut
    payment_method: str
    payment_method_label: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    parts: list[PartOut]
    events: list[EventOut]
    access_token: str | None  # only in checkout answers: send it as X-Order-Token later

    @classmethod
    def of(cls, order: Order, *, access_token: str | None = None) -> "OrderOut":
        parts = list(order.merchant_orders.all())
        stores = {mo.pk: mo.store_id for mo in parts}
        return cls(
            number=order.number, status=order.status,
            status_label=_ORDER_LABELS.get(order.status, order.status),
            market=MarketRef(id=order.market.pk, name=order.market.name),
            slot=OrderSlotOut(date=order.slot_date, start=hhmm(order.slot_start), end=hhmm(order.slot_end)),
            recipient=RecipientOut(name=order.recipient_name, phone=order.phone, address=order.address,
                                   address_detail=order.address_detail, delivery_note=order.delivery_note),
            amounts=AmountsOut(items_total=order.items_total, delivery_fee=order.delivery_fee,
                               total=order.total, tax_free_amount=order.tax_free_amount),
            payment_method=order.payment_method, payment_method_label=order.get_payment_method_display(),
            created_at=order.created_at.astimezone(btime.SEOUL),
            paid_at=order.paid_at.astimezone(btime.SEOUL) if order.paid_at else None,
            parts=[PartOut.of(mo) for mo in parts],
            events=[EventOut(
                to_status=e.to_status,
                label=(_PART_LABELS if e.merchant_order_id else _ORDER_LABELS).get(e.to_status, e.to_status),
                at=e.created_at.astimezone(btime.SEOUL), reason=e.reason,
                store_id=stores.get(e.merchant_order_id),
            ) for e in order.events.all()],
            access_token=access_token,
        )


class PaymentDeclinedOut(Schema):
    code: str  # "payment_declined"
    message: str
    order: OrderOut


def _first_slot_date(market) -> dt.date:
    """The next open slot's date; today when none is open (place_order then says why)."""
    slot = next_slot(market)
    return slot.date if slot is not None else btime.today()


def _idempotency_key(value: str | None) -> str:
    key = (value or "").strip()
    if not key:
        raise IdempotencyKeyRequired()
    if len(key) > 100:
        raise IdempotencyKeyInvalid()
    return key


@router.post(
    "/carts/{cart_id}/checkout", auth=CartToken(),
    response={201: OrderOut, 400: ErrorOut, 402: PaymentDeclinedOut, 404: ErrorOut, 409: ConflictOut,
              422: ValidationErrorOut},
)
def checkout(request, cart_id: int, payload: CheckoutIn,
             idempotency_key: str | None = Header(None, alias="Idempotency-Key",
                                                  description="주문 시도마다 새 UUID; 재시도에는 같은 값")):
    """Place and pay the cart in one step.  Replaying the same `Idempotency-Key` returns the
    same order (201 when paid, 402 `payment_declined` when the payment was refused).  A slot
    past its cutoff or on a closed day is 409 `slot_closed`, a full one 409 `slot_full`; both
    name the next open slot (`next_slot_date`, `next_slot_start`)."""
    cart = cart_for(request, cart_id)
    key = _idempotency_key(idempotency_key)
    details = ordering.DeliveryDetails(
        recipient_name=payload.recipient_name, phone=payload.phone, address=payload.address,
        address_detail=payload.address_detail, lat=payload.lat, lng=payload.lng,
        delivery_note=payload.delivery_note, payment_method=payload.payment_method.value,
        slot_date=payload.slot_date or _first_slot_date(cart.market), slot_start=payload.slot_start,
    )
    placed = ordering.checkout(cart=cart, details=details, idempotency_key=key,
                               customer=current_user(request), demo_outcome=payload.demo_outcome)
    order = orders.order_for_customer(number=placed.number, token=placed.access_token)
    out = OrderOut.of(order, access_token=placed.access_token)
    if order.status == OrderStatus.PAYMENT_FAILED:
        return Status(402, PaymentDeclinedOut(code="payment_declined", message=PAYMENT_DECLINED, order=out))
    return Status(201, out)


@router.get("/orders/{number}", auth=OrderToken(), response={200: OrderOut, 404: ErrorOut})
def order_detail(request, number: str):
    """An order, for the holder of its `X-Order-Token` or its logged-in customer."""
    creds = request.auth
    order = orders.order_for_customer(number=number, user=creds.user, token=creds.token)
    if order is None:
        raise NotFound("주문을 찾을 수 없습니다. 주문번호와 주문 토큰(X-Order-Token)을 확인해 주세요.",
                       code="order_not_found")
    return OrderOut.of(order)
