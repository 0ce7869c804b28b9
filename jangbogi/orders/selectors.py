"""Reads of carts and orders, scoped to who is asking."""

import hmac

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from jangbogi.catalog.models import Product
from jangbogi.orders.models import (
    Cart,
    CartLine,
    MerchantOrder,
    Order,
    OrderLine,
    SubstitutionProposal,
)
from jangbogi.orders.pricing import PricedLine, Pricing, price_lines


def cart_by_token(token: str) -> Cart | None:
    if not token:
        return None
    return Cart.objects.select_related("market").filter(token=token).first()


def cart_pricing(cart: Cart, *, lat: float | None = None, lng: float | None = None) -> Pricing:
    """The cart priced; with the delivery point (`lat`, `lng`) the fee is its zone's."""
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("product", "product__store")
        .order_by("added_at", "pk")
    )
    return price_lines(cart.market, [
        PricedLine(product=cl.product, quantity=cl.quantity, substitution=cl.substitution, note=cl.note,
                   line_id=cl.pk)
        for cl in lines
    ], location=(lat, lng) if lat is not None and lng is not None else None)


def cart_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return sum(CartLine.objects.filter(cart=cart).values_list("quantity", flat=True))


def _order_detail_qs() -> QuerySet[Order]:
    return Order.objects.select_related("market").prefetch_related(
        Prefetch("merchant_orders",
                 queryset=MerchantOrder.objects.select_related("store").prefetch_related(
                     Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))),
        "events",
    )


def order_for_customer(*, number: str, user=None, token: str = "") -> Order | None:
    """An order its customer may see: by login, or by the order's secret token (guests)."""
    order = _order_detail_qs().filter(number=number).first()
    if order is None:
        return None
    if user is not None and user.is_authenticated and order.customer_id == user.pk:
        return order
    if token and hmac.compare_digest(token, order.access_token):
        return order
    return None


def orders_for_customer(*, user=None, numbers: list[str] | None = None) -> QuerySet[Order]:
    """A logged-in customer's orders, or a guest's orders remembered in their session."""
    qs = Order.objects.select_related("market").prefetch_related("merchant_orders__store")
    if user is not None and user.is_authenticated:
        return qs.filter(customer=user)
    return qs.filter(number__in=numbers or [], customer__isnull=True)


# --- staff: every read is scoped to the acting store or market -----------------------------

WORK_STATUSES = ("new", "picking", "ready", "received")


def _parts_qs() -> QuerySet[MerchantOrder]:
    return MerchantOrder.objects.select_related("order", "store").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product").prefetch_related("proposals")
                 .order_by("pk")),
    )


def parts_for_store(*, store, slot_date) -> QuerySet[MerchantOrder]:
    """A store's parts of the orders to deliver on `slot_date` (its day's work)."""
    return _parts_qs().filter(store=store, order__slot_date=slot_date, status__in=WORK_STATUSES) \
        .order_by("order__slot_start", "order__created_at", "pk")


def part_for_store(*, store, part_id: int) -> MerchantOrder | None:
    return _parts_qs().filter(store=store, pk=part_id).exclude(status="awaiting_payment").first()


def line_for_store(*, store, line_id: int) -> OrderLine | None:
    return OrderLine.objects.select_related("merchant_order__order", "merchant_order__store", "product") \
        .filter(pk=line_id, merchant_order__store=store).first()


def _with_parts(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.select_related("market").prefetch_related(
        Prefetch("merchant_orders", queryset=MerchantOrder.objects.select_related("store").prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))).order_by("pk")),
    )


def orders_for_market(*, market, slot_date, statuses=None) -> QuerySet[Order]:
    """The market's paid orders for a delivery day, with their store parts (center board,
    market admin)."""
    qs = Order.objects.filter(market=market, slot_date=slot_date).exclude(
        status__in=["pending_payment", "payment_failed", "expired"])
    if statuses:
        qs = qs.filter(status__in=statuses)
    return _with_parts(qs).order_by("slot_start", "created_at", "pk")


def order_for_market(*, market, number: str) -> Order | None:
    return _with_parts(Order.objects.filter(market=market, number=number)).prefetch_related("events").first()


def shortages_for_market(*, market, slot_date) -> QuerySet[OrderLine]:
    """Lines that could not be picked as ordered, for the market admin."""
    return OrderLine.objects.filter(
        merchant_order__order__market=market, merchant_order__order__slot_date=slot_date,
        status__in=["short", "awaiting_approval", "substituted", "moved", "refunded"],
    ).select_related("merchant_order__order", "merchant_order__store").order_by("-pk")


def pending_proposal_for_customer(*, order: Order):
    """Substitution proposals waiting for this order's customer."""
    return SubstitutionProposal.objects.filter(line__merchant_order__order=order, status="pending") \
        .select_related("line", "product", "line__merchant_order__store")


# --- merchant portal: one part in detail, substitutes for a short line --------------------

def part_detail_for_store(*, store, part_id: int) -> MerchantOrder | None:
    """`part_for_store` plus what the picking page shows: the market (bag label) and, for
    lines moved away, the store they went to."""
    return _parts_qs().select_related("order__market").prefetch_related(
        Prefetch("lines__replacements",
                 queryset=OrderLine.objects.select_related("merchant_order__store").order_by("pk")),
    ).filter(store=store, pk=part_id).exclude(status="awaiting_payment").first()


def substitute_candidates(*, line: OrderLine) -> QuerySet[Product]:
    """The line's store's other products on sale and in stock, same category first: what a
    merchant may offer instead of a short item."""
    return (
        Product.objects.filter(store_id=line.merchant_order.store_id, is_active=True)
        .exclude(pk=line.product_id)
        .filter(Q(stock__isnull=True) | Q(stock__gt=0))
        .annotate(other_category=Case(When(category=line.product.category, then=Value(0)), default=Value(1),
                                      output_field=IntegerField()))
        .order_by("other_category", "name", "pk")
    )
