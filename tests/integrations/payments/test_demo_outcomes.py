"""Demo-only outcomes: a request lost before it arrived, and faults that fire once per key."""

import pytest

from jangbogi.integrations.payments import (
    ApprovalRequest,
    CancelRequest,
    CancelResult,
    DemoPaymentProvider,
    PaymentNotFound,
    ProviderError,
    ProviderTimeout,
    get_provider,
)

ORDER = "261126-000001"


def request(outcome: str, key: str = "k1") -> ApprovalRequest:
    return ApprovalRequest(order_ref=ORDER, amount=14_000, tax_free_amount=0, method="card", idempotency_key=key,
                           metadata={"demo_outcome": outcome})


def test_a_lost_request_records_nothing_and_the_retry_approves_once():
    demo = DemoPaymentProvider()

    with pytest.raises(ProviderTimeout):
        demo.approve(request("lost"))
    with pytest.raises(PaymentNotFound):
        demo.lookup_by_order_id(ORDER)
    retried = demo.approve(request("lost"))

    assert retried.approved
    assert [p.provider_ref for p in demo.payments_for(ORDER)] == [retried.provider_ref]


@pytest.mark.parametrize("outcome", ["lost", "provider_error", "timeout"])
def test_faults_fire_once_per_idempotency_key(outcome):
    demo = DemoPaymentProvider()

    for key in ("k1", "k2"):
        with pytest.raises(ProviderError):
            demo.approve(request(outcome, key))
        assert demo.approve(request(outcome, key)).approved


def test_cancelling_a_payment_another_instance_approved_still_succeeds():
    approved = get_provider().approve(request("", "k1"))

    result = get_provider().cancel(CancelRequest(provider_ref=approved.provider_ref, amount=14_000,
                                                 tax_free_amount=0, reason="고객 요청", idempotency_key="k1:cancel"))

    assert result == CancelResult(canceled=True)
