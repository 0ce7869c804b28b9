"""The orders side of the provider's truth: once webhooks or reconciliation have corrected the
tenders (payments/sync.py), bring each order in line with them.

* An order still awaiting payment whose planned tenders all have an answer now → `pay_order`
  again: it is idempotent by key (no tender is asked twice) and marks the order paid when all
  were approved, or payment_failed (voiding the approved ones) when one was declined.  An
  order with a tender never asked (the process died before reaching it) or still pending is
  left to the customer's retry or to expiry: recovery never starts a new charge.
* An order that ended (expired, canceled, payment failed) still holding approved money → the
  tenders are voided (`tenders.void_all`).

Entry points: `handle_webhook` (the webhook view), `reconcile` (the `reconcile-payments`
command), `repair_recent` (the background loop and `expire-orders`)."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.orders import services as orders
from jangbogi.orders import tenders
from jangbogi.orders.models import Order, OrderStatus
from jangbogi.payments import reconcile as recon
from jangbogi.payments import sync
from jangbogi.payments.models import DeliveryOutcome, Payment, PaymentStatus

log = logging.getLogger("jangbogi.orders.payment_recovery")


def recover_order(order_ref: str) -> str:
    """Bring one order in line with its tenders; returns what was done ("paid",
    "payment_failed", "voided") or "" for nothing."""
    order = Order.objects.filter(number=order_ref).first()
    if order is None:
        return ""
    rows = {p.idempotency_key: p for p in Payment.objects.filter(order_ref=order_ref)}
    if order.status == OrderStatus.PENDING_PAYMENT:
        planned = [rows.get(item.key) for item in tenders.plan(order)]
        if not planned or any(p is None or p.status == PaymentStatus.PENDING for p in planned):
            return ""
        order = orders.pay_order(order=order, actor=None)
        return order.status if order.status in (OrderStatus.PAID, OrderStatus.PAYMENT_FAILED) else ""
    if order.status in tenders.VOID_ORDERS:
        holding = [p for p in rows.values() if p.status == PaymentStatus.APPROVED and p.held > 0]
        if holding:
            tenders.void_all(holding, reason="주문이 끝난 뒤 확인된 결제 취소")
            return "voided"
    return ""


def recover_orders(order_refs) -> dict[str, str]:
    done = {}
    for ref in sorted(set(order_refs)):
        outcome = recover_order(ref)
        if outcome:
            done[ref] = outcome
    return done


# --- webhooks ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WebhookResult:
    outcome: str
    order_ref: str = ""
    order_outcome: str = ""


def handle_webhook(body: object) -> WebhookResult:
    """A Toss webhook: never trusted, the payment is fetched again from the provider and its
    record applied; then the order follows.  Duplicates are no-ops.  PaymentUnknown when the
    provider does not answer the lookup (the caller answers 503 and the provider re-sends)."""
    event = sync.toss_event(body)
    if sync.seen(event):
        return WebhookResult(outcome="duplicate")
    outcome, result = sync.receive(event)
    order_ref = result.payment.order_ref if result else ""
    order_outcome = recover_order(order_ref) if order_ref else ""
    sync.record_delivery(event, outcome=outcome if not order_outcome else DeliveryOutcome.APPLIED,
                         payment=result.payment if result else None)
    return WebhookResult(outcome=outcome, order_ref=order_ref, order_outcome=order_outcome)


# --- reconciliation ----------------------------------------------------------------------------

@dataclass
class ReconcileRun:
    day: dt.date
    checked: int
    found: list[recon.Finding]  # before any repair
    remaining: list[recon.Finding]  # after the repair (= found without one)
    repaired: list[sync.SyncResult] = field(default_factory=list)
    cancels_settled: int = 0
    orders: dict[str, str] = field(default_factory=dict)


def reconcile(day: dt.date, *, repair: bool = False) -> ReconcileRun:
    """Compare our tenders of `day` with the provider's records; with `repair`, apply the
    provider's truth, retry PENDING cancels with their keys, bring the orders in line, and
    compare again."""
    tenders_of_day = recon.tenders_of(day)
    first = recon.check(tenders_of_day)
    run = ReconcileRun(day=day, checked=first.checked, found=first.findings, remaining=first.findings)
    if not repair:
        return run
    fixed = recon.repair(list(tenders_of_day))
    run.repaired, run.cancels_settled = fixed.changed, fixed.cancels_settled
    run.orders = recover_orders(fixed.order_refs)
    run.remaining = recon.check(recon.tenders_of(day)).findings
    return run


def repair_recent(*, days: int = 2) -> ReconcileRun:
    """The repair part alone, for tenders still unsettled (the background loop, expire-orders)."""
    fixed = recon.repair(list(recon.unsettled_tenders(days=days)))
    refs = set(fixed.order_refs) | set(_ended_orders_holding_money(days=days))
    done = recover_orders(refs)
    if fixed.changed or done:
        log.info("payment repair: %s tenders corrected, %s cancels settled, orders %s", len(fixed.changed),
                 fixed.cancels_settled, done)
    return ReconcileRun(day=btime.today(), checked=0, found=[], remaining=[], repaired=fixed.changed,
                        cancels_settled=fixed.cancels_settled, orders=done)


def _ended_orders_holding_money(*, days: int) -> list[str]:
    """Orders that ended while a tender stayed approved (a void that did not go through)."""
    since = timezone.now() - dt.timedelta(days=days)
    approved = Payment.objects.filter(status=PaymentStatus.APPROVED, created_at__gte=since).values("order_ref")
    return list(Order.objects.filter(number__in=approved, status__in=tenders.VOID_ORDERS)
                .values_list("number", flat=True)[:500])
