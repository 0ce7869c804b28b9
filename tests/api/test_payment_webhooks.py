"""POST /api/v1/payments/webhooks/toss: the body is never trusted (the payment is looked up at
the provider), duplicates and out-of-order deliveries are no-ops, and the order follows."""

import datetime as dt

import pytest
import time_machine

from jangbogi.integrations.payments import CancelRequest, DemoPaymentProvider, ProviderTimeout
from jangbogi.orders import services as orders
from jangbogi.orders.models import Order, OrderEvent, OrderStatus
from jangbogi.payments.models import (
    CancelKind,
    CancelStatus,
    Payment,
    PaymentCancel,
    PaymentEvent,
    PaymentStatus,
    WebhookDelivery,
)
from tests.conftest import MORNING, delivery_details
from tests.payments.crash import ProcessDied, dies_after_provider, provider_record

URL = "/payments/webhooks/toss"


def toss_body(payment_key: str, *, status: str = "DONE", order_id: str = "ignored",
              created_at: str = "2026-11-26T10:00:01.000") -> dict:
    return {"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": created_at,
            "data": {"paymentKey": payment_key, "orderId": order_id, "status": status}}


def crashed_checkout(cart, market) -> Order:
    """Checkout whose last approval (the delivery fee) the provider made just before the
    process died: the other tenders are approved, the fee's row is PENDING."""
    with time_machine.travel(MORNING, tick=False), dies_after_provider(
            "approve", when=lambda r: r.order_ref.endswith("-D")), pytest.raises(ProcessDied):
        orders.checkout(cart=cart, details=delivery_details(market), idempotency_key="crash", now=MORNING)
    return Order.objects.get()


def state() -> dict:
    return {
        "payments": sorted(Payment.objects.values_list("pk", "status", "provider_ref", "canceled_amount")),
        "cancels": sorted(PaymentCancel.objects.values_list("pk", "status", "amount")),
        "payment_events": PaymentEvent.objects.count(),
        "orders": sorted(Order.objects.values_list("pk", "status")),
        "order_events": OrderEvent.objects.count(),
    }


def test_the_providers_approval_lands_and_the_order_is_paid(api, market, cart_two_stores):
    order = crashed_checkout(cart_two_stores, market)
    fee = Payment.objects.get(provider_order_id=f"{order.number}-D")
    assert (order.status, fee.status, fee.provider_ref) == (OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING, None)
    remote = provider_record(f"{order.number}-D")

    with time_machine.travel(MORNING + dt.timedelta(minutes=1), tick=False):
        response = api.post(URL, toss_body(remote.provider_ref))

    assert response.status_code == 200
    assert response.json() == {"result": "applied"}
    fee.refresh_from_db()
    assert (fee.status, fee.provider_ref) == (PaymentStatus.APPROVED, remote.provider_ref)
    assert Order.objects.get().status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    (event,) = PaymentEvent.objects.all()
    assert (event.payment_id, event.source, event.from_status, event.to_status) == (
        fee.pk, "webhook", "pending", "approved")
    (delivery,) = WebhookDelivery.objects.all()
    assert (delivery.payment_id, delivery.outcome, delivery.times_received) == (fee.pk, "applied", 1)
    assert len(DemoPaymentProvider().payments_for(f"{order.number}-D")) == 1


def test_a_duplicate_delivery_changes_nothing(api, market, cart_two_stores):
    order = crashed_checkout(cart_two_stores, market)
    body = toss_body(provider_record(f"{order.number}-D").provider_ref)
    api.post(URL, body)
    before = state()

    again = api.post(URL, body)

    assert (again.status_code, again.json()) == (200, {"result": "duplicate"})
    assert state() == before
    assert WebhookDelivery.objects.get().times_received == 2


