"""Backends for the provider contract suite: the demo provider, and the Toss adapter against
the local fake in both approval flows (widget confirm, billing-key charge)."""

import base64
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from jangbogi.integrations.payments import (
    ApprovalRequest,
    DemoPaymentProvider,
    PaymentNotFound,
    PaymentProvider,
    ProviderPayment,
)
from jangbogi.integrations.payments.fake_toss import FakeToss, running_fake_toss
from jangbogi.integrations.payments.toss import TossPaymentProvider, TossPaymentsClient

SECRET = "test_sk_contract"
ORDER = "261126-000001"
# Short timeouts so that a delayed answer (FAKE_DELAY) times the client out quickly.
TEST_TIMEOUT = (1.0, 0.5)
FAKE_DELAY = 1.5


def basic_auth(secret: str) -> str:
    return "Basic " + base64.b64encode(f"{secret}:".encode()).decode()


@pytest.fixture
def fake() -> FakeToss:
    return FakeToss(SECRET)


@pytest.fixture
def toss_base_url(fake):
    with running_fake_toss(fake=fake) as base_url:
        yield base_url


def make_toss(base_url: str, secret: str = SECRET) -> TossPaymentProvider:
    return TossPaymentProvider(TossPaymentsClient(secret, base_url, timeout=TEST_TIMEOUT,
                                                  billing_timeout=TEST_TIMEOUT))


@pytest.fixture
def toss(toss_base_url) -> TossPaymentProvider:
    return make_toss(toss_base_url)


@dataclass
class Backend:
    """A provider plus what the suite needs to drive it: how to build an approval request
    (and arm a fault for it), which code a decline carries, how many charges took money."""

    name: str
    provider: PaymentProvider
    decline_code: str
    metadata_for: Callable[[str, int, int], dict]
    arm: Callable[[str, int], dict]
    charges: Callable[[str], int]
    extra: dict = field(default_factory=dict)

    def request(self, amount: int, *, order_ref: str = ORDER, tax_free_amount: int = 0, key: str = "",
                fault: str = "") -> ApprovalRequest:
        metadata = {**self.metadata_for(order_ref, amount, tax_free_amount), **self.arm(fault, amount)}
        return ApprovalRequest(order_ref=order_ref, amount=amount, tax_free_amount=tax_free_amount,
                               method="card", idempotency_key=key or f"order:{order_ref}:approve",
                               metadata=metadata)


def demo_backend() -> Backend:
    provider = DemoPaymentProvider()
    return Backend(
        name="demo", provider=provider, decline_code="DEMO_DECLINED",
        metadata_for=lambda order_ref, amount, tax_free: {},
        arm=lambda fault, amount: {"demo_outcome": fault} if fault else {},
        charges=lambda order_ref: len(provider.payments_for(order_ref)),
    )


def toss_backend(fake: FakeToss, base_url: str, flow: str) -> Backend:
    customer_key = "cust_7f3a9c1e-5b2d"
    billing_key = fake.issue_billing_key(customer_key)

    def metadata_for(order_ref, amount, tax_free):
        if flow == "billing":
            return {"billing_key": billing_key, "customer_key": customer_key}
        return {"payment_key": fake.authorize(order_ref, amount, tax_free_amount=tax_free)}

    def arm(fault, amount):
        if fault == "decline":
            fake.decline(amount)
        elif fault == "timeout":
            fake.delay_next(FAKE_DELAY)
        elif fault == "provider_error":
            fake.fail_next(500)
        elif fault:
            raise ValueError(fault)
        return {}

    return Backend(name=f"toss-{flow}", provider=make_toss(base_url), decline_code="REJECT_CARD_PAYMENT",
                   metadata_for=metadata_for, arm=arm, charges=fake.charge_count,
                   extra={"billing_key": billing_key, "customer_key": customer_key})


@pytest.fixture(params=["demo", "toss-widget", "toss-billing"])
def backend(request) -> Backend:
    if request.param == "demo":
        return demo_backend()
    fake = request.getfixturevalue("fake")
    base_url = request.getfixturevalue("toss_base_url")
    return toss_backend(fake, base_url, request.param.removeprefix("toss-"))


def paid(provider: PaymentProvider, order_ref: str) -> ProviderPayment | None:
    """The order's approved payment, if the provider has one."""
    try:
        payment = provider.lookup_by_order_id(order_ref)
    except PaymentNotFound:
        return None
    return payment if payment.was_approved else None
