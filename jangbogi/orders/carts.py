"""Cart use cases: a basket in one market, lines from any of its stores."""

from django.db import transaction

from jangbogi.catalog.models import Product
from jangbogi.core.errors import Conflict, NotFound, ValidationFailed
from jangbogi.markets.models import Market
from jangbogi.orders.models import Cart, CartLine, Substitution

MAX_QUANTITY = 99


def create_cart(*, market: Market, customer=None) -> Cart:
    if not market.is_active:
        raise ValidationFailed("지금은 운영하지 않는 시장입니다.", code="market_inactive")
    return Cart.objects.create(market=market, customer=customer)


def _open_cart(cart: Cart) -> None:
    if cart.ordered_at is not None:
        raise Conflict("이미 주문한 장바구니입니다. 새 장바구니를 만들어 주세요.", code="cart_ordered")


def _product_in_market(cart: Cart, product_id: int) -> Product:
    product = (
        Product.objects.filter(pk=product_id, store__market_id=cart.market_id, is_active=True,
                               store__is_active=True)
        .select_related("store")
        .first()
    )
    if product is None:
        raise NotFound("이 시장에서 파는 상품이 아닙니다.", code="product_not_found")
    return product


@transaction.atomic
def set_line(*, cart: Cart, product_id: int, quantity: int, substitution: str | None = None,
             note: str | None = None) -> CartLine | None:
    """Put `quantity` of a product in the cart (0 removes the line)."""
    _open_cart(cart)
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise ValidationFailed(f"수량은 0개에서 {MAX_QUANTITY}개 사이로 정해 주세요.", code="invalid_quantity")
    if substitution is not None and substitution not in Substitution.values:
        raise ValidationFailed("품절 시 대체 방법을 다시 골라 주세요.", code="invalid_substitution")
    if quantity == 0:
        CartLine.objects.filter(cart=cart, product_id=product_id).delete()
        return None
    product = _product_in_market(cart, product_id)
    if product.is_sold_out:
        raise Conflict(f"{product.name}은(는) 품절되었습니다.", code="sold_out")
    if product.stock is not None and quantity > product.stock:
        raise Conflict(f"{product.name}은(는) {product.stock}개까지 살 수 있습니다.", code="insufficient_stock")
    line, _ = CartLine.objects.get_or_create(cart=cart, product=product)
    line.quantity = quantity
    if substitution is not None:
        line.substitution = substitution
    if note is not None:
        line.note = note.strip()[:200]
    line.save()
    return line


def add_to_cart(*, cart: Cart, product_id: int, quantity: int = 1) -> CartLine | None:
    current = CartLine.objects.filter(cart=cart, product_id=product_id).values_list("quantity", flat=True).first()
    return set_line(cart=cart, product_id=product_id, quantity=min(MAX_QUANTITY, (current or 0) + quantity))
