"""On PostgreSQL: capacity from the shifts (one rider on shift × 4 bundles, the rule typed 5
riders) against 20 concurrent orders → exactly 4 booked, 16 SlotFull, nothing overbooked."""

import datetime as dt

import pytest

from jangbogi.core.errors import DomainError
from jangbogi.markets.models import RiderShift, SlotBooking
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import Order
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    DeliverySlotRuleFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)
from tests.race import needs_postgres, race  # noqa: F401 - needs_postgres is an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
T = dt.time


def _place(market, cart):
    def call():
        try:
            order = orders.place_order(cart=cart, details=delivery_details(market, slot_start=T(16)), now=MORNING)
        except DomainError as exc:
            return exc.code
        return order.status
    return call


def test_one_rider_on_shift_twenty_checkouts():
    market = MarketFactory()
    DeliveryCenterFactory(market=market)
    store = StoreFactory(market=market)
    rule = DeliverySlotRuleFactory(market=market, start=T(16), end=T(19), order_cutoff=T(13), riders=5,
                                   bundles_per_rider=4, packing_capacity=30)
    RiderShift.objects.create(market=market, user=UserFactory(username="rider1"), date=MORNING.date(), start=T(15),
                              end=T(19, 30), capacity_bags=8, capacity_kg=40)
    baskets = []
    for i in range(20):
        product = ProductFactory(store=store, name=f"상품{i}", price=5000, stock=10)
        cart = carts.create_cart(market=market)
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
        baskets.append(cart)

    results = race([_place(market, cart) for cart in baskets])

    assert sorted(results) == ["pending_payment"] * 4 + ["slot_full"] * 16, results
    assert SlotBooking.objects.get(market=market, date=MORNING.date(), rule=rule).booked == 4
    assert Order.objects.count() == 4
