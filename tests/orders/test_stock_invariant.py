"""Property: under any sequence of place / pay / decline / cancel / expire over one product
with stock N, stock + the quantities held by pending and paid orders == N, stock never goes
below zero, every order is where a simple model says, and the money taken equals the totals
of the paid orders."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.catalog.models import Product
from jangbogi.core.errors import InvalidTransition, OutOfStock
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import CartLine, Order, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from tests.conftest import MORNING, delivery_details
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory

S = OrderStatus
HOLDING = {S.PENDING_PAYMENT, S.PAID}

operation = st.one_of(
    st.tuples(st.just("place"), st.integers(1, 6)),
    st.tuples(st.sampled_from(["pay", "decline", "cancel"]), st.integers(0, 50)),
    st.tuples(st.just("expire"), st.just(0)),
)


class OrderStockInvariantTest(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stock=st.integers(0, 12), operations=st.lists(operation, min_size=1, max_size=14))
    def test_stock_is_conserved(self, stock, operations):
        market = MarketFactory()
        DeliveryCenterFactory(market=market)
        product = ProductFactory(store=StoreFactory(market=market), price=1000, stock=stock)
        placed: list[tuple[int, int]] = []          # (order pk, quantity)
        model: dict[int, str] = {}                   # order pk -> expected status

        for kind, arg in operations:
            if kind == "place":
                self._place(market, product, arg, placed, model)
            elif placed:
                pk, _ = placed[arg % len(placed)]
                order = Order.objects.get(pk=pk)
                if kind == "pay":
                    orders.pay_order(order=order)
                    if model[pk] == S.PENDING_PAYMENT:
                        model[pk] = S.PAID
                elif kind == "decline":
                    orders.pay_order(order=order, demo_outcome="decline")
                    if model[pk] == S.PENDING_PAYMENT:
                        model[pk] = S.PAYMENT_FAILED
                else:
                    try:
                        orders.cancel_order(order=order, now=MORNING)
                    except InvalidTransition:
                        assert model[pk] not in HOLDING
                    else:
                        assert model[pk] in HOLDING
                        model[pk] = S.CANCELED
            if kind == "expire":
                orders.expire_unpaid_orders(now=MORNING + dt.timedelta(days=1))
                model = {pk: S.EXPIRED if s == S.PENDING_PAYMENT else s for pk, s in model.items()}

            self._check(product, stock, placed, model)

    def _place(self, market, product, quantity, placed, model):
        available = Product.objects.get(pk=product.pk).stock
        cart = carts.create_cart(market=market)
        # Straight into the cart, so the order (not the cart) meets the stock limit.
        CartLine.objects.create(cart=cart, product=product, quantity=quantity)
        try:
            order = orders.place_order(cart=cart, details=delivery_details(market), now=MORNING)
        except OutOfStock as exc:
            assert quantity > available
            assert exc.details == {"product_ids": [product.pk]}
        else:
            assert quantity <= available
            placed.append((order.pk, quantity))
            model[order.pk] = S.PENDING_PAYMENT

    def _check(self, product, stock, placed, model):
        current = Product.objects.get(pk=product.pk).stock
        statuses = dict(Order.objects.values_list("pk", "status"))
        assert statuses == model
        held = sum(q for pk, q in placed if statuses[pk] in HOLDING)
        assert current >= 0
        assert current + held == stock

        totals = dict(Order.objects.values_list("number", "total"))
        numbers = dict(Order.objects.values_list("pk", "number"))
        kept: dict[str, int] = {}
        for p in Payment.objects.filter(status=PaymentStatus.APPROVED):  # one tender per store + fee
            kept[p.order_ref] = kept.get(p.order_ref, 0) + p.amount - p.canceled_amount
        paid_numbers = {numbers[pk] for pk, s in statuses.items() if s == S.PAID}
        assert kept == {n: totals[n] for n in paid_numbers}
        assert not Payment.objects.filter(status=PaymentStatus.PENDING).exists()
