"""The only code that writes the settlement tables: ledger entries, commission and payouts.

Every entry is keyed (`idempotency_key`, unique): recording the same key again returns the
first entry, and the same key with a different amount is a Conflict.  Writes for one party
(a store, or a market's delivery center) are serialised by a row lock on that store or market.

Commission rule (per order and store): after every capture, refund, claim refund or correction
of one, the order's commission at the store is brought to

    floor(rate_bp × (captured − refunds − claim refunds) / 10,000)

by one `commission` (more) or `commission_reversal` (less) entry keyed by the entry that caused
it.  The rate is pinned per order: the rate on the order's earlier commission lines, else the
market's rate in force on the capture's business date.  So a partial refund gives back exactly
its share of commission, floored as a whole (never won by won), and a full refund gives all of
it back.  Commission is charged to stores only; the delivery center's delivery fee pays none."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.core.errors import Conflict, ValidationFailed
from jangbogi.core.money import floor_basis_points, won
from jangbogi.core.states import compare_and_set
from jangbogi.integrations.payouts import (
    PayoutError,
    PayoutOutcome,
    PayoutRequest,
    PayoutResult,
    get_payout_provider,
)
from jangbogi.markets.models import Market, Store
from jangbogi.settlement import selectors
from jangbogi.settlement.models import (
    PAYOUT_TRANSITIONS,
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutStatus,
)
from jangbogi.settlement.selectors import COMMISSION_KINDS, NET_SALE_KINDS, REFUND_KINDS, Statement

__all__ = [
    "Statement", "commission_for", "record_capture", "record_refund", "record_platform_cost", "record_provider_fee",
    "record_commission", "reverse_entry", "statement", "request_payout", "apply_payout_result",
]

statement = selectors.statement  # reads live in selectors; re-exported for the use cases


def commission_for(amount: int, rate_bp: int) -> int:
    """The commission on `amount` won at `rate_bp` basis points, floored to the won."""
    return floor_basis_points(amount, rate_bp)


# --- plumbing ---------------------------------------------------------------------------------

def _lock_party(store: Store | None, market: Market | None) -> int:
    """Lock the party's row for this transaction; returns its market id."""
    if store is not None:
        return Store.objects.select_for_update().filter(pk=store.pk).values_list("market_id", flat=True).get()
    if market is None:
        raise ValueError("a delivery-center entry needs its market")
    return Market.objects.select_for_update().filter(pk=market.pk).values_list("pk", flat=True).get()


def _positive(amount: int) -> None:
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed("금액은 1원 이상이어야 합니다.", code="invalid_amount")


def _replayed(key: str, *, kind: str, amount: int, store: Store | None, order_ref: str) -> LedgerEntry | None:
    """The entry already recorded under `key`, checked to be the same entry; None if none."""
    entry = LedgerEntry.objects.filter(idempotency_key=key).first()
    if entry is not None and (entry.kind, entry.amount, entry.store_id, entry.order_ref) != (
            kind, amount, store.pk if store else None, order_ref):
        raise Conflict("같은 키로 다른 장부 기록을 요청했습니다.", code="idempotency_mismatch")
    return entry


def _append(*, kind: str, amount: int, key: str, market_id: int, store: Store | None, business_date: dt.date,
            order_ref: str = "", tender_ref: str = "", memo: str = "", **extra) -> tuple[LedgerEntry, bool]:
    """Insert one entry; (entry, False) when `key` was recorded already."""
    existing = _replayed(key, kind=kind, amount=amount, store=store, order_ref=order_ref)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                kind=kind, amount=amount, idempotency_key=key, market_id=market_id, store=store,
                business_date=business_date, order_ref=order_ref, tender_ref=tender_ref, memo=memo[:200], **extra)
    except IntegrityError:
        existing = _replayed(key, kind=kind, amount=amount, store=store, order_ref=order_ref)
        if existing is None:
            raise
        return existing, False
    return entry, True


