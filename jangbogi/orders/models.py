import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from jangbogi.catalog.models import Product, VatClass
from jangbogi.markets.models import Market, Store
from jangbogi.payments.models import Method


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Substitution(models.TextChoices):
    """What to do when the item is short: the customer chooses per line."""

    SIMILAR_SAME_STORE = "similar_same_store", "같은 가게의 비슷한 상품으로"
    SAME_ITEM_OTHER_STORE = "same_item_other_store", "다른 가게의 같은 상품으로"
    REFUND = "refund", "대체 없이 환불"


class Cart(models.Model):
    """A basket in one market, across its stores.  Guests reach it with `token` only."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="carts")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    ordered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"장바구니 {self.pk} ({self.market})"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    quantity = models.PositiveSmallIntegerField(default=1)
    substitution = models.CharField(max_length=30, choices=Substitution.choices, default=Substitution.REFUND)
    note = models.CharField("요청사항", max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cartline_unique_product"),
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(quantity__lte=99), name="cartline_qty_1_99"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "결제 대기"
    PAID = "paid", "주문 접수"
    PAYMENT_FAILED = "payment_failed", "결제 실패"
    CANCELED = "canceled", "주문 취소"
    EXPIRED = "expired", "결제 시간 초과"


ORDER_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PAID, OrderStatus.PAYMENT_FAILED, OrderStatus.CANCELED,
                                  OrderStatus.EXPIRED},
    OrderStatus.PAID: {OrderStatus.CANCELED},
    OrderStatus.PAYMENT_FAILED: set(),
    OrderStatus.CANCELED: set(),
    OrderStatus.EXPIRED: set(),
}

# Statuses in which the order holds stock.
STOCK_HOLDING = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


class MerchantOrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "결제 대기"
    NEW = "new", "새 주문"
    CANCELED = "canceled", "취소"


MERCHANT_ORDER_TRANSITIONS: dict[str, set[str]] = {
    MerchantOrderStatus.AWAITING_PAYMENT: {MerchantOrderStatus.NEW, MerchantOrderStatus.CANCELED},
    MerchantOrderStatus.NEW: {MerchantOrderStatus.CANCELED},
    MerchantOrderStatus.CANCELED: set(),
}


class Order(models.Model):
    number = models.CharField("주문번호", max_length=20, unique=True)
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="orders")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="orders")
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    access_token = models.CharField(max_length=64, unique=True, default=new_token)
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT)

    recipient_name = models.CharField("받는 분", max_length=50)
    phone = models.CharField("휴대폰", max_length=20)
    address = models.CharField("주소", max_length=200)
    address_detail = models.CharField("상세 주소", max_length=200, blank=True)
    lat = models.FloatField()
    lng = models.FloatField()
    delivery_note = models.CharField("배송 요청사항", max_length=200, blank=True)

    slot_date = models.DateField("배송일")
    slot_start = models.TimeField("배송 시작")
    slot_end = models.TimeField("배송 종료")

    items_total = models.PositiveBigIntegerField("상품 금액")
    delivery_fee = models.PositiveBigIntegerField("배송비")
    total = models.PositiveBigIntegerField("결제 금액")
    tax_free_amount = models.PositiveBigIntegerField("면세 금액", default=0)
    payment_method = models.CharField("결제 수단", max_length=20, choices=Method.choices)

    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total=F("items_total") + F("delivery_fee")), name="order_total_sums"),
            models.CheckConstraint(condition=Q(tax_free_amount__lte=F("items_total")), name="order_tax_free_lte_items"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return self.number


class MerchantOrder(models.Model):
    """One store's part of an order: what that store picks and bags."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="merchant_orders")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="merchant_orders")
    status = models.CharField(max_length=20, choices=MerchantOrderStatus.choices,
                              default=MerchantOrderStatus.AWAITING_PAYMENT)
    items_total = models.PositiveBigIntegerField()
    tax_free_amount = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["order", "store__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "store"], name="merchantorder_one_per_store")]

    def __str__(self) -> str:
        return f"{self.order.number} · {self.store.name}"


class OrderLine(models.Model):
    """A snapshot of what was bought: later product edits do not change past orders."""

    merchant_order = models.ForeignKey(MerchantOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    product_name = models.CharField(max_length=100)
    unit_label = models.CharField(max_length=50)
    unit_price = models.PositiveIntegerField()
    quantity = models.PositiveSmallIntegerField()
    line_total = models.PositiveBigIntegerField()
    origin = models.CharField(max_length=100, blank=True)
    traceability_no = models.CharField(max_length=20, blank=True)
    vat_class = models.CharField(max_length=10, choices=VatClass.choices)
    sold_by_weight = models.BooleanField(default=False)
    estimated_grams = models.PositiveIntegerField(null=True, blank=True)
    substitution = models.CharField(max_length=30, choices=Substitution.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["merchant_order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_qty_positive")]

    def __str__(self) -> str:
        return f"{self.product_name} {self.unit_label} × {self.quantity}"


class OrderEvent(models.Model):
    """Append-only history: every state change, who made it, when and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    merchant_order = models.ForeignKey(MerchantOrder, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=50)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '-'} → {self.to_status} ({self.actor_label})"
