"""Apply the provider's truth to our tenders (webhooks and reconciliation both come here).

The provider's record wins, and applying it is idempotent: a second run, a duplicate webhook or
one delivered out of order finds nothing left to change.  What it changes, under a row lock:
* a PENDING tender (the process died, or the answer was lost, between the provider's approval
  and our commit) the provider approved → APPROVED with its provider_ref; one the provider
  aborted or let expire → DECLINED; a DECLINED one the provider approved after all → APPROVED
  (the orders side then voids it: the order was not paid);
* cancels made at the provider that we have no row for (staff cancelled in the provider's
  console) → DONE PaymentCancel rows of kind VOID, so `canceled_amount` follows the provider
  and `orders.tenders.sync_tenders` never asks for that money again.  While one of our own
  cancels is still PENDING nothing is recorded: it may be that very cancel, and
  `services.retry_pending_cancels` settles it with its own key first.
Never applied: an amount other than ours (a human must look: reconcile reports
`amount_differs`), and "the provider has no such payment" for an APPROVED tender (reported as
`paid_here_not_there`, never undone automatically).  A PENDING tender the provider has never
heard of is declined only once it is older than `abandon_before` (nobody re-sends a pending
key: `approve_payment` answers "in progress" for it).

Each change appends a PaymentEvent.  Webhook deliveries are recorded in WebhookDelivery."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jangbogi.core.errors import PaymentUnknown
from jangbogi.core.money import won
from jangbogi.integrations.payments import (
    PaymentNotFound,
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    ProviderStatus,
    get_provider,
)
from jangbogi.payments import services
from jangbogi.payments.models import (
    CancelKind,
    CancelStatus,
    DeliveryOutcome,
    Payment,
    PaymentCancel,
    PaymentEvent,
    PaymentStatus,
    WebhookDelivery,
)

log = logging.getLogger("jangbogi.payments.sync")

NEVER_APPROVED = frozenset({ProviderStatus.ABORTED, ProviderStatus.EXPIRED})


def provider_order_id(payment: Payment) -> str:
    """The provider's orderId for the tender (older whole-order tenders used the order number)."""
    return payment.provider_order_id or payment.order_ref


def fetch(payment: Payment, *, provider: PaymentProvider | None = None) -> ProviderPayment | None:
    """The provider's record of `payment`: by provider_ref, else by its provider order id;
    None when the provider has none.  A ProviderError (no answer) propagates."""
    provider = provider or get_provider()
    try:
        if payment.provider_ref:
            return provider.lookup(payment.provider_ref)
        return provider.lookup_by_order_id(provider_order_id(payment))
    except PaymentNotFound:
        return None


def payment_for(remote: ProviderPayment) -> Payment | None:
    """Our tender for the provider's payment: by its key, else by the provider order id."""
    payment = Payment.objects.filter(provider_ref=remote.provider_ref).first()
    if payment is None:
        payment = Payment.objects.filter(provider_order_id=remote.order_ref).first()
    if payment is None:  # a whole-order tender from before per-store approvals
        payment = Payment.objects.filter(order_ref=remote.order_ref, provider_order_id__isnull=True).first()
    return payment


@dataclass
class SyncResult:
    payment: Payment
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def apply(payment: Payment, remote: ProviderPayment | None, *, source: str,
          abandon_before: dt.datetime | None = None) -> SyncResult:
    """Bring `payment` in line with `remote` (the provider's record, None = it has none)."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        result = SyncResult(locked)
        if remote is None:
            if (locked.status == PaymentStatus.PENDING and abandon_before is not None
                    and locked.created_at < abandon_before):
                _move(result, PaymentStatus.DECLINED, source=source, note="결제사에 승인 기록이 없어 거절로 정리",
                      failure_code="NOT_FOUND_PAYMENT", failure_message="결제사에 결제 기록이 없습니다.")
            return result
        if not _same_payment(locked, remote):
            return result
        if locked.status in (PaymentStatus.PENDING, PaymentStatus.DECLINED) and remote.was_approved:
            if remote.total_amount != locked.amount:
                log.error("tender %s: the provider approved %s원, we asked %s원 — left for a human",
                          locked.pk, remote.total_amount, locked.amount)
                return result
            approved_at = remote.approved_at or timezone.now()
            _move(result, PaymentStatus.APPROVED, source=source, note=f"결제사 승인 확인 ({remote.status})",
                  provider_ref=remote.provider_ref, approved_at=approved_at, failure_code="", failure_message="")
        elif locked.status == PaymentStatus.PENDING and remote.status in NEVER_APPROVED:
            _move(result, PaymentStatus.DECLINED, source=source, note=f"결제사 결제 상태 {remote.status}",
                  failure_code=remote.failure_code or remote.status,
                  failure_message=f"결제사에서 승인되지 않았습니다 ({remote.status}).")
        if result.payment.status in (PaymentStatus.APPROVED, PaymentStatus.CANCELED) and remote.was_approved:
            _record_provider_cancels(result, remote, source=source)
    return result


def _same_payment(payment: Payment, remote: ProviderPayment) -> bool:
    if payment.provider_ref and remote.provider_ref != payment.provider_ref:
        log.error("tender %s is %s, the provider answered about %s", payment.pk, payment.provider_ref,
                  remote.provider_ref)
        return False
    if remote.order_ref != provider_order_id(payment):
        log.error("tender %s is order %s, the provider's payment is for %s", payment.pk,
                  provider_order_id(payment), remote.order_ref)
        return False
    return True


def _move(result: SyncResult, target: str, *, source: str, note: str, **fields) -> None:
    """Compare-and-set the tender's status (the row is locked) and append its event."""
    payment = result.payment
    source_status = payment.status
    if not Payment.objects.filter(pk=payment.pk, status=source_status).update(status=target, **fields):
        return
    PaymentEvent.objects.create(payment=payment, source=source, from_status=source_status, to_status=target,
                                note=note[:200])
    payment.refresh_from_db()
    result.changes.append(f"{source_status}→{target}")


