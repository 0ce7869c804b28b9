"""Payment provider port: one Protocol, dataclasses at the boundary, two providers.

* `DemoPaymentProvider` (default, JANGBOGI_PAYMENT_PROVIDER="demo"): in memory, no network.
* `TossPaymentProvider` (JANGBOGI_PAYMENT_PROVIDER="toss"): Toss Payments v1, see toss.py;
  configured by JANGBOGI_TOSS_SECRET_KEY and JANGBOGI_TOSS_API_BASE (settings, else environment).

The contract (tests/integrations/payments/ runs one suite against both):
* `approve()` / `cancel()` return a result for a definitive answer: approved, or refused with
  the provider's code kept in `failure_code` (a card decline, a cancel above the balance).
* They raise `ProviderError` when there is no definitive answer.  `err.retryable` (timeout,
  dropped connection, 5xx, "still processing"): the outcome is UNKNOWN — money may have moved.
  Look the payment up (`lookup_by_order_id` / `lookup`) and retry only with the SAME
  idempotency key: a provider answers a key it has seen with its first answer, never charging
  twice.  `PaymentMismatch` (terminal): the provider's payment is not the one asked for (amount,
  order, cancel amount); the caller decides what to do with it (e.g. cancel it).
* Idempotency keys follow Toss: scoped per operation (approving; cancelling one payment), and a
  reused key replays the FIRST answer even when the new request differs — which the amount and
  order checks then report as `PaymentMismatch`.

The demo provider approves everything except:
  * an amount whose last three digits are 444 (e.g. 12,444원) — or, when the request's metadata
    carries "order_total" (one checkout paid by several approvals), that order total, or
  * a request whose metadata has demo_outcome="decline".
Both decline with code DEMO_DECLINED, so tests and demos can show a failed payment.
Other demo outcomes (metadata demo_outcome), each firing once per idempotency key so that a
retry with the same key goes through:
  * "timeout": records the approval, then raises ProviderTimeout ("approved, but the answer was
    lost"); lookups find the payment and a retry with the same key replays the approval;
  * "lost": raises ProviderTimeout without recording anything (the request never arrived);
  * "provider_error": raises a retryable ProviderError (like a 5xx) without recording anything.
The demo keeps its record (approvals, cancels, answers by idempotency key) in ONE process-wide
store (`DEMO_STORE`, behind a lock) shared by every instance, although `get_provider()` builds a
new instance per call: a lookup, a reconciliation or a webhook sees what any earlier request of
the process did, like a real provider would.  The store lives as long as the process (a demo
restart forgets it; cancelling a provider_ref it never saw succeeds, as it always has).  Tests
empty it with `reset_demo_store()` (an autouse fixture in tests/conftest.py); pass
`DemoPaymentProvider(store=DemoStore())` for an isolated instance.

Fees: `settlements(start, end)` reports, per approval made on those (Seoul) days, a fee of
0.8 % for 지역화폐 and 온누리 and 2.0 % for card, rounded to the nearest won.  These rates are
INVENTED for the demo (real rates are per merchant contract); only the Toss adapter reports real
fees."""

import datetime as dt
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

log = logging.getLogger("jangbogi.payments.provider")

DEMO_DECLINE_SUFFIX = 444
TOSS_API_BASE = "https://api.tosspayments.com"
SEOUL = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class ApprovalRequest:
    order_ref: str
    amount: int
    tax_free_amount: int
    method: str
    idempotency_key: str
    # Toss: {"payment_key"} (widget flow: the browser got it, the server confirms) or
    # {"billing_key", "customer_key"} (server-side 자동결제 charge).
    metadata: dict = field(default_factory=dict)
    order_name: str = ""  # shown on the customer's statement; Toss billing requires one


@dataclass(frozen=True)
class ProviderCancel:
    amount: int
    tax_free_amount: int
    canceled_at: dt.datetime | None
    transaction_key: str
    reason: str


