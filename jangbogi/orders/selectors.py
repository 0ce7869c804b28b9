"""Reads of carts and orders, scoped to who is asking."""

from django.db.models import Prefetch, QuerySet

from jangbogi.orders.models import Cart, CartLine, MerchantOrder, Order, OrderLine
from jangbogi.orders.pricing import PricedLine, Pricing, price_lines


def cart_by_token(token: str) -> Cart | None:
    if not token:
        return None
    return Cart.objects.select_related("market").filter(token=token).first()


def cart_pricing(cart: Cart) -> Pricing:
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("product", "product__store")
        .order_by("added_at", "pk")
    )
    return price_lines(cart.market, [
        PricedLine(product=cl.product, quantity=cl.quantity, substitution=cl.substitution, note=cl.note,
                   line_id=cl.pk)
        for cl in lines
    ])


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
    if token and token == order.access_token:
        return order
    return None


def orders_for_customer(*, user=None, numbers: list[str] | None = None) -> QuerySet[Order]:
    """A logged-in customer's orders, or a guest's orders remembered in their session."""
    qs = Order.objects.select_related("market").prefetch_related("merchant_orders__store")
    if user is not None and user.is_authenticated:
        return qs.filter(customer=user)
    return qs.filter(number__in=numbers or [], customer__isnull=True)
