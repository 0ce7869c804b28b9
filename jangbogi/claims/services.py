"""Claim use cases: file (with the rules deciding instant refund or review), decide (staff),
complete (refund to the original tenders after the decision is committed).

Every status change is a compare-and-set plus a ClaimEvent.  Money moves only through
`orders.tenders.refund_claim`, idempotent by `claim:<pk>:refund`, and only after the decision
is committed: a failed refund leaves the claim approved with the failure in its history, and
`complete_claim` may be called again."""

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from jangbogi.catalog.photos import prepare_photo
from jangbogi.core import time as btime
from jangbogi.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from jangbogi.core.money import won
from jangbogi.core.states import compare_and_set
from jangbogi.notifications import services as notifications
from jangbogi.orders import redelivery, tenders
from jangbogi.orders.models import Order, OrderLine

from . import rules
from .models import (
    CLAIM_TRANSITIONS,
    PHOTO_OPTIONAL,
    Bearer,
    Claim,
    ClaimEvent,
    ClaimPhoto,
    ClaimStatus,
    Reason,
    Remedy,
)

SYSTEM = "시스템"
MAX_PHOTOS = 3
MAX_DESCRIPTION = 500
PHOTOS_REQUIRED = "사진을 1장 이상 올려 주세요. 문제가 보이게 찍어 주시면 빨리 처리해 드려요."
TOO_MANY_PHOTOS = f"사진은 {MAX_PHOTOS}장까지 올릴 수 있어요."
REFUND_REMEDIES = (Remedy.REFUND, Remedy.BOTH)
REDELIVER_REMEDIES = (Remedy.REDELIVER, Remedy.BOTH)


def _user(actor):
    """The acting user, or None for the system and for anonymous visitors (guests)."""
    return actor if actor is not None and actor.is_authenticated else None


def _record(claim: Claim, *, note: str, actor=None, from_status: str = "", to_status: str = "") -> None:
    user = _user(actor)
    ClaimEvent.objects.create(claim=claim, from_status=from_status, to_status=to_status, note=note[:300],
                              actor=user, actor_label=user.display_name() if user else SYSTEM)


def _move(claim: Claim, *, target: str, note: str, actor=None, **fields) -> bool:
    """Compare-and-set `claim` to `target` with its event; False when another request moved it."""
    source = claim.status
    if not compare_and_set(Claim.objects.filter(pk=claim.pk, status=source), table=CLAIM_TRANSITIONS,
                           target=target, **fields):
        return False
    _record(claim, note=note, actor=actor, from_status=source, to_status=target)
    claim.refresh_from_db()
    return True


# --- filing --------------------------------------------------------------------------------

def _to_int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _check_photos(reason: str, photos: list) -> tuple[list[bytes], str]:
    if len(photos) > MAX_PHOTOS:
        return [], TOO_MANY_PHOTOS
    if not photos and reason not in PHOTO_OPTIONAL and reason in Reason.values:
        return [], PHOTOS_REQUIRED
    prepared = []
    for upload in photos:
        try:
            prepared.append(prepare_photo(upload))
        except ValidationFailed as exc:
            return [], exc.message
    return prepared, ""


def _check_filing(order: Order, line: OrderLine, *, reason: str, quantity, description: str,
                  photos: list) -> tuple[int, list[bytes]]:
    errors: dict[str, str] = {}
    if reason not in Reason.values:
        errors["reason"] = "어떤 문제인지 골라 주세요."
    qty = _to_int(quantity)
    left = rules.claimable_quantity(line)
    if left <= 0:
        errors["quantity"] = "이 상품은 이미 모두 신고했어요."
    elif qty is None or not 1 <= qty <= left:
        errors["quantity"] = f"수량은 1개부터 {left}개까지 적을 수 있어요."
    if len(description.strip()) > MAX_DESCRIPTION:
        errors["description"] = f"{MAX_DESCRIPTION}자 이내로 적어 주세요."
    prepared, photo_error = _check_photos(reason, photos)
    if photo_error:
        errors["photos"] = photo_error
    if errors:
        raise ValidationFailed("신고 내용을 확인해 주세요.", errors=errors)
    return qty, prepared


def claim_line(*, order: Order, line_id) -> OrderLine:
    line = OrderLine.objects.filter(pk=_to_int(line_id) or 0, merchant_order__order=order) \
        .select_related("merchant_order", "merchant_order__store").first()
    if line is None:
        raise NotFound("이 주문에 없는 상품입니다.", code="line_not_found")
    return line


