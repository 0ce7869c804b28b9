"""After-sales claims: a customer reports a problem with one delivered order line; rules or
staff decide the remedy (refund to the original tenders, redelivery, both, or rejection)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from jangbogi.markets.models import Market
from jangbogi.orders.models import Order, OrderLine

# Effective defaults when a market has no ClaimPolicy row (see policy_for).
DEFAULT_INSTANT_REFUND_LIMIT = 20_000
DEFAULT_REVIEW_SLA_MINUTES = 120
DEFAULT_ABUSE_CLAIMS = 3
DEFAULT_ABUSE_DAYS = 30


class Reason(models.TextChoices):
    MISSING = "missing", "누락(안 왔어요)"
    DAMAGED = "damaged", "파손(깨지거나 터졌어요)"
    NOT_FRESH = "not_fresh", "신선도 불량(상했어요)"
    WRONG_ITEM = "wrong_item", "오배송(다른 상품이 왔어요)"


# Reasons that need no photo: a missing item cannot be photographed.
PHOTO_OPTIONAL = frozenset({Reason.MISSING})


class ClaimStatus(models.TextChoices):
    IN_REVIEW = "in_review", "검토 중"
    APPROVED = "approved", "승인(처리 중)"
    RESOLVED = "resolved", "처리 완료"
    REJECTED = "rejected", "반려"


CLAIM_TRANSITIONS: dict[str, set[str]] = {
    ClaimStatus.IN_REVIEW: {ClaimStatus.APPROVED, ClaimStatus.REJECTED},
    ClaimStatus.APPROVED: {ClaimStatus.RESOLVED},
    ClaimStatus.RESOLVED: set(),
    ClaimStatus.REJECTED: set(),
}
OPEN_STATUSES = (ClaimStatus.IN_REVIEW, ClaimStatus.APPROVED)


class Remedy(models.TextChoices):
    REFUND = "refund", "환불"
    REDELIVER = "redeliver", "다시 배송"
    BOTH = "both", "환불과 다시 배송"


class Bearer(models.TextChoices):
    STORE = "store", "가게 부담"
    PLATFORM = "platform", "플랫폼 부담"


class ClaimPolicy(models.Model):
    """A market's claim rules; a market without a row uses the DEFAULT_* values."""

    market = models.OneToOneField(Market, on_delete=models.CASCADE, related_name="claim_policy",
                                  verbose_name="시장")
    instant_refund_limit = models.PositiveIntegerField(
        "바로 환불 한도(원)", default=DEFAULT_INSTANT_REFUND_LIMIT,
        help_text="이 금액 이하의 신고는 검토 없이 바로 환불합니다. 0이면 모두 검토합니다.")
    instant_bearer = models.CharField("바로 환불 비용 부담", max_length=10, choices=Bearer.choices,
                                      default=Bearer.PLATFORM)
    review_sla_minutes = models.PositiveIntegerField("검토 기한(분)", default=DEFAULT_REVIEW_SLA_MINUTES)
    abuse_claims = models.PositiveSmallIntegerField(
        "잦은 신고 기준(건)", default=DEFAULT_ABUSE_CLAIMS,
        help_text="같은 고객이 기간 안에 이만큼 신고했으면 새 신고는 금액과 상관없이 검토합니다.")
    abuse_days = models.PositiveSmallIntegerField("잦은 신고 기간(일)", default=DEFAULT_ABUSE_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "신고 처리 기준"
        verbose_name_plural = "신고 처리 기준"
        constraints = [
            models.CheckConstraint(condition=Q(review_sla_minutes__gte=1), name="claimpolicy_sla_positive"),
            models.CheckConstraint(condition=Q(abuse_days__gte=1), name="claimpolicy_abuse_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.market} 신고 처리 기준"


class Claim(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="claims")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="claims")
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="claims")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="claims")
    # Who to count for the abuse guard when the customer is a guest.
    phone = models.CharField(max_length=20)
    reason = models.CharField("문제", max_length=20, choices=Reason.choices)
    quantity = models.PositiveSmallIntegerField("수량")
    description = models.CharField("내용", max_length=500, blank=True)
    # What the affected units cost (the line's paid price, pro rata): the rules compare it.
    claimed_amount = models.PositiveBigIntegerField("신고 금액")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    submit_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sla_due_at = models.DateTimeField("검토 기한", null=True, blank=True)
    review_reason = models.CharField(max_length=200, blank=True)

    remedy = models.CharField("처리 방법", max_length=20, choices=Remedy.choices, blank=True)
    refund_amount = models.PositiveBigIntegerField("환불 금액", default=0)
    refunded_amount = models.PositiveBigIntegerField("환불된 금액", default=0)
    bearer = models.CharField("비용 부담", max_length=10, choices=Bearer.choices, blank=True)
    reject_reason = models.CharField("반려 사유", max_length=300, blank=True)
    auto_decided = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    redelivery_order = models.OneToOneField(Order, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="redelivery_for")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["line"], condition=Q(status__in=["in_review", "approved"]),
                                    name="claim_one_open_per_line"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="claim_quantity_positive"),
            models.CheckConstraint(condition=Q(refunded_amount__lte=F("refund_amount")),
                                   name="claim_refunded_lte_decided"),
            models.CheckConstraint(condition=Q(status="in_review") | Q(status="rejected") | ~Q(remedy=""),
                                   name="claim_approved_has_remedy"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(reject_reason=""),
                                   name="claim_rejected_has_reason"),
        ]
        indexes = [models.Index(fields=["market", "status", "sla_due_at"])]

    def __str__(self) -> str:
        return f"신고 {self.pk} ({self.order_id} · {self.get_reason_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="claims/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"신고 {self.claim_id} 사진 {self.pk}"


class ClaimEvent(models.Model):
    """Append-only history of a claim: who did what, when."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=50)
    note = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.note} ({self.actor_label})"
