"""An approval that lands after the order ended (expired or canceled while the customer was
at the payment window) is refunded at once; the order stays ended and its stock is not given
back twice."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderEvent
from jangbogi.payments.models import Payment
from tests.conftest import MORNING, tender_totals
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
    assert tender_totals(order.number) == ("canceled", TOTAL, TOTAL)
    assert all(p.provider_ref.startswith("demo_") for p in Payment.objects.filter(order_ref=order.number))
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
    assert tender_totals(order.number) == ("canceled", TOTAL, TOTAL)
    assert Product.objects.get(pk=product.pk).stock == 10


def test_decline_after_expiry_changes_nothing(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    orders.expire_unpaid_orders(now=MORNING + dt.timedelta(minutes=16))
    events = OrderEvent.objects.count()

    orders.pay_order(order=order, demo_outcome="decline")

    assert fresh(order).status == "expired"
    assert tender_totals(order.number)[0] in ("declined", "mixed")
    assert not Payment.objects.filter(order_ref=order.number, status="approved").exists()
    assert OrderEvent.objects.count() == events
    assert Product.objects.get(pk=product.pk).stock == 10


def test_retrying_pay_on_a_paid_order_charges_once(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    stale = fresh(order)
    orders.pay_order(order=order)

    orders.pay_order(order=stale)     # a double submit with the old copy

    assert fresh(order).status == "paid"
    assert tender_totals(order.number) == ("approved", TOTAL, 0)
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert Product.objects.get(pk=product.pk).stock == 8