class ProviderStatus(StrEnum):
    """Toss Payments' payment states; other providers map onto them."""

    READY = "READY"
    IN_PROGRESS = "IN_PROGRESS"
    WAITING_FOR_DEPOSIT = "WAITING_FOR_DEPOSIT"
    DONE = "DONE"
    CANCELED = "CANCELED"
    PARTIAL_CANCELED = "PARTIAL_CANCELED"
    ABORTED = "ABORTED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider sees it.  Amounts are what is left after cancels, except
    `total_amount` (what was approved)."""

    provider_ref: str
    order_ref: str
    status: str  # a ProviderStatus value (kept as str: a provider may add states)
    total_amount: int
    balance_amount: int
    tax_free_amount: int
    method: str = ""
    approved_at: dt.datetime | None = None
    cancels: tuple[ProviderCancel, ...] = ()
    failure_code: str = ""

    @property
    def was_approved(self) -> bool:
        """Approved at some point (perhaps canceled since)."""
        return self.status in (ProviderStatus.DONE, ProviderStatus.PARTIAL_CANCELED) or (
            self.status == ProviderStatus.CANCELED and self.approved_at is not None)

    @property
    def canceled_amount(self) -> int:
        return self.total_amount - self.balance_amount


@dataclass(frozen=True)
class ProviderSettlement:
    """One line of the provider's settlement report (Toss `GET /v1/settlements`): a payment or
    a cancel of one, with the fee the provider keeps.  `fee` is what the provider keeps on this
    line, VAT included (amount − pay_out_amount); a cancel's line has negative amounts."""

    provider_ref: str
    order_ref: str
    method: str
    amount: int
    fee: int
    pay_out_amount: int
    sold_date: dt.date
    paid_out_date: dt.date | None = None
    is_cancel: bool = False


@dataclass(frozen=True)
class ApprovalResult:
    approved: bool
    provider_ref: str = ""
    failure_code: str = ""
    failure_message: str = ""
    payment: ProviderPayment | None = None  # the approved payment as the provider reported it


@dataclass(frozen=True)
class CancelRequest:
    provider_ref: str
    amount: int
    tax_free_amount: int
    reason: str
    idempotency_key: str
    # If given, the provider refuses (NOT_MATCHES_REFUNDABLE_AMOUNT) unless the payment's
    # cancelable balance is exactly this — a guard against cancelling from a stale view.
    refundable_amount: int | None = None


@dataclass(frozen=True)
class CancelResult:
    canceled: bool
    failure_message: str = ""
    failure_code: str = ""
    payment: ProviderPayment | None = None  # the payment after this cancel
    transaction_key: str = ""


class ProviderError(Exception):
    """No definitive answer.  retryable=True: the outcome of approve/cancel is unknown (look
    it up, then retry with the same idempotency key); False: retrying will not help."""

    def __init__(self, message: str, *, code: str, retryable: bool, http_status: int | None = None):
        super().__init__(f"{code}: {message}")
        self.message, self.code, self.retryable, self.http_status = message, code, retryable, http_status


class ProviderTimeout(ProviderError):
    """The request went out but no answer came back in time (or the connection dropped)."""

    def __init__(self, message: str = "결제사 응답 시간이 초과되었습니다.", *, code: str = "TIMEOUT"):
        super().__init__(message, code=code, retryable=True)


class PaymentNotFound(ProviderError):
    def __init__(self, message: str = "존재하지 않는 결제 정보 입니다.", *, code: str = "NOT_FOUND_PAYMENT"):
        super().__init__(message, code=code, retryable=False, http_status=404)


class PaymentMismatch(ProviderError):
    """The provider answered about a payment that is not the one requested.  `payment` is what
    the provider holds; money may have moved."""

    def __init__(self, message: str, *, code: str, payment: ProviderPayment):
        super().__init__(message, code=code, retryable=False)
        self.payment = payment


