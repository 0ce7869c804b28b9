"""50 customers race for the last 10 units on PostgreSQL, with real parallel transactions."""

import threading

import pytest
from django.db import connection

from jangbogi.core.errors import OutOfStock
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import Order, OrderStatus
from tests.conftest import MORNING, delivery_details
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory

BUYERS = 50
STOCK = 10

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("race test needs PostgreSQL (SQLite serialises writers); CI runs it with DATABASE_URL")


def test_fifty_buyers_last_ten_units():
    market = MarketFactory()
    DeliveryCenterFactory(market=market)
    product = ProductFactory(store=StoreFactory(market=market), stock=STOCK, price=7000)
    baskets = []
    for _ in range(BUYERS):
        cart = carts.create_cart(market=market)
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
        baskets.append(cart)

    barrier = threading.Barrier(BUYERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(cart):
        try:
            barrier.wait()
            order = orders.checkout(cart=cart, details=delivery_details(market),
                                    idempotency_key=f"race-{cart.pk}", now=MORNING)
            result = order.status
        except OutOfStock:
            result = "out_of_stock"
        except Exception as exc:  # anything else is a bug the test must show
            result = f"error: {exc!r}"
        finally:
            connection.close()  # this thread's own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=buy, args=(cart,)) for cart in baskets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(set(outcomes)) == ["out_of_stock", "paid"], outcomes
    assert outcomes.count("paid") == STOCK
    assert outcomes.count("out_of_stock") == BUYERS - STOCK
    product.refresh_from_db()
    assert product.stock == 0
    assert Order.objects.filter(status=OrderStatus.PAID).count() == STOCK
    assert Order.objects.exclude(status=OrderStatus.PAID).count() == 0
