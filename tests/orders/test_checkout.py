import pytest

from jangbogi.catalog.models import Product
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderEvent, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from tests.conftest import MORNING, delivery_details


def test_checkout_splits_order_per_store_and_pays(cart_two_stores, market):
    order = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k1",
                            now=MORNING)

    assert order.status == OrderStatus.PAID
    assert (order.items_total, order.delivery_fee, order.total) == (11000, 3000, 14000)
    parts = {mo.store.name: (mo.items_total, mo.status) for mo in order.merchant_orders.all()}
    assert parts == {"상수네 채소": (3000, "new"), "바다 수산": (8000, "new")}
    assert order.slot_date == MORNING.date()
    assert [e.to_status for e in OrderEvent.objects.filter(order=order)] == ["pending_payment", "paid"]
    assert Product.objects.get(name="애호박").stock == 8
    # One approval per store (each is the merchant of record) and one for the delivery fee.
    tenders = Payment.objects.filter(order_ref=order.number).select_related("store").order_by("pk")
    assert sorted((p.party, p.store.name if p.store else "", p.amount, p.status) for p in tenders) == [
        ("center", "", 3000, PaymentStatus.APPROVED), ("store", "바다 수산", 8000, PaymentStatus.APPROVED),
        ("store", "상수네 채소", 3000, PaymentStatus.APPROVED)]
    assert order.paid_amount == 14000


def test_declined_payment_releases_stock_and_reopens_cart(cart_two_stores, market):
    order = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k2",
                            demo_outcome="decline", now=MORNING)

    assert order.status == OrderStatus.PAYMENT_FAILED
    assert Product.objects.get(name="애호박").stock == 10
    cart_two_stores.refresh_from_db()
    assert cart_two_stores.ordered_at is None


@pytest.mark.django_db
def test_replay_with_same_key_returns_same_order(cart_two_stores, market):
    first = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="same",
                            now=MORNING)
    second = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="same",
                             now=MORNING)
    assert first.pk == second.pk
    assert Payment.objects.filter(order_ref=first.number).count() == 3  # two stores + the delivery fee
    assert Product.objects.get(name="애호박").stock == 8
