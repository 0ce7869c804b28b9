"""An order's money at the provider: one approval ("tender") per store part plus one for the
delivery fee, approved all-or-nothing, then kept equal to what the order is worth.

Each store is the merchant of record (payments/eligibility.py): store S's goods are paid by an
approval in S's name, by the customer's preferred method where S accepts it and by card
otherwise; the delivery fee is the delivery center's, by card.

What a tender must hold ("need"), line by line, for the lines it paid for (a line moved to
another store, or a substitute, stays paid by the tender of the line it replaced):
* while the line's store part is open (new, picking): the most the line can still cost:
  a sold-by-weight line up to `weight_margin_percent` of its estimate (what was approved),
  a line waiting for the customer's answer to a substitute its price plus the substitute's;
* once the part is closed (ready, received, canceled): what the line costs now.
The delivery fee tender needs the order's delivery fee.  A canceled, expired or failed order
needs nothing.  `sync_tenders` cancels the difference on each tender (partial cancels with
their VAT-exempt part), keyed by the tender's state so that a rerun or a crash never cancels
twice.  A tender never grows: fulfilment refuses changes beyond `room_left`.

Claim refunds (after delivery) are separate cancels (`refund_claim`) and do not count in the
need: the goods were delivered at their price, then part of it was given back."""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from jangbogi.catalog.models import VatClass
from jangbogi.core import time as btime
from jangbogi.core.errors import PaymentDeclined, PaymentUnknown, ValidationFailed
from jangbogi.core.money import ceil_percent, split_largest_remainder, won
from jangbogi.orders.models import (
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderLine,
    OrderStatus,
    ProposalStatus,
    SubstitutionProposal,
)
from jangbogi.payments import services as payments
from jangbogi.payments.eligibility import Tender, accepted_methods_by_store, tender_plan
from jangbogi.payments.models import (
    Bearer,
    CancelKind,
    CancelStatus,
    Method,
    Party,
    Payment,
    PaymentCancel,
    PaymentStatus,
)

log = logging.getLogger("jangbogi.orders.tenders")

OPEN_PARTS = frozenset({MerchantOrderStatus.AWAITING_PAYMENT, MerchantOrderStatus.NEW, MerchantOrderStatus.PICKING})
VOID_ORDERS = frozenset({OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.PAYMENT_FAILED})
ADJUSTING = (CancelKind.ADJUST, CancelKind.VOID)
CENTER_FALLBACK = "배송비는 배송센터 몫이라 카드로 결제돼요"


def ceiling(amount: int, *, weighed: bool, percent: int) -> int:
    """What an approval covers for a line of `amount` won: a weighed line up to `percent` %."""
    return ceil_percent(amount, percent) if weighed else amount


def weight_cap(line: OrderLine, percent: int) -> int:
    """The most `line` may cost after weighing (what its approval covered)."""
    return ceiling(line.ordered_total, weighed=line.sold_by_weight, percent=percent)


def _part(store, lines: list[tuple[int, bool]]) -> tuple:
    """`(store, amount, tax_free)` for tender_plan from `(ceiling, tax-free?)` per line."""
    return store, sum(c for c, _ in lines), sum(c for c, exempt in lines if exempt)


@dataclass(frozen=True)
class PlannedTender:
    tender: Tender
    party: str
    store_id: int | None
    key: str
    provider_order_id: str
    label: str

    @property
    def amount(self) -> int:
        return self.tender.amount


