"""Property: for any sequence of claims and decisions on an order, what is refunded never
exceeds what was paid, per line and per tender, and the claim records match the cancels."""

import contextlib
import tempfile

from django.db.models import Sum
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimPolicy, ClaimStatus
from jangbogi.core.errors import DomainError
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from jangbogi.orders.models import OrderLine
from jangbogi.payments.models import CancelKind, Payment, PaymentCancel
from tests.claims.builders import deliver, png, soon_after_delivery
from tests.conftest import MORNING, delivery_details
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory

step = st.one_of(
    st.tuples(st.just("file"), st.integers(0, 2), st.integers(0, 4), st.sampled_from(["missing", "damaged"])),
    st.tuples(st.just("refund"), st.integers(0, 9), st.integers(0, 30_000), st.sampled_from(["refund", "both"])),
    st.tuples(st.just("redeliver"), st.integers(0, 9), st.just(0), st.just("")),
    st.tuples(st.just("reject"), st.integers(0, 9), st.just(0), st.just("")),
)


@override_settings(JANGBOGI_PAYMENT_PROVIDER="demo", MEDIA_ROOT=tempfile.mkdtemp())
class RefundsNeverExceedPaidTest(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(limit=st.sampled_from([0, 2000, 20_000]), steps=st.lists(step, min_size=1, max_size=10))
    def test_refunded_within_paid(self, limit, steps):
        order = self._delivered()
        ClaimPolicy.objects.create(market=order.market, instant_refund_limit=limit, abuse_claims=100)
        lines = list(OrderLine.objects.filter(merchant_order__order=order).order_by("pk"))
        now = soon_after_delivery(order)
        for kind, index, amount, choice in steps:
            with contextlib.suppress(DomainError):  # refused: the invariants must hold all the same
                self._apply(order, lines, now, kind, index, amount, choice)
            self._check(order, lines)

    def _delivered(self):
        market = MarketFactory()
        DeliveryCenterFactory(market=market)
        veg, fish = StoreFactory(market=market), StoreFactory(market=market)
        cart = carts.create_cart(market=market)
        for store, price, qty, category in ((veg, 1500, 3, "veg_fruit"), (fish, 8000, 2, "seafood"),
                                            (veg, 12_000, 1, "side_dish")):
            product = ProductFactory(store=store, price=price, category=category)
            carts.set_line(cart=cart, product_id=product.pk, quantity=qty)
        order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key=f"p{cart.pk}",
                                  now=MORNING)
        return deliver(order, market)

    def _apply(self, order, lines, now, kind, index, amount, choice):
        if kind == "file":
            line = lines[index]
            claims.file_claim(order=order, line_id=line.pk, reason=choice, quantity=amount,
                              photos=[] if choice == "missing" else [png()], now=now)
            return
        waiting = list(Claim.objects.filter(order=order, status=ClaimStatus.IN_REVIEW).order_by("pk"))
        if not waiting:
            return
        claim = waiting[index % len(waiting)]
        if kind == "refund":
            claims.decide_claim(claim=claim, remedy=choice, refund_amount=amount, bearer="store")
        elif kind == "redeliver":
            claims.decide_claim(claim=claim, remedy="redeliver", bearer="platform")
        else:
            claims.reject_claim(claim=claim, reason="확인 결과 문제 없음")

    def _check(self, order, lines):
        for line in lines:
            decided = Claim.objects.filter(line=line).exclude(status__in=["in_review", "rejected"]) \
                .aggregate(d=Sum("refund_amount"), r=Sum("refunded_amount"))
            assert (decided["r"] or 0) <= (decided["d"] or 0) <= line.line_total
            delivered_qty = line.picked_quantity or line.quantity
            assert (Claim.objects.filter(line=line).exclude(status="rejected")
                    .aggregate(q=Sum("quantity"))["q"] or 0) <= delivered_qty
        for payment in Payment.objects.filter(order_ref=order.number):
            cancels = PaymentCancel.objects.filter(payment=payment, status="done")
            assert payment.canceled_amount <= payment.amount
            assert (cancels.aggregate(s=Sum("amount"))["s"] or 0) <= payment.amount
            assert (cancels.aggregate(s=Sum("tax_free_amount"))["s"] or 0) <= payment.tax_free_amount
        claimed_back = PaymentCancel.objects.filter(payment__order_ref=order.number, kind=CancelKind.CLAIM,
                                                    status="done").aggregate(s=Sum("amount"))["s"] or 0
        assert claimed_back == (Claim.objects.filter(order=order).aggregate(s=Sum("refunded_amount"))["s"] or 0)
