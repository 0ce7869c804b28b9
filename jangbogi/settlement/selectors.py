"""Reads of the ledger, always for one store: periods, the commission rate in force and the
statement (one query for the entries, one for the rate, one for the period's payouts)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from jangbogi.markets.models import Store
from jangbogi.settlement.models import (
    DEFAULT_COMMISSION_BP,
    CommissionRate,
    EntryKind,
    LedgerEntry,
    Payout,
)

Period = Literal["day", "week"]

REFUND_KINDS = frozenset({EntryKind.REFUND, EntryKind.CLAIM_REFUND})
COMMISSION_KINDS = frozenset({EntryKind.COMMISSION, EntryKind.COMMISSION_REVERSAL})
# What a store sold, net: the base of its commission.
NET_SALE_KINDS = frozenset({EntryKind.CAPTURE}) | REFUND_KINDS


def period_bounds(period: Period, day: dt.date) -> tuple[dt.date, dt.date]:
    """The day itself, or its week from Monday to Sunday."""
    if period == "day":
        return day, day
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    raise ValueError(f"unknown period {period!r}")


def rate_in_force(market_id: int, day: dt.date) -> int:
    """The market's commission in basis points on `day` (the default 1 % without a row)."""
    rate = (CommissionRate.objects.filter(market_id=market_id, effective_from__lte=day)
            .order_by("-effective_from").values_list("rate_bp", flat=True).first())
    return DEFAULT_COMMISSION_BP if rate is None else rate


def rate_label(rate_bp: int) -> str:
    """100 -> "1%", 150 -> "1.5%"."""
    return f"{rate_bp / 100:g}%"


def category_totals(rows: Iterable[tuple[str, str | None, int]]) -> dict[str, int]:
    """Σ amount by statement category from (kind, reversed entry's kind, amount) rows: a
    correction counts in the category of the entry it reverses."""
    totals = dict.fromkeys(EntryKind.values, 0)
    for kind, reversed_kind, amount in rows:
        totals[reversed_kind if kind == EntryKind.CORRECTION and reversed_kind else kind] += amount
    return totals


@dataclass(frozen=True)
class StatementLine:
    business_date: dt.date
    kind: str
    label: str          # "결제", "환불", … ("정정: 결제" for a correction)
    category: str
    order_ref: str
    amount: int
    memo: str


@dataclass(frozen=True)
class Statement:
    """A store's account for [start, end].  All amounts are won; refunds, commission, fees and
    payouts are shown positive (what was taken off).  `payable` is what is still to be paid
    for the period: captured − refunds − commission − fees − payouts (requested or paid)."""

    store: Store
    start: dt.date
    end: dt.date
    captured: int
    refunds: int
    commission: int
    fees: int
    payouts: int
    lines: tuple[StatementLine, ...]
    rate_bp: int
    payout_records: tuple[Payout, ...] = ()

    @property
    def payable(self) -> int:
        return self.captured - self.refunds - self.commission - self.fees - self.payouts

    @property
    def net_sales(self) -> int:
        return self.captured - self.refunds

    @property
    def rate_label(self) -> str:
        return rate_label(self.rate_bp)

    @property
    def summary(self) -> tuple[tuple[str, int], ...]:
        """The totals as (label, signed won) rows, as the page shows and the export writes them."""
        return (
            ("결제된 금액", self.captured),
            ("환불", -self.refunds),
            (f"중개 수수료 ({self.rate_label})", -self.commission),
            ("결제 수수료", -self.fees),
            ("지급(요청 포함)", -self.payouts),
        )

    def is_closed(self, today: dt.date) -> bool:
        """Payouts are asked for closed periods only: the last day is over."""
        return self.end < today


def _line(entry: LedgerEntry) -> StatementLine:
    label = entry.get_kind_display()
    if entry.kind == EntryKind.CORRECTION and entry.reverses is not None:
        label = f"정정: {entry.reverses.get_kind_display()}"
    return StatementLine(business_date=entry.business_date, kind=entry.kind, label=label,
                         category=entry.category, order_ref=entry.order_ref, amount=entry.amount,
                         memo=entry.memo)


def statement(store: Store, start: dt.date, end: dt.date) -> Statement:
    if start > end:
        raise ValueError("start must not be after end")
    entries = (LedgerEntry.objects.filter(store=store, business_date__range=(start, end))
               .select_related("reverses").order_by("business_date", "pk"))
    lines = tuple(_line(e) for e in entries)
    totals = category_totals((line.kind, line.category, line.amount) for line in lines)
    payouts = Payout.objects.filter(store=store, period_start__lte=end, period_end__gte=start)
    return Statement(
        store=store, start=start, end=end,
        captured=totals[EntryKind.CAPTURE],
        refunds=-sum(totals[k] for k in REFUND_KINDS),
        commission=-sum(totals[k] for k in COMMISSION_KINDS),
        fees=-totals[EntryKind.PROVIDER_FEE],
        payouts=-totals[EntryKind.PAYOUT],
        lines=lines, rate_bp=rate_in_force(store.market_id, end),
        payout_records=tuple(payouts.order_by("-requested_at", "-pk")),
    )


def order_balances(*, order_ref: str, store: Store | None, market_id: int) -> dict[str, int]:
    """Σ amount by category of one party's entries for one order (store None: the market's
    delivery center)."""
    entries = LedgerEntry.objects.filter(order_ref=order_ref, market_id=market_id)
    entries = entries.filter(store=store) if store is not None else entries.filter(store__isnull=True)
    return category_totals(entries.values_list("kind", "reverses__kind", "amount"))


def day_balances(*, store: Store, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """What each day of [start, end] still owes the store (Σ of its entries, payouts included)."""
    balances: dict[dt.date, int] = {}
    for day, amount in LedgerEntry.objects.filter(store=store, business_date__range=(start, end)) \
            .values_list("business_date", "amount"):
        balances[day] = balances.get(day, 0) + amount
    return balances
