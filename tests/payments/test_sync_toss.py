"""The provider's truth through the Toss adapter and the local fake: a confirm the fake made
before our process died is found by orderId and applied once; a cancel made in the Toss
console is recorded; a Toss webhook is handled end to end."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from jangbogi.integrations.payments import CancelRequest
from jangbogi.integrations.payments.fake_toss import FakeToss, running_fake_toss
from jangbogi.orders import payment_recovery
from jangbogi.payments import reconcile, services
from jangbogi.payments.models import CancelStatus, Payment, PaymentCancel, PaymentStatus
from tests.integrations.payments.conftest import SECRET, make_toss
from tests.payments.crash import ProcessDied, dies_after_provider

pytestmark = pytest.mark.django_db

ORDER = "261126-000007"
TENDER = f"{ORDER}-S1"


@pytest.fixture
def fake() -> FakeToss:
    return FakeToss(SECRET)


@pytest.fixture
def toss_settings(fake):
    with running_fake_toss(fake=fake) as base_url, override_settings(
            JANGBOGI_PAYMENT_PROVIDER="toss", JANGBOGI_TOSS_SECRET_KEY=SECRET, JANGBOGI_TOSS_API_BASE=base_url):
        yield base_url


def crashed_confirm(fake) -> Payment:
    payment_key = fake.authorize(TENDER, 14_000, tax_free_amount=4_000)
    with dies_after_provider("approve"), pytest.raises(ProcessDied):
        services.approve_payment(order_ref=ORDER, amount=14_000, tax_free_amount=4_000, method="card",
                                 idempotency_key="order:261126-000007:tender:store1:approve",
                                 metadata={"payment_key": payment_key}, provider_order_id=TENDER)
    return Payment.objects.get()


def later() -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=5)


def test_a_lost_confirm_is_found_by_order_id_and_applied_once(fake, toss_settings):
    payment = crashed_confirm(fake)
    assert payment.status == PaymentStatus.PENDING

    (finding,) = reconcile.check([payment]).findings
    fixed = reconcile.repair([payment], now=later())
    again = reconcile.repair(list(Payment.objects.all()), now=later())

    assert finding.kind == "paid_there_not_here"
    assert [r.changes for r in fixed.changed] == [["pending→approved"]] and again.changed == []
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.APPROVED
    assert payment.provider_ref == fake.charges[0]["paymentKey"]
    assert fake.charge_count(TENDER) == 1
    assert reconcile.check([payment]).findings == []
    lookups = [r.path for r in fake.requests if r.method == "GET"]
    assert lookups[0] == f"/v1/payments/orders/{TENDER}"  # no paymentKey of ours yet: by orderId


def test_a_console_cancel_is_recorded_and_a_webhook_is_handled(fake, toss_settings, client):
    payment = crashed_confirm(fake)
    reconcile.repair([payment], now=later())
    payment.refresh_from_db()
    make_toss(toss_settings).cancel(CancelRequest(provider_ref=payment.provider_ref, amount=4_000,
                                                  tax_free_amount=4_000, reason="콜센터", idempotency_key="console"))

    result = payment_recovery.handle_webhook({
        "eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2026-11-26T10:05:00.000",
        "data": {"paymentKey": payment.provider_ref, "orderId": TENDER, "status": "PARTIAL_CANCELED"}})

    assert result.outcome == "applied" and result.order_ref == ORDER
    payment.refresh_from_db()
    assert (payment.status, payment.canceled_amount) == (PaymentStatus.APPROVED, 4_000)
    (cancel,) = PaymentCancel.objects.all()
    assert (cancel.status, cancel.amount, cancel.tax_free_amount) == (CancelStatus.DONE, 4_000, 4_000)
    assert cancel.transaction_key == fake.payments[payment.provider_ref]["cancels"][0]["transactionKey"]
    assert reconcile.check([payment]).findings == []
