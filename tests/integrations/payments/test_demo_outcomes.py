"""Demo-only outcomes: a request lost before it arrived, and faults that fire once per key."""

import pytest

from jangbogi.integrations.payments import (
    ApprovalRequest,
    CancelRequest,
    CancelResult,
    DemoPaymentProvider,
    DemoStore,
    PaymentNotFound,
    ProviderError,
    ProviderTimeout,
    get_provider,
    reset_demo_store,
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


def test_instances_share_one_process_wide_record():
    """get_provider() builds a new demo instance per call; they all see one record."""
    approved = get_provider().approve(request("", "k1"))

    result = get_provider().cancel(CancelRequest(provider_ref=approved.provider_ref, amount=4_000,
                                                 tax_free_amount=0, reason="고객 요청", idempotency_key="k1:cancel"))

    assert result.canceled and result.transaction_key
    found = get_provider().lookup(approved.provider_ref)
    assert (found.status, found.total_amount, found.balance_amount) == ("PARTIAL_CANCELED", 14_000, 10_000)
    assert get_provider().lookup_by_order_id(ORDER).provider_ref == approved.provider_ref


def test_cancelling_a_payment_the_process_never_saw_still_succeeds():
    """A demo restarted since the approval has forgotten it: the cancel is taken on trust."""
    result = DemoPaymentProvider().cancel(CancelRequest(
        provider_ref="demo_from_before_a_restart", amount=14_000, tax_free_amount=0, reason="고객 요청",
        idempotency_key="k1:cancel"))

    assert result == CancelResult(canceled=True)


def test_reset_forgets_everything():
    approved = get_provider().approve(request("", "k1"))

    reset_demo_store()

    with pytest.raises(PaymentNotFound):
        get_provider().lookup(approved.provider_ref)
    again = get_provider().approve(request("", "k1"))
    assert again.approved and again.provider_ref != approved.provider_ref


def test_an_isolated_store_sees_nothing_of_the_shared_one():
    get_provider().approve(request("", "k1"))

    with pytest.raises(PaymentNotFound):
        DemoPaymentProvider(store=DemoStore()).lookup_by_order_id(ORDER)