def file_claim(*, order: Order, line_id, reason: str, quantity, description: str = "", photos=(),
               submit_key: str = "", actor=None, now: dt.datetime | None = None) -> Claim:
    """A customer's report on one delivered line, within the window.  The rules approve and
    refund it at once, or send it to review with an SLA deadline.  The same `submit_key`
    returns the same claim (a double submit files once)."""
    now = now or btime.now()
    if submit_key and (existing := Claim.objects.filter(submit_key=submit_key, order=order).first()):
        return existing
    if not rules.window_open(order, now=now):
        raise ValidationFailed(f"배송 완료 후 {rules.window_hours()}시간 안에만 문제를 신고할 수 있어요. "
                               "고객센터로 문의해 주세요.", code="claim_window_closed")
    line = claim_line(order=order, line_id=line_id)
    qty, prepared = _check_filing(order, line, reason=reason, quantity=quantity, description=description,
                                  photos=list(photos))
    amount = rules.claimed_amount(line, qty)
    policy = rules.policy_for(order.market)
    routing = rules.route(policy=policy, amount=amount, customer_id=order.customer_id, phone=order.phone, now=now)
    try:
        with transaction.atomic():
            claim = _create(order, line, reason=reason, qty=qty, amount=amount, description=description,
                            submit_key=submit_key, prepared=prepared, policy=policy, routing=routing, actor=actor,
                            now=now)
    except IntegrityError:
        if submit_key and (existing := Claim.objects.filter(submit_key=submit_key, order=order).first()):
            return existing
        raise Conflict("이 상품은 이미 신고해서 처리하고 있어요. 결과를 기다려 주세요.", code="claim_open") from None
    if claim.status == ClaimStatus.APPROVED:
        claim = complete_claim(claim=claim)
    elif claim.status == ClaimStatus.IN_REVIEW:
        _notify(claim, f"[장보기] {line.product_name} 문제 신고를 받았어요. "
                       f"{claim.sla_due_at.astimezone(btime.SEOUL):%H:%M}까지 확인해서 알려 드릴게요.")
    return claim


def _create(order, line, *, reason, qty, amount, description, submit_key, prepared, policy, routing, actor,
            now) -> Claim:
    claim = Claim.objects.create(
        order=order, line=line, market=order.market, customer=order.customer, phone=order.phone, reason=reason,
        quantity=qty, description=description.strip(), claimed_amount=amount, status=ClaimStatus.IN_REVIEW,
        submit_key=submit_key or None, review_reason=routing.reason,
        sla_due_at=now + dt.timedelta(minutes=policy.review_sla_minutes) if routing.review else None,
    )
    for content in prepared:
        photo = ClaimPhoto(claim=claim)
        photo.image.save(f"{claim.pk}-{secrets.token_hex(6)}.jpg", ContentFile(content), save=True)
    _record(claim, actor=actor, to_status=ClaimStatus.IN_REVIEW,
            note=f"신고 접수: {line.product_name} {qty}개 · {claim.get_reason_display()} · {won(amount)}"
                 f" · 사진 {len(prepared)}장")
    if routing.review:
        _record(claim, note=f"검토로 보냄: {routing.reason}")
    else:
        _move(claim, target=ClaimStatus.APPROVED, auto_decided=True, remedy=Remedy.REFUND, refund_amount=amount,
              bearer=policy.instant_bearer, decided_at=timezone.now(),
              note=f"자동 승인: {won(amount)} 환불 (바로 환불 한도 {won(policy.instant_refund_limit)} 이하) · "
                   f"{Bearer(policy.instant_bearer).label}")
    return claim


# --- deciding ------------------------------------------------------------------------------

def _check_decision(claim: Claim, *, remedy: str, refund_amount, bearer: str) -> int:
    errors: dict[str, str] = {}
    if remedy not in Remedy.values:
        errors["remedy"] = "처리 방법을 골라 주세요."
    if bearer not in Bearer.values:
        errors["bearer"] = "비용을 누가 부담하는지 골라 주세요."
    amount = 0
    if remedy in REFUND_REMEDIES:
        amount = _to_int(refund_amount) or 0
        cap = rules.refundable_left(claim.line)
        if cap <= 0:
            errors["refund_amount"] = "이 상품은 더 환불할 금액이 없습니다."
        elif not 1 <= amount <= cap:
            errors["refund_amount"] = f"환불 금액은 1원부터 {won(cap)}까지입니다 (결제 금액에서 이미 환불한 금액을 뺀 만큼)."
    if errors:
        raise ValidationFailed("처리 내용을 확인해 주세요.", errors=errors)
    return amount


def _locked_in_review(claim: Claim) -> Claim:
    claim = Claim.objects.select_for_update().select_related("line", "order", "order__market").get(pk=claim.pk)
    if claim.status != ClaimStatus.IN_REVIEW:
        raise Conflict(f"이미 처리한 신고입니다 ({claim.get_status_display()}).", code="claim_decided")
    return claim