def _net_sales(totals: dict[str, int]) -> int:
    return sum(totals[k] for k in NET_SALE_KINDS)


def _order_rate(*, store: Store, order_ref: str, day: dt.date) -> int:
    pinned = (LedgerEntry.objects.filter(store=store, order_ref=order_ref, kind__in=COMMISSION_KINDS)
              .order_by("pk").values_list("rate_bp", flat=True).first())
    return pinned if pinned is not None else selectors.rate_in_force(store.market_id, day)


# --- entries ----------------------------------------------------------------------------------

def record_commission(*, entry: LedgerEntry) -> LedgerEntry | None:
    """Bring the commission of `entry`'s order at its store to floor(rate × net sales), with one
    entry keyed by `entry` (None when nothing changes).  Safe to call again.  Call it inside the
    transaction that holds the party lock (the record_* services do)."""
    store = entry.store
    if store is None or not entry.order_ref:
        return None
    totals = selectors.order_balances(order_ref=entry.order_ref, store=store, market_id=entry.market_id)
    net = _net_sales(totals)
    taken = -sum(totals[k] for k in COMMISSION_KINDS)
    rate = _order_rate(store=store, order_ref=entry.order_ref, day=entry.business_date)
    target = commission_for(net, rate)
    delta = target - taken
    if not delta:
        return None
    commission, _ = _append(
        kind=EntryKind.COMMISSION if delta > 0 else EntryKind.COMMISSION_REVERSAL, amount=-delta,
        key=f"commission:{entry.idempotency_key}", market_id=entry.market_id, store=store,
        business_date=entry.business_date, order_ref=entry.order_ref, tender_ref=entry.tender_ref, rate_bp=rate,
        memo=f"판매 {won(net)}의 {selectors.rate_label(rate)} = {won(target)}",
    )
    return commission


@transaction.atomic
def record_capture(*, store: Store | None, order_ref: str, tender_ref: str, amount: int, business_date: dt.date,
                   key: str, market: Market | None = None, memo: str = "") -> LedgerEntry:
    """`amount` won of a tender (a payment at the provider) belongs to `store` (None: to
    `market`'s delivery center), with the commission that comes with it."""
    _positive(amount)
    market_id = _lock_party(store, market)
    entry, created = _append(kind=EntryKind.CAPTURE, amount=amount, key=key, market_id=market_id, store=store,
                             business_date=business_date, order_ref=order_ref, tender_ref=tender_ref, memo=memo)
    if created:
        record_commission(entry=entry)
    return entry


@transaction.atomic
def record_refund(*, store: Store | None, order_ref: str, tender_ref: str, amount: int, business_date: dt.date,
                  key: str, claim: bool = False, market: Market | None = None, memo: str = "") -> LedgerEntry:
    """`amount` won of the order go back to the customer from `store`'s sale (`claim`: after
    delivery, on a complaint).  Never more than the order's net sale at the store: a larger
    refund is refused (ValidationFailed "refund_exceeds_captured") and nothing is written."""
    _positive(amount)
    kind = EntryKind.CLAIM_REFUND if claim else EntryKind.REFUND
    market_id = _lock_party(store, market)
    existing = _replayed(key, kind=kind, amount=-amount, store=store, order_ref=order_ref)
    if existing is not None:
        return existing
    net = _net_sales(selectors.order_balances(order_ref=order_ref, store=store, market_id=market_id))
    if amount > net:
        raise ValidationFailed(f"환불 금액({won(amount)})이 결제된 금액({won(net)})보다 많습니다.",
                               code="refund_exceeds_captured", order_ref=order_ref, refundable=net)
    entry, _ = _append(kind=kind, amount=-amount, key=key, market_id=market_id, store=store,
                       business_date=business_date, order_ref=order_ref, tender_ref=tender_ref, memo=memo)
    record_commission(entry=entry)
    return entry


