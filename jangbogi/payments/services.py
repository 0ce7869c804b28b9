"""Approvals and cancels through the configured provider, idempotent by key.

The Payment row is committed as PENDING before the provider is called, so a retried request
with the same key never reaches the provider twice."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from jangbogi.core.errors import Conflict, PaymentDeclined, PaymentUnknown
from jangbogi.integrations.payments import (
    ApprovalRequest,
    CancelRequest,
    ProviderError,
    get_provider,
)
from jangbogi.payments.models import Payment, PaymentStatus


@dataclass(frozen=True)
class ApprovalOutcome:
    payment: Payment
    approved: bool


def approve_payment(*, order_ref: str, amount: int, tax_free_amount: int, method: str,
                    idempotency_key: str, metadata: dict | None = None) -> ApprovalOutcome:
    provider = get_provider()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                order_ref=order_ref, provider=provider.name, method=method, amount=amount,
                tax_free_amount=tax_free_amount, idempotency_key=idempotency_key,
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
            order_ref=order_ref, amount=amount, tax_free_amount=tax_free_amount, method=method,
            idempotency_key=idempotency_key, metadata=metadata or {},
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


def cancel_payment(*, payment: Payment, reason: str) -> Payment:
    """Cancel what is left of an approved payment (full cancel; partial cancels come with the
    payments issue)."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != PaymentStatus.APPROVED:
            return locked
        remaining = locked.amount - locked.canceled_amount
        tax_free_left = max(0, locked.tax_free_amount - min(locked.tax_free_amount, locked.canceled_amount))
        result = get_provider().cancel(CancelRequest(
            provider_ref=locked.provider_ref or "", amount=remaining, tax_free_amount=tax_free_left,
            reason=reason, idempotency_key=f"{locked.idempotency_key}:cancel",
        ))
        if not result.canceled:
            raise PaymentDeclined(result.failure_message or "결제 취소에 실패했습니다.", code="cancel_failed")
        locked.canceled_amount = locked.amount
        locked.status = PaymentStatus.CANCELED
        locked.save(update_fields=["canceled_amount", "status"])
        return locked


def approved_payments(*, order_ref: str):
    return Payment.objects.filter(order_ref=order_ref, status=PaymentStatus.APPROVED)
