"""Properties of an order's money under any sequence of picking, weighing, shortages, store
parts closing and claim refunds:

* each tender holds between 0 and what it approved, its VAT-exempt part never above that;
* the tenders never hold less than the order is worth, and once every part is closed they hold
  exactly that (less what claims gave back): nothing is kept, nothing invented;
* claim refunds never exceed what was left;
* the ledger derived from it all (settlement.ingest) balances: the parties' net sales sum to what
  the customer is still charged, and every store's statement adds up to the won."""

import contextlib
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.catalog.models import VatClass
from jangbogi.core.errors import DomainError
from jangbogi.orders import carts, fulfilment, tenders
from jangbogi.orders import services as orders
from jangbogi.orders.models import MerchantOrder, Order, OrderLine
from jangbogi.payments.models import CancelKind, CancelStatus, Payment, PaymentCancel
from jangbogi.settlement import ingest
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import EntryKind, LedgerEntry
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    StorePaymentProfileFactory,
)

product = st.fixed_dictionaries({
    "price": st.integers(10, 3000).map(lambda won: won * 10),  # never ends in 444 (a demo decline)
    "quantity": st.integers(1, 3),
    "weight": st.booleans(),
    "exempt": st.booleans(),
})
store = st.fixed_dictionaries({"onnuri": st.booleans(), "products": st.lists(product, min_size=1, max_size=3)})
operation = st.one_of(
    st.tuples(st.just("pick"), st.integers(0, 20), st.integers(50, 200)),   # line, % of estimated grams
    st.tuples(st.just("short"), st.integers(0, 20), st.integers(0, 2)),     # line, units available
    st.tuples(st.just("ready"), st.integers(0, 5), st.just(0)),             # store part
    st.tuples(st.just("claim"), st.integers(0, 5), st.integers(1, 40000)),  # store part, won
)


class TenderMoneyTest(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stores=st.lists(store, min_size=1, max_size=3), method=st.sampled_from(["card", "onnuri"]),
           operations=st.lists(operation, max_size=12))
    def test_money_is_never_lost_doubled_or_invented(self, stores, method, operations):
        order = self._paid_order(stores, method)
        for n, (kind, target, arg) in enumerate(operations):
            with contextlib.suppress(DomainError):  # a refused step changes nothing
                self._apply(order, kind, target, arg, n)
            tenders.sync_tenders(order)
            self._check(order)
        self._check_ledger(order)

    # --- building and driving --------------------------------------------------------------

    def _paid_order(self, stores, method) -> Order:
        market = MarketFactory()
        DeliveryCenterFactory(market=market)
        cart = carts.create_cart(market=market)
        for i, spec in enumerate(stores):
            s = StoreFactory(market=market, name=f"가게{i}")
            if spec["onnuri"]:
                StorePaymentProfileFactory(store=s)
            for j, p in enumerate(spec["products"]):
                item = ProductFactory(
                    store=s, name=f"상품{i}-{j}", price=p["price"], sold_by_weight=p["weight"],
                    estimated_grams=600 if p["weight"] else None, unit_label="1근(600g)" if p["weight"] else "1개",
                    vat_class=VatClass.EXEMPT if p["exempt"] else VatClass.TAXABLE, stock=None)
                carts.set_line(cart=cart, product_id=item.pk, quantity=p["quantity"])
        order = orders.checkout(cart=cart, details=delivery_details(market, payment_method=method),
                                idempotency_key=f"prop-{cart.pk}", now=MORNING)
        assert order.status == "paid"
        assert order.paid_amount == sum(p.amount for p in Payment.objects.filter(order_ref=order.number))
        return order

    def _apply(self, order, kind, target, arg, n) -> None:
        lines = list(OrderLine.objects.filter(merchant_order__order=order).order_by("pk"))
        parts = list(MerchantOrder.objects.filter(order=order).order_by("pk"))
        if kind == "pick":
            line = lines[target % len(lines)]
            grams = (line.estimated_grams or 600) * line.quantity * arg // 100 if line.sold_by_weight else None
            fulfilment.pick_line(line=line, actual_grams=grams)
        elif kind == "short":
            line = lines[target % len(lines)]
            OrderLine.objects.filter(pk=line.pk).update(substitution="refund")
            line.refresh_from_db()
            fulfilment.mark_short(line=line, available=min(arg, line.quantity - 1))
        elif kind == "ready":
            self._close(parts[target % len(parts)])
        else:
            part = parts[target % len(parts)]
            if part.status in tenders.OPEN_PARTS:
                return  # claims come after delivery: never while the store is still picking
            left = tenders.refundable(order, part.store_id)
            try:
                tenders.refund_claim(order=order, store_id=part.store_id, amount=arg, tax_free_amount=0,
                                     key=f"claim:{n}", reason="클레임")
            except DomainError:
                assert arg > left  # refused only when it asks for more than is left
                raise
            assert arg <= left

    def _close(self, part) -> None:
        for line in part.lines.filter(status="pending"):
            fulfilment.pick_line(line=line, actual_grams=(line.estimated_grams or 600) * line.quantity
                                 if line.sold_by_weight else None)
        fulfilment.mark_ready(part=part)

    # --- invariants ------------------------------------------------------------------------

    def _check(self, order) -> None:
        order.refresh_from_db()
        claimed = 0
        adjusted_held = 0
        for p in Payment.objects.filter(order_ref=order.number):
            done = PaymentCancel.objects.filter(payment=p, status=CancelStatus.DONE)
            assert p.canceled_amount == sum(c.amount for c in done)
            assert 0 <= p.amount - p.canceled_amount <= p.amount
            tax_free_left = p.tax_free_amount - sum(c.tax_free_amount for c in done)
            assert 0 <= tax_free_left <= p.amount - p.canceled_amount
            claimed += sum(c.amount for c in done if c.kind == CancelKind.CLAIM)
            adjusted_held += p.amount - sum(c.amount for c in done if c.kind != CancelKind.CLAIM)
        assert adjusted_held >= order.total  # the tenders always cover what the order is worth
        open_parts = MerchantOrder.objects.filter(order=order, status__in=tenders.OPEN_PARTS).exists()
        if not open_parts:
            assert adjusted_held == order.total  # …and once all is weighed and packed, exactly that
        assert not PaymentCancel.objects.filter(status=CancelStatus.PENDING).exists()

    def _check_ledger(self, order) -> None:
        ingest.settle_order(order)  # with parts still open: captures only
        for part in MerchantOrder.objects.filter(order=order, status__in=tenders.OPEN_PARTS):
            self._close(part)
        tenders.sync_tenders(order)
        self._check(order)
        ingest.settle_order(order)
        assert ingest.settle_order(order) == []  # settling again adds nothing
        charged = sum(p.amount - p.canceled_amount for p in Payment.objects.filter(order_ref=order.number))
        entries = LedgerEntry.objects.filter(order_ref=order.number)
        sales = sum(e.amount for e in entries
                    if e.kind in (EntryKind.CAPTURE, EntryKind.REFUND, EntryKind.CLAIM_REFUND))
        assert sales == charged
        day = MORNING.date()
        for part in MerchantOrder.objects.filter(order=order).select_related("store"):
            s = settlement.statement(part.store, day - dt.timedelta(days=1), day + dt.timedelta(days=1))
            assert s.captured - s.refunds - s.commission - s.fees - s.payouts == s.payable
            assert s.refunds <= s.captured
