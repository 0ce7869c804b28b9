"""Reconciliation classes, one tender against one provider record (no provider call), and the
sync service's refusals: another amount or another payment is never applied."""

import datetime as dt

import pytest

from jangbogi.integrations.payments import SEOUL, ProviderCancel, ProviderPayment
from jangbogi.payments import reconcile, sync
from jangbogi.payments.models import (
    CancelStatus,
    Payment,
    PaymentCancel,
    PaymentEvent,
    PaymentStatus,
)

pytestmark = pytest.mark.django_db

APPROVED_AT = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SEOUL)


def tender(**fields) -> Payment:
    values = dict(order_ref="261126-000001", provider_order_id="261126-000001-S1", provider="demo", method="card",
                  amount=10_000, idempotency_key="k1", party="order")
    values.update(fields)
    values.pop("party")
    return Payment.objects.create(**values)


def remote(status: str = "DONE", *, total: int = 10_000, cancels: tuple = (), ref: str = "pk1",
           order: str = "261126-000001-S1") -> ProviderPayment:
    canceled = sum(c.amount for c in cancels)
    return ProviderPayment(provider_ref=ref, order_ref=order, status=status, total_amount=total,
                           balance_amount=total - canceled, tax_free_amount=0, approved_at=APPROVED_AT,
                           cancels=cancels)


def cancel(amount: int, key: str) -> ProviderCancel:
    return ProviderCancel(amount=amount, tax_free_amount=0, canceled_at=APPROVED_AT, transaction_key=key, reason="x")


def kinds(payment, record) -> list[str]:
    return [f.kind for f in reconcile.compare(payment, record)]


def test_paid_there_not_here():
    assert kinds(tender(), remote()) == ["paid_there_not_here"]
    assert kinds(tender(status=PaymentStatus.DECLINED, idempotency_key="k4", provider_order_id="o4"),
                 remote(order="o4")) == ["paid_there_not_here"]
    assert kinds(tender(idempotency_key="k2", provider_order_id="o2"), remote("ABORTED", order="o2")) == []
    assert kinds(tender(idempotency_key="k3", provider_order_id="o3"), None) == []


def test_paid_here_not_there():
    ours = tender(status=PaymentStatus.APPROVED, provider_ref="pk1")

    assert kinds(ours, None) == ["paid_here_not_there"]
    assert kinds(ours, remote("ABORTED")) == ["paid_here_not_there"]
    assert kinds(ours, remote()) == []


def test_cancel_missing_on_either_side_or_pending():
    ours = tender(status=PaymentStatus.APPROVED, provider_ref="pk1")
    assert kinds(ours, remote("PARTIAL_CANCELED", cancels=(cancel(1_000, "t1"),))) == ["cancel_missing"]

    PaymentCancel.objects.create(payment=ours, kind="adjust", amount=1_000, reason="부족", idempotency_key="c1",
                                 status=CancelStatus.DONE, transaction_key="t1")
    Payment.objects.filter(pk=ours.pk).update(canceled_amount=1_000)
    ours.refresh_from_db()
    assert kinds(ours, remote("PARTIAL_CANCELED", cancels=(cancel(1_000, "t1"),))) == []
    assert kinds(ours, remote()) == ["cancel_missing"]

    PaymentCancel.objects.create(payment=ours, kind="adjust", amount=500, reason="부족", idempotency_key="c2")
    assert kinds(ours, remote("PARTIAL_CANCELED", cancels=(cancel(1_000, "t1"), cancel(500, "t2")))) == [
        "cancel_missing"]


def test_amount_differs_when_the_cancels_agree():
    ours = tender(status=PaymentStatus.APPROVED, provider_ref="pk1")

    assert kinds(ours, remote(total=12_000)) == ["amount_differs"]
    (finding,) = reconcile.compare(ours, remote(total=12_000))
    assert "결제사 승인 12000원" in finding.line() and "우리 승인 10000원" in finding.line()


def test_sync_applies_an_approval_once_and_never_another_amount():
    ours = tender()

    assert sync.apply(ours, remote(total=12_000), source="reconcile").changes == []
    assert Payment.objects.get().status == PaymentStatus.PENDING

    first = sync.apply(ours, remote(), source="reconcile")
    again = sync.apply(ours, remote(), source="webhook")

    assert first.changes == ["pending→approved"] and again.changes == []
    ours.refresh_from_db()
    assert (ours.status, ours.provider_ref, ours.approved_at) == (PaymentStatus.APPROVED, "pk1", APPROVED_AT)
    assert PaymentEvent.objects.count() == 1


def test_sync_ignores_a_record_of_another_payment():
    ours = tender(status=PaymentStatus.APPROVED, provider_ref="pk1")

    assert sync.apply(ours, remote("CANCELED", ref="pk9", cancels=(cancel(10_000, "t"),)), source="webhook").changes \
        == []
    assert sync.apply(ours, remote("CANCELED", order="other", cancels=(cancel(10_000, "t"),)),
                      source="webhook").changes == []
    assert not PaymentCancel.objects.exists()


def test_sync_records_provider_cancels_once_and_waits_for_our_pending_ones():
    ours = tender(status=PaymentStatus.APPROVED, provider_ref="pk1")
    full = remote("CANCELED", cancels=(cancel(4_000, "t1"), cancel(6_000, "t2")))
    pending = PaymentCancel.objects.create(payment=ours, kind="adjust", amount=4_000, reason="부족",
                                           idempotency_key="ours")

    assert sync.apply(ours, full, source="webhook").changes == []  # it may be ours: wait for its key

    PaymentCancel.objects.filter(pk=pending.pk).update(status=CancelStatus.DONE, transaction_key="t1")
    Payment.objects.filter(pk=ours.pk).update(canceled_amount=4_000)
    result = sync.apply(ours, full, source="webhook")
    again = sync.apply(ours, full, source="reconcile")

    assert result.changes == ["cancel 6000"] and again.changes == []
    ours.refresh_from_db()
    assert (ours.status, ours.canceled_amount) == (PaymentStatus.CANCELED, 10_000)
    assert sorted(PaymentCancel.objects.values_list("transaction_key", "amount")) == [("t1", 4_000), ("t2", 6_000)]
    assert list(PaymentEvent.objects.values_list("from_status", "to_status")) == [("approved", "canceled")]
