"""Commission rates, the append-only ledger and payouts.

The ledger is append-only: a row is written once and never updated or deleted.  In code,
`LedgerEntry.save()` refuses to update an existing row, `delete()` refuses, and the manager's
QuerySet refuses `update()`, `delete()` and `bulk_update()`.  In the database, a trigger
refuses every UPDATE (SQLite and PostgreSQL) and, on PostgreSQL, every DELETE (see migration
0002; SQLite keeps DELETE so that the test runner can flush tables — production runs on
PostgreSQL).  A mistake is undone by a reversing entry (`services.reverse_entry`)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from jangbogi.markets.models import Market, Store

# 배달특급 charges stores 1 %; a market without a CommissionRate row pays this.
DEFAULT_COMMISSION_BP = 100


class CommissionRate(models.Model):
    """The platform's commission for a market's stores from `effective_from` on (until the next
    row).  An order keeps the rate in force on the day it was paid."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="commission_rates")
    rate_bp = models.PositiveIntegerField("수수료율(bp)", validators=[MaxValueValidator(10_000)],
                                          help_text="1bp = 0.01%. 100 = 1%")
    effective_from = models.DateField("적용 시작일")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "중개 수수료율"
        verbose_name_plural = "중개 수수료율"
        ordering = ["market", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["market", "effective_from"], name="commission_rate_one_per_day"),
            models.CheckConstraint(condition=Q(rate_bp__lte=10_000), name="commission_rate_bp_max"),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.rate_bp / 100:g}% ({self.effective_from}~)"


class EntryKind(models.TextChoices):
    CAPTURE = "capture", "결제"
    REFUND = "refund", "환불"
    CLAIM_REFUND = "claim_refund", "클레임 환불"
    COMMISSION = "commission", "중개 수수료"
    COMMISSION_REVERSAL = "commission_reversal", "수수료 환급"
    PROVIDER_FEE = "provider_fee", "결제 수수료"
    PAYOUT = "payout", "지급"
    CORRECTION = "correction", "정정"


# The sign each kind carries (+ owed to the store, − taken off).  A payout settles each day of
# its period to zero, so a day whose balance was negative gets a positive payout line.
_SIGNS = Q(kind__in=[EntryKind.CAPTURE, EntryKind.COMMISSION_REVERSAL], amount__gt=0) | Q(
    kind__in=[EntryKind.REFUND, EntryKind.CLAIM_REFUND, EntryKind.COMMISSION, EntryKind.PROVIDER_FEE],
    amount__lt=0,
) | (Q(kind__in=[EntryKind.PAYOUT, EntryKind.CORRECTION]) & ~Q(amount=0))


class AppendOnlyError(Exception):
    """Code tried to change or remove a ledger row."""


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("장부는 고칠 수 없습니다. 정정은 반대 분개로 기록하세요.")

    def delete(self):
        raise AppendOnlyError("장부는 지울 수 없습니다. 정정은 반대 분개로 기록하세요.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("장부는 고칠 수 없습니다. 정정은 반대 분개로 기록하세요.")


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", "지급 요청"
    PAID = "paid", "지급 완료"
    FAILED = "failed", "지급 실패"


PAYOUT_TRANSITIONS: dict[str, set[str]] = {
    PayoutStatus.REQUESTED: {PayoutStatus.PAID, PayoutStatus.FAILED},
    PayoutStatus.PAID: set(),
    PayoutStatus.FAILED: set(),
}


class Payout(models.Model):
    """One instruction to the provider's 지급대행 to pay a store for a closed period."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="payouts")
    period_start = models.DateField("정산 시작일")
    period_end = models.DateField("정산 종료일")
    amount = models.PositiveBigIntegerField("지급 금액")
    status = models.CharField(max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.REQUESTED)
    provider = models.CharField(max_length=20)
    provider_ref = models.CharField(max_length=100, null=True, blank=True, unique=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    failure_code = models.CharField(max_length=50, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    requested_by = models.CharField(max_length=50, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "지급"
        verbose_name_plural = "지급"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="payout_period_valid"),
            # At most one payout in flight per store and period.
            models.UniqueConstraint(fields=["store", "period_start", "period_end"],
                                    condition=Q(status="requested"), name="payout_one_in_flight"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.period_start}~{self.period_end} {self.amount}원 {self.status}"


class LedgerEntry(models.Model):
    """One signed amount in a party's account: + owed to the store, − taken off.

    The party is a store, or (store empty) the market's delivery center, whose revenue is the
    delivery fee.  A `correction` reverses exactly one earlier entry (`reverses`) and counts in
    that entry's category on statements."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="ledger_entries")
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="ledger_entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    amount = models.BigIntegerField()
    order_ref = models.CharField(max_length=40, blank=True, db_index=True)
    tender_ref = models.CharField(max_length=100, blank=True)
    rate_bp = models.PositiveIntegerField(null=True, blank=True)  # commission lines: the rate applied
    payout = models.ForeignKey(Payout, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries")
    idempotency_key = models.CharField(max_length=150, unique=True)
    business_date = models.DateField()  # Asia/Seoul
    created_at = models.DateTimeField(auto_now_add=True)
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reversals")
    memo = models.CharField(max_length=200, blank=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = "정산 장부"
        verbose_name_plural = "정산 장부"
        ordering = ["business_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=_SIGNS, name="ledger_sign_by_kind"),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.CORRECTION, reverses__isnull=False)
                | (~Q(kind=EntryKind.CORRECTION) & Q(reverses__isnull=True)),
                name="ledger_correction_reverses_one",
            ),
            models.CheckConstraint(
                # Store-less entries are the market's own account: the delivery fee, and claim
                # refunds the platform bears (settlement.services.record_platform_cost).
                condition=Q(store__isnull=False) | Q(kind__in=[
                    EntryKind.CAPTURE, EntryKind.REFUND, EntryKind.CLAIM_REFUND, EntryKind.PROVIDER_FEE,
                    EntryKind.CORRECTION]),
                name="ledger_center_kinds",
            ),
            models.UniqueConstraint(fields=["reverses"], name="ledger_reversed_once"),
        ]
        indexes = [
            models.Index(fields=["store", "business_date"]),
            models.Index(fields=["order_ref", "store"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.store or '배송센터'} {self.kind} {self.amount:+}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("장부는 고칠 수 없습니다. 정정은 반대 분개로 기록하세요.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("장부는 지울 수 없습니다. 정정은 반대 분개로 기록하세요.")

    @property
    def category(self) -> str:
        """The statement category: its own kind, or for a correction the reversed entry's."""
        if self.kind == EntryKind.CORRECTION and self.reverses is not None:
            return self.reverses.kind
        return self.kind
