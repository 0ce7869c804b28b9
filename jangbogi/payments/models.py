from django.db import models
from django.db.models import F, Q


class Method(models.TextChoices):
    LOCAL_CURRENCY = "local_currency", "경기지역화폐"
    ONNURI = "onnuri", "온누리상품권(카드형)"
    CARD = "card", "신용·체크카드"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "승인 요청 중"
    APPROVED = "approved", "승인"
    DECLINED = "declined", "거절"
    CANCELED = "canceled", "취소"


class Payment(models.Model):
    """One approval at the provider.  `order_ref` is the order's public number: payments
    never imports orders (orders calls payments)."""

    order_ref = models.CharField(max_length=40, db_index=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.order_ref} {self.amount}원 {self.status}"