def _record_provider_cancels(result: SyncResult, remote: ProviderPayment, *, source: str) -> None:
    payment = result.payment
    if PaymentCancel.objects.filter(payment=payment, status=CancelStatus.PENDING).exists():
        return  # ours may be among the provider's: retry_pending_cancels settles it by its key
    known = set(PaymentCancel.objects.filter(payment=payment, status=CancelStatus.DONE)
                .exclude(transaction_key="").values_list("transaction_key", flat=True))
    counted = payment.canceled_amount
    for i, cancel in enumerate(remote.cancels):
        if (cancel.transaction_key and cancel.transaction_key in known) or cancel.amount <= 0:
            continue
        # Beyond what the provider cancelled in all: already counted under a row without its key.
        if counted + cancel.amount > min(remote.canceled_amount, payment.amount):
            continue
        try:
            with transaction.atomic():
                row = PaymentCancel.objects.create(
                    payment=payment, kind=CancelKind.VOID, amount=cancel.amount,
                    tax_free_amount=min(cancel.tax_free_amount, cancel.amount),
                    reason=f"결제사에서 직접 취소: {cancel.reason}"[:200],
                    idempotency_key=f"provider:{remote.provider_ref}:{cancel.transaction_key or i}"[:150],
                    status=CancelStatus.DONE, transaction_key=cancel.transaction_key,
                    done_at=cancel.canceled_at or timezone.now())
        except IntegrityError:
            continue  # recorded already (its key)
        counted += cancel.amount
        services.count_cancel(payment_id=payment.pk, amount=cancel.amount)
        before = payment.status
        payment.refresh_from_db()
        PaymentEvent.objects.create(payment=payment, source=source, from_status=before, to_status=payment.status,
                                    cancel=row, note=f"결제사 취소 {won(cancel.amount)} 기록")
        result.changes.append(f"cancel {cancel.amount}")


# --- webhook deliveries ------------------------------------------------------------------------

@dataclass(frozen=True)
class ProviderEvent:
    """A webhook as the provider sent it.  Only `payment_key` is used, to look the payment up."""

    provider: str
    event_type: str
    payment_key: str
    order_id: str
    status: str
    created_at: str

    @property
    def key(self) -> str:
        raw = "|".join((self.provider, self.event_type, self.created_at, self.payment_key, self.status))
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def actionable(self) -> bool:
        return self.event_type == "PAYMENT_STATUS_CHANGED" and bool(self.payment_key)


def toss_event(body: object) -> ProviderEvent:
    """Toss: {"eventType", "createdAt", "data": {"paymentKey", "orderId", "status", ...}}."""
    body = body if isinstance(body, dict) else {}
    data = body.get("data") if isinstance(body.get("data"), dict) else {}

    def text(value: object, limit: int) -> str:
        return value[:limit] if isinstance(value, str) else ""

    return ProviderEvent(provider="toss", event_type=text(body.get("eventType"), 50),
                         payment_key=text(data.get("paymentKey"), 200), order_id=text(data.get("orderId"), 64),
                         status=text(data.get("status"), 30), created_at=text(body.get("createdAt"), 40))


def seen(event: ProviderEvent) -> bool:
    """Handled before (a re-sent or duplicate delivery): count it and say so."""
    return bool(WebhookDelivery.objects.filter(key=event.key).update(times_received=F("times_received") + 1))


def receive(event: ProviderEvent, *, provider: PaymentProvider | None = None) -> tuple[str, SyncResult | None]:
    """Look the event's payment up at the provider and apply what it says.  Returns the outcome
    and the sync result (None for an unknown payment or an ignored event).  A ProviderError
    (the lookup got no answer) becomes PaymentUnknown: the delivery is not recorded, the
    provider re-sends it."""
    if not event.actionable:
        log.info("webhook %s ignored", event.event_type or "(no type)")
        return DeliveryOutcome.IGNORED, None
    provider = provider or get_provider()
    try:
        remote = provider.lookup(event.payment_key)
    except PaymentNotFound:
        remote = None
    except ProviderError as exc:
        raise PaymentUnknown("결제사에서 결제를 조회하지 못했습니다. 잠시 후 다시 보내 주세요.") from exc
    if remote is None:
        log.warning("webhook for a payment the provider does not know: %s", event.payment_key)
        return DeliveryOutcome.UNKNOWN_PAYMENT, None
    payment = payment_for(remote)
    if payment is None:
        log.warning("webhook for a payment we have no tender for: %s (order %s)", remote.provider_ref,
                    remote.order_ref)
        return DeliveryOutcome.UNKNOWN_PAYMENT, None
    result = apply(payment, remote, source="webhook")
    return (DeliveryOutcome.APPLIED if result.changed else DeliveryOutcome.UNCHANGED), result


def record_delivery(event: ProviderEvent, *, outcome: str, payment: Payment | None) -> WebhookDelivery:
    """Remember a handled delivery (a concurrent duplicate counts as one more reception)."""
    try:
        with transaction.atomic():
            return WebhookDelivery.objects.create(
                key=event.key, provider=event.provider, event_type=event.event_type, payment_key=event.payment_key,
                order_id=event.order_id, status=event.status, event_created_at=event.created_at, outcome=outcome,
                payment=payment)
    except IntegrityError:
        WebhookDelivery.objects.filter(key=event.key).update(times_received=F("times_received") + 1)
        return WebhookDelivery.objects.get(key=event.key)
