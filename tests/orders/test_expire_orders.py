"""expire_unpaid_orders: only pending orders past their deadline expire, and each gives its
stock back exactly once."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderEvent
from tests.conftest import MORNING
from tests.orders.order_builders import fresh, place, stocked_product

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def test_expires_only_overdue_pending_orders_and_releases_stock_once(market):
    product = stocked_product(market, stock=10)
    overdue = place(market, product, 2, now=MORNING)                  # expires 10:15
    recent = place(market, product, 3, now=MORNING + 10 * MINUTE)     # expires 10:25
    paid = orders.pay_order(order=place(market, product, 1, now=MORNING))
    assert Product.objects.get(pk=product.pk).stock == 4

    assert orders.expire_unpaid_orders(now=MORNING + 20 * MINUTE) == 1

    assert [fresh(o).status for o in (overdue, recent, paid)] == ["expired", "pending_payment", "paid"]
    assert Product.objects.get(pk=product.pk).stock == 6
    assert [(e.from_status, e.to_status, e.actor_label, e.reason)
            for e in OrderEvent.objects.filter(order=overdue).order_by("pk")] == [
        ("", "pending_payment", "시스템", "주문서 작성"),
        ("pending_payment", "expired", "시스템", "결제 시간 초과"),
    ]
    assert set(overdue.merchant_orders.values_list("status", flat=True)) == {"canceled"}

    # a second run finds nothing and gives nothing back twice
    events = OrderEvent.objects.count()
    assert orders.expire_unpaid_orders(now=MORNING + 20 * MINUTE) == 0
    assert Product.objects.get(pk=product.pk).stock == 6
    assert OrderEvent.objects.count() == events


def test_deadline_is_exclusive(market):
    product = stocked_product(market, stock=10)
    order = place(market, product, 2, now=MORNING)
    deadline = MORNING + 15 * MINUTE
    assert fresh(order).expires_at == deadline

    assert orders.expire_unpaid_orders(now=deadline) == 0
    assert (fresh(order).status, Product.objects.get(pk=product.pk).stock) == ("pending_payment", 8)

    assert orders.expire_unpaid_orders(now=deadline + dt.timedelta(microseconds=1)) == 1
    assert (fresh(order).status, Product.objects.get(pk=product.pk).stock) == ("expired", 10)


def test_each_expired_order_gives_back_its_own_quantity(market):
    product = stocked_product(market, stock=10)
    place(market, product, 2)
    place(market, product, 5)
    assert Product.objects.get(pk=product.pk).stock == 3
    assert orders.expire_unpaid_orders(now=MORNING + dt.timedelta(hours=1)) == 2
    assert orders.expire_unpaid_orders(now=MORNING + dt.timedelta(hours=2)) == 0
    assert Product.objects.get(pk=product.pk).stock == 10


def test_nothing_to_expire(market):
    assert orders.expire_unpaid_orders(now=MORNING) == 0