def plan(order: Order, *, card_sigun: str | None = None) -> list[PlannedTender]:
    """The approvals the order needs, in a fixed order (store parts by id, then the fee)."""
    parts = list(MerchantOrder.objects.filter(order=order).select_related("store").prefetch_related("lines")
                 .order_by("pk"))
    amounts = [_part(part.store, [(weight_cap(ln, order.weight_margin_percent), ln.vat_class == VatClass.EXEMPT)
                                  for ln in part.lines.all()]) for part in parts]
    day = btime.today()  # eligibility (the 지역화폐 cap) is judged on the day of approval
    planned = [
        PlannedTender(tender=t, party=Party.STORE, store_id=part.store_id,
                      key=f"order:{order.number}:tender:store{part.store_id}:approve",
                      provider_order_id=f"{order.number}-S{part.store_id}", label=part.store.name)
        for part, t in zip(parts, tender_plan(amounts, order.payment_method, on_date=day, card_sigun=card_sigun),
                           strict=True)
    ]
    if order.delivery_fee:
        fee = Tender(store_id=0, method=Method.CARD, amount=order.delivery_fee, tax_free_amount=0,
                     reason_if_fallback=None if order.payment_method == Method.CARD else CENTER_FALLBACK)
        planned.append(PlannedTender(tender=fee, party=Party.CENTER, store_id=None,
                                     key=f"order:{order.number}:tender:center:approve",
                                     provider_order_id=f"{order.number}-D", label="배송비"))
    return planned


@dataclass(frozen=True)
class ApprovalRun:
    approved: bool
    payments: list[Payment]
    failure_message: str = ""

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.payments)


def approve_all(order: Order, *, demo_outcome: str = "") -> ApprovalRun:
    """Ask for every planned approval; if one is refused, void those already approved (the
    customer confirmed once: all or nothing).  PaymentUnknown (a tender without an answer)
    propagates with the approved ones kept: a retry replays them by key and carries on, and
    an order that expires meanwhile voids them."""
    planned = plan(order)
    done: list[Payment] = []
    for i, item in enumerate(planned):
        last = i == len(planned) - 1
        metadata = {"order_total": order.total}
        if demo_outcome and (last or demo_outcome != "decline"):
            metadata["demo_outcome"] = demo_outcome
        outcome = payments.approve_payment(
            order_ref=order.number, amount=item.amount, tax_free_amount=item.tender.tax_free_amount,
            method=item.tender.method, idempotency_key=item.key, metadata=metadata, party=item.party,
            store_id=item.store_id, provider_order_id=item.provider_order_id,
            order_name=f"장보기 {order.market.name} · {item.label}",
        )
        if not outcome.approved:
            void_all(done, reason="다른 결제가 거절되어 함께 취소")
            return ApprovalRun(False, done + [outcome.payment],
                               outcome.payment.failure_message or "결제가 거절되었습니다.")
        done.append(outcome.payment)
    return ApprovalRun(True, done)


def void_all(tenders: list[Payment], *, reason: str) -> None:
    """Cancel what each tender holds; a provider that does not answer leaves the cancel
    PENDING for `payments.retry_pending_cancels` (the sweep in `expire-orders`)."""
    for payment in tenders:
        try:
            payments.cancel_payment(payment=payment, reason=reason)
        except (PaymentUnknown, PaymentDeclined):
            log.warning("tender %s: void not confirmed, left for the sweep", payment.pk)
        except ValidationFailed:
            pass  # a concurrent cancel took what was left


# --- keeping tenders equal to what the order is worth -----------------------------------------

def _root(line: OrderLine, by_id: dict[int, OrderLine]) -> OrderLine:
    while line.replaces_id is not None and line.replaces_id in by_id:
        line = by_id[line.replaces_id]
    return line


def _line_need(line: OrderLine, *, part_status: str, percent: int, proposals: dict[int, int]) -> int:
    if part_status not in OPEN_PARTS:
        return line.line_total
    if line.status in (LineStatus.PENDING, LineStatus.PICKED):
        return weight_cap(line, percent)
    if line.status == LineStatus.AWAITING_APPROVAL:
        return line.line_total + proposals.get(line.pk, 0)
    return line.line_total


@dataclass(frozen=True)
class Need:
    amount: int
    tax_free: int


def _lines(order: Order) -> list[OrderLine]:
    return list(OrderLine.objects.filter(merchant_order__order=order).select_related("merchant_order"))


