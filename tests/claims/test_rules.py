"""The rules: an instant refund up to the market's limit, review above it or for a customer
who claimed often lately (the abuse guard), with the SLA deadline from the policy."""

import datetime as dt

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimEvent, ClaimPolicy, ClaimStatus
from jangbogi.notifications.models import Notification
from jangbogi.orders import services as ordering
from jangbogi.payments.models import Bearer, CancelKind, Payment, PaymentCancel
from tests.claims.builders import deliver, line_named, png, soon_after_delivery
from tests.conftest import MORNING, delivery_details
from tests.orders.order_builders import cart_with

MACKEREL_STORE = "바다 수산"


def _file(order, name, *, reason="damaged", quantity=1, now=None, **extra):
    return claims.file_claim(order=order, line_id=line_named(order, name).pk, reason=reason, quantity=quantity,
                             photos=[png()] if reason != "missing" else [],
                             now=now or soon_after_delivery(order), **extra)


def test_under_the_limit_is_refunded_at_once_to_the_store_tender(delivered):
    claim = _file(delivered, "고등어")  # 8,000원 ≤ 20,000원 (the default limit)

    assert (claim.status, claim.auto_decided, claim.remedy) == (ClaimStatus.RESOLVED, True, "refund")
    assert (claim.claimed_amount, claim.refund_amount, claim.refunded_amount) == (8000, 8000, 8000)
    assert claim.bearer == "platform"  # the default policy: small instant refunds are on the platform
    cancel = PaymentCancel.objects.get(kind=CancelKind.CLAIM)
    assert (cancel.amount, cancel.bearer, cancel.status) == (8000, Bearer.PLATFORM, "done")
    assert cancel.payment.store.name == MACKEREL_STORE
    assert cancel.idempotency_key.startswith(f"claim:{claim.pk}:refund")
    assert list(claim.events.values_list("to_status", flat=True)) == ["in_review", "approved", "resolved"]
    note = Notification.objects.filter(template="claim_decided").get()
    assert "8,000원" in note.text and note.to_phone == delivered.phone


def test_exempt_goods_refund_as_tax_free(delivered):
    line = line_named(delivered, "애호박")
    assert line.vat_class == "exempt"

    _file(delivered, "애호박", quantity=2)

    cancel = PaymentCancel.objects.get(kind=CancelKind.CLAIM)
    assert (cancel.amount, cancel.tax_free_amount) == (3000, 3000)


def test_over_the_limit_waits_for_review_with_the_policy_sla(delivered, market):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=5000, review_sla_minutes=90)
    now = soon_after_delivery(delivered)

    claim = _file(delivered, "고등어", now=now)

    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.sla_due_at == now + dt.timedelta(minutes=90)
    assert "한도 5,000원" in claim.review_reason
    assert not PaymentCancel.objects.exists()
    assert Payment.objects.filter(canceled_amount__gt=0).count() == 0


def test_default_sla_is_two_hours(delivered, market):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    now = soon_after_delivery(delivered)

    claim = _file(delivered, "애호박", now=now)

    assert claim.sla_due_at == now + dt.timedelta(hours=2)


def _other_delivered(market, product, key):
    order = ordering.checkout(cart=cart_with(market, product, 1), details=delivery_details(market),
                              idempotency_key=key, now=MORNING)
    return deliver(order, market)


def test_abuse_guard_sends_a_small_claim_to_review(delivered, market):
    """Three claims by the same phone within 30 days: the fourth goes to review, however small."""
    zucchini = line_named(delivered, "애호박").product
    earlier = [_other_delivered(market, zucchini, f"earlier-{i}") for i in range(3)]
    for order in earlier:
        assert _file(order, "애호박").status == ClaimStatus.RESOLVED

    claim = _file(delivered, "애호박")

    assert claim.status == ClaimStatus.IN_REVIEW
    assert "최근 30일 동안 신고 3건" in claim.review_reason
    assert ClaimEvent.objects.filter(claim=claim, note__startswith="검토로 보냄").exists()


def test_claims_older_than_the_abuse_period_do_not_count(delivered, market):
    zucchini = line_named(delivered, "애호박").product
    for i in range(3):
        _file(_other_delivered(market, zucchini, f"old-{i}"), "애호박")
    Claim.objects.update(created_at=soon_after_delivery(delivered) - dt.timedelta(days=31))

    assert _file(delivered, "애호박").status == ClaimStatus.RESOLVED
