"""The claim rules, as reads: the window, what a line can still be claimed for, the
market's policy, and whether a new claim needs a person to look at it."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, Sum

from jangbogi.core.money import won
from jangbogi.orders.models import LineStatus, Order, OrderEvent, OrderLine, OrderStatus

from .models import Claim, ClaimPolicy, ClaimStatus

DEFAULT_WINDOW_HOURS = 24


def window_hours() -> int:
    return int(getattr(settings, "JANGBOGI_CLAIM_WINDOW_HOURS", DEFAULT_WINDOW_HOURS))


def delivered_at(order: Order) -> dt.datetime | None:
    """When the order's DELIVERED event was written (None: not delivered)."""
    if order.status != OrderStatus.DELIVERED:
        return None
    return (OrderEvent.objects.filter(order=order, to_status=OrderStatus.DELIVERED)
            .order_by("-created_at", "-pk").values_list("created_at", flat=True).first())


def window_closes_at(order: Order) -> dt.datetime | None:
    at = delivered_at(order)
    return None if at is None else at + dt.timedelta(hours=window_hours())


def window_open(order: Order, *, now: dt.datetime) -> bool:
    """Open from delivery until (excluding) delivery + the window."""
    closes = window_closes_at(order)
    return closes is not None and now < closes


def delivered_quantity(line: OrderLine) -> int:
    """Units of the line that reached the customer (picked; a line never picked sent none)."""
    if line.picked_quantity is not None:
        return line.picked_quantity
    return line.quantity if line.status == LineStatus.PICKED else 0


def claimable_quantity(line: OrderLine, *, claims: Iterable[Claim] | None = None) -> int:
    """Delivered units not yet covered by a claim (rejected claims give theirs back).
    `claims`: the line's claims, when the caller has them loaded already."""
    if claims is None:
        taken = (Claim.objects.filter(line=line).exclude(status=ClaimStatus.REJECTED)
                 .aggregate(n=Sum("quantity"))["n"] or 0)
    else:
        taken = sum(c.quantity for c in claims if c.status != ClaimStatus.REJECTED)
    return max(0, delivered_quantity(line) - taken)


def refundable_left(line: OrderLine) -> int:
    """The line's paid amount less what claims have already decided to refund."""
    decided = (Claim.objects.filter(line=line, status__in=[ClaimStatus.APPROVED, ClaimStatus.RESOLVED])
               .aggregate(n=Sum("refund_amount"))["n"] or 0)
    return max(0, line.line_total - decided)


def claimed_amount(line: OrderLine, quantity: int) -> int:
    """What `quantity` delivered units cost, pro rata of the line's paid amount (floored; the
    whole delivered quantity is exactly the line's amount), within what is left to refund."""
    delivered = delivered_quantity(line)
    if delivered <= 0:
        return 0
    return min(refundable_left(line), line.line_total * min(quantity, delivered) // delivered)


def tax_free_part(line: OrderLine, amount: int) -> int:
    return amount if line.vat_class == "exempt" else 0


def policy_for(market) -> ClaimPolicy:
    """The market's policy, or an unsaved one with the defaults."""
    return ClaimPolicy.objects.filter(market=market).first() or ClaimPolicy(market=market)


@dataclass(frozen=True)
class Routing:
    review: bool
    reason: str  # why a person must decide ("" when instant)


def recent_claims(*, customer_id: int | None, phone: str, since: dt.datetime) -> int:
    """Claims filed since `since` by the same customer: their account, or the phone a guest
    ordered with."""
    who = Q(phone=phone)
    if customer_id:
        who |= Q(customer_id=customer_id)
    return Claim.objects.filter(who, created_at__gte=since).count()


def route(*, policy: ClaimPolicy, amount: int, customer_id: int | None, phone: str, now: dt.datetime) -> Routing:
    """Instant refund when the amount is within the market's limit (`policy_for(market)`) and
    the customer has not claimed often lately; otherwise review."""
    count = recent_claims(customer_id=customer_id, phone=phone,
                          since=now - dt.timedelta(days=policy.abuse_days))
    if count >= policy.abuse_claims:
        return Routing(True, f"최근 {policy.abuse_days}일 동안 신고 {count}건 (잦은 신고 확인)")
    if amount <= 0:
        return Routing(True, "환불할 금액이 남지 않음 (다시 배송 여부 확인)")
    if amount > policy.instant_refund_limit:
        return Routing(True, f"신고 금액 {won(amount)}이 바로 환불 한도 {won(policy.instant_refund_limit)}을 넘음")
    return Routing(False, "")