class PaymentProvider(Protocol):
    name: str

    def approve(self, request: ApprovalRequest) -> ApprovalResult: ...

    def cancel(self, request: CancelRequest) -> CancelResult: ...

    def lookup(self, provider_ref: str) -> ProviderPayment: ...

    def lookup_by_order_id(self, order_ref: str) -> ProviderPayment: ...

    def settlements(self, start: dt.date, end: dt.date) -> list[ProviderSettlement]:
        """Settlement lines sold on start..end (inclusive, Seoul dates)."""
        ...


def check_approval(request: ApprovalRequest, payment: ProviderPayment) -> ApprovalResult:
    """The provider says `payment` answers `request`: make sure it does."""
    if payment.order_ref != request.order_ref:
        raise PaymentMismatch(f"주문번호가 다릅니다: 요청 {request.order_ref}, 결제사 {payment.order_ref}",
                              code="ORDER_ID_MISMATCH", payment=payment)
    if payment.total_amount != request.amount:
        raise PaymentMismatch(f"승인 금액이 다릅니다: 요청 {request.amount}원, 결제사 {payment.total_amount}원",
                              code="AMOUNT_MISMATCH", payment=payment)
    if not payment.was_approved:
        raise ProviderError(f"승인되지 않은 결제 상태입니다: {payment.status}", code="UNEXPECTED_STATUS",
                            retryable=False)
    if payment.status == ProviderStatus.DONE and payment.tax_free_amount != request.tax_free_amount:
        # Not a money error: Toss reports 0 for a merchant not registered as (partly) tax-free.
        log.warning("결제 %s: 면세 금액이 다릅니다 (요청 %s원, 결제사 %s원)", payment.provider_ref,
                    request.tax_free_amount, payment.tax_free_amount)
    return ApprovalResult(approved=True, provider_ref=payment.provider_ref, payment=payment)


def check_cancel(request: CancelRequest, payment: ProviderPayment) -> CancelResult:
    """The provider says `payment` carries the cancel asked for: make sure it does (its latest
    cancel is this one; a replayed answer is the first answer for the key)."""
    last = payment.cancels[-1] if payment.cancels else None
    if payment.provider_ref != request.provider_ref or last is None or last.amount != request.amount:
        raise PaymentMismatch(f"취소 결과가 요청({request.amount}원)과 다릅니다.", code="CANCEL_MISMATCH",
                              payment=payment)
    return CancelResult(canceled=True, payment=payment, transaction_key=last.transaction_key)


@dataclass
class _DemoRecord:
    provider_ref: str
    order_ref: str
    method: str
    total: int
    balance: int
    tax_free: int
    approved_at: dt.datetime
    cancels: list[ProviderCancel] = field(default_factory=list)

    def snapshot(self) -> ProviderPayment:
        status = (ProviderStatus.DONE if self.balance == self.total else
                  ProviderStatus.CANCELED if self.balance == 0 else ProviderStatus.PARTIAL_CANCELED)
        return ProviderPayment(
            provider_ref=self.provider_ref, order_ref=self.order_ref, status=status,
            total_amount=self.total, balance_amount=self.balance, tax_free_amount=self.tax_free,
            method=self.method, approved_at=self.approved_at, cancels=tuple(self.cancels),
        )


@dataclass(frozen=True)
class _Refusal:
    code: str
    message: str


_DEMO_DECLINE = _Refusal("DEMO_DECLINED", "데모 결제: 카드사에서 승인을 거절했습니다.")


class DemoStore:
    """What the demo provider remembers: its payments, its first answer per idempotency key,
    the faults already fired.  One per process (`DEMO_STORE`); see the module docstring."""

    def __init__(self):
        self.lock = threading.Lock()
        self.payments: dict[str, _DemoRecord] = {}
        self.answers: dict[tuple, ProviderPayment | _Refusal] = {}  # first answer per key
        self.faulted: set[tuple] = set()

    def reset(self) -> None:
        """Empty it in place (every instance holds these very containers)."""
        with self.lock:
            self.payments.clear()
            self.answers.clear()
            self.faulted.clear()


