"""Staff decisions on a claim in review: refund within the line's paid amount less what was
already refunded, redelivery as a 0원 order in the next open slot, both, or rejection with a
reason; the cost bearer is recorded; deciding twice refunds once."""

import datetime as dt

import pytest

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimPolicy, ClaimStatus
from jangbogi.core.errors import Conflict, ValidationFailed
from jangbogi.markets.models import SlotBooking
from jangbogi.notifications.models import Notification
from jangbogi.orders.models import Order, OrderStatus
from jangbogi.payments.models import CancelKind, PaymentCancel
from tests.claims.builders import line_named, png, snapshot, soon_after_delivery
from tests.factories import UserFactory


@pytest.fixture
def in_review(delivered, market):
    """고등어 (8,000원) damaged, in review (the market refunds nothing instantly)."""
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    return claims.file_claim(order=delivered, line_id=line_named(delivered, "고등어").pk, reason="damaged",
                             quantity=1, photos=[png()], now=soon_after_delivery(delivered))


@pytest.fixture
def staff():
    return UserFactory(name="이센터")


def test_refund_within_the_cap_records_the_bearer(in_review, staff):
    claim = claims.decide_claim(claim=in_review, remedy="refund", refund_amount=5000, bearer="store", actor=staff)

    assert (claim.status, claim.refund_amount, claim.refunded_amount, claim.bearer) == ("resolved", 5000, 5000,
                                                                                       "store")
    assert claim.decided_by == staff and not claim.auto_decided
    cancel = PaymentCancel.objects.get(kind=CancelKind.CLAIM)
    assert (cancel.amount, cancel.bearer) == (5000, "store")
    history = list(claim.events.values_list("actor_label", "to_status"))
    assert history[-2:] == [("이센터", "approved"), ("이센터", "resolved")]
    assert "5,000원" in Notification.objects.get(template="claim_decided", text__contains="처리했어요").text


def test_refund_above_the_line_amount_is_refused_and_nothing_changes(in_review, staff):
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        claims.decide_claim(claim=in_review, remedy="refund", refund_amount=8001, bearer="store", actor=staff)
    assert "8,000원까지" in caught.value.details["errors"]["refund_amount"]
    assert snapshot() == before


def test_the_cap_subtracts_what_earlier_claims_refunded(delivered, market, staff):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    line = line_named(delivered, "애호박")  # 2 × 1,500
    first = claims.file_claim(order=delivered, line_id=line.pk, reason="missing", quantity=1,
                              now=soon_after_delivery(delivered))
    claims.decide_claim(claim=first, remedy="refund", refund_amount=2000, bearer="store", actor=staff)
    second = claims.file_claim(order=delivered, line_id=line.pk, reason="missing", quantity=1,
                               now=soon_after_delivery(delivered))

    with pytest.raises(ValidationFailed) as caught:
        claims.decide_claim(claim=second, remedy="refund", refund_amount=1001, bearer="store", actor=staff)
    assert "1,000원까지" in caught.value.details["errors"]["refund_amount"]
    claims.decide_claim(claim=second, remedy="refund", refund_amount=1000, bearer="platform", actor=staff)
    assert sum(PaymentCancel.objects.values_list("amount", flat=True)) == 3000


def test_reject_needs_a_reason_and_tells_the_customer(in_review, staff):
    with pytest.raises(ValidationFailed):
        claims.reject_claim(claim=in_review, reason="  ", actor=staff)

    claim = claims.reject_claim(claim=in_review, reason="사진으로는 파손이 보이지 않아요", actor=staff)

    assert (claim.status, claim.reject_reason) == (ClaimStatus.REJECTED, "사진으로는 파손이 보이지 않아요")
    assert not PaymentCancel.objects.exists()
    assert "사진으로는 파손이 보이지 않아요" in Notification.objects.get(text__contains="어려워요").text


