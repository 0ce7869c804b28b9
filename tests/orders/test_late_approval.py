"""An approval that lands after the order ended (expired or canceled while the customer was
at the payment window) is refunded at once; the order stays ended and its stock is not given
back twice."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderEvent
from jangbogi.payments.models import Payment
from tests.conftest import MORNING
from tests.orders.order_builders import TOTAL, fresh, place, stocked_product

pytestmark = pytest.mark.django_db


def test_approval_after_expiry_is_refunded(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)           # this copy still says pending_payment
    assert orders.expire_unpaid_orders(now=MORNING + dt.timedelta(minutes=16)) == 1
    assert Product.objects.get(pk=product.pk).stock == 10

    result = orders.pay_order(order=order)

    assert result.status == "expired"
    assert fresh(order).status == "expired"
    assert fresh(order).paid_at is None
    payment = Payment.objects.get(order_ref=order.number)
    assert (payment.status, payment.amount, payment.canceled_amount) == ("canceled", TOTAL, TOTAL)
    assert payment.provider_ref.startswith("demo_")
    assert Product.objects.get(pk=product.pk).stock == 10
    assert list(OrderEvent.objects.filter(order=order).order_by("pk").values_list("to_status", flat=True)) == [
        "pending_payment", "expired",
    ]


def test_approval_after_cancel_is_refunded(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    orders.cancel_order(order=fresh(order), now=MORNING)

    orders.pay_order(order=order)

    assert fresh(order).status == "canceled"
    payment = Payment.objects.get(order_ref=order.number)
    assert (payment.status, payment.canceled_amount) == ("canceled", TOTAL)
    assert Product.objects.get(pk=product.pk).stock == 10


def test_decline_after_expiry_changes_nothing(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    orders.expire_unpaid_orders(now=MORNING + dt.timedelta(minutes=16))
    events = OrderEvent.objects.count()

    orders.pay_order(order=order, demo_outcome="decline")

    assert fresh(order).status == "expired"
    assert Payment.objects.get(order_ref=order.number).status == "declined"
    assert OrderEvent.objects.count() == events
    assert Product.objects.get(pk=product.pk).stock == 10


def test_retrying_pay_on_a_paid_order_charges_once(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    stale = fresh(order)
    orders.pay_order(order=order)

    orders.pay_order(order=stale)     # a double submit with the old copy

    assert fresh(order).status == "paid"
    payment = Payment.objects.get(order_ref=order.number)
    assert (payment.status, payment.canceled_amount) == ("approved", 0)
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert Product.objects.get(pk=product.pk).stock == 8
