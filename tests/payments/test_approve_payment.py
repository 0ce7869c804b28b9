"""approve_payment: one provider call per idempotency key, whatever the retries."""

import pytest

from jangbogi.core.errors import Conflict
from jangbogi.integrations.payments import ApprovalRequest
from jangbogi.payments import services as payments
from jangbogi.payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db


def approve(**overrides):
    values = dict(order_ref="261126-000001", amount=14000, tax_free_amount=11000, method="card",
                  idempotency_key="order:261126-000001:approve")
    values.update(overrides)
    return payments.approve_payment(**values)


def test_approval_records_the_provider_answer(provider):
    outcome = approve(metadata={"demo_outcome": "x"})

    assert outcome.approved is True
    payment = Payment.objects.get()
    assert outcome.payment == payment
    assert (payment.order_ref, payment.provider, payment.method) == ("261126-000001", "fake", "card")
    assert (payment.amount, payment.tax_free_amount, payment.canceled_amount) == (14000, 11000, 0)
    assert (payment.status, payment.provider_ref, payment.failure_code) == ("approved", "fake_1", "")
    assert payment.approved_at is not None
    assert provider.approvals == [ApprovalRequest(
        order_ref="261126-000001", amount=14000, tax_free_amount=11000, method="card",
        idempotency_key="order:261126-000001:approve", metadata={"demo_outcome": "x"},
    )]


def test_metadata_defaults_to_empty(provider):
    approve()
    assert provider.approvals[0].metadata == {}


def test_same_key_again_does_not_call_the_provider(provider):
    first = approve()
    second = approve()

    assert len(provider.approvals) == 1
    assert (second.approved, second.payment.pk) == (True, first.payment.pk)
    assert Payment.objects.count() == 1


def test_decline_is_recorded_and_replayed_without_a_second_call(provider):
    provider.approve_ok = False
    provider.failure_message = "가" * 250

    first = approve()
    second = approve()

    assert (first.approved, second.approved) == (False, False)
    assert len(provider.approvals) == 1
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_code, payment.provider_ref) == ("declined", "LIMIT", None)
    assert payment.failure_message == "가" * 200
    assert payment.approved_at is None


@pytest.mark.parametrize("changed", [{"amount": 15000}, {"order_ref": "261126-000002"}])
def test_key_reused_for_a_different_payment_is_a_conflict(provider, changed):
    approve()
    before = list(Payment.objects.values())

    with pytest.raises(Conflict) as exc:
        approve(**changed)

    assert exc.value.code == "idempotency_mismatch"
    assert exc.value.message == "같은 결제 요청 키로 다른 결제를 요청했습니다."
    assert len(provider.approvals) == 1
    assert list(Payment.objects.values()) == before


def test_pending_row_means_payment_in_progress(provider):
    Payment.objects.create(order_ref="261126-000001", provider="fake", method="card", amount=14000,
                           tax_free_amount=11000, idempotency_key="order:261126-000001:approve")

    with pytest.raises(Conflict) as exc:
        approve()

    assert exc.value.code == "payment_in_progress"
    assert exc.value.message == "결제를 처리하고 있습니다. 잠시 후 다시 확인해 주세요."
    assert provider.approvals == []
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_different_keys_are_different_payments(provider):
    approve(idempotency_key="a")
    approve(idempotency_key="b")
    assert len(provider.approvals) == 2
    assert sorted(Payment.objects.values_list("idempotency_key", "provider_ref")) == [("a", "fake_1"), ("b", "fake_2")]


def test_approved_payments_lists_only_approved_for_the_order(provider):
    keep = approve(idempotency_key="a").payment
    provider.approve_ok = False
    approve(idempotency_key="b")
    provider.approve_ok = True
    approve(idempotency_key="c", order_ref="261126-000009")
    assert list(payments.approved_payments(order_ref="261126-000001")) == [keep]