def decide_claim(*, claim: Claim, remedy: str, bearer: str, refund_amount=0, note: str = "", actor=None,
                 now: dt.datetime | None = None) -> Claim:
    """Staff approve a claim in review: refund (≤ the line's paid amount less what was already
    refunded), redelivery of the claimed units in the next open slot, or both; `bearer` says
    who pays for it.  A claim already decided raises Conflict (nothing is refunded twice)."""
    with transaction.atomic():
        claim = _locked_in_review(claim)
        amount = _check_decision(claim, remedy=remedy, refund_amount=refund_amount, bearer=bearer)
        fields = {"remedy": remedy, "refund_amount": amount, "bearer": bearer, "decided_at": timezone.now(),
                  "decided_by": _user(actor)}
        what = [f"{won(amount)} 환불"] if amount else []
        if remedy in REDELIVER_REMEDIES:
            follow_up = redelivery.create_redelivery(
                order=claim.order, lines=[(claim.line, claim.quantity)], key=f"claim:{claim.pk}:redelivery",
                reason=f"신고 {claim.pk} {claim.get_reason_display()}", actor=actor, now=now)
            fields["redelivery_order"] = follow_up
            what.append(f"다시 배송 주문 {follow_up.number} ({btime.format_date_ko(follow_up.slot_date)} "
                        f"{follow_up.slot_start:%H:%M})")
        if not _move(claim, target=ClaimStatus.APPROVED, actor=actor, **fields,
                     note=f"승인: {', '.join(what)} · {Bearer(bearer).label}" + (f" · {note}" if note else "")):
            raise Conflict("이미 처리한 신고입니다.", code="claim_decided")
    return complete_claim(claim=claim, actor=actor)


def reject_claim(*, claim: Claim, reason: str, actor=None) -> Claim:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("반려 사유를 적어 주세요. 고객에게 그대로 보내집니다.",
                               errors={"reject_reason": "반려 사유를 적어 주세요."})
    if len(reason) > 300:
        raise ValidationFailed("반려 사유는 300자 이내로 적어 주세요.", errors={"reject_reason": "300자 이내로 적어 주세요."})
    with transaction.atomic():
        claim = _locked_in_review(claim)
        if not _move(claim, target=ClaimStatus.REJECTED, actor=actor, reject_reason=reason,
                     decided_at=timezone.now(), resolved_at=timezone.now(),
                     decided_by=_user(actor),
                     note=f"반려: {reason}"):
            raise Conflict("이미 처리한 신고입니다.", code="claim_decided")
    _notify(claim, f"[장보기] 신고하신 {claim.line.product_name} 문제를 확인했지만 환불해 드리기 어려워요. "
                   f"사유: {reason}")
    return claim


# --- completing: the money moves after the decision is committed -----------------------------

def complete_claim(*, claim: Claim, actor=None) -> Claim:
    """Refund what the decision says (idempotent by the claim's key), then mark the claim
    resolved and tell the customer.  On a refund failure the claim stays approved with the
    failure in its history; calling again is safe."""
    claim = Claim.objects.select_related("line", "line__merchant_order", "order", "redelivery_order").get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED:
        return claim
    refunded = claim.refunded_amount
    if claim.remedy in REFUND_REMEDIES and refunded < claim.refund_amount:
        try:
            cancels = tenders.refund_claim(
                order=claim.order, store_id=claim.line.merchant_order.store_id, amount=claim.refund_amount,
                tax_free_amount=rules.tax_free_part(claim.line, claim.refund_amount),
                key=f"claim:{claim.pk}:refund", reason=f"상품 문제 신고 {claim.pk}: {claim.get_reason_display()}",
                bearer=claim.bearer)
        except DomainError as exc:
            _record(claim, actor=actor, note=f"환불 실패: {exc.message}")
            return claim
        refunded = sum(c.amount for c in cancels if c.status == "done")
        if refunded < claim.refund_amount:
            # The provider has not confirmed every cancel yet (payments' sweep retries them).
            Claim.objects.filter(pk=claim.pk).update(refunded_amount=refunded)
            _record(claim, actor=actor, note=f"환불 확인 중: {won(refunded)} / {won(claim.refund_amount)}")
            claim.refresh_from_db()
            return claim
    if _move(claim, target=ClaimStatus.RESOLVED, actor=actor, refunded_amount=refunded, resolved_at=timezone.now(),
             note="처리 완료" + (f": {won(refunded)} 결제 취소" if refunded else "")):
        _notify(claim, outcome_text(claim))
    return claim


def outcome_text(claim: Claim) -> str:
    parts = []
    if claim.refunded_amount:
        parts.append(f"{won(claim.refunded_amount)}을 결제하신 수단으로 돌려드렸어요")
    if claim.redelivery_order_id:
        o = claim.redelivery_order
        parts.append(f"{btime.format_date_ko(o.slot_date)} {o.slot_start:%H:%M}–{o.slot_end:%H:%M}에 "
                     f"다시 보내 드려요(주문 {o.number})")
    return f"[장보기] 신고하신 {claim.line.product_name} 문제를 처리했어요. " + ", ".join(parts) + "."


def _notify(claim: Claim, text: str) -> None:
    notifications.notify_customer(phone=claim.order.phone, user=claim.order.customer, template="claim_decided",
                                  text=text, link=f"/orders/{claim.order.number}/")