def needs(order: Order, lines: list[OrderLine] | None = None) -> dict[int | None, Need]:
    """What each store's tender (by store id; None = the delivery fee) must hold now.
    `lines`: the order's lines with their parts, when the caller has read them already."""
    if order.status in VOID_ORDERS:
        return defaultdict(lambda: Need(0, 0))
    lines = _lines(order) if lines is None else lines
    by_id = {ln.pk: ln for ln in lines}
    proposals = dict(SubstitutionProposal.objects.filter(line__in=lines, status=ProposalStatus.PENDING)
                     .values_list("line_id", "total"))
    amount: dict[int | None, int] = defaultdict(int)
    tax_free: dict[int | None, int] = defaultdict(int)
    for line in lines:
        store = _root(line, by_id).merchant_order.store_id
        need = _line_need(line, part_status=line.merchant_order.status, percent=order.weight_margin_percent,
                          proposals=proposals)
        amount[store] += need
        if line.vat_class == VatClass.EXEMPT:
            tax_free[store] += need
    result: dict[int | None, Need] = defaultdict(lambda: Need(0, 0))
    for store in amount:
        result[store] = Need(amount[store], tax_free[store])
    result[None] = Need(order.delivery_fee, 0)
    return result


def _need_for(payment: Payment, need: dict[int | None, Need]) -> Need:
    if payment.party == Party.STORE:
        return need[payment.store_id]
    if payment.party == Party.CENTER:
        return need[None]
    # One approval for the whole order (orders paid before per-store tenders).
    return Need(sum(n.amount for n in need.values()), sum(n.tax_free for n in need.values()))


def _adjusted(payment: Payment) -> tuple[int, int]:
    """Won (and VAT-exempt won) taken off the tender by adjustments, done or pending."""
    row = PaymentCancel.objects.filter(payment=payment, kind__in=ADJUSTING).exclude(status=CancelStatus.FAILED) \
        .aggregate(a=Sum("amount"), t=Sum("tax_free_amount"))
    return row["a"] or 0, row["t"] or 0


def sync_tenders(order: Order) -> list[PaymentCancel]:
    """Cancel on each approved tender what it holds beyond its need; returns the cancels made.
    Safe to run any time, again and concurrently (the key is the tender's adjusted state)."""
    order.refresh_from_db()
    need = needs(order)
    made = []
    for payment in Payment.objects.filter(order_ref=order.number, status=PaymentStatus.APPROVED).order_by("pk"):
        target = _need_for(payment, need)
        adjusted, adjusted_tf = _adjusted(payment)
        held, held_tf = payment.amount - adjusted, payment.tax_free_amount - adjusted_tf
        # Never more than the tender still holds (a claim may have given some back already).
        delta = min(held - target.amount, payment.held - payments.pending_cancel_total(payment))
        if delta < 0:
            log.error("tender %s of %s holds %s, needs %s: fulfilment let the order grow past its approval",
                      payment.pk, order.number, held, target.amount)
        if delta <= 0:
            continue
        try:
            # cancel_partial keeps what stays exempt within what stays charged.
            made.append(payments.cancel_partial(
                payment=payment, amount=delta, tax_free_amount=max(0, min(held_tf - target.tax_free, delta)),
                idempotency_key=f"order:{order.number}:tender:{payment.pk}:adjust:{adjusted}",
                reason=_reason(order), kind=CancelKind.VOID if order.status in VOID_ORDERS else CancelKind.ADJUST))
        except PaymentUnknown:
            log.warning("tender %s: adjust cancel left pending", payment.pk)
    return made


def _reason(order: Order) -> str:
    if order.status in VOID_ORDERS:
        return "주문 취소"
    return "부족·무게·대체 상품 차액 환불"


def sync_open_orders(*, days: int = 3) -> int:
    """The sweep: `sync_tenders` for every paid order of the last `days` delivery days (a
    cancel the provider did not answer, or a sync that never ran after a crash)."""
    since = btime.today() - dt.timedelta(days=days)
    recent = Order.objects.filter(slot_date__gte=since).exclude(status=OrderStatus.PENDING_PAYMENT)
    refs = Payment.objects.filter(status=PaymentStatus.APPROVED, order_ref__in=recent.values("number")) \
        .values("order_ref")
    return sum(len(sync_tenders(order)) for order in recent.filter(number__in=refs))