@transaction.atomic
def record_platform_cost(*, market: Market, order_ref: str, tender_ref: str, amount: int, business_date: dt.date,
                         key: str, memo: str = "") -> LedgerEntry:
    """A claim refund the platform bears (the store is not at fault): recorded as a claim
    refund on the market's own account (no store), so no store's statement or commission
    changes.  The provider took it off the store's tender; the platform owes it back."""
    _positive(amount)
    market_id = _lock_party(None, market)
    entry, _ = _append(kind=EntryKind.CLAIM_REFUND, amount=-amount, key=key, market_id=market_id, store=None,
                       business_date=business_date, order_ref=order_ref, tender_ref=tender_ref,
                       memo=memo or "클레임 환불(플랫폼 부담)")
    return entry


@transaction.atomic
def record_provider_fee(*, store: Store | None, tender_ref: str, amount: int, business_date: dt.date, key: str,
                        order_ref: str = "", market: Market | None = None, memo: str = "") -> LedgerEntry:
    """The payment provider's fee on a tender (card, 지역화폐, 온누리), charged to the party."""
    _positive(amount)
    market_id = _lock_party(store, market)
    entry, _ = _append(kind=EntryKind.PROVIDER_FEE, amount=-amount, key=key, market_id=market_id, store=store,
                       business_date=business_date, order_ref=order_ref, tender_ref=tender_ref, memo=memo)
    return entry


REVERSIBLE = frozenset({EntryKind.CAPTURE, EntryKind.PROVIDER_FEE}) | REFUND_KINDS


@transaction.atomic
def reverse_entry(entry: LedgerEntry, memo: str, *, business_date: dt.date | None = None) -> LedgerEntry:
    """Undo `entry` with a `correction` of the opposite amount, dated `business_date` (default
    today: a closed period is never rewritten).  Once per entry: reversing it again returns the
    first correction.  Commission follows; commission lines themselves and payouts are not
    reversed by hand (they follow captures and refunds, and payout failures)."""
    if entry.kind not in REVERSIBLE:
        raise ValidationFailed(f"{entry.get_kind_display()} 기록은 직접 되돌릴 수 없습니다.", code="not_reversible")
    market_id = _lock_party(entry.store, entry.market)
    done = LedgerEntry.objects.filter(reverses=entry).first()
    if done is not None:
        return done
    if entry.kind == EntryKind.CAPTURE:
        net = _net_sales(selectors.order_balances(order_ref=entry.order_ref, store=entry.store, market_id=market_id))
        if net - entry.amount < 0:
            raise ValidationFailed("이 결제를 되돌리면 환불이 결제보다 많아집니다. 환불부터 되돌려 주세요.",
                                   code="refund_exceeds_captured")
    correction = _reverse(entry, memo=memo, business_date=business_date or btime.today(), market_id=market_id)
    if entry.kind in NET_SALE_KINDS:
        record_commission(entry=correction)
    return correction


def _reverse(entry: LedgerEntry, *, memo: str, business_date: dt.date, market_id: int) -> LedgerEntry:
    correction, _ = _append(kind=EntryKind.CORRECTION, amount=-entry.amount, key=f"reverse:{entry.pk}",
                            market_id=market_id, store=entry.store, business_date=business_date,
                            order_ref=entry.order_ref, tender_ref=entry.tender_ref, memo=memo, reverses=entry,
                            payout=entry.payout)
    return correction


# --- payouts through the provider's 지급대행 -------------------------------------------------------

def request_payout(*, store: Store, start: dt.date, end: dt.date, actor_label: str = "") -> Payout:
    """Ask the provider to pay `store` what is payable for the closed period [start, end].

    Idempotent per (store, period): a payout settles every day of the period to zero in the
    ledger, so asking again finds nothing left and returns the payout already made (or resends
    one still in flight with its own key).  Entries that arrive later for the period make it
    payable again, and the next request pays just those."""
    if start > end:
        raise ValidationFailed("기간이 올바르지 않습니다.", code="invalid_period")
    if end >= btime.today():
        raise ValidationFailed("아직 끝나지 않은 기간은 지급을 요청할 수 없어요.", code="period_open")
    payout, send = _open_payout(store=store, start=start, end=end, actor_label=actor_label)
    if send:
        _send(payout)
        payout.refresh_from_db()
    return payout


