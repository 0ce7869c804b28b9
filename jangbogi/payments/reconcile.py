"""Reconciliation: our tenders of a day against the provider's records, one finding per
mismatch; and the payments half of the repair (the orders half is orders/payment_recovery.py).

Classes (one line each):
* `paid_there_not_here` — the provider approved, our row is PENDING or DECLINED;
* `paid_here_not_there` — our row is approved, the provider has no such payment or never
  approved it (ABORTED, EXPIRED);
* `cancel_missing` — a cancel on one side only (by transaction key; by total when a row has
  none), or one of our cancels still PENDING;
* `amount_differs` — the cancels agree but what is left differs (provider balance vs our
  amount − canceled), or the provider approved another amount;
* `lookup_failed` — the provider did not answer (retry later).
A missing cancel also makes the balances differ: it is reported once, as `cancel_missing`.
Tenders we have no row for are out of reach here (a lookup needs our key or order id); the
webhook reports them (`unknown_payment`)."""

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.integrations.payments import (
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    get_provider,
)
from jangbogi.payments import services, sync
from jangbogi.payments.models import CancelStatus, Payment, PaymentCancel, PaymentStatus, SyncSource

log = logging.getLogger("jangbogi.payments.reconcile")

# A PENDING tender the provider never heard of is declined after this long (see sync.apply).
ABANDON_AFTER = dt.timedelta(minutes=30)
# Repairs leave younger PENDING tenders alone: their approval may still be in flight.
IN_FLIGHT = dt.timedelta(minutes=2)


class Mismatch(StrEnum):
    PAID_THERE_NOT_HERE = "paid_there_not_here"
    PAID_HERE_NOT_THERE = "paid_here_not_there"
    AMOUNT_DIFFERS = "amount_differs"
    CANCEL_MISSING = "cancel_missing"
    LOOKUP_FAILED = "lookup_failed"


@dataclass(frozen=True)
class Finding:
    kind: Mismatch
    payment: Payment
    detail: str

    def line(self) -> str:
        p = self.payment
        return (f"{self.kind}\t주문 {p.order_ref}\t결제 {sync.provider_order_id(p)}\t"
                f"{p.provider_ref or '-'}\t{self.detail}")


def tenders_of(day: dt.date):
    """Our tenders created on `day` (Seoul), oldest first."""
    start = btime.at(day, dt.time.min)
    return Payment.objects.filter(created_at__gte=start, created_at__lt=start + dt.timedelta(days=1)).order_by("pk")


def compare(payment: Payment, remote: ProviderPayment | None) -> list[Finding]:
    """What differs between our tender and the provider's record of it."""
    ours_approved = payment.status in (PaymentStatus.APPROVED, PaymentStatus.CANCELED) and bool(payment.provider_ref)
    if remote is None or not remote.was_approved:
        if ours_approved:
            there = "결제사에 결제 없음" if remote is None else f"결제사 상태 {remote.status}"
            return [Finding(Mismatch.PAID_HERE_NOT_THERE, payment, f"우리 {payment.status}, {there}")]
        return []
    if not ours_approved:
        return [Finding(Mismatch.PAID_THERE_NOT_HERE, payment,
                        f"결제사 {remote.status} {remote.total_amount}원, 우리 {payment.status}")]
    findings = []
    cancels = list(PaymentCancel.objects.filter(payment=payment).exclude(status=CancelStatus.FAILED))
    pending = [c for c in cancels if c.status == CancelStatus.PENDING]
    done_keys = {c.transaction_key for c in cancels if c.status == CancelStatus.DONE and c.transaction_key}
    remote_keys = {c.transaction_key for c in remote.cancels if c.transaction_key}
    if pending:
        findings.append(Finding(Mismatch.CANCEL_MISSING, payment,
                                f"우리 취소 {len(pending)}건이 결제사 응답 대기 중 ({sum(c.amount for c in pending)}원)"))
    elif payment.canceled_amount != remote.canceled_amount or done_keys - remote_keys:
        findings.append(Finding(Mismatch.CANCEL_MISSING, payment,
                                f"취소 합계 결제사 {remote.canceled_amount}원 ({len(remote.cancels)}건), "
                                f"우리 {payment.canceled_amount}원"))
    if not findings and (remote.total_amount != payment.amount or remote.balance_amount != payment.held):
        findings.append(Finding(Mismatch.AMOUNT_DIFFERS, payment,
                                f"결제사 승인 {remote.total_amount}원 잔액 {remote.balance_amount}원, "
                                f"우리 승인 {payment.amount}원 남음 {payment.held}원"))
    return findings


@dataclass
class DayCheck:
    findings: list[Finding]
    checked: int


def check(tenders, *, provider: PaymentProvider | None = None) -> DayCheck:
    provider = provider or get_provider()
    findings, count = [], 0
    for payment in tenders:
        count += 1
        try:
            remote = sync.fetch(payment, provider=provider)
        except ProviderError as exc:
            findings.append(Finding(Mismatch.LOOKUP_FAILED, payment, f"결제사 조회 실패: {exc.code}"))
            continue
        findings.extend(compare(payment, remote))
    return DayCheck(findings, count)


@dataclass
class Repair:
    changed: list[sync.SyncResult]
    cancels_settled: int
    order_refs: set[str]


def repair(tenders, *, provider: PaymentProvider | None = None, now: dt.datetime | None = None) -> Repair:
    """The payments half of a repair: ask again, with their keys, about cancels left PENDING;
    then apply the provider's record to each tender (leaving alone a PENDING one younger than
    IN_FLIGHT).  Returns what changed and the orders it touched (for the orders half)."""
    provider = provider or get_provider()
    now = now or timezone.now()
    settled = services.retry_pending_cancels()
    changed, refs = [], set()
    for payment in tenders:
        if payment.status == PaymentStatus.PENDING and payment.created_at > now - IN_FLIGHT:
            continue
        refs.add(payment.order_ref)
        try:
            remote = sync.fetch(payment, provider=provider)
        except ProviderError as exc:
            log.warning("tender %s: lookup failed (%s), left for the next run", payment.pk, exc.code)
            continue
        result = sync.apply(payment, remote, source=SyncSource.RECONCILE, abandon_before=now - ABANDON_AFTER)
        if result.changed:
            changed.append(result)
    return Repair(changed, settled, refs)


def unsettled_tenders(*, days: int = 2):
    """What the background repair looks at: tenders of the last `days` days still PENDING, or
    with a cancel still PENDING."""
    since = timezone.now() - dt.timedelta(days=days)
    pending_cancel = PaymentCancel.objects.filter(status=CancelStatus.PENDING).values("payment_id")
    return (Payment.objects.filter(created_at__gte=since, status=PaymentStatus.PENDING)
            | Payment.objects.filter(pk__in=pending_cancel)).order_by("pk")