DEMO_STORE = DemoStore()

# Invented demo fee rates in basis points (see the module docstring); card for anything else.
DEMO_FEE_BP = {"local_currency": 80, "onnuri": 80, "card": 200}


def invented_fee(amount: int, rate_bp: int) -> int:
    """`rate_bp` basis points of `amount`, half up to the won, with the sign of `amount` (a
    cancel's fee comes back): the demo's and the fake Toss's made-up fees."""
    fee = (abs(amount) * rate_bp + 5_000) // 10_000
    return fee if amount >= 0 else -fee


def reset_demo_store() -> None:
    """Forget every demo payment (tests: each starts with an empty provider)."""
    DEMO_STORE.reset()


class DemoPaymentProvider:
    name = "demo"

    def __init__(self, store: DemoStore | None = None):
        store = store or DEMO_STORE
        self._lock, self._payments, self._answers, self._faulted = (
            store.lock, store.payments, store.answers, store.faulted)

    def approve(self, request: ApprovalRequest) -> ApprovalResult:
        scope = ("approve", request.idempotency_key)
        outcome = request.metadata.get("demo_outcome", "")
        with self._lock:
            answer = self._answers.get(scope)
            if answer is None:
                self._fault_once(scope, outcome, ("lost", "provider_error"))
                answer = self._answers[scope] = self._decide(request, outcome)
                self._fault_once(scope, outcome, ("timeout",))
        if isinstance(answer, _Refusal):
            return ApprovalResult(approved=False, failure_code=answer.code, failure_message=answer.message)
        return check_approval(request, answer)

    def cancel(self, request: CancelRequest) -> CancelResult:
        scope = ("cancel", request.provider_ref, request.idempotency_key)
        with self._lock:
            answer = self._answers.get(scope)
            if answer is None:
                record = self._payments.get(request.provider_ref)
                if record is None:  # approved by another instance (see the module docstring)
                    return CancelResult(canceled=True)
                answer = self._answers[scope] = self._cancel_now(record, request)
        if isinstance(answer, _Refusal):
            return CancelResult(canceled=False, failure_code=answer.code, failure_message=answer.message)
        return check_cancel(request, answer)

    def lookup(self, provider_ref: str) -> ProviderPayment:
        with self._lock:
            record = self._payments.get(provider_ref)
            if record is None:
                raise PaymentNotFound()
            return record.snapshot()

    def lookup_by_order_id(self, order_ref: str) -> ProviderPayment:
        found = self.payments_for(order_ref)
        if not found:
            raise PaymentNotFound()
        return found[-1]

    def payments_for(self, order_ref: str) -> list[ProviderPayment]:
        """Every payment the demo approved for the order, oldest first."""
        with self._lock:
            return [r.snapshot() for r in self._payments.values() if r.order_ref == order_ref]

    def all_payments(self) -> list[ProviderPayment]:
        """Every payment the demo approved (tests count approvals with it), oldest first."""
        with self._lock:
            return [r.snapshot() for r in self._payments.values()]

    def settlements(self, start: dt.date, end: dt.date) -> list[ProviderSettlement]:
        """One line per approval made on start..end, with the invented demo fee."""
        with self._lock:
            records = [r for r in self._payments.values() if start <= r.approved_at.date() <= end]
        lines = []
        for r in records:
            fee = invented_fee(r.total, DEMO_FEE_BP.get(r.method, DEMO_FEE_BP["card"]))
            lines.append(ProviderSettlement(
                provider_ref=r.provider_ref, order_ref=r.order_ref, method=r.method, amount=r.total, fee=fee,
                pay_out_amount=r.total - fee, sold_date=r.approved_at.date(),
                paid_out_date=r.approved_at.date() + dt.timedelta(days=2)))
        return lines

    def _fault_once(self, scope: tuple, outcome: str, kinds: tuple[str, ...]) -> None:
        if outcome not in kinds or (scope, outcome) in self._faulted:
            return
        self._faulted.add((scope, outcome))
        if outcome == "provider_error":
            raise ProviderError("데모 결제: 결제사 일시 오류", code="PROVIDER_ERROR", retryable=True, http_status=500)
        raise ProviderTimeout("데모 결제: 결제사 응답이 없습니다.")

    def _decide(self, request: ApprovalRequest, outcome: str) -> ProviderPayment | _Refusal:
        total = int(request.metadata.get("order_total", request.amount))
        if total % 1000 == DEMO_DECLINE_SUFFIX or outcome == "decline":
            return _DEMO_DECLINE
        record = _DemoRecord(
            provider_ref=f"demo_{secrets.token_hex(10)}", order_ref=request.order_ref, method=request.method,
            total=request.amount, balance=request.amount, tax_free=request.tax_free_amount,
            approved_at=dt.datetime.now(SEOUL).replace(microsecond=0),
        )
        self._payments[record.provider_ref] = record
        return record.snapshot()

    def _cancel_now(self, record: _DemoRecord, request: CancelRequest) -> ProviderPayment | _Refusal:
        refusal = cancel_refusal(balance=record.balance, tax_free=record.tax_free, amount=request.amount,
                                 tax_free_amount=request.tax_free_amount,
                                 refundable_amount=request.refundable_amount)
        if refusal:
            return _Refusal(*refusal)
        record.balance -= request.amount
        record.tax_free -= request.tax_free_amount
        record.cancels.append(ProviderCancel(
            amount=request.amount, tax_free_amount=request.tax_free_amount,
            canceled_at=dt.datetime.now(SEOUL).replace(microsecond=0),
            transaction_key=f"demo_tx_{secrets.token_hex(8)}", reason=request.reason,
        ))
        return record.snapshot()


