"""Writes to products and their stock.  Orders move stock only through reserve/release, each a
conditional UPDATE over rows in primary-key order (no lost updates, no deadlock cycles).
Merchants set an absolute count (update_product, toggle_sold_out, bulk_update_prices, imports):
an UPDATE of the stock column alone, only when the count they give differs, never a
read-modify-write of the whole row."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jangbogi.catalog.models import (
    ORIGIN_REQUIRED,
    Category,
    Livestock,
    Product,
    VatClass,
    is_domestic,
)
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


# --- Merchant edits: one product, the 품절 switch, 오늘 시세 ------------------------------------

EDITABLE_FIELDS = (
    "category", "name", "unit_label", "price", "origin", "livestock", "traceability_no", "vat_class",
    "sold_by_weight", "estimated_grams", "stock", "perishable", "description", "is_active",
)
TEXT_FIELDS = ("category", "name", "unit_label", "origin", "livestock", "traceability_no", "vat_class")
TEXT_LIMITS = {"name": 100, "unit_label": 50, "origin": 100, "traceability_no": 20}
# Bounds that catch typos and keep values inside the columns (PositiveIntegerField, IntegerField).
MAX_PRICE = 10_000_000
MAX_STOCK = 100_000
MAX_GRAMS = 100_000


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _price_error(price: object) -> str | None:
    if price is None or not _is_int(price):
        return "가격은 숫자로 적어 주세요."
    if price <= 0:
        return "가격은 1원 이상이어야 합니다."
    if price > MAX_PRICE:
        return f"가격은 {MAX_PRICE:,}원 이하로 적어 주세요."
    return None


def _stock_error(stock: object) -> str | None:
    """None (uncounted) or a count 0..MAX_STOCK."""
    if stock is None:
        return None
    if not _is_int(stock):
        return "재고는 숫자로 적거나, 세지 않으려면 비워 두세요."
    if stock < 0:
        return "재고는 0 이상이어야 합니다."
    if stock > MAX_STOCK:
        return f"재고는 {MAX_STOCK:,}개까지 적을 수 있습니다."
    return None


def _has_control_chars(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def listing_errors(values: Mapping[str, object]) -> dict[str, str]:
    """Field errors (Korean) of a whole listing: `values` holds every EDITABLE_FIELDS key, text
    already stripped.  The rules of create_product (`product_errors`, name, stock) plus the
    choices, lengths and bounds that the columns need.  Empty when valid."""
    grams = values["estimated_grams"]
    errors = product_errors(
        category=values["category"], origin=values["origin"], livestock=values["livestock"],
        traceability_no=values["traceability_no"], price=values["price"] if _is_int(values["price"]) else None,
        sold_by_weight=values["sold_by_weight"], estimated_grams=grams if _is_int(grams) else None,
    )
    if price_error := _price_error(values["price"]):
        errors["price"] = price_error
    if not values["name"]:
        errors["name"] = "상품명을 적어 주세요."
    if not values["unit_label"]:
        errors["unit_label"] = "판매 단위를 적어 주세요. 예: 1개, 1근(600g), 1봉"
    for field, limit in TEXT_LIMITS.items():
        if len(values[field]) > limit:
            errors.setdefault(field, f"{limit}자까지 적을 수 있습니다.")
        elif _has_control_chars(values[field]):
            errors.setdefault(field, "줄바꿈이나 특수 제어 문자는 쓸 수 없습니다.")
    if values["livestock"] not in ("", *Livestock.values):
        errors["livestock"] = "축산물 종류는 소, 돼지, 닭, 오리, 계란 중에서 고르거나 비워 두세요."
    if values["vat_class"] not in VatClass.values:
        errors["vat_class"] = "부가세는 면세 또는 과세 중에서 골라 주세요."
    if grams is not None and not (_is_int(grams) and 0 < grams <= MAX_GRAMS):
        errors.setdefault("estimated_grams", f"예상 무게는 1~{MAX_GRAMS:,}g 사이 숫자로 적거나 비워 두세요.")
    if stock_error := _stock_error(values["stock"]):
        errors["stock"] = stock_error
    return errors


def _normalized(fields: Mapping[str, object]) -> dict[str, object]:
    """Text stripped (as create_product does); None text is empty text."""
    normalized = dict(fields)
    for field, value in fields.items():
        if field in TEXT_FIELDS:
            normalized[field] = str(value).strip() if value is not None else ""
        elif field == "description" and value is None:
            normalized[field] = ""
    return normalized


@transaction.atomic
def update_product(*, product: Product, **fields) -> Product:
    """Change some of a product's EDITABLE_FIELDS, validated as a whole listing; nothing is
    saved on error (ValidationFailed, details["errors"] = {field: Korean message}).

    Only fields that actually change are written, so a form that resubmits an unchanged
    `stock` never overwrites what checkouts took meanwhile; a `stock` that differs is the
    merchant's count and is set as given.  `product` is refreshed and returned."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_product() cannot change {', '.join(sorted(unknown))}")
    current = Product.objects.select_for_update().get(pk=product.pk)
    values = {field: getattr(current, field) for field in EDITABLE_FIELDS}
    values.update(_normalized(fields))
    errors = listing_errors(values)
    if errors:
        raise ValidationFailed("상품 정보를 확인해 주세요.", errors=errors)
    changed = [field for field in EDITABLE_FIELDS if field in fields and values[field] != getattr(current, field)]
    if changed:
        for field in changed:
            setattr(current, field, values[field])
        current.save(update_fields=[*changed, "updated_at"])
    for field in (*EDITABLE_FIELDS, "updated_at"):
        setattr(product, field, getattr(current, field))
    return product


