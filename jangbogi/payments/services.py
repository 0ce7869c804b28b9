"""Approvals and cancels through the configured provider, idempotent by key.

Both follow one pattern: the row (Payment, PaymentCancel) is committed PENDING before the
provider is called, so a retried request with the same key never reaches the provider with a
second key, and a crash between the provider's answer and our commit leaves a PENDING row that
`retry_pending_cancels` or reconciliation settles by asking again with the SAME key (the
provider replays its first answer: nothing is charged or refunded twice)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from jangbogi.core.errors import Conflict, PaymentDeclined, PaymentUnknown, ValidationFailed
from jangbogi.core.money import won
from jangbogi.integrations.payments import (
    ApprovalRequest,
    CancelRequest,
    ProviderError,
    get_provider,
)
from jangbogi.payments.models import (
    Bearer,
    CancelKind,
    CancelStatus,
    Party,
    Payment,
    PaymentCancel,
    PaymentStatus,
)


@dataclass(frozen=True)
class ApprovalOutcome:
    payment: Payment
    approved: bool


def approve_payment(*, order_ref: str, amount: int, tax_free_amount: int, method: str,
                    idempotency_key: str, metadata: dict | None = None, party: str = Party.ORDER,
                    store_id: int | None = None, provider_order_id: str | None = None,
                    order_name: str = "") -> ApprovalOutcome:
    """Ask the provider to approve one tender.  A second call with the same key returns the
    first outcome (Conflict "payment_in_progress" while the first is still at the provider)."""
    provider = get_provider()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                order_ref=order_ref, provider=provider.name, method=method, amount=amount,
                tax_free_amount=tax_free_amount, idempotency_key=idempotency_key, party=party,
                store_id=store_id, provider_order_id=provider_order_id,
            )
    except IntegrityError:
        payment = Payment.objects.get(idempotency_key=idempotency_key)
        if (payment.order_ref, payment.amount) != (order_ref, amount):
            raise Conflict("같은 결제 요청 키로 다른 결제를 요청했습니다.", code="idempotency_mismatch") from None
        if payment.status == PaymentStatus.PENDING:
            raise Conflict("결제를 처리하고 있습니다. 잠시 후 다시 확인해 주세요.",
                           code="payment_in_progress") from None
        return ApprovalOutcome(payment, payment.status == PaymentStatus.APPROVED)

    try:
        result = provider.approve(ApprovalRequest(
            order_ref=provider_order_id or order_ref, amount=amount, tax_free_amount=tax_free_amount,
            method=method, idempotency_key=idempotency_key, metadata=metadata or {}, order_name=order_name,
        ))
    except ProviderError as exc:
        # Outcome unknown (timeout, provider down): the row stays PENDING for reconciliation
        # to settle with the provider's record; a retry with the same key is safe.
        payment.failure_code, payment.failure_message = exc.code, str(exc)[:200]
        payment.save(update_fields=["failure_code", "failure_message"])
        raise PaymentUnknown() from exc
    if result.approved:
        payment.status, payment.provider_ref, payment.approved_at = (
            PaymentStatus.APPROVED, result.provider_ref, timezone.now())
    else:
        payment.status = PaymentStatus.DECLINED
        payment.failure_code, payment.failure_message = result.failure_code, result.failure_message[:200]
    payment.save(update_fields=["status", "provider_ref", "approved_at", "failure_code", "failure_message"])
    return ApprovalOutcome(payment, result.approved)


def pending_cancel_total(payment: Payment) -> int:
    return PaymentCancel.objects.filter(payment=payment, status=CancelStatus.PENDING) \
        .aggregate(s=Sum("amount"))["s"] or 0


def tax_free_left(payment: Payment) -> int:
    """The VAT-exempt part of what the tender still holds."""
    canceled = PaymentCancel.objects.filter(payment=payment, status=CancelStatus.DONE) \
        .aggregate(s=Sum("tax_free_amount"))["s"] or 0
    if payment.canceled_amount and not canceled and payment.status == PaymentStatus.CANCELED:
        return 0  # canceled in full before cancels had rows
    return payment.tax_free_amount - canceled


def cancel_partial(*, payment: Payment, amount: int, tax_free_amount: int, idempotency_key: str,
                   reason: str, kind: str = CancelKind.ADJUST, bearer: str = Bearer.STORE) -> PaymentCancel:
    """Give `amount` won of an approved tender back to the customer (`tax_free_amount` of it
    VAT-exempt).  Idempotent by key: the same key returns the same cancel (retrying it at the
    provider if it is still PENDING).  ValidationFailed "refund_exceeds_paid" when the tender
    does not hold that much (counting cancels still pending); PaymentDeclined when the
    provider refuses; PaymentUnknown when it does not answer (the row stays PENDING)."""
    if amount <= 0 or not 0 <= tax_free_amount <= amount:
        raise ValidationFailed("취소 금액이 올바르지 않습니다.", code="invalid_amount")
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        cancel = PaymentCancel.objects.filter(idempotency_key=idempotency_key).first()
        if cancel is None:
            if locked.status not in (PaymentStatus.APPROVED, PaymentStatus.CANCELED) or not locked.provider_ref:
                raise ValidationFailed("승인되지 않은 결제는 취소할 수 없습니다.", code="payment_not_approved")
            left = locked.held - pending_cancel_total(locked)
            if amount > left:
                raise ValidationFailed(f"환불 금액({won(amount)})이 남은 결제 금액({won(left)})보다 많습니다.",
                                       code="refund_exceeds_paid", refundable=left)
            cancel = PaymentCancel.objects.create(
                payment=locked, kind=kind, bearer=bearer, amount=amount,
                tax_free_amount=_tax_free_part(locked, amount=amount, asked=tax_free_amount, left=left),
                reason=reason[:200], idempotency_key=idempotency_key)
        elif (cancel.payment_id, cancel.amount) != (payment.pk, amount):
            raise Conflict("같은 취소 요청 키로 다른 취소를 요청했습니다.", code="idempotency_mismatch")
    if cancel.status != CancelStatus.PENDING:
        return cancel
    return _ask_provider(cancel)


def _tax_free_part(payment: Payment, *, amount: int, asked: int, left: int) -> int:
    """The VAT-exempt part of a cancel of `amount`: as asked, but never more than the exempt
    won left, and at least enough that what stays exempt fits in what stays charged (a tender
    of only unprocessed food stays all exempt; the provider refuses anything else)."""
    exempt_left = tax_free_left(payment)
    floor = max(0, exempt_left - (left - amount))
    return max(floor, min(asked, exempt_left, amount))


def count_cancel(*, payment_id: int, amount: int) -> None:
    """A cancel of `amount` is done at the provider: it counts in the tender's canceled amount,
    and a tender with nothing left is CANCELED.  Call it in the transaction that marks the
    cancel DONE, with the payment's row locked."""
    Payment.objects.filter(pk=payment_id).update(canceled_amount=F("canceled_amount") + amount)
    Payment.objects.filter(pk=payment_id, canceled_amount=F("amount")).update(status=PaymentStatus.CANCELED)