def room_left(line: OrderLine, *, signed: bool = False) -> int:
    """Won the lines paid by `line`'s tender may still grow by (a dearer substitute, a line
    moved to a dearer store) without exceeding what that tender holds.  `signed`: negative
    when the need already exceeds it (a line made sold-by-weight after its approval)."""
    order = line.merchant_order.order
    lines = _lines(order)
    by_id = {ln.pk: ln for ln in lines}
    store = _root(by_id.get(line.pk, line), by_id).merchant_order.store_id
    tenders = list(Payment.objects.filter(order_ref=order.number, status=PaymentStatus.APPROVED))
    tender = next((p for p in tenders if p.party == Party.STORE and p.store_id == store), None)
    if tender is None:
        tender = next((p for p in tenders if p.party == Party.ORDER), None)
    if tender is None:
        room = order.paid_amount - order.total
    else:
        # What the tender still holds (less cancels on their way) beyond what its lines need.
        room = tender.held - payments.pending_cancel_total(tender) - _need_for(tender, needs(order, lines)).amount
    return room if signed else max(0, room)


def weighed_price_cap(line: OrderLine) -> int:
    """The most a weighing may charge for `line`: its approved ceiling, and never more than its
    tender can still cover."""
    cap = weight_cap(line, line.merchant_order.order.weight_margin_percent)
    return max(0, min(cap, cap + room_left(line, signed=True)))


# --- claims: money back after delivery ---------------------------------------------------------

def refund_claim(*, order: Order, store_id: int | None, amount: int, tax_free_amount: int, key: str,
                 reason: str, bearer: str = Bearer.STORE) -> list[PaymentCancel]:
    """Give `amount` won back on the tender(s) that paid for `store_id`'s goods (None: the
    delivery fee), idempotently by `key`.  The store's own tender pays first; a whole-order
    tender (older orders) otherwise.  ValidationFailed "refund_exceeds_paid" beyond what is
    left."""
    if amount <= 0 or not 0 <= tax_free_amount <= amount:
        raise ValidationFailed("환불 금액이 올바르지 않습니다.", code="invalid_amount")
    done = list(PaymentCancel.objects.filter(idempotency_key__startswith=f"{key}:").order_by("pk"))
    if done:
        return done
    tenders = _tenders_paying(order, store_id)
    left = [p.held - payments.pending_cancel_total(p) for p in tenders]
    if amount > sum(left):
        raise ValidationFailed(f"환불 금액({won(amount)})이 남은 결제 금액({won(sum(left))})보다 많습니다.",
                               code="refund_exceeds_paid", refundable=sum(left))
    cancels = []
    shares = _fill(amount, left)
    tf_shares = split_largest_remainder(tax_free_amount, shares) if tax_free_amount else [0] * len(shares)
    for i, (payment, share, tf) in enumerate(zip(tenders, shares, tf_shares, strict=True)):
        if share:
            cancels.append(payments.cancel_partial(
                payment=payment, amount=share, tax_free_amount=tf,
                idempotency_key=f"{key}:{i}", reason=reason, kind=CancelKind.CLAIM, bearer=bearer))
    return cancels


def _tenders_paying(order: Order, store_id: int | None) -> list[Payment]:
    tenders = list(Payment.objects.filter(order_ref=order.number, status=PaymentStatus.APPROVED).order_by("pk"))
    own = [p for p in tenders if (p.party == Party.STORE and p.store_id == store_id and store_id is not None)
           or (p.party == Party.CENTER and store_id is None)]
    return own + [p for p in tenders if p.party == Party.ORDER]


def _fill(amount: int, capacities: list[int]) -> list[int]:
    """Take `amount` from the capacities in order."""
    shares = []
    for capacity in capacities:
        take = min(amount, capacity)
        shares.append(take)
        amount -= take
    return shares