def toggle_sold_out(*, product: Product, sold_out: bool, restock: int | None = None) -> Product:
    """The one-tap 품절 switch.  sold_out=True sets stock to 0; sold_out=False puts the product
    back on sale with stock = restock (None = not counted).  An absolute count the merchant
    gives, so a plain UPDATE of that one column."""
    if sold_out and restock is not None:
        raise ValueError("restock is only for putting a product back on sale (sold_out=False)")
    if not sold_out and restock is not None and (_stock_error(restock) or restock == 0):
        raise ValidationFailed("재고를 확인해 주세요.", errors={
            "stock": "다시 팔려면 재고를 1개 이상 적거나, 세지 않으려면 비워 두세요.",
        })
    stock = 0 if sold_out else restock
    now = timezone.now()
    Product.objects.filter(pk=product.pk).update(stock=stock, updated_at=now)
    product.stock, product.updated_at = stock, now
    return product


def _price_row_errors(row: Mapping[str, object]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if price_error := _price_error(row.get("price")):
        errors["price"] = price_error
    if "stock" in row and (stock_error := _stock_error(row["stock"])):
        errors["stock"] = stock_error
    return errors


@transaction.atomic
def bulk_update_prices(*, store: Store, rows: Sequence[Mapping[str, object]]) -> int:
    """The "오늘 시세" screen: set price (and stock) of many of `store`'s products, all or
    nothing.  Returns how many products changed.

    Each row: {"product_id": int, "price": int, "stock": int | None, "stock_seen": int | None}.
    "stock" absent → stock untouched; None → not counted; a number → the merchant's count.
    "stock_seen" (optional) is the stock the screen showed: when "stock" equals it the merchant
    did not touch it and stock is left alone, so orders taken since the screen loaded survive.
    On any error raises ValidationFailed with details["errors"] = {product_id: {field: message}}
    (field "product_id" when the product is not this store's)."""
    wanted = [row.get("product_id") for row in rows]
    products = {
        p.pk: p
        for p in Product.objects.select_for_update()
        .filter(store=store, pk__in=[pid for pid in wanted if _is_int(pid)])
        .order_by("pk")
    }
    errors: dict[object, dict[str, str]] = {}
    seen: set[object] = set()
    for row, pid in zip(rows, wanted, strict=True):
        if not _is_int(pid) or pid not in products:
            errors[pid] = {"product_id": "이 가게의 상품이 아닙니다."}
        elif pid in seen:
            errors[pid] = {"product_id": "같은 상품이 두 번 들어 있습니다."}
        elif row_errors := _price_row_errors(row):
            errors[pid] = row_errors
        seen.add(pid)
    if errors:
        raise ValidationFailed("오늘 시세를 저장하지 못했습니다. 표시된 상품을 고쳐 주세요.", errors=errors)
    now = timezone.now()
    changed = 0
    for row in sorted(rows, key=lambda r: r["product_id"]):
        product = products[row["product_id"]]
        changes = {"price": row["price"]} if row["price"] != product.price else {}
        touched = "stock" in row and not ("stock_seen" in row and row["stock"] == row["stock_seen"])
        if touched and row["stock"] != product.stock:
            changes["stock"] = row["stock"]
        if changes:
            Product.objects.filter(pk=product.pk).update(**changes, updated_at=now)
            changed += 1
    return changed
