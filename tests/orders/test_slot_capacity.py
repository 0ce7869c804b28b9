"""An order holds one place in its delivery slot: place_order books it (in the same transaction
as the stock), and the order gives it back exactly once when it ends without delivery —
payment failed, expired, canceled before or after payment."""

import datetime as dt

import pytest
import time_machine

from jangbogi.catalog.models import Product
from jangbogi.core import time as btime
from jangbogi.core.errors import InvalidTransition, OutOfStock, SlotClosed, SlotFull
from jangbogi.markets import slots
from jangbogi.markets.models import SlotBooking
from jangbogi.orders import fulfilment
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderLine, OrderStatus
from tests.conftest import MORNING, delivery_details
from tests.factories import DeliverySlotRuleFactory
from tests.orders.order_builders import cart_with, fresh, place, snapshot, stocked_product

pytestmark = pytest.mark.django_db
T = dt.time
TODAY = MORNING.date()   # Thursday 2026-11-26


@pytest.fixture
def product(market):
    return stocked_product(market, stock=50)


@pytest.fixture
def early(market):
    """14:00–16:00, orders until 11:00, 2 places."""
    return DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                   bundles_per_rider=2, packing_capacity=10)


@pytest.fixture
def late(market):
    """18:00–20:00, orders until 15:00, 20 places."""
    return DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15))


def booked(market, rule=None, date=TODAY) -> int:
    return SlotBooking.objects.filter(market=market, date=date, rule=rule).values_list("booked", flat=True).first() or 0


def test_an_order_on_the_implicit_slot_books_it(market, product):
    order = place(market, product)
    assert (order.slot_date, order.slot_start, order.slot_end, order.slot_rule_id) == (TODAY, T(16), T(19), None)
    assert booked(market) == 1
    place(market, product)
    assert booked(market) == 2


def test_the_chosen_slot_is_booked_and_promised(market, product, early, late):
    order = place(market, product, slot_start=T(18))
    assert (order.slot_start, order.slot_end, order.slot_rule_id) == (T(18), T(20), late.pk)
    assert (booked(market, early), booked(market, late)) == (0, 1)


def test_without_a_start_the_days_first_open_slot_is_taken(market, product, early, late):
    assert place(market, product).slot_rule_id == early.pk
    assert place(market, product).slot_rule_id == early.pk
    assert place(market, product).slot_rule_id == late.pk          # 14:00 is full now
    assert place(market, product, now=btime.at(TODAY, T(11))).slot_rule_id == late.pk   # past 14:00's cutoff
    assert (booked(market, early), booked(market, late)) == (2, 2)


def place_cart(market, cart, **details):
    return orders.place_order(cart=cart, details=delivery_details(market, **details), now=MORNING)


def test_a_full_slot_refuses_and_nothing_changes(market, product, early, late):
    place(market, product, slot_start=T(14))
    place(market, product, slot_start=T(14))
    cart = cart_with(market, product)
    before = snapshot(product=product)
    with time_machine.travel(MORNING, tick=False), pytest.raises(SlotFull) as exc:
        place_cart(market, cart, slot_start=T(14))
    assert exc.value.details == {"next_slot_date": "2026-11-26", "next_slot_start": "18:00"}
    assert snapshot(product=product) == before


def test_a_failed_stock_reservation_gives_the_place_back(market, early):
    scarce = stocked_product(market, stock=5, name="한정 떡")
    cart = cart_with(market, scarce, 2)
    Product.objects.filter(pk=scarce.pk).update(stock=1)   # sold in the shop meanwhile
    before = snapshot(product=scarce)
    with pytest.raises(OutOfStock):
        place_cart(market, cart)
    assert snapshot(product=scarce) == before
    assert booked(market, early) == 0