def refundable(order: Order, store_id: int | None) -> int:
    """Won still held by the tenders that paid for `store_id`'s goods."""
    return sum(p.held - payments.pending_cancel_total(p) for p in _tenders_paying(order, store_id))


# --- before the order exists: how a cart would be paid ------------------------------------------

@dataclass(frozen=True)
class SplitPart:
    method: str
    amount: int
    payees: tuple[str, ...]  # store names, "배송비"

    @property
    def method_label(self) -> str:
        return Method(self.method).label


def previews(pricing, *, percent: int, card_sigun: str | None = None) -> dict[str, list[SplitPart]]:
    """For each payment choice, how a checkout of `pricing` would be approved, summed per method
    (what the customer sees under each choice).  Weighed lines count at their ceiling."""
    parts = [_part(g.store, [(ceiling(ln.line_total, weighed=ln.product.sold_by_weight, percent=percent), ln.tax_free)
                             for ln in g.lines]) for g in pricing.groups]
    parts = [p for p in parts if p[1] > 0]
    accepted = accepted_methods_by_store([store for store, _, _ in parts], on_date=btime.today(),
                                         card_sigun=card_sigun)
    return {method: _split(pricing, parts, method, accepted) for method in Method.values}


def _split(pricing, parts: list[tuple], preferred: str, accepted) -> list[SplitPart]:
    planned = tender_plan(parts, preferred, on_date=btime.today(), accepted=accepted)
    split: dict[str, tuple[int, list[str]]] = {}
    for (store, _, _), tender in zip(parts, planned, strict=True):
        total, names = split.get(tender.method, (0, []))
        split[tender.method] = (total + tender.amount, names + [store.name])
    if pricing.delivery_fee:
        total, names = split.get(Method.CARD, (0, []))
        split[Method.CARD] = (total + pricing.delivery_fee, names + ["배송비"])
    order = [preferred] + [m for m in Method.values if m != preferred]
    return [SplitPart(m, split[m][0], tuple(split[m][1])) for m in order if m in split]


# --- what the customer sees: each approval and what came back on it -----------------------------

@dataclass(frozen=True)
class TenderView:
    payee: str
    method_label: str
    amount: int
    status: str
    back: tuple[PaymentCancel, ...]  # done cancels, oldest first
    pending_back: int


def for_customer(order: Order) -> list[TenderView]:
    """The order's approvals (declined ones too, while the order awaits or failed payment) with
    the money given back on each."""
    rows = []
    payments_ = Payment.objects.filter(order_ref=order.number).select_related("store").prefetch_related("cancels") \
        .order_by("pk")
    for p in payments_:
        if p.status == PaymentStatus.PENDING and order.status != OrderStatus.PENDING_PAYMENT:
            continue
        cancels = list(p.cancels.all())
        rows.append(TenderView(
            payee=p.store.name if p.store else ("배송비" if p.party == Party.CENTER else "주문 전체"),
            method_label=Method(p.method).label, amount=p.amount, status=p.get_status_display(),
            back=tuple(c for c in cancels if c.status == CancelStatus.DONE),
            pending_back=sum(c.amount for c in cancels if c.status == CancelStatus.PENDING),
        ))
    return rows


@dataclass(frozen=True)
class MoneyBack:
    done: int      # won back on the customer's cards
    pending: int   # won still on their way (a cancel awaiting the provider, or not yet asked)


def money_back(order: Order, rows: list[TenderView]) -> MoneyBack:
    """What the customer got back, and what is still coming, across all approvals."""
    done = sum(c.amount for t in rows for c in t.back)
    adjusted = sum(c.amount for t in rows for c in t.back if c.kind != CancelKind.CLAIM)
    unsynced = max(0, order.refund_due - adjusted) if order.status not in VOID_ORDERS else 0
    return MoneyBack(done=done, pending=sum(t.pending_back for t in rows) + unsynced)