def test_deciding_twice_refunds_once(in_review, staff):
    claims.decide_claim(claim=in_review, remedy="refund", refund_amount=8000, bearer="store", actor=staff)
    before = snapshot()

    with pytest.raises(Conflict):
        claims.decide_claim(claim=in_review, remedy="refund", refund_amount=8000, bearer="store", actor=staff)
    with pytest.raises(Conflict):
        claims.reject_claim(claim=in_review, reason="중복", actor=staff)

    assert snapshot() == before
    assert PaymentCancel.objects.count() == 1


def test_completing_again_does_not_refund_again(in_review, staff):
    claim = claims.decide_claim(claim=in_review, remedy="refund", refund_amount=8000, bearer="store", actor=staff)
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.APPROVED, refunded_amount=0)  # as if a crash

    claim = claims.complete_claim(claim=claim)

    assert claim.status == ClaimStatus.RESOLVED and claim.refunded_amount == 8000
    assert PaymentCancel.objects.count() == 1


def test_redelivery_is_a_free_order_in_the_next_open_slot(in_review, staff, delivered):
    # Delivered today (real clock); the next open slot is whatever markets.slots says now.
    from jangbogi.markets import slots

    expected = slots.next_slot(delivered.market)
    bookings = sum(SlotBooking.objects.values_list("booked", flat=True))

    claim = claims.decide_claim(claim=in_review, remedy="redeliver", bearer="platform", actor=staff)

    follow = claim.redelivery_order
    assert claim.status == ClaimStatus.RESOLVED and claim.bearer == "platform" and claim.refunded_amount == 0
    assert follow.status == OrderStatus.PAID
    assert (follow.total, follow.items_total, follow.delivery_fee, follow.paid_amount) == (0, 0, 0, 0)
    assert (follow.slot_date, follow.slot_start) == (expected.date, expected.start)
    assert (follow.address, follow.phone, follow.customer_id) == (delivered.address, delivered.phone,
                                                                  delivered.customer_id)
    lines = [(ln.product_name, ln.quantity, ln.line_total) for part in follow.merchant_orders.all()
             for ln in part.lines.all()]
    assert lines == [("고등어", 1, 0)]
    assert follow.merchant_orders.get().store.name == "바다 수산"
    assert sum(SlotBooking.objects.values_list("booked", flat=True)) == bookings + 1
    assert not PaymentCancel.objects.exists()
    assert follow.number in Notification.objects.get(template="claim_decided", text__contains="다시 보내").text


def test_both_refunds_and_redelivers(in_review, staff):
    claim = claims.decide_claim(claim=in_review, remedy="both", refund_amount=3000, bearer="store", actor=staff)

    assert claim.refunded_amount == 3000 and claim.redelivery_order is not None
    assert Order.objects.count() == 2


def test_a_provider_failure_leaves_the_claim_approved_and_retry_completes_it(in_review, staff, monkeypatch):
    from jangbogi.core.errors import PaymentDeclined

    def refuse(**_):
        raise PaymentDeclined("취소 거절", code="cancel_failed")

    monkeypatch.setattr(claims.tenders, "refund_claim", refuse)
    claim = claims.decide_claim(claim=in_review, remedy="refund", refund_amount=8000, bearer="store", actor=staff)
    assert claim.status == ClaimStatus.APPROVED and claim.events.filter(note__startswith="환불 실패").exists()

    monkeypatch.undo()
    claim = claims.complete_claim(claim=claim, actor=staff)
    assert claim.status == ClaimStatus.RESOLVED and PaymentCancel.objects.get().amount == 8000


def test_sla_is_only_for_claims_in_review(delivered):
    claim = claims.file_claim(order=delivered, line_id=line_named(delivered, "고등어").pk, reason="missing",
                              quantity=1, now=soon_after_delivery(delivered))
    assert claim.status == ClaimStatus.RESOLVED and claim.sla_due_at is None
    assert isinstance(soon_after_delivery(delivered), dt.datetime)
