"""After-sales claims on an order: report a problem with one delivered line (multipart, with
photos) and read the order's claims back.  Same credentials as `GET /orders/{number}`."""

import datetime as dt
import hashlib

from ninja import Field, File, Form, Header, Router, Schema, Status, UploadedFile

from jangbogi.api.auth import OrderToken
from jangbogi.api.common import current_user
from jangbogi.api.errors import (
    ConflictOut,
    ErrorOut,
    IdempotencyKeyInvalid,
    IdempotencyKeyRequired,
    ValidationErrorOut,
)
from jangbogi.claims import selectors as claims_read
from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimStatus, Reason, Remedy
from jangbogi.core.errors import NotFound
from jangbogi.orders import selectors as orders

router = Router(tags=["claims"])
ORDER_NOT_FOUND = "주문을 찾을 수 없습니다. 주문번호와 주문 토큰(X-Order-Token)을 확인해 주세요."


class ClaimIn(Schema):
    line_id: int = Field(..., description="신고할 주문 상품(OrderLine) id: GET /orders/{number} 의 lines")
    reason: Reason = Field(..., description="missing 누락 · damaged 파손 · not_fresh 신선도 불량 · wrong_item 오배송")
    quantity: int = Field(..., ge=1, le=99)
    description: str = Field("", max_length=500)


class ClaimOut(Schema):
    id: int
    line_id: int
    product_name: str
    reason: str
    reason_label: str
    quantity: int
    status: str
    status_label: str
    claimed_amount: int
    review_due_at: dt.datetime | None = Field(None, description="검토 중일 때 결과를 알려 드릴 기한")
    remedy: str
    remedy_label: str
    refund_amount: int
    refunded_amount: int
    reject_reason: str
    redelivery_order_number: str | None
    photos: int
    created_at: dt.datetime

    @classmethod
    def of(cls, claim: Claim) -> "ClaimOut":
        return cls(
            id=claim.pk, line_id=claim.line_id, product_name=claim.line.product_name, reason=claim.reason,
            reason_label=claim.get_reason_display(), quantity=claim.quantity, status=claim.status,
            status_label=claim.get_status_display(), claimed_amount=claim.claimed_amount,
            review_due_at=claim.sla_due_at if claim.status == ClaimStatus.IN_REVIEW else None,
            remedy=claim.remedy, remedy_label=Remedy(claim.remedy).label if claim.remedy else "",
            refund_amount=claim.refund_amount, refunded_amount=claim.refunded_amount,
            reject_reason=claim.reject_reason,
            redelivery_order_number=claim.redelivery_order.number if claim.redelivery_order_id else None,
            photos=claim.photos.count(), created_at=claim.created_at,
        )


def _order(request, number: str):
    creds = request.auth
    order = orders.order_for_customer(number=number, user=creds.user, token=creds.token)
    if order is None:
        raise NotFound(ORDER_NOT_FOUND, code="order_not_found")
    return order


def _submit_key(order, value: str | None) -> str:
    key = (value or "").strip()
    if not key:
        raise IdempotencyKeyRequired("Idempotency-Key 헤더가 필요합니다. 신고마다 새 UUID를 보내 주세요.")
    if len(key) > 100:
        raise IdempotencyKeyInvalid()
    return hashlib.sha256(f"api:{order.pk}:{key}".encode()).hexdigest()


@router.post("/orders/{number}/claims", auth=OrderToken(),
             response={201: ClaimOut, 400: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut})
def file_claim(request, number: str, payload: Form[ClaimIn], photos: File[list[UploadedFile]] = None,
               idempotency_key: str | None = Header(None, alias="Idempotency-Key",
                                                    description="신고마다 새 UUID; 재시도에는 같은 값")):
    """Report a problem with one delivered line within the claim window (multipart/form-data;
    `photos`: 1–3 images, not needed for `missing`).  Small claims are refunded at once
    (`status` resolved); others wait for review (`review_due_at`).  Replaying the same
    `Idempotency-Key` returns the same claim.  Window closed: 422 `claim_window_closed`;
    a claim already open on the line: 409 `claim_open`."""
    order = _order(request, number)
    claim = claims.file_claim(order=order, line_id=payload.line_id, reason=payload.reason.value,
                              quantity=payload.quantity, description=payload.description, photos=photos or [],
                              submit_key=_submit_key(order, idempotency_key), actor=current_user(request))
    return Status(201, ClaimOut.of(Claim.objects.select_related("line", "redelivery_order").get(pk=claim.pk)))


@router.get("/orders/{number}/claims", auth=OrderToken(), response={200: list[ClaimOut], 404: ErrorOut})
def order_claims(request, number: str):
    """The order's claims, oldest first, with their outcome."""
    return [ClaimOut.of(c) for c in claims_read.claims_for_order(order=_order(request, number))
            .prefetch_related("photos")]
