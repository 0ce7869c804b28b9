"""Builders and a state snapshot shared by the order service tests (plain functions, so they
do not collide with fixtures in tests/orders/conftest.py)."""

import datetime as dt

from jangbogi.catalog.models import Product
from jangbogi.markets.models import SlotBooking
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import Cart, MerchantOrder, Order, OrderEvent
from jangbogi.payments.models import Payment
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory, StoreFactory

PRICE = 2000
QUANTITY = 2
# 2 × 2,000 + 3,000 delivery fee
TOTAL = QUANTITY * PRICE + 3000
UNPAID_MINUTES = 15


def stocked_product(market, *, stock: int = 10, price: int = PRICE, name: str = "애호박") -> Product:
    return ProductFactory(store=StoreFactory(market=market, name="상수네 채소"), name=name, price=price,
                          stock=stock)


def cart_with(market, product: Product, quantity: int = QUANTITY) -> Cart:
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=product.pk, quantity=quantity)
    return cart


def place(market, product: Product, quantity: int = QUANTITY, *, now: dt.datetime = MORNING, customer=None,
          **details) -> Order:
    return orders.place_order(cart=cart_with(market, product, quantity),
                              details=delivery_details(market, **details), customer=customer, now=now)


def fresh(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)


def snapshot(*, product: Product | None = None, order: Order | None = None) -> dict:
    """Everything a failed operation must leave as it was."""
    state = {
        "orders": sorted(Order.objects.values_list("pk", "status", "paid_at")),
        "merchant_orders": sorted(MerchantOrder.objects.values_list("pk", "status")),
        "events": OrderEvent.objects.count(),
        "payments": sorted(Payment.objects.values_list("pk", "status", "canceled_amount")),
        "carts": sorted(Cart.objects.values_list("pk", "ordered_at")),
        "slot_bookings": sorted((m, d, r or 0, n) for m, d, r, n in
                                SlotBooking.objects.values_list("market_id", "date", "rule_id", "booked")),
    }
    if product is not None:
        state["stock"] = Product.objects.get(pk=product.pk).stock
    if order is not None:
        state["order_status"] = fresh(order).status
    return state
