"""Payout port: the payment provider's 지급대행 (partner settlement) service.

Since 2024-09-15 a platform that collects payments and passes them on to stores needs a PG
licence, so the platform never holds money: the provider keeps the customers' payments and pays
each store (a seller registered with the provider) on our instruction.  Our ledger
(jangbogi.settlement) records and reconciles; this port is the one place that instructs.

* `DemoPayoutProvider` (default, JANGBOGI_PAYOUT_PROVIDER="demo"): no network; records the
  request and pays at once.  An amount whose last three digits are 444 (e.g. 12,444원) fails
  with code DEMO_PAYOUT_FAILED, so tests and demos can show a failed payout.
* A real adapter (Toss Payments 지급대행 `POST /v2/payouts`, PortOne partner settlement) plugs
  in behind the same Protocol, chosen by settings, with explicit timeouts.

The contract:
* `request_payout()` returns a `PayoutResult` for a definitive answer: PAID (money sent),
  REQUESTED (accepted; the provider pays later and reports back) or FAILED (refused, with the
  provider's code).
* It raises `PayoutError` when there is no definitive answer.  `retryable=True`: the outcome is
  unknown — retry only with the SAME idempotency key; the provider answers a key it has seen
  with its first answer and never pays twice."""

import datetime as dt
import secrets
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

DEMO_FAIL_SUFFIX = 444


@dataclass(frozen=True)
class PayoutRequest:
    seller_ref: str        # the store as registered with the provider (its 사업자등록번호)
    seller_name: str
    amount: int            # won, > 0
    period_start: dt.date
    period_end: dt.date
    idempotency_key: str
    memo: str = ""


class PayoutOutcome(StrEnum):
    PAID = "paid"
    REQUESTED = "requested"
    FAILED = "failed"


@dataclass(frozen=True)
class PayoutResult:
    outcome: PayoutOutcome
    provider_ref: str = ""
    failure_code: str = ""
    failure_message: str = ""


class PayoutError(Exception):
    """No definitive answer (timeout, 5xx, connection dropped: `retryable`), or a request the
    provider can never take (`retryable=False`)."""

    def __init__(self, message: str, *, code: str, retryable: bool):
        super().__init__(f"{code}: {message}")
        self.message, self.code, self.retryable = message, code, retryable


class PayoutProvider(Protocol):
    name: str

    def request_payout(self, request: PayoutRequest) -> PayoutResult: ...


class DemoPayoutProvider:
    """Keeps every answer by idempotency key, so a replay returns the first answer."""

    name = "demo"

    def __init__(self):
        self._lock = threading.Lock()
        self._answers: dict[str, PayoutResult] = {}
        self.requests: list[PayoutRequest] = []

    def request_payout(self, request: PayoutRequest) -> PayoutResult:
        if request.amount <= 0:
            raise PayoutError("지급 금액은 0원보다 커야 합니다.", code="INVALID_AMOUNT", retryable=False)
        with self._lock:
            answer = self._answers.get(request.idempotency_key)
            if answer is None:
                self.requests.append(request)
                answer = self._answers[request.idempotency_key] = self._decide(request)
            return answer

    @staticmethod
    def _decide(request: PayoutRequest) -> PayoutResult:
        if request.amount % 1000 == DEMO_FAIL_SUFFIX:
            return PayoutResult(PayoutOutcome.FAILED, failure_code="DEMO_PAYOUT_FAILED",
                                failure_message="데모 지급대행: 지급이 거절되었습니다.")
        return PayoutResult(PayoutOutcome.PAID, provider_ref=f"demo_payout_{secrets.token_hex(8)}")


_demo = DemoPayoutProvider()


def get_payout_provider() -> PayoutProvider:
    """The provider chosen by settings.JANGBOGI_PAYOUT_PROVIDER (default "demo")."""
    from django.conf import settings

    kind = getattr(settings, "JANGBOGI_PAYOUT_PROVIDER", "demo")
    if kind == "demo":
        return _demo
    raise ValueError(f"unknown payout provider: {kind}")
