"""Order states: every move the services make is in ORDER_TRANSITIONS, every other move is
refused, and each change writes exactly one OrderEvent (from, to, who)."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core.errors import InvalidTransition
from jangbogi.orders import services as orders
from jangbogi.orders.models import (
    ORDER_TRANSITIONS,
    STOCK_HOLDING,
    Cart,
    MerchantOrder,
    OrderEvent,
    OrderStatus,
)
from jangbogi.payments.models import Payment
from tests.conftest import MORNING
from tests.factories import UserFactory
from tests.orders.order_builders import TOTAL, fresh, place, stocked_product

pytestmark = pytest.mark.django_db

S = OrderStatus
TERMINAL = (S.PAYMENT_FAILED, S.CANCELED, S.EXPIRED)


def test_transition_table_as_designed():
    assert ORDER_TRANSITIONS[S.PENDING_PAYMENT] == {S.PAID, S.PAYMENT_FAILED, S.CANCELED, S.EXPIRED}
    assert S.CANCELED in ORDER_TRANSITIONS[S.PAID]
    assert S.EXPIRED not in ORDER_TRANSITIONS[S.PAID]
    assert S.PAYMENT_FAILED not in ORDER_TRANSITIONS[S.PAID]
    for terminal in TERMINAL:
        assert ORDER_TRANSITIONS[terminal] == set()
    # nothing leads back to pending_payment
    assert not any(S.PENDING_PAYMENT in targets for targets in ORDER_TRANSITIONS.values())
    assert {S.PENDING_PAYMENT, S.PAID} <= STOCK_HOLDING
    assert not STOCK_HOLDING & set(TERMINAL)


def reach(status: str, market, product):
    """An order in `status`, reached through the services."""
    order = place(market, product)
    if status == S.PAID:
        orders.pay_order(order=order)
    elif status == S.PAYMENT_FAILED:
        orders.pay_order(order=order, demo_outcome="decline")
    elif status == S.CANCELED:
        orders.cancel_order(order=order, now=MORNING)
    elif status == S.EXPIRED:
        assert orders.expire_unpaid_orders(now=MORNING + dt.timedelta(minutes=16)) == 1
    order = fresh(order)
    assert order.status == status
    return order


def op_pay(order):
    return orders.pay_order(order=order)


def op_decline(order):
    return orders.pay_order(order=order, demo_outcome="decline")


def op_cancel(order):
    return orders.cancel_order(order=order, now=MORNING)


def op_expire(order):
    orders.expire_unpaid_orders(now=MORNING + dt.timedelta(hours=1))
    return order


OPS = {"pay": op_pay, "decline": op_decline, "cancel": op_cancel, "expire": op_expire}

# (source, op) -> the status it moves to; None: a silent no-op; "refused": InvalidTransition.
EXPECTED = {
    (S.PENDING_PAYMENT, "pay"): S.PAID,
    (S.PENDING_PAYMENT, "decline"): S.PAYMENT_FAILED,
    (S.PENDING_PAYMENT, "cancel"): S.CANCELED,
    (S.PENDING_PAYMENT, "expire"): S.EXPIRED,
    (S.PAID, "pay"): None,
    (S.PAID, "decline"): None,
    (S.PAID, "cancel"): S.CANCELED,
    (S.PAID, "expire"): None,
    **{(t, "pay"): None for t in TERMINAL},
    **{(t, "decline"): None for t in TERMINAL},
    **{(t, "cancel"): "refused" for t in TERMINAL},
    **{(t, "expire"): None for t in TERMINAL},
}
PARTS = {S.PENDING_PAYMENT: "awaiting_payment", S.PAID: "new", S.PAYMENT_FAILED: "canceled",
         S.CANCELED: "canceled", S.EXPIRED: "canceled"}


@pytest.mark.parametrize(("source", "op"), sorted(EXPECTED))
def test_each_service_move_from_each_status(market, source, op):
    product = stocked_product(market, stock=10)
    order = reach(source, market, product)
    events_before = OrderEvent.objects.filter(order=order).count()
    payments_before = sorted(Payment.objects.values_list("pk", "status"))
    expected = EXPECTED[(source, op)]

    if expected == "refused":
        with pytest.raises(InvalidTransition) as exc:
            OPS[op](order)
        assert exc.value.message == "지금 상태에서는 주문을 취소할 수 없습니다."
    else:
        OPS[op](order)

    order = fresh(order)
    target = expected if expected not in (None, "refused") else source
    assert order.status == target
    assert Product.objects.get(pk=product.pk).stock == (8 if target in STOCK_HOLDING else 10)
    assert set(MerchantOrder.objects.filter(order=order).values_list("status", flat=True)) == {PARTS[target]}
    new_events = list(OrderEvent.objects.filter(order=order).order_by("pk")[events_before:])
    if target == source:
        assert new_events == []
        assert sorted(Payment.objects.values_list("pk", "status")) == payments_before
    else:
        assert [(e.from_status, e.to_status, e.actor_label, e.actor_id) for e in new_events] == [
            (source, target, "시스템", None),
        ]


def test_pay_approves_the_total_and_stamps_paid_at(market):
    order = orders.pay_order(order=place(market, stocked_product(market)))
    store, fee = Payment.objects.filter(order_ref=order.number).order_by("pk")
    assert (store.amount + fee.amount, store.tax_free_amount, fee.tax_free_amount) == (TOTAL, 4000, 0)
    assert {store.status, fee.status, store.method, fee.method} == {"approved", "card"}
    assert store.idempotency_key == f"order:{order.number}:tender:store{store.store_id}:approve"
    assert fee.idempotency_key == f"order:{order.number}:tender:center:approve"
    assert (store.provider_order_id, fee.provider_order_id) == (f"{order.number}-S{store.store_id}",
                                                                f"{order.number}-D")
    assert order.paid_at is not None
    assert OrderEvent.objects.filter(order=order).last().reason == "결제 승인"


def test_decline_reopens_the_cart_and_records_the_reason(market):
    order = orders.pay_order(order=place(market, stocked_product(market)), demo_outcome="decline")
    assert Cart.objects.get(pk=order.cart_id).ordered_at is None
    # The fee's approval is the last and is refused: the store's, approved first, is voided.
    store, fee = Payment.objects.filter(order_ref=order.number).order_by("pk")
    assert (store.status, store.canceled_amount, fee.status) == ("canceled", store.amount, "declined")
    assert OrderEvent.objects.filter(order=order).last().reason == "데모 결제: 카드사에서 승인을 거절했습니다."
    assert order.paid_at is None


def test_events_name_the_acting_user(market):
    user = UserFactory(name="김순자")
    order = place(market, stocked_product(market), customer=user)
    orders.pay_order(order=order, actor=user)
    orders.cancel_order(order=fresh(order), actor=user, reason="일정 변경", now=MORNING)

    events = OrderEvent.objects.filter(order=order).order_by("pk")
    assert [(e.from_status, e.to_status, e.actor_id, e.actor_label, e.reason) for e in events] == [
        ("", "pending_payment", user.pk, "김순자", "주문서 작성"),
        ("pending_payment", "paid", user.pk, "김순자", "결제 승인"),
        ("paid", "canceled", user.pk, "김순자", "일정 변경"),
    ]


def test_user_without_a_name_is_labelled_by_username(market):
    user = UserFactory(name="", username="soonja")
    order = place(market, stocked_product(market), customer=user)
    assert OrderEvent.objects.get(order=order).actor_label == "soonja"
