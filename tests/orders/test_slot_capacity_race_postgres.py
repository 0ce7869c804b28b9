"""Real parallel checkouts on PostgreSQL racing for the places of one delivery slot: capacity 5,
20 customers with different carts → exactly 5 paid orders, 15 SlotFull, booked == 5.  Also the
implicit (unlimited) slot's single booking row under a race, and places given back while others
book."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core.errors import DomainError
from jangbogi.markets.models import SlotBooking
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import STOCK_HOLDING, Order, OrderStatus
from jangbogi.payments.models import Payment
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    DeliverySlotRuleFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
)
from tests.race import needs_postgres, race  # noqa: F401 - needs_postgres is an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
T = dt.time


def _checkout(market, cart, key, **details):
    def call():
        try:
            order = orders.checkout(cart=cart, details=delivery_details(market, **details), idempotency_key=key,
                                    now=MORNING)
        except DomainError as exc:
            return exc.code, exc.details
        return order.status, order.number
    return call


def _cancel(order):
    def call():
        orders.cancel_order(order=order, now=MORNING)
        return "canceled", order.number
    return call


def _market_with_carts(n: int):
    """A market and `n` carts, each holding 2 of its own product (stock 10)."""
    market = MarketFactory()
    DeliveryCenterFactory(market=market)
    store = StoreFactory(market=market)
    baskets = []
    for i in range(n):
        product = ProductFactory(store=store, name=f"상품{i}", price=5000, stock=10)
        cart = carts.create_cart(market=market)
        carts.set_line(cart=cart, product_id=product.pk, quantity=2)
        baskets.append(cart)
    return market, baskets


def test_twenty_customers_five_places():
    market, baskets = _market_with_carts(20)
    rule = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                   bundles_per_rider=5, packing_capacity=30)

    results = race([_checkout(market, cart, f"slot-{cart.pk}", slot_start=T(14)) for cart in baskets])

    outcomes = sorted(status for status, _ in results)
    assert outcomes == ["paid"] * 5 + ["slot_full"] * 15, results
    assert all(details["next_slot_date"] == "2026-11-27" and details["next_slot_start"] == "14:00"
               for status, details in results if status == "slot_full")
    assert SlotBooking.objects.get(market=market, date=MORNING.date(), rule=rule).booked == 5
    assert Order.objects.filter(status=OrderStatus.PAID, slot_rule_id=rule.pk).count() == 5
    assert Order.objects.count() == 5
    assert Payment.objects.values("order_ref").distinct().count() == 5  # the paid orders' tenders only
    # The losers' stock reservations were rolled back with their booking.
    assert sorted(Product.objects.values_list("stock", flat=True)) == [8] * 5 + [10] * 15


def test_the_implicit_slot_keeps_one_row_and_counts_every_order():
    market, baskets = _market_with_carts(20)

    results = race([_checkout(market, cart, f"implicit-{cart.pk}") for cart in baskets])

    assert [status for status, _ in results] == ["paid"] * 20, results
    assert list(SlotBooking.objects.filter(market=market).values_list("rule_id", "booked")) == [(None, 20)]


def test_places_given_back_while_others_book_stay_counted_exactly():
    market, baskets = _market_with_carts(15)
    rule = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                   bundles_per_rider=5, packing_capacity=30)
    first = [orders.checkout(cart=cart, details=delivery_details(market, slot_start=T(14)),
                             idempotency_key=f"first-{cart.pk}", now=MORNING) for cart in baskets[:5]]
    assert [o.status for o in first] == ["paid"] * 5

    results = race([_cancel(order) for order in first[:3]]
                    + [_checkout(market, cart, f"second-{cart.pk}", slot_start=T(14)) for cart in baskets[5:]])

    assert {status for status, _ in results[3:]} <= {"paid", "slot_full"}
    live = Order.objects.filter(slot_rule_id=rule.pk, status__in=STOCK_HOLDING).count()
    booking = SlotBooking.objects.get(market=market, date=MORNING.date(), rule=rule).booked
    assert booking == live <= 5
    assert live == 2 + sum(status == "paid" for status, _ in results[3:])
