"""place_order: the cart becomes an order awaiting payment, prices fixed, stock reserved."""

import datetime as dt
import re

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core.errors import Conflict
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import MerchantOrder, Order, OrderEvent, OrderLine
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory, UserFactory
from tests.orders.order_builders import snapshot

pytestmark = pytest.mark.django_db


def test_order_awaits_payment_with_fixed_prices_and_reserved_stock(cart_two_stores, market):
    user = UserFactory()
    details = delivery_details(market, phone="01055501234", recipient_name="  김순자 ", address=" 구리시 인창동 10 ",
                               address_detail=" 101동 ", delivery_note=" 문 앞 ")

    order = orders.place_order(cart=cart_two_stores, details=details, customer=user, now=MORNING)

    order.refresh_from_db()
    assert re.fullmatch(r"261126-\d{8}", order.number)
    assert (order.status, order.customer, order.cart) == ("pending_payment", user, cart_two_stores)
    assert (order.recipient_name, order.phone, order.address) == ("김순자", "010-5550-1234", "구리시 인창동 10")
    assert (order.address_detail, order.delivery_note) == ("101동", "문 앞")
    assert (order.slot_date, order.slot_start, order.slot_end) == (MORNING.date(), dt.time(16), dt.time(19))
    assert (order.items_total, order.delivery_fee, order.total, order.tax_free_amount) == (11000, 3000, 14000, 11000)
    assert order.expires_at == MORNING + dt.timedelta(minutes=15)
    assert order.paid_at is None

    parts = MerchantOrder.objects.filter(order=order).order_by("store__name")
    assert [(p.store.name, p.status, p.items_total, p.tax_free_amount) for p in parts] == [
        ("바다 수산", "awaiting_payment", 8000, 8000),
        ("상수네 채소", "awaiting_payment", 3000, 3000),
    ]
    lines = OrderLine.objects.filter(merchant_order__order=order).order_by("product_name")
    assert [(ln.product_name, ln.unit_label, ln.unit_price, ln.quantity, ln.line_total, ln.origin,
             ln.substitution) for ln in lines] == [
        ("고등어", "2마리", 8000, 1, 8000, "국내산(부산)", "same_item_other_store"),
        ("애호박", "1개", 1500, 2, 3000, "국내산", "refund"),
    ]
    assert [(e.from_status, e.to_status, e.reason) for e in OrderEvent.objects.filter(order=order)] == [
        ("", "pending_payment", "주문서 작성"),
    ]
    assert Product.objects.get(name="애호박").stock == 8
    assert Product.objects.get(name="고등어").stock is None
    cart_two_stores.refresh_from_db()
    assert cart_two_stores.ordered_at is not None


def test_order_lines_are_a_snapshot(cart_two_stores, market):
    order = orders.place_order(cart=cart_two_stores, details=delivery_details(market), now=MORNING)
    Product.objects.filter(name="애호박").update(name="둥근호박", price=9900)
    line = OrderLine.objects.get(merchant_order__order=order, product__name="둥근호박")
    assert (line.product_name, line.unit_price, line.line_total) == ("애호박", 1500, 3000)


def test_guest_order_has_no_customer(cart_two_stores, market):
    order = orders.place_order(cart=cart_two_stores, details=delivery_details(market), now=MORNING)
    assert order.customer is None
    assert len(order.access_token) >= 32


def test_afternoon_order_for_tomorrow(cart_two_stores, market):
    afternoon = MORNING.replace(hour=15)
    tomorrow = MORNING.date() + dt.timedelta(days=1)
    order = orders.place_order(cart=cart_two_stores, details=delivery_details(market, slot_date=tomorrow),
                               now=afternoon)
    assert order.slot_date == tomorrow
    assert order.expires_at == afternoon + dt.timedelta(minutes=15)


def test_free_delivery_from_50000(market, two_stores):
    veg, _ = two_stores
    product = ProductFactory(store=veg, price=25000, stock=5)
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=product.pk, quantity=2)
    order = orders.place_order(cart=cart, details=delivery_details(market), now=MORNING)
    assert (order.items_total, order.delivery_fee, order.total) == (50000, 0, 50000)


def test_an_ordered_cart_cannot_be_ordered_again(cart_two_stores, market):
    orders.place_order(cart=cart_two_stores, details=delivery_details(market), now=MORNING)
    before = snapshot(product=Product.objects.get(name="애호박"))
    with pytest.raises(Conflict) as exc:
        orders.place_order(cart=cart_two_stores, details=delivery_details(market), now=MORNING)
    assert exc.value.code == "cart_ordered"
    assert snapshot(product=Product.objects.get(name="애호박")) == before
    assert Order.objects.count() == 1
