"""One approval per store part plus one for the delivery fee; all or nothing; and every later
change to the order lands as a partial cancel on the tender that paid for it."""

import io

import pytest
from django.core.management import call_command

from jangbogi.catalog.models import VatClass
from jangbogi.core.errors import ValidationFailed
from jangbogi.orders import fulfilment, tenders
from jangbogi.orders import services as orders
from jangbogi.orders.models import MerchantOrder, Order, OrderLine, OrderStatus
from jangbogi.payments.models import CancelKind, CancelStatus, Payment, PaymentCancel, PaymentStatus
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory, StoreFactory, StorePaymentProfileFactory

pytestmark = pytest.mark.django_db


def by_party(order) -> dict[str, Payment]:
    """The order's tenders by store name ("배송비" for the delivery fee)."""
    return {(p.store.name if p.store else "배송비"): p
            for p in Payment.objects.filter(order_ref=order.number).select_related("store")}


def held(order) -> dict[str, int]:
    return {name: p.amount - p.canceled_amount for name, p in by_party(order).items()}


def line_named(order, name) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name)


def test_onnuri_for_the_registered_store_and_card_for_the_rest(cart_two_stores, market, two_stores):
    veg, _fish = two_stores
    StorePaymentProfileFactory(store=veg, local_currency_registered=False)  # 온누리 only
    order = orders.checkout(cart=cart_two_stores, details=delivery_details(market, payment_method="onnuri"),
                            idempotency_key="mixed", now=MORNING)

    assert order.status == OrderStatus.PAID
    tenders_ = by_party(order)
    assert {name: (p.method, p.amount, p.status) for name, p in tenders_.items()} == {
        "상수네 채소": ("onnuri", 3000, "approved"),  # 애호박 2 × 1,500
        "바다 수산": ("card", 8000, "approved"),     # not registered for 온누리
        "배송비": ("card", 3000, "approved"),        # the delivery center's fee
    }
    assert order.paid_amount == 14000 == sum(p.amount for p in tenders_.values())
    assert len({p.provider_order_id for p in tenders_.values()}) == 3  # one provider orderId each


def test_one_refusal_voids_the_approvals_already_made(cart_two_stores, market):
    order = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="no",
                            demo_outcome="decline", now=MORNING)

    assert order.status == OrderStatus.PAYMENT_FAILED
    statuses = {name: (p.status, p.canceled_amount) for name, p in by_party(order).items()}
    assert statuses == {"상수네 채소": ("canceled", 3000), "바다 수산": ("canceled", 8000), "배송비": ("declined", 0)}
    assert set(PaymentCancel.objects.values_list("kind", "status")) == {(CancelKind.VOID, CancelStatus.DONE)}


def test_tax_free_part_follows_each_store(market):
    veg = StoreFactory(market=market, name="채소")
    bakery = StoreFactory(market=market, name="떡집")
    from jangbogi.orders import carts

    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=ProductFactory(store=veg, price=2000, vat_class=VatClass.EXEMPT).pk,
                   quantity=2)
    carts.set_line(cart=cart, product_id=ProductFactory(store=bakery, category="side_dish", price=5000,
                                                        vat_class=VatClass.TAXABLE).pk, quantity=1)
    order = orders.checkout(cart=cart, details=delivery_details(market), idempotency_key="tf", now=MORNING)
    assert {n: (p.amount, p.tax_free_amount) for n, p in by_party(order).items()} == {
        "채소": (4000, 4000), "떡집": (5000, 0), "배송비": (3000, 0)}


def test_a_shortage_is_a_partial_cancel_on_that_stores_tender_only(paid_order, django_capture_on_commit_callbacks):
    before = held(paid_order)
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.mark_short(line=line_named(paid_order, "애호박"), available=1)  # 1 of 2 × 1,500

    assert held(paid_order) == {**before, "상수네 채소": before["상수네 채소"] - 1500}
    cancel = PaymentCancel.objects.get()
    assert (cancel.payment.store.name, cancel.kind, cancel.amount, cancel.status) == (
        "상수네 채소", CancelKind.ADJUST, 1500, CancelStatus.DONE)
    assert cancel.tax_free_amount == (1500 if line_named(paid_order, "애호박").vat_class == VatClass.EXEMPT else 0)

    # Running it again (the sweep, a retry) cancels nothing more.
    assert tenders.sync_tenders(paid_order) == []
    assert tenders.sync_open_orders() == 0
    assert PaymentCancel.objects.count() == 1


