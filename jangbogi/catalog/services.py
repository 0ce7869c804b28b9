"""Writes to products and their stock.  Stock moves only through reserve/release, each a
conditional UPDATE over rows in primary-key order (no lost updates, no deadlock cycles)."""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F

from jangbogi.catalog.models import ORIGIN_REQUIRED, Category, Product, is_domestic
from jangbogi.core.errors import OutOfStock, ValidationFailed
from jangbogi.markets.models import Store


def product_errors(*, category: str, origin: str, livestock: str, traceability_no: str,
                   price: int, sold_by_weight: bool, estimated_grams: int | None) -> dict[str, str]:
    """Field errors (Korean) for a product's legal and money fields; empty when valid."""
    errors: dict[str, str] = {}
    if category not in Category.values:
        errors["category"] = "분류를 선택해 주세요."
    if category in ORIGIN_REQUIRED and not origin.strip():
        errors["origin"] = "농·수·축산물은 원산지를 꼭 적어야 합니다. 예: 국내산, 국내산(전남 해남)"
    if livestock and is_domestic(origin):
        digits = traceability_no.replace("-", "").strip()
        if not (digits.isdigit() and len(digits) in (12, 15)):
            errors["traceability_no"] = "국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다."
    if price is None or price <= 0:
        errors["price"] = "가격은 1원 이상이어야 합니다."
    if sold_by_weight and not (estimated_grams and estimated_grams > 0):
        errors["estimated_grams"] = "무게 단위 상품은 예상 무게(g)를 적어야 합니다."
    return errors


@transaction.atomic
def create_product(*, store: Store, category: str, name: str, unit_label: str, price: int,
                   origin: str = "", livestock: str = "", traceability_no: str = "",
                   vat_class: str = "exempt", sold_by_weight: bool = False,
                   estimated_grams: int | None = None, stock: int | None = None,
                   perishable: bool = True, description: str = "", is_active: bool = True) -> Product:
    errors = product_errors(category=category, origin=origin, livestock=livestock,
                            traceability_no=traceability_no, price=price,
                            sold_by_weight=sold_by_weight, estimated_grams=estimated_grams)
    if not name.strip():
        errors["name"] = "상품명을 적어 주세요."
    if stock is not None and stock < 0:
        errors["stock"] = "재고는 0 이상이어야 합니다."
    if errors:
        raise ValidationFailed("상품 정보를 확인해 주세요.", errors=errors)
    return Product.objects.create(
        store=store, category=category, name=name.strip(), unit_label=unit_label.strip(), price=price,
        origin=origin.strip(), livestock=livestock, traceability_no=traceability_no.strip(),
        vat_class=vat_class, sold_by_weight=sold_by_weight, estimated_grams=estimated_grams,
        stock=stock, perishable=perishable, description=description, is_active=is_active,
    )


def reserve_stock(*, quantities: Mapping[int, int]) -> None:
    """Take `quantities` {product_id: qty} from counted stock, all or nothing.

    Must run inside the caller's transaction (the rows stay locked until it commits); on
    OutOfStock nothing is taken."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_stock must run inside a transaction")
    counted = set(
        Product.objects.filter(pk__in=quantities, stock__isnull=False).values_list("pk", flat=True)
    )
    short: list[int] = []
    # A savepoint: on OutOfStock the decrements already made are undone here, even when the
    # caller catches the error and carries on in its transaction.
    with transaction.atomic():
        for product_id in sorted(counted):
            qty = quantities[product_id]
            updated = Product.objects.filter(pk=product_id, stock__gte=qty).update(stock=F("stock") - qty)
            if not updated:
                short.append(product_id)
        if short:
            names = list(Product.objects.filter(pk__in=short).values_list("name", flat=True))
            raise OutOfStock(
                f"재고가 부족합니다: {', '.join(names)}. 수량을 줄이거나 빼 주세요.", product_ids=short
            )


def release_stock(*, quantities: Mapping[int, int]) -> None:
    """Give back stock taken by reserve_stock (payment failed, canceled, expired)."""
    for product_id in sorted(quantities):
        Product.objects.filter(pk=product_id, stock__isnull=False).update(
            stock=F("stock") + quantities[product_id]
        )


def set_sold_out(*, product: Product) -> None:
    Product.objects.filter(pk=product.pk).update(stock=0)
