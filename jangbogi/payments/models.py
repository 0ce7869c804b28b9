from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from jangbogi.markets.models import Sigun, Store


class Method(models.TextChoices):
    LOCAL_CURRENCY = "local_currency", "경기지역화폐"
    ONNURI = "onnuri", "온누리상품권(카드형)"
    CARD = "card", "신용·체크카드"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "승인 요청 중"
    APPROVED = "approved", "승인"
    DECLINED = "declined", "거절"
    CANCELED = "canceled", "취소"


class Party(models.TextChoices):
    """Whose sale a payment is: a store's goods, the delivery center's fee, or (payments made
    before per-store approvals) the whole order."""

    STORE = "store", "가게"
    CENTER = "center", "배송센터(배송비)"
    ORDER = "order", "주문 전체"


class Payment(models.Model):
    """One approval ("tender") at the provider, in the name of one party of an order.
    `order_ref` is the order's public number: payments never imports orders (orders calls
    payments).  `provider_order_id` is the provider's own order id for this approval (Toss
    `orderId`, unique per payment), so one order has one per tender.

    Money held = amount − canceled_amount; every cancel is a PaymentCancel row."""

    order_ref = models.CharField(max_length=40, db_index=True)
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.ORDER)
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    provider_order_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    provider = models.CharField(max_length=20)
    method = models.CharField(max_length=20, choices=Method.choices)
    amount = models.PositiveBigIntegerField()
    tax_free_amount = models.PositiveBigIntegerField(default=0)
    canceled_amount = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    idempotency_key = models.CharField(max_length=100, unique=True)
    provider_ref = models.CharField(max_length=100, null=True, blank=True, unique=True)
    failure_code = models.CharField(max_length=50, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(tax_free_amount__lte=F("amount")), name="payment_tax_free_lte_amount"),
            models.CheckConstraint(condition=Q(canceled_amount__lte=F("amount")), name="payment_cancel_lte_amount"),
            models.CheckConstraint(condition=Q(party="store", store__isnull=False) | (~Q(party="store")
                                             & Q(store__isnull=True)), name="payment_store_iff_store_party"),
        ]

    def __str__(self) -> str:
        return f"{self.order_ref} {self.amount}원 {self.status}"

    @property
    def held(self) -> int:
        """Won the customer is still charged on this tender."""
        return self.amount - self.canceled_amount


class CancelKind(models.TextChoices):
    ADJUST = "adjust", "금액 조정(부족·무게·대체)"
    CLAIM = "claim", "클레임 환불"
    VOID = "void", "결제 취소"


class Bearer(models.TextChoices):
    STORE = "store", "가게 부담"
    PLATFORM = "platform", "플랫폼 부담"


class CancelStatus(models.TextChoices):
    PENDING = "pending", "취소 요청 중"
    DONE = "done", "취소 완료"
    FAILED = "failed", "취소 거절"


class PaymentCancel(models.Model):
    """One (partial) cancel of a tender, asked of the provider under `idempotency_key`.

    The row is committed PENDING before the provider is called: a crash or a timeout leaves it
    PENDING, and asking again with the same key never cancels twice (the provider replays its
    first answer).  Only DONE rows count in `Payment.canceled_amount`."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="cancels")
    kind = models.CharField(max_length=10, choices=CancelKind.choices)
    bearer = models.CharField(max_length=10, choices=Bearer.choices, default=Bearer.STORE)
    amount = models.PositiveBigIntegerField()
    tax_free_amount = models.PositiveBigIntegerField(default=0)
    reason = models.CharField(max_length=200)
    idempotency_key = models.CharField(max_length=150, unique=True)
    status = models.CharField(max_length=10, choices=CancelStatus.choices, default=CancelStatus.PENDING)
    transaction_key = models.CharField(max_length=100, blank=True)
    failure_code = models.CharField(max_length=50, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["payment", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_cancel_positive"),
            models.CheckConstraint(condition=Q(tax_free_amount__lte=F("amount")),
                                   name="payment_cancel_tax_free_lte_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} −{self.amount}원 {self.kind} {self.status}"


# --- Eligibility: who may take 지역화폐 and 온누리 (rules in eligibility.py) ---------------------

class StorePaymentProfile(models.Model):
    """A store's voucher registrations and last fiscal year's revenue, as the payments side
    knows them.  A store without a profile falls back to its `Store.accepts_*` flags, with no
    revenue known (see eligibility.py)."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="payment_profile",
                                 verbose_name="상점")
    local_currency_registered = models.BooleanField(
        "경기지역화폐 가맹 등록", default=False, help_text="가게가 있는 시군의 경기지역화폐 가맹점으로 등록됨")
    onnuri_card_registered = models.BooleanField(
        "온누리상품권(카드형) 가맹 등록", default=False,
        help_text="카드형 온누리상품권 가맹점으로 등록됨 (지류·모바일 등록만으로는 온라인 결제가 안 됨)")
    annual_revenue = models.PositiveBigIntegerField(
        "연 매출(원)", null=True, blank=True, help_text="직전 회계연도 매출. 비워 두면 한도 안으로 봅니다.")
    revenue_year = models.PositiveSmallIntegerField("매출 연도", null=True, blank=True)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    class Meta:
        verbose_name = "상점 결제 가맹 정보"
        verbose_name_plural = "상점 결제 가맹 정보"
        constraints = [
            models.CheckConstraint(condition=Q(annual_revenue__isnull=True) | Q(revenue_year__isnull=False),
                                   name="payment_profile_revenue_has_year"),
        ]

    def __str__(self) -> str:
        return f"{self.store} 결제 가맹 정보"

    def clean(self) -> None:
        if self.annual_revenue is not None and self.revenue_year is None:
            raise ValidationError({"revenue_year": "연 매출을 적으면 몇 년 매출인지도 적어 주세요."})


