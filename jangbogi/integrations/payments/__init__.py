"""Payment provider port.

The demo provider (default) approves everything except:
  * an amount whose last three digits are 444 (e.g. 12,444원), or
  * a request whose metadata has demo_outcome="decline".
Both decline with code DEMO_DECLINED, so tests and demos can show a failed payment.
The Toss Payments adapter (payments issue) implements the same Protocol."""

import secrets
from dataclasses import dataclass, field
from typing import Protocol

DEMO_DECLINE_SUFFIX = 444


@dataclass(frozen=True)
class ApprovalRequest:
    order_ref: str
    amount: int
    tax_free_amount: int
    method: str
    idempotency_key: str
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ApprovalResult:
    approved: bool
    provider_ref: str = ""
    failure_code: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class CancelRequest:
    provider_ref: str
    amount: int
    tax_free_amount: int
    reason: str
    idempotency_key: str


@dataclass(frozen=True)
class CancelResult:
    canceled: bool
    failure_message: str = ""


class PaymentProvider(Protocol):
    name: str

    def approve(self, request: ApprovalRequest) -> ApprovalResult: ...

    def cancel(self, request: CancelRequest) -> CancelResult: ...


class DemoPaymentProvider:
    name = "demo"

    def approve(self, request: ApprovalRequest) -> ApprovalResult:
        if request.amount % 1000 == DEMO_DECLINE_SUFFIX or request.metadata.get("demo_outcome") == "decline":
            return ApprovalResult(
                approved=False, failure_code="DEMO_DECLINED",
                failure_message="데모 결제: 카드사에서 승인을 거절했습니다.",
            )
        return ApprovalResult(approved=True, provider_ref=f"demo_{secrets.token_hex(10)}")

    def cancel(self, request: CancelRequest) -> CancelResult:
        return CancelResult(canceled=True)


def get_provider() -> PaymentProvider:
    from django.conf import settings

    if settings.JANGBOGI_PAYMENT_PROVIDER == "demo":
        return DemoPaymentProvider()
    raise ValueError(f"unknown payment provider: {settings.JANGBOGI_PAYMENT_PROVIDER}")