def test_weight_line_is_approved_with_margin_and_the_rest_given_back_when_ready(
        market, django_capture_on_commit_callbacks):
    butcher = StoreFactory(market=market, name="정육점")
    pork = ProductFactory(store=butcher, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                          sold_by_weight=True, estimated_grams=600, origin="국내산", traceability_no="L02605010001")
    from jangbogi.orders import carts

    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=pork.pk, quantity=2)
    order = orders.checkout(cart=cart, details=delivery_details(market), idempotency_key="w", now=MORNING)
    assert held(order)["정육점"] == 33000  # 110 % of the 30,000원 estimate
    line = OrderLine.objects.get(merchant_order__order=order)

    with django_capture_on_commit_callbacks(execute=True):
        picked = fulfilment.pick_line(line=line, actual_grams=1300)  # heavier than estimated
    assert picked.line_total == 32500  # 15,000 × 1,300 / 600, within the approved 33,000
    assert held(order)["정육점"] == 33000  # still picking: it may be weighed again

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.mark_ready(part=line.merchant_order)
    assert held(order)["정육점"] == 32500
    order.refresh_from_db()
    assert (order.total, order.paid_amount - order.total) == (32500 + order.delivery_fee, 500)


def test_weighing_never_charges_past_the_approval(market):
    butcher = StoreFactory(market=market, name="정육점")
    pork = ProductFactory(store=butcher, category="meat", name="목살", unit_label="1근(600g)", price=12000,
                          sold_by_weight=True, estimated_grams=600, traceability_no="L02605010002")
    from jangbogi.orders import carts

    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=pork.pk, quantity=1)
    order = orders.checkout(cart=cart, details=delivery_details(market), idempotency_key="w2", now=MORNING)
    picked = fulfilment.pick_line(line=OrderLine.objects.get(merchant_order__order=order), actual_grams=900)
    assert picked.line_total == 13200  # 18,000 by weight, capped at 110 % of 12,000


def test_a_line_moved_to_another_store_stays_on_its_first_tender(paid_order, market,
                                                                 django_capture_on_commit_callbacks):
    other = StoreFactory(market=market, name="싱싱 수산")
    ProductFactory(store=other, category="seafood", name="고등어", unit_label="2마리", price=7000)
    before = held(paid_order)
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.mark_short(line=line_named(paid_order, "고등어"), available=0)  # → 싱싱 수산, 1,000원 cheaper

    assert MerchantOrder.objects.filter(order=paid_order, store=other).exists()
    assert held(paid_order) == {**before, "바다 수산": 7000}  # 바다 수산's tender pays for the moved 고등어
    assert not Payment.objects.filter(store=other).exists()


def test_nothing_left_to_deliver_gives_everything_back(paid_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for part in MerchantOrder.objects.filter(order=paid_order):
            for line in part.lines.all():
                OrderLine.objects.filter(pk=line.pk).update(substitution="refund")
                fulfilment.mark_short(line=line, available=0)
            fulfilment.mark_ready(part=part)

    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.CANCELED
    assert held(paid_order) == {"상수네 채소": 0, "바다 수산": 0, "배송비": 0}
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELED}


def test_a_claim_refund_lands_on_the_stores_tender_once(paid_order):
    refund = dict(order=paid_order, amount=2000, tax_free_amount=0, reason="파손", key="claim:1:refund")
    fish = MerchantOrder.objects.get(order=paid_order, store__name="바다 수산").store_id

    first = tenders.refund_claim(store_id=fish, **refund)
    again = tenders.refund_claim(store_id=fish, **refund)

    assert [c.pk for c in first] == [c.pk for c in again]
    assert held(paid_order)["바다 수산"] == 6000
    assert (first[0].kind, first[0].bearer) == (CancelKind.CLAIM, "store")
    assert tenders.refundable(paid_order, fish) == 6000
    with pytest.raises(ValidationFailed) as exc:
        tenders.refund_claim(store_id=fish, **{**refund, "amount": 6001, "key": "claim:2:refund"})
    assert exc.value.code == "refund_exceeds_paid"
    assert held(paid_order)["바다 수산"] == 6000


def test_a_canceled_order_gives_every_tender_back(paid_order):
    orders.cancel_order(order=paid_order, now=MORNING)
    assert held(Order.objects.get(pk=paid_order.pk)) == {"상수네 채소": 0, "바다 수산": 0, "배송비": 0}


def test_the_minutely_sweep_gives_back_what_a_lost_sync_did_not(paid_order, time_machine):
    time_machine.move_to(MORNING, tick=False)
    # No on-commit callbacks here: as if the process died right after the shortage committed.
    fulfilment.mark_short(line=line_named(paid_order, "애호박"), available=0)
    assert not PaymentCancel.objects.exists()

    out = io.StringIO()
    call_command("expire_orders", stdout=out)

    assert held(paid_order)["상수네 채소"] == 0
    assert "금액 조정: 1건" in out.getvalue()
    call_command("expire_orders", stdout=io.StringIO())
    assert PaymentCancel.objects.count() == 1