class LocalCurrencyCap(models.Model):
    """경기지역화폐 가맹점의 연 매출 한도, effective from..to (both inclusive; to blank = until
    further notice).  `sigun` blank = every 시군; a 시군's own row beats it, and among rows of
    the same kind the latest `effective_from` wins (eligibility.cap_for)."""

    sigun = models.CharField("시군", max_length=10, choices=Sigun.choices, blank=True,
                             help_text="비워 두면 모든 시군에 적용. 시군 행이 있으면 그 시군에는 시군 행이 우선합니다.")
    cap_won = models.PositiveBigIntegerField("연 매출 한도(원)")
    effective_from = models.DateField("적용 시작일")
    effective_to = models.DateField("적용 종료일", null=True, blank=True, help_text="이 날까지 적용. 비워 두면 계속")
    note = models.CharField("근거·메모", max_length=300, blank=True)

    class Meta:
        verbose_name = "지역화폐 매출 한도"
        verbose_name_plural = "지역화폐 매출 한도"
        ordering = ["sigun", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["sigun", "effective_from"], name="local_currency_cap_one_per_start"),
            models.CheckConstraint(condition=Q(cap_won__gt=0), name="local_currency_cap_positive"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                                   name="local_currency_cap_period_valid"),
        ]

    def __str__(self) -> str:
        until = self.effective_to.isoformat() if self.effective_to else ""
        return f"{self.sigun or '전체 시군'} {self.cap_won:,}원 ({self.effective_from.isoformat()}~{until})"

    def clean(self) -> None:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "적용 종료일은 시작일과 같거나 늦어야 합니다."})


# --- Provider truth: webhooks and reconciliation (sync.py) -------------------------------------

class SyncSource(models.TextChoices):
    WEBHOOK = "webhook", "결제사 웹훅"
    RECONCILE = "reconcile", "대사(정산 맞추기)"


class PaymentEvent(models.Model):
    """An append-only record of each change the provider's truth made to a tender (sync.py):
    a status moved (pending → approved, ...) or a cancel made at the provider was recorded."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    source = models.CharField(max_length=10, choices=SyncSource.choices)
    from_status = models.CharField(max_length=10, choices=PaymentStatus.choices)
    to_status = models.CharField(max_length=10, choices=PaymentStatus.choices)
    cancel = models.ForeignKey(PaymentCancel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["payment", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.from_status}→{self.to_status} ({self.source}) {self.note}"


class DeliveryOutcome(models.TextChoices):
    APPLIED = "applied", "반영함"
    UNCHANGED = "unchanged", "변경 없음"
    UNKNOWN_PAYMENT = "unknown_payment", "모르는 결제"
    IGNORED = "ignored", "처리하지 않는 이벤트"


class WebhookDelivery(models.Model):
    """One webhook event as the provider sent it (its body is never trusted: the payment is
    looked up again before anything changes).  `key` identifies the event — the provider
    re-sends the same event until it gets a 200 — so a duplicate is recognised and skipped;
    `times_received` counts the deliveries.  Recorded only once the event was handled, so a
    delivery that failed (provider lookup down) is handled again when it is re-sent."""

    key = models.CharField(max_length=64, unique=True)
    provider = models.CharField(max_length=20)
    event_type = models.CharField(max_length=50)
    payment_key = models.CharField(max_length=200, blank=True)
    order_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=30, blank=True)  # as the body claims it; not used
    event_created_at = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=20, choices=DeliveryOutcome.choices)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="webhook_deliveries")
    times_received = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.payment_key} {self.outcome} ×{self.times_received}"