def test_the_body_is_not_trusted(api, market, cart_two_stores, paid_order):
    """A body claiming a cancel the provider never made changes nothing; one for a payment the
    provider does not know is answered 200 and recorded as unknown."""
    tender = Payment.objects.filter(order_ref=paid_order.number).first()
    before = state()

    lie = api.post(URL, toss_body(tender.provider_ref, status="CANCELED"))
    forged = api.post(URL, toss_body("demo_forged_key", status="DONE", order_id=tender.provider_order_id))

    assert (lie.status_code, lie.json()) == (200, {"result": "unchanged"})
    assert (forged.status_code, forged.json()) == (200, {"result": "unknown_payment"})
    assert state() == before
    assert sorted(WebhookDelivery.objects.values_list("outcome", flat=True)) == ["unchanged", "unknown_payment"]


def test_a_cancel_made_at_the_provider_is_recorded_once_and_an_older_event_is_a_no_op(api, paid_order):
    tender = Payment.objects.filter(order_ref=paid_order.number, party="store").first()
    assert DemoPaymentProvider().cancel(CancelRequest(
        provider_ref=tender.provider_ref, amount=1_000, tax_free_amount=1_000, reason="콜센터 환불",
        idempotency_key="console-1")).canceled

    newer = api.post(URL, toss_body(tender.provider_ref, status="PARTIAL_CANCELED",
                                    created_at="2026-11-26T11:00:00.000"))
    after_first = state()
    older = api.post(URL, toss_body(tender.provider_ref, status="DONE", created_at="2026-11-26T10:00:00.000"))

    assert newer.json() == {"result": "applied"}
    assert older.json() == {"result": "unchanged"}
    assert state() == after_first
    tender.refresh_from_db()
    assert (tender.status, tender.canceled_amount) == (PaymentStatus.APPROVED, 1_000)
    (cancel,) = PaymentCancel.objects.filter(payment=tender)
    assert (cancel.kind, cancel.status, cancel.amount, cancel.tax_free_amount) == (
        CancelKind.VOID, CancelStatus.DONE, 1_000, 1_000)
    assert cancel.reason == "결제사에서 직접 취소: 콜센터 환불"
    assert cancel.transaction_key == DemoPaymentProvider().lookup(tender.provider_ref).cancels[0].transaction_key


def test_an_approval_for_an_order_that_expired_meanwhile_is_voided(api, market, cart_two_stores):
    order = crashed_checkout(cart_two_stores, market)
    with time_machine.travel(MORNING + dt.timedelta(minutes=16), tick=False):
        assert orders.expire_unpaid_orders() == 1  # voids the two approved tenders
        response = api.post(URL, toss_body(provider_record(f"{order.number}-D").provider_ref))

    assert response.json() == {"result": "applied"}
    assert Order.objects.get().status == OrderStatus.EXPIRED
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELED}
    assert {p.status for p in DemoPaymentProvider().all_payments()} == {"CANCELED"}


def test_provider_down_is_503_and_the_delivery_is_handled_when_sent_again(api, market, cart_two_stores, monkeypatch):
    order = crashed_checkout(cart_two_stores, market)
    body = toss_body(provider_record(f"{order.number}-D").provider_ref)

    class Down:
        name = "demo"

        def lookup(self, provider_ref):
            raise ProviderTimeout()

    monkeypatch.setattr("jangbogi.payments.sync.get_provider", lambda: Down())
    down = api.post(URL, body)
    assert down.status_code == 503
    assert down.json()["code"] == "payment_unknown"
    assert not WebhookDelivery.objects.exists()
    assert Order.objects.get().status == OrderStatus.PENDING_PAYMENT

    monkeypatch.undo()
    assert api.post(URL, body).json() == {"result": "applied"}
    assert Order.objects.get().status == OrderStatus.PAID


def test_other_events_are_ignored_and_a_non_json_body_is_400(api, client, paid_order):
    before = state()

    ignored = api.post(URL, {"eventType": "DEPOSIT_CALLBACK", "createdAt": "x", "data": {"secret": "s"}})
    broken = client.post(f"/api/v1{URL}", "not json", content_type="application/json")

    assert (ignored.status_code, ignored.json()) == (200, {"result": "ignored"})
    assert broken.status_code == 400
    assert broken.json()["code"] == "bad_request"
    assert state() == before
