"""What the merchant's order pages show, computed from what the selectors loaded (no queries
of their own, except where noted): the day's board grouped by delivery slot, a part's lines
with their substitutes nested under them, and the substitutes a short line could get."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import (
    SETTLED_LINE_STATUSES,
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    OrderLine,
    ProposalStatus,
    Substitution,
)

COUNTED = (MerchantOrderStatus.NEW, MerchantOrderStatus.PICKING, MerchantOrderStatus.READY)
EDITABLE = (MerchantOrderStatus.NEW, MerchantOrderStatus.PICKING)


# --- the day's board ----------------------------------------------------------------------

@dataclass
class SlotGroup:
    start: dt.time
    end: dt.time
    parts: list[MerchantOrder] = field(default_factory=list)


@dataclass
class Board:
    groups: list[SlotGroup]
    counts: dict[str, int]

    @property
    def new_count(self) -> int:
        return self.counts[MerchantOrderStatus.NEW]

    @property
    def is_empty(self) -> bool:
        return not self.groups


def board(parts: list[MerchantOrder]) -> Board:
    """Parts (already ordered by slot) grouped by their delivery slot, and counts by status."""
    groups: list[SlotGroup] = []
    counts = dict.fromkeys(MerchantOrderStatus.values, 0)
    for part in parts:
        counts[part.status] += 1
        order = part.order
        if not groups or (groups[-1].start, groups[-1].end) != (order.slot_start, order.slot_end):
            groups.append(SlotGroup(order.slot_start, order.slot_end))
        groups[-1].parts.append(part)
    return Board(groups, counts)


def day_tabs(today: dt.date, selected: dt.date) -> list[dict]:
    return [
        {"label": label, "date": day, "is_on": day == selected}
        for label, day in (("오늘", today), ("내일", today + dt.timedelta(days=1)))
    ]


def short_number(number: str) -> str:
    """"261126-04817263" -> "7263": what the merchant calls out at the stall."""
    return number[-4:]


def masked_name(name: str) -> str:
    """"김순자" -> "김**": the surname is enough to tell orders apart."""
    name = (name or "").strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else "고객"


# --- one part -----------------------------------------------------------------------------

@dataclass
class Row:
    """A line as the merchant sees it, with the substitutes the customer approved under it."""

    line: OrderLine
    children: list[OrderLine] = field(default_factory=list)

    @property
    def refund(self) -> int:
        if self.line.status in (LineStatus.SHORT, LineStatus.REFUNDED):
            return self.line.ordered_total - self.line.line_total
        return 0

    @property
    def weight_refund(self) -> int:
        if self.line.status == LineStatus.PICKED and self.line.sold_by_weight:
            return self.line.ordered_total - self.line.line_total
        return 0

    @property
    def expected_grams(self) -> int | None:
        grams = self.line.estimated_grams
        return grams * self.line.quantity if grams else None

    @property
    def proposal(self):
        """The latest proposal (prefetched, newest first)."""
        proposals = list(self.line.proposals.all())
        return proposals[0] if proposals else None

    @property
    def pending_proposal(self):
        proposal = self.proposal
        return proposal if proposal and proposal.status == ProposalStatus.PENDING else None

    @property
    def moved_to(self) -> list[OrderLine]:
        """Where a moved line went (lines of other stores' parts that replace it)."""
        if self.line.status != LineStatus.MOVED:
            return []
        return [ln for ln in self.line.replacements.all()
                if ln.merchant_order_id != self.line.merchant_order_id]

    @property
    def can_change(self) -> bool:
        """The services still accept 담았어요 / 부족해요 on it (while the part is open)."""
        return self.line.status in (LineStatus.PENDING, LineStatus.PICKED)

    @property
    def is_moved_in(self) -> bool:
        """Moved here from another store (its original is in another part)."""
        return self.line.replaces_id is not None


def rows(part: MerchantOrder) -> list[Row]:
    lines = list(part.lines.all())
    ids = {ln.pk for ln in lines}
    by_id: dict[int, Row] = {}
    result: list[Row] = []
    for line in lines:
        if line.replaces_id in ids:
            by_id[line.replaces_id].children.append(line)
        else:
            by_id[line.pk] = Row(line)
            result.append(by_id[line.pk])
    return result


def row_for(part: MerchantOrder, line_id: int) -> Row:
    """The row showing `line_id` (its own, or its original's when it is a substitute)."""
    for row in rows(part):
        if row.line.pk == line_id or any(child.pk == line_id for child in row.children):
            return row
    raise LookupError(line_id)


@dataclass
class Amounts:
    ordered: int
    now: int

    @property
    def refund(self) -> int:
        return max(0, self.ordered - self.now)


def amounts(part: MerchantOrder) -> Amounts:
    """What this store's part was ordered for (its own lines, and lines moved in from other
    stores) against what it comes to now."""
    return Amounts(ordered=sum(row.line.ordered_total for row in rows(part)), now=part.items_total)


def part_context(part: MerchantOrder, **extra) -> dict:
    return {
        "part": part, "order": part.order, "store": part.store, "rows": rows(part),
        "amounts": amounts(part), "editable": part.status in EDITABLE,
        "proposal_minutes": settings.JANGBOGI_SUBSTITUTION_TIMEOUT_MINUTES,
        "unsettled": sum(1 for ln in part.lines.all() if ln.status not in SETTLED_LINE_STATUSES),
        "slot_label": f"{btime.format_date_ko(part.order.slot_date)} "
                      f"{part.order.slot_start:%H:%M}–{part.order.slot_end:%H:%M}",
        **extra,
    }


# --- a short line's form ------------------------------------------------------------------

@dataclass
class Candidate:
    product: object
    quantity: int
    total: int
    difference: int  # against what the missing units cost; negative = cheaper
    fits: bool       # within what the customer paid


@dataclass
class ShortPlan:
    """The "부족해요" form for one line at a given available quantity."""

    line: OrderLine
    available: int
    candidates: list[Candidate]

    @property
    def missing(self) -> int:
        return self.line.quantity - self.available

    @property
    def missing_amount(self) -> int:
        return self.line.line_total - min(self.line.ordered_total, self.available * self.line.unit_price)

    @property
    def max_available(self) -> int:
        return self.line.quantity - 1

    @property
    def kind(self) -> str:
        return {Substitution.SIMILAR_SAME_STORE: "similar",
                Substitution.SAME_ITEM_OTHER_STORE: "other_store"}.get(self.line.substitution, "refund")


def short_plan(line: OrderLine, available: int) -> ShortPlan:
    """Queries this store's products when the customer allows a similar item."""
    available = max(0, min(available, line.quantity - 1))
    plan = ShortPlan(line, available, [])
    if plan.kind == "similar":
        order = line.merchant_order.order
        room = order.paid_amount - order.total + plan.missing_amount
        for product in orders.substitute_candidates(line=line):
            total = product.price * plan.missing
            plan.candidates.append(Candidate(product, plan.missing, total, total - plan.missing_amount,
                                             fits=total <= room))
    return plan


def local_hhmm(value: dt.datetime) -> str:
    return f"{timezone.localtime(value, btime.SEOUL):%H:%M}"
