"""Derive the ledger from the payments and orders tables, idempotently: running it again
(the same day or later) adds only what changed since.

For one order:
1. Captures.  Each approval ("tender", orders.tenders) is one party's: a store part's, or the
   delivery center's for the fee; it is captured whole to that party.  Orders paid before
   per-store approvals have one payment for the whole order (party "order"), split with
   `split_largest_remainder` over the store parts, weighted by what each part ordered (its
   original lines' `ordered_total`), plus the delivery center, weighted by the fee paid.
   Keys: `capture:<payment pk>:store<store pk>` and `capture:<payment pk>:center`.
2. Changes.  Each party's net sale (captures − refunds) is brought to what it is owed now:
   a store part its current lines (`line_total`; 0 for a canceled part), the center the
   order's current delivery fee; everyone 0 when the order was canceled or expired or its
   payments were canceled in full.  Less → a `refund` entry (shortage, weighed lighter, a line
   moved to another store, cancel); more → a `capture` entry (a line moved in from another
   store).  So the parties' net sales always sum to what the customer paid minus
   `order.refund_due`.  Keys: `refund:<order>:<party>:<n>` / `capture:<order>:<party>:<n>`,
   n = the party's entries for the order so far, so a concurrent run of the same state collides.
   These are dated by the order's last recorded change (never before its capture), not by when
   settlement runs.  (The tenders' partial cancels follow the same lines, so the money given
   back matches these entries once every part is closed.)
3. Claims.  A claim refund (a done PaymentCancel of kind "claim") is a `claim_refund` on the
   store when the store bears it, or on the market's own account (no store) when the platform
   does.  Key: `claim:<cancel pk>`.

The delivery fee is the delivery center's (the market's) revenue, not a store's: it is recorded
on the center's own entries (store empty) and is absent from store statements; the center pays
no commission.  The platform holds none of it (the provider's 지급대행 pays out)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q

from jangbogi.core import time as btime
from jangbogi.core.errors import ValidationFailed
from jangbogi.core.money import split_largest_remainder
from jangbogi.orders.models import (
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderEvent,
    OrderStatus,
)
from jangbogi.payments.models import (
    Bearer,
    CancelKind,
    CancelStatus,
    Payment,
    PaymentCancel,
    PaymentStatus,
)
from jangbogi.payments.models import Party as PaymentParty
from jangbogi.settlement import selectors
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import EntryKind, LedgerEntry

VOID_ORDER_STATUSES = frozenset({OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.PAYMENT_FAILED})


@dataclass(frozen=True)
class Party:
    """Whose account an entry is in: a store part, or (part None) the delivery center."""

    part: MerchantOrder | None

    @property
    def label(self) -> str:
        return f"store{self.part.store_id}" if self.part else "center"

    @property
    def store(self):
        return self.part.store if self.part else None

    @property
    def store_id(self) -> int | None:
        return self.part.store_id if self.part else None


def _party_of(payment: Payment, parties: list[Party]) -> Party | None:
    """The party a per-party approval belongs to (None for a whole-order payment)."""
    if payment.party == PaymentParty.ORDER:
        return None
    return next((p for p in parties if p.store_id == payment.store_id), None)


def tender_ref(payment: Payment) -> str:
    return payment.provider_ref or f"payment:{payment.pk}"


def settle_order(order: Order) -> list[LedgerEntry]:
    """Bring the ledger in line with `order` and its payments; returns the entries added."""
    with transaction.atomic():
        order = Order.objects.select_related("market").get(pk=order.pk)
        payments = list(Payment.objects.filter(order_ref=order.number, approved_at__isnull=False).order_by("pk"))
        if not payments:
            return []
        last_pk = LedgerEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        parts = list(MerchantOrder.objects.filter(order=order).select_related("store")
                     .prefetch_related("lines").order_by("pk"))
        parties = [Party(p) for p in parts] + [Party(None)]
        claims = _claim_cancels(payments)
        for payment in payments:
            _capture(order, payment, parties)
        _true_up(order, parties, payments, claims)
        _claims(order, parties, payments, claims)
        return list(LedgerEntry.objects.filter(order_ref=order.number, pk__gt=last_pk).order_by("pk"))


def _ordered(part: MerchantOrder) -> int:
    """What the part held when it was paid: its original lines (not substitutes or moved-in)."""
    return sum(line.ordered_total for line in part.lines.all() if line.replaces_id is None)


def _capture(order: Order, payment: Payment, parties: list[Party]) -> None:
    day = payment.approved_at.astimezone(btime.SEOUL).date()
    if payment.party != PaymentParty.ORDER:
        # One approval per party (orders.tenders): the whole tender is that party's.
        party = _party_of(payment, parties)
        if party is not None:
            settlement.record_capture(
                store=party.store, market=order.market, order_ref=order.number, tender_ref=tender_ref(payment),
                amount=payment.amount, business_date=day, key=f"capture:{payment.pk}:{party.label}",
                memo="배송비" if party.part is None else "주문 결제")
        return
    weights = [_ordered(p.part) for p in parties[:-1]]
    weights.append(max(0, payment.amount - sum(weights)))
    if not any(weights):
        weights[-1] = 1
    for party, share in zip(parties, split_largest_remainder(payment.amount, weights), strict=True):
        if share:
            settlement.record_capture(
                store=party.store, market=order.market, order_ref=order.number, tender_ref=tender_ref(payment),
                amount=share, business_date=day, key=f"capture:{payment.pk}:{party.label}",
                memo="배송비" if party.part is None else "주문 결제",
            )


def _owed(order: Order, party: Party, void: bool) -> int:
    if void:
        return 0
    if party.part is None:
        return order.delivery_fee
    if party.part.status == MerchantOrderStatus.CANCELED:
        return 0
    return sum(line.line_total for line in party.part.lines.all())


def _true_up(order: Order, parties: list[Party], payments: list[Payment],
             claims: dict[int, list[PaymentCancel]]) -> None:
    void = order.status in VOID_ORDER_STATUSES or all(
        p.status == PaymentStatus.CANCELED and not claims.get(p.pk) for p in payments)
    day = _change_date(order, payments)
    for party in parties:
        own = next((p for p in payments if _party_of(p, parties) is party), payments[-1])
        ref = tender_ref(own)
        totals = selectors.order_balances(order_ref=order.number, store=party.store, market_id=order.market_id)
        # Claim refunds are settled on their own (_claims): goods delivered, money given back.
        net = totals[EntryKind.CAPTURE] + totals[EntryKind.REFUND]
        delta = _owed(order, party, void) - net
        if not delta:
            continue
        n = LedgerEntry.objects.filter(order_ref=order.number, market_id=order.market_id,
                                       store=party.store).count()
        common = dict(store=party.store, market=order.market, order_ref=order.number, tender_ref=ref,
                      business_date=day)
        if delta < 0:
            memo = "주문 취소" if void else "상품 부족·변경 환불"
            settlement.record_refund(amount=-delta, key=f"refund:{order.number}:{party.label}:{n}", memo=memo,
                                     **common)
        else:
            settlement.record_capture(amount=delta, key=f"capture:{order.number}:{party.label}:{n}",
                                      memo="다른 가게에서 옮겨 온 상품", **common)


def _claim_cancels(payments: list[Payment]) -> dict[int, list[PaymentCancel]]:
    by_payment: dict[int, list[PaymentCancel]] = {}
    for cancel in PaymentCancel.objects.filter(payment__in=payments, kind=CancelKind.CLAIM,
                                               status=CancelStatus.DONE).order_by("pk"):
        by_payment.setdefault(cancel.payment_id, []).append(cancel)
    return by_payment


def _claims(order: Order, parties: list[Party], payments: list[Payment],
            claims: dict[int, list[PaymentCancel]]) -> None:
    """A claim refund borne by the store comes off the store's sale (and its commission); one
    borne by the platform is the platform's cost, recorded on the market's account with no
    store, and leaves the store's statement as it was."""
    by_pk = {p.pk: p for p in payments}
    for payment_pk, cancels in claims.items():
        payment = by_pk[payment_pk]
        party = _party_of(payment, parties) or parties[-1]
        for cancel in cancels:
            day = cancel.done_at.astimezone(btime.SEOUL).date()
            common = dict(market=order.market, order_ref=order.number, tender_ref=tender_ref(payment),
                          amount=cancel.amount, business_date=day, key=f"claim:{cancel.pk}")
            if cancel.bearer == Bearer.PLATFORM:
                settlement.record_platform_cost(memo=f"클레임 환불(플랫폼 부담): {cancel.reason}"[:200], **common)
            else:
                settlement.record_refund(store=party.store, claim=True, memo=f"클레임 환불: {cancel.reason}"[:200],
                                         **common)


