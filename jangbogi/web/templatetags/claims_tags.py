"""Template helpers for claims: the SLA line of the console and the claims on an order page."""

from django import template

from jangbogi.claims import selectors as claims_read
from jangbogi.core import time as btime

register = template.Library()


@register.simple_tag
def sla(claim, now) -> dict:
    """{"overdue": bool, "label": "기한 15분 지남" / "1시간 5분 남음" / ""}."""
    if claim.status != "in_review" or claim.sla_due_at is None:
        return {"overdue": False, "label": ""}
    if claim.sla_due_at <= now:
        return {"overdue": True, "label": f"기한 {btime.format_duration_ko(now - claim.sla_due_at)} 지남"}
    return {"overdue": False, "label": f"{btime.format_duration_ko(claim.sla_due_at - now)} 남음"}


@register.simple_tag
def order_claims(order) -> dict:
    """The order page's claim section: per line, whether it can be reported and its claims."""
    return claims_read.order_claim_lines(order=order, now=btime.now())
