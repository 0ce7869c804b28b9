"""Money races on PostgreSQL, counted at the (process-wide) demo provider: 20 identical confirms
make one approval per tender and one paid order; a webhook replayed 3× at once changes the
payments, the order and the ledger once."""

import json

import pytest
import time_machine
from django.test import Client

from jangbogi.core.errors import Conflict
from jangbogi.orders import services as orders
from jangbogi.orders.models import Order, OrderEvent, OrderStatus
from jangbogi.payments.models import Payment, PaymentEvent, PaymentStatus, WebhookDelivery
from jangbogi.settlement import ingest
from jangbogi.settlement.models import LedgerEntry
from tests.api.conftest import API, cart_headers, checkout_body
from tests.conftest import MORNING, delivery_details
from tests.payments.crash import (
    ProcessDied,
    approvals_at_provider,
    dies_after_provider,
    provider_record,
)
from tests.race import needs_postgres, race  # noqa: F401 - needs_postgres is an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def one_approval_per_tender(order: Order) -> None:
    tenders = list(Payment.objects.filter(order_ref=order.number))
    assert len(tenders) == 3  # two stores and the delivery fee
    assert {p.status for p in tenders} == {PaymentStatus.APPROVED}
    assert approvals_at_provider(order.number) == {p.provider_order_id: 1 for p in tenders}


def test_twenty_identical_confirms_over_the_api(market, cart_two_stores):
    def confirm():
        response = Client().post(f"{API}/carts/{cart_two_stores.pk}/checkout", json.dumps(checkout_body(market)),
                                 content_type="application/json", headers=cart_headers(cart_two_stores, "tap"))
        return response.status_code, response.json()

    results = race([confirm for _ in range(20)])

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert {status for status, _ in results} <= {201, 409}, results
    assert {body["number"] for status, body in results if status == 201} == {order.number}
    assert {body["code"] for status, body in results if status == 409} <= {"payment_in_progress"}
    one_approval_per_tender(order)
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1


def test_pay_order_from_twenty_threads(market, cart_two_stores):
    with time_machine.travel(MORNING, tick=False):
        order = orders.place_order(cart=cart_two_stores, details=delivery_details(market), now=MORNING)

    def pay():
        try:
            return orders.pay_order(order=Order.objects.get(pk=order.pk)).status
        except Conflict as exc:
            return exc.code

    results = race([pay for _ in range(20)])

    assert set(results) <= {OrderStatus.PAID, OrderStatus.PENDING_PAYMENT, "payment_in_progress"}, results
    assert OrderStatus.PAID in results
    assert Order.objects.get().status == OrderStatus.PAID
    one_approval_per_tender(order)
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1


def ledger() -> list[tuple]:
    return sorted(LedgerEntry.objects.values_list("idempotency_key", "kind", "amount", "store_id"))


def payments() -> list[tuple]:
    return sorted(Payment.objects.values_list("pk", "status", "provider_ref", "canceled_amount", "approved_at"))


def test_a_webhook_replayed_three_times_at_once_applies_once(market, cart_two_stores):
    with time_machine.travel(MORNING, tick=False), dies_after_provider(
            "approve", when=lambda r: r.order_ref.endswith("-D")), pytest.raises(ProcessDied):
        orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k", now=MORNING)
    order = Order.objects.get()
    body = json.dumps({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2026-11-26T10:00:02.000",
                       "data": {"paymentKey": provider_record(f"{order.number}-D").provider_ref, "status": "DONE"}})

    def deliver():
        response = Client().post(f"{API}/payments/webhooks/toss", body, content_type="application/json")
        return response.status_code, response.json()["result"]

    first = race([deliver for _ in range(3)])

    assert [status for status, _ in first] == [200, 200, 200]
    assert Order.objects.get().status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert PaymentEvent.objects.count() == 1
    one_approval_per_tender(order)
    ingest.settle_order(order)
    ledger_after_first, payments_after_first = ledger(), payments()
    assert sorted(kind for _, kind, _, _ in ledger_after_first) == ["capture"] * 3 + ["commission"] * 2

    again = race([deliver for _ in range(3)])
    ingest.settle_order(order)

    assert again == [(200, "duplicate")] * 3
    assert ledger() == ledger_after_first
    assert payments() == payments_after_first
    assert PaymentEvent.objects.count() == 1
    assert WebhookDelivery.objects.get().times_received == 6