def _change_date(order: Order, payments: list[Payment]) -> dt.date:
    """The business date of the order's last recorded change, never before its first capture."""
    captured = min(p.approved_at for p in payments)
    last = OrderEvent.objects.filter(order=order).aggregate(at=Max("created_at"))["at"]
    return max(captured, last or captured).astimezone(btime.SEOUL).date()


@dataclass(frozen=True)
class DayReport:
    orders: int
    entries: int


def orders_to_settle(day: dt.date):
    """Orders paid on `day` (Seoul) and orders that changed on it."""
    start = btime.at(day, dt.time.min)
    end = start + dt.timedelta(days=1)
    paid = Payment.objects.filter(approved_at__gte=start, approved_at__lt=end).values("order_ref")
    changed = OrderEvent.objects.filter(created_at__gte=start, created_at__lt=end).values("order_id")
    return Order.objects.filter(Q(number__in=paid) | Q(pk__in=changed)).order_by("pk")


def settle_day(day: dt.date) -> DayReport:
    """`settle_order` for every order paid or changed on `day`; safe to run again."""
    orders = list(orders_to_settle(day))
    return DayReport(orders=len(orders), entries=sum(len(settle_order(order)) for order in orders))


def tender_fee_recorded(payment: Payment) -> bool:
    """The provider's fee on `payment` is in the ledger already (see record_tender_fee's keys)."""
    return LedgerEntry.objects.filter(idempotency_key__startswith=f"fee:{payment.pk}:").exists()


def record_tender_fee(*, payment: Payment, fee: int, business_date: dt.date | None = None) -> list[LedgerEntry]:
    """The provider's fee on one tender (from its settlement report), shared by the parties in
    proportion to their capture of that tender (largest remainder, sums exactly)."""
    captures = list(LedgerEntry.objects.filter(kind=EntryKind.CAPTURE,
                                               idempotency_key__startswith=f"capture:{payment.pk}:")
                    .select_related("store", "market").order_by("pk"))
    if not captures:
        raise ValidationFailed("아직 정산하지 않은 결제입니다.", code="tender_not_settled")
    entries = []
    for capture, share in zip(captures, split_largest_remainder(fee, [c.amount for c in captures]), strict=True):
        if share:
            party = capture.idempotency_key.rsplit(":", 1)[-1]
            entries.append(settlement.record_provider_fee(
                store=capture.store, market=capture.market, tender_ref=capture.tender_ref, order_ref=capture.order_ref,
                amount=share, business_date=business_date or capture.business_date, key=f"fee:{payment.pk}:{party}",
                memo="결제 수수료"))
    return entries