def _ask_provider(cancel: PaymentCancel) -> PaymentCancel:
    payment = cancel.payment
    try:
        result = get_provider().cancel(CancelRequest(
            provider_ref=payment.provider_ref or "", amount=cancel.amount, tax_free_amount=cancel.tax_free_amount,
            reason=cancel.reason, idempotency_key=cancel.idempotency_key,
        ))
    except ProviderError as exc:
        PaymentCancel.objects.filter(pk=cancel.pk).update(failure_code=exc.code, failure_message=str(exc)[:200])
        raise PaymentUnknown("결제사 응답이 없어 환불 결과를 확인하고 있습니다.") from exc
    with transaction.atomic():
        locked = PaymentCancel.objects.select_for_update().get(pk=cancel.pk)
        if locked.status != CancelStatus.PENDING:
            return locked
        if result.canceled:
            locked.status, locked.transaction_key, locked.done_at = (
                CancelStatus.DONE, result.transaction_key, timezone.now())
            count_cancel(payment_id=payment.pk, amount=locked.amount)
        else:
            locked.status = CancelStatus.FAILED
            locked.failure_code, locked.failure_message = result.failure_code, result.failure_message[:200]
        locked.save(update_fields=["status", "transaction_key", "done_at", "failure_code", "failure_message"])
    if locked.status == CancelStatus.FAILED:
        raise PaymentDeclined(locked.failure_message or "결제 취소에 실패했습니다.", code="cancel_failed")
    return locked


def cancel_payment(*, payment: Payment, reason: str, kind: str = CancelKind.VOID) -> Payment:
    """Cancel all that is left of an approved tender (idempotent: the key is the payment's)."""
    # Cancels still on their way are settled first (same keys), so what is left is known.
    for pending in PaymentCancel.objects.filter(payment=payment, status=CancelStatus.PENDING).select_related("payment"):
        _ask_provider(pending)
    payment.refresh_from_db()
    if payment.status != PaymentStatus.APPROVED or payment.held <= 0:
        return payment
    cancel_partial(payment=payment, amount=payment.held, tax_free_amount=tax_free_left(payment),
                   idempotency_key=_void_key(payment), reason=reason, kind=kind)
    payment.refresh_from_db()
    return payment


def _void_key(payment: Payment) -> str:
    """"<approval key>:cancel" for a tender never cancelled before (as it always was), then
    suffixed by what was cancelled so far: a key per state, so a retry never cancels twice."""
    suffix = f":{payment.canceled_amount}" if payment.canceled_amount else ""
    return f"{payment.idempotency_key}:cancel{suffix}"


def retry_pending_cancels() -> int:
    """Ask the provider again, with the same keys, about cancels left PENDING by a timeout or
    a crash; returns how many were settled."""
    settled = 0
    for cancel in PaymentCancel.objects.filter(status=CancelStatus.PENDING).select_related("payment"):
        try:
            _ask_provider(cancel)
        except (PaymentUnknown, PaymentDeclined):
            continue
        settled += 1
    return settled


def approved_payments(*, order_ref: str):
    return Payment.objects.filter(order_ref=order_ref, status=PaymentStatus.APPROVED)


def tenders_for(*, order_ref: str):
    """Every approval asked for the order, oldest first."""
    return Payment.objects.filter(order_ref=order_ref).select_related("store").order_by("pk")
