"""Real parallel checkouts over HTTP on PostgreSQL: 50 customers, the last 10 units; and one
customer double-tapping "주문하기" with the same Idempotency-Key from many threads."""

import json

import pytest
from django.test import Client

from jangbogi.orders import carts
from jangbogi.orders.models import Order, OrderStatus
from jangbogi.payments.models import Payment
from tests.api.conftest import API, cart_headers, checkout_body
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory
from tests.race import needs_postgres, race  # noqa: F401 - needs_postgres is an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _post_checkout(market, cart, key):
    def call():
        response = Client().post(f"{API}/carts/{cart.pk}/checkout", json.dumps(checkout_body(market)),
                                 content_type="application/json", headers=cart_headers(cart, key))
        return response.status_code, response.json()
    return call


def _market_with(stock: int):
    market = MarketFactory()
    DeliveryCenterFactory(market=market)
    return market, ProductFactory(store=StoreFactory(market=market), stock=stock, price=7000)


def test_fifty_buyers_last_ten_units_over_http():
    market, product = _market_with(stock=10)
    baskets = []
    for _ in range(50):
        cart = carts.create_cart(market=market)
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
        baskets.append(cart)

    results = race([_post_checkout(market, cart, f"race-{cart.pk}") for cart in baskets])

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 10 + [409] * 40, results
    assert {body["code"] for status, body in results if status == 409} == {"out_of_stock"}
    product.refresh_from_db()
    assert product.stock == 0
    assert Order.objects.filter(status=OrderStatus.PAID).count() == 10
    assert Order.objects.count() == 10
    # One approval for the store's part and one for the delivery fee, per paid order.
    assert Payment.objects.count() == 20
    assert Payment.objects.values("order_ref").distinct().count() == 10


def test_same_key_from_twenty_threads_makes_one_order_and_one_payment():
    market, product = _market_with(stock=5)
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=product.pk, quantity=2)

    results = race([_post_checkout(market, cart, "double-tap") for _ in range(20)])

    assert Order.objects.count() == 1
    order = Order.objects.get()
    # Exactly one approval per tender (the store's part, the delivery fee), however many threads.
    tenders = Payment.objects.filter(order_ref=order.number)
    assert sorted(tenders.values_list("party", flat=True)) == ["center", "store"]
    assert sum(p.amount for p in tenders) == order.total
    product.refresh_from_db()
    assert product.stock == 3
    # Every answer is the order, or "still being paid" while the first request holds it.
    assert {status for status, _ in results} <= {201, 409}
    assert {body["number"] for status, body in results if status == 201} == {order.number}
    assert {body["code"] for status, body in results if status == 409} <= {"payment_in_progress"}
