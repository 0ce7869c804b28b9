"""The payment provider contract, run against the demo provider and the Toss adapter (widget
confirm and billing-key charge) talking to the local Toss fake."""

import dataclasses

import pytest

from jangbogi.integrations.payments import (
    CancelRequest,
    PaymentMismatch,
    PaymentNotFound,
    ProviderError,
    ProviderStatus,
    ProviderTimeout,
)

from .conftest import ORDER, paid


def cancel(ref: str, amount: int, *, tax_free: int = 0, key: str = "c1", refundable: int | None = None):
    return CancelRequest(provider_ref=ref, amount=amount, tax_free_amount=tax_free, reason="고객 요청",
                         idempotency_key=f"{ref}:{key}", refundable_amount=refundable)


def test_approve_returns_the_approved_payment(backend):
    result = backend.provider.approve(backend.request(14_000, tax_free_amount=4_000))

    assert result.approved and result.provider_ref
    assert (result.failure_code, result.failure_message) == ("", "")
    payment = result.payment
    assert (payment.provider_ref, payment.order_ref, payment.status) == (result.provider_ref, ORDER, "DONE")
    assert (payment.total_amount, payment.balance_amount, payment.tax_free_amount) == (14_000, 14_000, 4_000)
    assert payment.approved_at is not None and payment.cancels == ()
    assert backend.charges(ORDER) == 1
    for found in (backend.provider.lookup(result.provider_ref), backend.provider.lookup_by_order_id(ORDER)):
        assert (found.provider_ref, found.status, found.total_amount, found.tax_free_amount) == (
            result.provider_ref, ProviderStatus.DONE, 14_000, 4_000)


def test_a_decline_is_terminal_and_keeps_the_providers_code(backend):
    request = backend.request(14_000, fault="decline")

    first = backend.provider.approve(request)
    again = backend.provider.approve(request)

    assert (first.approved, first.provider_ref, first.failure_code) == (False, "", backend.decline_code)
    assert first.failure_message and first.payment is None
    assert again == first
    assert backend.charges(ORDER) == 0
    assert paid(backend.provider, ORDER) is None


def test_a_retry_with_the_same_key_returns_the_same_payment_and_charges_once(backend):
    request = backend.request(14_000)

    first = backend.provider.approve(request)
    second = backend.provider.approve(request)

    assert first.approved and second.approved
    assert second.provider_ref == first.provider_ref
    assert backend.charges(ORDER) == 1


def test_a_timeout_is_retryable_and_the_approval_is_found_by_order_id(backend):
    request = backend.request(14_000, fault="timeout")

    with pytest.raises(ProviderTimeout) as lost:
        backend.provider.approve(request)
    found = backend.provider.lookup_by_order_id(ORDER)
    retried = backend.provider.approve(request)

    assert lost.value.retryable is True
    assert found.was_approved and found.total_amount == 14_000
    assert retried.approved and retried.provider_ref == found.provider_ref
    assert backend.charges(ORDER) == 1


def test_a_provider_failure_is_retryable_and_charges_nothing(backend):
    request = backend.request(14_000, fault="provider_error")

    with pytest.raises(ProviderError) as failed:
        backend.provider.approve(request)

    assert failed.value.retryable is True
    assert paid(backend.provider, ORDER) is None
    assert backend.charges(ORDER) == 0
    assert backend.provider.approve(request).approved
    assert backend.charges(ORDER) == 1


def test_partial_cancel_then_cancel_of_the_rest_carries_tax_free_amounts(backend):
    ref = backend.provider.approve(backend.request(20_000, tax_free_amount=5_000)).provider_ref

    first = backend.provider.cancel(cancel(ref, 8_000, tax_free=2_000, key="c1"))
    rest = backend.provider.cancel(cancel(ref, 12_000, tax_free=3_000, key="c2"))

    assert first.canceled and first.transaction_key
    assert (first.payment.status, first.payment.balance_amount, first.payment.tax_free_amount) == (
        ProviderStatus.PARTIAL_CANCELED, 12_000, 3_000)
    assert rest.canceled and rest.transaction_key != first.transaction_key
    assert (rest.payment.status, rest.payment.balance_amount, rest.payment.tax_free_amount) == (
        ProviderStatus.CANCELED, 0, 0)
    after = backend.provider.lookup(ref)
    assert [(c.amount, c.tax_free_amount, c.reason) for c in after.cancels] == [
        (8_000, 2_000, "고객 요청"), (12_000, 3_000, "고객 요청")]
    assert (after.total_amount, after.canceled_amount, after.was_approved) == (20_000, 20_000, True)