def cancel_refusal(*, balance: int, tax_free: int, amount: int | None, tax_free_amount: int,
                   refundable_amount: int | None) -> tuple[str, str] | None:
    """Why a cancel of `amount` (tax-free part `tax_free_amount`) from a payment with `balance`
    left (`tax_free` of it tax-free) is refused, as Toss codes; None if it is allowed.
    Shared by the demo provider and the Toss fake so that both refuse alike."""
    if balance == 0:
        return "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다."
    if refundable_amount is not None and refundable_amount != balance:
        return "NOT_MATCHES_REFUNDABLE_AMOUNT", "잔액 결과가 일치하지 않습니다."
    amount = balance if amount is None else amount
    # Toss's answer to a tax-free part above what is left is not documented; we refuse it
    # like an amount above the balance, and never leave more tax-free than balance.
    if (not 0 < amount <= balance or not 0 <= tax_free_amount <= min(amount, tax_free)
            or tax_free - tax_free_amount > balance - amount):
        return "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다."
    return None


def _setting(name: str, default: str) -> str:
    from django.conf import settings

    return getattr(settings, name, None) or os.environ.get(name) or default


def get_provider() -> PaymentProvider:
    """The provider chosen by settings.JANGBOGI_PAYMENT_PROVIDER ("demo" or "toss")."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    kind = settings.JANGBOGI_PAYMENT_PROVIDER
    if kind == "demo":
        return DemoPaymentProvider()
    if kind == "toss":
        from jangbogi.integrations.payments.toss import TossPaymentProvider, TossPaymentsClient

        secret_key = _setting("JANGBOGI_TOSS_SECRET_KEY", "")
        if not secret_key:
            raise ImproperlyConfigured("JANGBOGI_PAYMENT_PROVIDER=toss needs JANGBOGI_TOSS_SECRET_KEY")
        return TossPaymentProvider(TossPaymentsClient(secret_key, _setting("JANGBOGI_TOSS_API_BASE", TOSS_API_BASE)))
    raise ValueError(f"unknown payment provider: {kind}")
