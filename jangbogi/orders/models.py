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
    PICKING = "picking", "상품 준비 중"
    COLLECTED = "collected", "배송센터 도착"
    PACKED = "packed", "포장 완료"
    OUT_FOR_DELIVERY = "out_for_delivery", "배송 중"
    DELIVERED = "delivered", "배송 완료"
    PAYMENT_FAILED = "payment_failed", "결제 실패"
    CANCELED = "canceled", "주문 취소"
    EXPIRED = "expired", "결제 시간 초과"


ORDER_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PAID, OrderStatus.PAYMENT_FAILED, OrderStatus.CANCELED,
                                  OrderStatus.EXPIRED},
    OrderStatus.PAID: {OrderStatus.PICKING, OrderStatus.CANCELED},
    # Every store's part refunded in full cancels the order.
    OrderStatus.PICKING: {OrderStatus.COLLECTED, OrderStatus.CANCELED},
    OrderStatus.COLLECTED: {OrderStatus.PACKED},
    OrderStatus.PACKED: {OrderStatus.OUT_FOR_DELIVERY},
    # A failed attempt (absent, wrong address, refused) brings the bundle back to the center.
    OrderStatus.OUT_FOR_DELIVERY: {OrderStatus.DELIVERED, OrderStatus.PACKED},
    OrderStatus.DELIVERED: set(),
    OrderStatus.PAYMENT_FAILED: set(),
    OrderStatus.CANCELED: set(),
    OrderStatus.EXPIRED: set(),
}

# Statuses in which the order holds stock (a delivered order keeps it: the goods are sold).
STOCK_HOLDING = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING,
                           OrderStatus.COLLECTED, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY,
                           OrderStatus.DELIVERED})

# The customer's timeline, in order.
ORDER_TIMELINE = (OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.COLLECTED, OrderStatus.PACKED,
                  OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)


class MerchantOrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "결제 대기"
    NEW = "new", "새 주문"
    PICKING = "picking", "준비 중"
    READY = "ready", "픽업 대기"
    RECEIVED = "received", "센터 도착"
    CANCELED = "canceled", "취소"


MERCHANT_ORDER_TRANSITIONS: dict[str, set[str]] = {
    MerchantOrderStatus.AWAITING_PAYMENT: {MerchantOrderStatus.NEW, MerchantOrderStatus.CANCELED},
    MerchantOrderStatus.NEW: {MerchantOrderStatus.PICKING, MerchantOrderStatus.CANCELED},
    MerchantOrderStatus.PICKING: {MerchantOrderStatus.READY, MerchantOrderStatus.CANCELED},
    MerchantOrderStatus.READY: {MerchantOrderStatus.RECEIVED},
    MerchantOrderStatus.RECEIVED: set(),
    MerchantOrderStatus.CANCELED: set(),
}


class LineStatus(models.TextChoices):
    PENDING = "pending", "준비 전"
    PICKED = "picked", "담음"
    SHORT = "short", "일부 부족"
    AWAITING_APPROVAL = "awaiting_approval", "대체 승인 대기"
    SUBSTITUTED = "substituted", "대체됨"
    MOVED = "moved", "다른 가게로 옮김"
    REFUNDED = "refunded", "환불"


# A line is settled when the merchant has nothing left to do on it.
SETTLED_LINE_STATUSES = frozenset({LineStatus.PICKED, LineStatus.SHORT, LineStatus.SUBSTITUTED,
                                   LineStatus.MOVED, LineStatus.REFUNDED})


class Temperature(models.TextChoices):
    AMBIENT = "ambient", "상온"
    CHILLED = "chilled", "냉장"
    FROZEN = "frozen", "냉동"


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
    # The markets.DeliverySlotRule whose capacity the order holds (None: the market's implicit
    # slot).  A plain id: rules are never deleted once booked, and a rule's times may change.
    slot_rule_id = models.BigIntegerField("배송 시간 규칙", null=True, blank=True)

    items_total = models.PositiveBigIntegerField("상품 금액")
    delivery_fee = models.PositiveBigIntegerField("배송비")
    total = models.PositiveBigIntegerField("결제 금액")
    tax_free_amount = models.PositiveBigIntegerField("면세 금액", default=0)
    payment_method = models.CharField("결제 수단", max_length=20, choices=Method.choices)
    # What the customer was charged; total falls below it after shortages (refund due).
    paid_amount = models.PositiveBigIntegerField("결제된 금액", default=0)
    # Sold-by-weight lines are approved at up to this percentage of their estimate, and the
    # unused part is given back once weighed (orders.tenders).  100 = no margin.
    weight_margin_percent = models.PositiveSmallIntegerField("무게 상품 승인 한도(%)", default=100)

    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total=F("items_total") + F("delivery_fee")), name="order_total_sums"),
            models.CheckConstraint(condition=Q(tax_free_amount__lte=F("items_total")), name="order_tax_free_lte_items"),
            models.CheckConstraint(condition=Q(paid_amount=0) | Q(total__lte=F("paid_amount")),
                                   name="order_total_within_paid"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"]), models.Index(fields=["market", "slot_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def refund_due(self) -> int:
        """What shortages have taken off a paid order (the payments issue refunds it)."""
        return max(0, self.paid_amount - self.total) if self.paid_amount else 0


class MerchantOrder(models.Model):
    """One store's part of an order: what that store picks and bags."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="merchant_orders")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="merchant_orders")
    status = models.CharField(max_length=20, choices=MerchantOrderStatus.choices,
                              default=MerchantOrderStatus.AWAITING_PAYMENT)
    items_total = models.PositiveBigIntegerField()
    tax_free_amount = models.PositiveBigIntegerField(default=0)
    # Printed as a QR code on the store's bag and typed or scanned at the center.
    bag_code = models.CharField(max_length=30, unique=True, null=True, blank=True)
    picking_started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

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
    # What was ordered; line_total is what the line costs now (after picking).
    ordered_total = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=20, choices=LineStatus.choices, default=LineStatus.PENDING)
    picked_quantity = models.PositiveSmallIntegerField(null=True, blank=True)
    actual_grams = models.PositiveIntegerField(null=True, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replacements")
    temperature = models.CharField(max_length=10, choices=Temperature.choices, default=Temperature.AMBIENT)

    class Meta:
        ordering = ["merchant_order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_qty_positive")]

    def __str__(self) -> str:
        return f"{self.product_name} {self.unit_label} × {self.quantity}"

    @property
    def held_quantity(self) -> int:
        """Units of the product this line keeps out of stock."""
        if self.status in (LineStatus.PENDING, LineStatus.PICKED):
            return self.quantity
        return self.picked_quantity or 0


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


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "고객 답변 대기"
    APPROVED = "approved", "승인"
    DECLINED = "declined", "거절(환불)"
    EXPIRED = "expired", "답변 없음(환불)"


class SubstitutionProposal(models.Model):
    """A merchant's offer of a similar item for a short line; the customer approves or
    declines, and no answer by `expires_at` means a refund."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="proposals")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveSmallIntegerField()
    unit_price = models.PositiveIntegerField()
    total = models.PositiveBigIntegerField()
    message = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["line"], condition=Q(status="pending"),
                                    name="one_pending_proposal_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} → {self.product_id} ({self.status})"

    @property
    def price_difference(self) -> int:
        """The substitute's price minus what the missing units cost (negative = cheaper)."""
        return self.total - (self.line.ordered_total - self.line.line_total)
