"""Reads of claims, always scoped: a market's console, one customer's order."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from jangbogi.orders.models import Order

from . import rules
from .models import OPEN_STATUSES, Claim, ClaimEvent, ClaimPhoto, ClaimStatus

# Console order: claims waiting for a person by SLA deadline (overdue first), then approved
# claims whose refund is still pending, then the closed ones, newest first.
_BUCKET = Case(When(status=ClaimStatus.IN_REVIEW, then=Value(0)), When(status=ClaimStatus.APPROVED, then=Value(1)),
               default=Value(2), output_field=IntegerField())

FILTERS = {"open": OPEN_STATUSES, "all": None}


def claims_for_market(*, market, show: str = "open") -> QuerySet[Claim]:
    qs = Claim.objects.filter(market=market)
    statuses = FILTERS.get(show, FILTERS["open"])
    if statuses:
        qs = qs.filter(status__in=statuses)
    return (qs.select_related("order", "line", "line__merchant_order__store")
            .annotate(bucket=_BUCKET).order_by("bucket", "sla_due_at", "-created_at", "-pk"))


def claim_for_market(*, market, claim_id: int) -> Claim | None:
    return (Claim.objects.filter(market=market, pk=claim_id)
            .select_related("order", "line", "line__merchant_order__store", "redelivery_order", "decided_by")
            .prefetch_related("photos", Prefetch("events", queryset=ClaimEvent.objects.order_by("created_at", "pk")))
            .first())


def claim_photo_for_market(*, market, claim_id: int, photo_id: int) -> ClaimPhoto | None:
    return ClaimPhoto.objects.filter(pk=photo_id, claim_id=claim_id, claim__market=market).first()


def claims_for_order(*, order: Order) -> QuerySet[Claim]:
    return Claim.objects.filter(order=order).select_related("line", "redelivery_order").order_by("created_at", "pk")


def open_count_for_market(*, market) -> int:
    """Claims still waiting for a person or for their refund (the console's tab count)."""
    return Claim.objects.filter(market=market, status__in=OPEN_STATUSES).count()


def order_claim_lines(*, order: Order, now) -> dict:
    """What the order page shows: per delivered line, whether it can be reported and its claims."""
    closes_at = rules.window_closes_at(order)
    is_open = closes_at is not None and now < closes_at
    claims = list(claims_for_order(order=order))
    lines = []
    for part in order.merchant_orders.all():
        for line in part.lines.all():
            mine = [c for c in claims if c.line_id == line.pk]
            can = is_open and not any(c.is_open for c in mine) and rules.claimable_quantity(line, claims=mine) > 0
            if mine or can:
                lines.append({"line": line, "store": part.store, "claims": mine, "can_claim": can})
    return {"window_open": is_open, "closes_at": closes_at, "lines": lines}
