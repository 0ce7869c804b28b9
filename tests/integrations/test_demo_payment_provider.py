"""DemoPaymentProvider: approves everything except amounts ending in 444 and
demo_outcome="decline"."""

import re

import pytest
from django.test import override_settings

from jangbogi.integrations.payments import (
    ApprovalRequest,
    ApprovalResult,
    CancelRequest,
    CancelResult,
    DemoPaymentProvider,
    get_provider,
)

DECLINED = ApprovalResult(approved=False, failure_code="DEMO_DECLINED",
                          failure_message="데모 결제: 카드사에서 승인을 거절했습니다.")


def request(amount: int, key: str = "k", **metadata) -> ApprovalRequest:
    return ApprovalRequest(order_ref="261126-000001", amount=amount, tax_free_amount=0, method="card",
                           idempotency_key=key, metadata=metadata)


@pytest.mark.parametrize("amount", [1, 44_400, 14_000, 12_445, 12_443, 44, 4_440, 444_000])
def test_approves_with_a_unique_provider_ref(amount):
    provider = DemoPaymentProvider()
    # Two approvals need two idempotency keys: the same key replays the first approval.
    first, second = provider.approve(request(amount, "k1")), provider.approve(request(amount, "k2"))
    assert first.approved and second.approved
    assert re.fullmatch(r"demo_[0-9a-f]{20}", first.provider_ref)
    assert first.provider_ref != second.provider_ref
    assert (first.failure_code, first.failure_message) == ("", "")


@pytest.mark.parametrize("amount", [444, 1_444, 12_444, 99_444, 1_000_444])
def test_declines_amounts_ending_in_444(amount):
    assert DemoPaymentProvider().approve(request(amount)) == DECLINED


def test_declines_on_demo_outcome_decline():
    assert DemoPaymentProvider().approve(request(14_000, demo_outcome="decline")) == DECLINED


def test_other_demo_outcomes_approve():
    assert DemoPaymentProvider().approve(request(14_000, demo_outcome="approve")).approved is True


def test_cancel_always_succeeds():
    cancel = CancelRequest(provider_ref="demo_x", amount=14_000, tax_free_amount=11_000, reason="고객 요청",
                           idempotency_key="k:cancel")
    assert DemoPaymentProvider().cancel(cancel) == CancelResult(canceled=True)


def test_get_provider_defaults_to_demo():
    provider = get_provider()
    assert isinstance(provider, DemoPaymentProvider)
    assert provider.name == "demo"


def test_get_provider_refuses_an_unknown_provider():
    with override_settings(JANGBOGI_PAYMENT_PROVIDER="paypal"), \
            pytest.raises(ValueError, match="unknown payment provider: paypal"):
        get_provider()