@transaction.atomic
def _open_payout(*, store: Store, start: dt.date, end: dt.date, actor_label: str) -> tuple[Payout, bool]:
    market_id = _lock_party(store, None)
    period = Payout.objects.filter(store=store, period_start=start, period_end=end)
    in_flight = period.filter(status=PayoutStatus.REQUESTED).first()
    if in_flight is not None:
        return in_flight, True
    days = selectors.day_balances(store=store, start=start, end=end)
    amount = sum(days.values())
    if amount <= 0:
        latest = period.exclude(status=PayoutStatus.FAILED).order_by("-pk").first()
        if latest is not None:
            return latest, False
        raise ValidationFailed("지급할 금액이 없어요.", code="nothing_to_pay")
    payout = Payout.objects.create(
        store=store, period_start=start, period_end=end, amount=amount, provider=get_payout_provider().name,
        idempotency_key=f"payout:{store.pk}:{start}:{end}:{period.count() + 1}", requested_by=actor_label[:50],
    )
    span = f"{start}" if start == end else f"{start}~{end}"
    for day, balance in sorted(days.items()):
        if balance:
            _append(kind=EntryKind.PAYOUT, amount=-balance, key=f"payout:{payout.pk}:{day}", market_id=market_id,
                    store=store, business_date=day, payout=payout, memo=f"{span} 정산 지급")
    return payout, True


def _send(payout: Payout) -> None:
    store = payout.store
    try:
        result = get_payout_provider().request_payout(PayoutRequest(
            seller_ref=store.bizno, seller_name=store.name, amount=payout.amount, period_start=payout.period_start,
            period_end=payout.period_end, idempotency_key=payout.idempotency_key,
            memo=f"장보기 정산 {payout.period_start}~{payout.period_end}",
        ))
    except PayoutError as exc:
        if exc.retryable:
            # Outcome unknown: the payout stays requested; asking again resends the same key.
            Payout.objects.filter(pk=payout.pk).update(failure_code=exc.code, failure_message=str(exc)[:200])
            return
        result = PayoutResult(PayoutOutcome.FAILED, failure_code=exc.code, failure_message=exc.message)
    apply_payout_result(payout=payout, result=result)


@transaction.atomic
def apply_payout_result(*, payout: Payout, result: PayoutResult) -> Payout:
    """Record the provider's answer (now, or later from its report): paid, still requested, or
    failed — a failed payout's ledger lines are reversed on their own days, so the period is
    payable again."""
    rows = Payout.objects.filter(pk=payout.pk)
    if result.outcome == PayoutOutcome.PAID:
        compare_and_set(rows, table=PAYOUT_TRANSITIONS, target=PayoutStatus.PAID,
                        provider_ref=result.provider_ref or None, completed_at=timezone.now())
    elif result.outcome == PayoutOutcome.REQUESTED:
        rows.filter(status=PayoutStatus.REQUESTED).update(provider_ref=result.provider_ref or None)
    elif compare_and_set(rows, table=PAYOUT_TRANSITIONS, target=PayoutStatus.FAILED, completed_at=timezone.now(),
                         failure_code=result.failure_code[:50], failure_message=result.failure_message[:200]):
        market_id = _lock_party(payout.store, None)
        for entry in LedgerEntry.objects.filter(payout=payout, kind=EntryKind.PAYOUT).order_by("pk"):
            _reverse(entry, memo=f"지급 실패로 되돌림 ({result.failure_code})", business_date=entry.business_date,
                     market_id=market_id)
    payout.refresh_from_db()
    return payout
