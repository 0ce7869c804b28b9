"""cancel_payment: a full cancel of an approved payment, once."""

import pytest

from jangbogi.core.errors import PaymentDeclined
from jangbogi.integrations.payments import CancelRequest
from jangbogi.payments import services as payments
from jangbogi.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(provider):
    return payments.approve_payment(order_ref="261126-000001", amount=14000, tax_free_amount=11000,
                                    method="card", idempotency_key="order:261126-000001:approve").payment


def test_full_cancel(provider, approved):
    canceled = payments.cancel_payment(payment=approved, reason="고객 요청")

    assert provider.cancels == [CancelRequest(
        provider_ref="fake_1", amount=14000, tax_free_amount=11000, reason="고객 요청",
        idempotency_key="order:261126-000001:approve:cancel",
    )]
    payment = Payment.objects.get()
    assert canceled == payment
    assert (payment.status, payment.amount, payment.canceled_amount) == ("canceled", 14000, 14000)


def test_second_cancel_does_not_call_the_provider(provider, approved):
    payments.cancel_payment(payment=approved, reason="고객 요청")
    again = payments.cancel_payment(payment=approved, reason="고객 요청")

    assert len(provider.cancels) == 1
    assert (again.status, again.canceled_amount) == ("canceled", 14000)


def test_declined_payment_is_left_alone(provider):
    provider.approve_ok = False
    declined = payments.approve_payment(order_ref="R", amount=5000, tax_free_amount=0, method="card",
                                        idempotency_key="k").payment

    result = payments.cancel_payment(payment=declined, reason="고객 요청")

    assert provider.cancels == []
    assert (result.status, result.canceled_amount) == ("declined", 0)


def test_provider_refusal_raises_and_changes_nothing(provider, approved):
    provider.cancel_ok = False

    with pytest.raises(PaymentDeclined) as exc:
        payments.cancel_payment(payment=approved, reason="고객 요청")

    assert (exc.value.code, exc.value.message) == ("cancel_failed", "이미 정산된 거래입니다.")
    payment = Payment.objects.get()
    assert (payment.status, payment.canceled_amount) == ("approved", 0)


def test_stale_copy_reads_the_current_row(provider, approved):
    stale = Payment.objects.get(pk=approved.pk)
    payments.cancel_payment(payment=approved, reason="고객 요청")
    payments.cancel_payment(payment=stale, reason="고객 요청")
    assert len(provider.cancels) == 1