def test_the_race_loser_of_the_last_place_gives_its_stock_back(market, product, early, monkeypatch):
    """The place went between the check and the booking: SlotFull from the UPDATE rolls the
    stock reservation back with it."""
    stale = slots.slot_on(market, TODAY, T(14))
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=2)   # filled meanwhile
    monkeypatch.setattr(slots, "bookable_slot", lambda *args, **kwargs: stale)
    cart = cart_with(market, product)
    before = snapshot(product=product)
    with pytest.raises(SlotFull):
        place_cart(market, cart, slot_start=T(14))
    assert snapshot(product=product) == before
    assert booked(market, early) == 2


def test_a_closed_slot_books_nothing(market, product, early):
    cart = cart_with(market, product)
    before = snapshot(product=product)
    with time_machine.travel(MORNING, tick=False), pytest.raises(SlotClosed):
        orders.place_order(cart=cart, details=delivery_details(market, slot_start=T(14)),
                           now=btime.at(TODAY, T(11)))
    assert snapshot(product=product) == before


# --- giving the place back ----------------------------------------------------------------------

def test_a_declined_payment_gives_the_place_back_once(market, product, early):
    order = place(market, product)
    assert booked(market, early) == 1
    order = orders.pay_order(order=order, demo_outcome="decline")
    assert order.status == OrderStatus.PAYMENT_FAILED
    assert booked(market, early) == 0
    assert orders.transition_order(order, target=OrderStatus.CANCELED) is False   # already ended
    assert booked(market, early) == 0


def test_expiry_gives_places_back_once(market, product, early, late):
    overdue = place(market, product, slot_start=T(14))
    paid = orders.pay_order(order=place(market, product, slot_start=T(14)))
    place(market, product, slot_start=T(18))
    later = MORNING + dt.timedelta(minutes=20)
    assert orders.expire_unpaid_orders(now=later) == 2
    assert (fresh(overdue).status, paid.status) == ("expired", "paid")
    assert (booked(market, early), booked(market, late)) == (1, 0)
    assert orders.expire_unpaid_orders(now=later) == 0
    assert (booked(market, early), booked(market, late)) == (1, 0)


def test_canceling_before_payment_gives_the_place_back(market, product):
    order = place(market, product)
    orders.cancel_order(order=order, now=MORNING)
    assert booked(market) == 0


def test_canceling_a_paid_order_gives_the_place_back_once(market, product, early):
    order = orders.pay_order(order=place(market, product))
    assert booked(market, early) == 1
    orders.cancel_order(order=order, now=MORNING)
    assert booked(market, early) == 0
    with pytest.raises(InvalidTransition):
        orders.cancel_order(order=order, now=MORNING)
    assert booked(market, early) == 0
    # The place is free again for the next customer.
    assert place(market, product, slot_start=T(14)).slot_rule_id == early.pk


def test_a_later_slot_can_be_canceled_until_its_own_cutoff(market, product, early, late):
    order = orders.pay_order(order=place(market, product, slot_start=T(18)))
    orders.cancel_order(order=order, now=btime.at(TODAY, T(14, 59)))   # past 14:00's cutoff, not 18:00's
    assert fresh(order).status == OrderStatus.CANCELED
    assert booked(market, late) == 0


def test_an_order_canceled_when_every_item_is_short_gives_the_place_back(market, product, early):
    order = orders.pay_order(order=place(market, product))
    fulfilment.mark_short(line=OrderLine.objects.get(merchant_order__order=order), available=0)
    fulfilment.mark_ready(part=order.merchant_orders.get())
    assert fresh(order).status == OrderStatus.CANCELED
    assert booked(market, early) == 0


def test_an_order_that_goes_on_keeps_its_place(market, product, early):
    order = orders.pay_order(order=place(market, product))
    part = order.merchant_orders.get()
    fulfilment.pick_line(line=OrderLine.objects.get(merchant_order=part))
    fulfilment.mark_ready(part=part)
    assert fresh(order).status == OrderStatus.PICKING
    assert booked(market, early) == 1
