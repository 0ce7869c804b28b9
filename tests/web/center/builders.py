"""Builders for the center console tests (plain functions, shared with tests/delivery)."""

from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order, OrderEvent, OrderLine
from tests.conftest import delivery_details
from tests.factories import MembershipFactory, ProductFactory, UserFactory


def staff_user(role, *, market=None, store=None):
    user = UserFactory()
    MembershipFactory(user=user, role=role, market=market, store=store)
    return user


def htmx(**extra) -> dict:
    return {"HTTP_HX_REQUEST": "true", **extra}


def place_paid(market, stores, *, key: str, names=("시금치", "갈치")) -> Order:
    """A paid order with one line at each of `stores` (uncounted stock, so any number fits)."""
    cart = carts.create_cart(market=market)
    for store, name in zip(stores, names, strict=False):
        product = ProductFactory(store=store, name=f"{name}-{key}", price=4000)
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
    return ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key=key)


def ready_all(order) -> list[MerchantOrder]:
    """Every line picked and every bag ready, in part order (the bag codes are -1, -2, ...)."""
    for line in OrderLine.objects.filter(merchant_order__order=order):
        fulfilment.pick_line(line=line)
    return [fulfilment.mark_ready(part=p) for p in MerchantOrder.objects.filter(order=order).order_by("pk")]


def receive_all(order, market) -> None:
    for part in ready_all(order):
        fulfilment.receive_bag(code=part.bag_code, market=market)


def state() -> dict:
    """What a refused scan or pack must leave as it was."""
    return {
        "parts": sorted(MerchantOrder.objects.values_list("pk", "status", "received_at")),
        "orders": sorted(Order.objects.values_list("pk", "status")),
        "events": OrderEvent.objects.count(),
        "temperatures": sorted(OrderLine.objects.values_list("pk", "temperature")),
    }