def test_a_cancel_above_the_balance_is_refused_and_changes_nothing(backend):
    ref = backend.provider.approve(backend.request(10_000)).provider_ref
    backend.provider.cancel(cancel(ref, 4_000, key="c1"))

    refused = backend.provider.cancel(cancel(ref, 6_001, key="c2"))

    assert (refused.canceled, refused.failure_code) == (False, "NOT_CANCELABLE_AMOUNT")
    assert refused.failure_message and refused.payment is None
    after = backend.provider.lookup(ref)
    assert (after.balance_amount, len(after.cancels), after.status) == (6_000, 1, ProviderStatus.PARTIAL_CANCELED)


def test_a_cancel_retry_with_the_same_key_cancels_once(backend):
    ref = backend.provider.approve(backend.request(10_000)).provider_ref

    first = backend.provider.cancel(cancel(ref, 3_000, key="c1"))
    again = backend.provider.cancel(cancel(ref, 3_000, key="c1"))

    assert again.canceled and again.transaction_key == first.transaction_key
    assert backend.provider.lookup(ref).balance_amount == 7_000


def test_a_cancel_of_a_fully_canceled_payment_is_refused(backend):
    ref = backend.provider.approve(backend.request(10_000)).provider_ref
    backend.provider.cancel(cancel(ref, 10_000, key="c1"))

    refused = backend.provider.cancel(cancel(ref, 1_000, key="c2"))

    assert (refused.canceled, refused.failure_code) == (False, "ALREADY_CANCELED_PAYMENT")


def test_a_cancel_guarded_by_a_stale_refundable_amount_is_refused(backend):
    ref = backend.provider.approve(backend.request(10_000)).provider_ref
    backend.provider.cancel(cancel(ref, 2_000, key="c1"))

    refused = backend.provider.cancel(cancel(ref, 1_000, key="c2", refundable=10_000))
    allowed = backend.provider.cancel(cancel(ref, 1_000, key="c3", refundable=8_000))

    assert (refused.canceled, refused.failure_code) == (False, "NOT_MATCHES_REFUNDABLE_AMOUNT")
    assert allowed.canceled and allowed.payment.balance_amount == 7_000


def test_a_cancel_of_more_tax_free_than_is_left_is_refused(backend):
    ref = backend.provider.approve(backend.request(10_000, tax_free_amount=2_000)).provider_ref

    refused = backend.provider.cancel(cancel(ref, 5_000, tax_free=3_000))

    assert (refused.canceled, refused.failure_code) == (False, "NOT_CANCELABLE_AMOUNT")
    assert backend.provider.lookup(ref).tax_free_amount == 2_000


def test_a_reused_key_for_another_amount_is_reported_as_a_mismatch(backend):
    first = backend.request(10_000)
    approved = backend.provider.approve(first)

    with pytest.raises(PaymentMismatch) as mismatch:
        backend.provider.approve(dataclasses.replace(first, amount=12_000))

    assert (mismatch.value.code, mismatch.value.retryable) == ("AMOUNT_MISMATCH", False)
    assert (mismatch.value.payment.provider_ref, mismatch.value.payment.total_amount) == (
        approved.provider_ref, 10_000)
    assert backend.charges(ORDER) == 1


def test_a_reused_key_for_another_order_is_reported_as_a_mismatch(backend):
    first = backend.request(10_000)
    backend.provider.approve(first)

    with pytest.raises(PaymentMismatch) as mismatch:
        backend.provider.approve(dataclasses.replace(first, order_ref="261126-000002"))

    assert (mismatch.value.code, mismatch.value.payment.order_ref) == ("ORDER_ID_MISMATCH", ORDER)
    assert backend.charges("261126-000002") == 0


def test_looking_up_an_unknown_payment_raises_not_found(backend):
    with pytest.raises(PaymentNotFound) as by_ref:
        backend.provider.lookup("no_such_payment_key")
    with pytest.raises(PaymentNotFound):
        backend.provider.lookup_by_order_id("261126-999999")

    assert (by_ref.value.code, by_ref.value.retryable) == ("NOT_FOUND_PAYMENT", False)
