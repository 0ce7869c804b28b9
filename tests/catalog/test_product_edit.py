"""update_product and toggle_sold_out: a merchant's edits to one product."""

import pytest
from django.db import transaction

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import ValidationFailed
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db

ORIGIN_MSG = "농·수·축산물은 원산지를 꼭 적어야 합니다. 예: 국내산, 국내산(전남 해남)"
TRACE_MSG = "국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다."


@pytest.fixture
def product(market):
    return ProductFactory(store=StoreFactory(market=market), category="meat", name="한돈 삼겹살",
                          unit_label="1근(600g)", price=15900, origin="국내산", livestock="pork",
                          traceability_no="002012345678", sold_by_weight=True, estimated_grams=600, stock=12)


def snapshot(product) -> dict:
    return Product.objects.filter(pk=product.pk).values().get()


def test_updates_given_fields_trimmed(product):
    before = snapshot(product)
    result = catalog.update_product(product=product, name="  제주 흑돼지 삼겹살 ", price=18900, origin=" 국내산(제주) ",
                                    description="두툼하게 썰어 드려요.")
    after = snapshot(product)
    assert result is product
    assert (product.name, product.price, product.origin, product.description) == (
        "제주 흑돼지 삼겹살", 18900, "국내산(제주)", "두툼하게 썰어 드려요.")
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"name", "price", "origin", "description", "updated_at"}
    assert (after["name"], after["price"], after["origin"]) == ("제주 흑돼지 삼겹살", 18900, "국내산(제주)")


def test_invalid_edit_raises_field_errors_and_saves_nothing(product):
    before = snapshot(product)
    with pytest.raises(ValidationFailed) as exc:
        catalog.update_product(product=product, price=0, origin="", name=" ", unit_label="", stock=-3,
                               vat_class="zero", livestock="goat", estimated_grams=None)
    assert exc.value.message == "상품 정보를 확인해 주세요."
    assert exc.value.details["errors"] == {
        "origin": ORIGIN_MSG,
        "price": "가격은 1원 이상이어야 합니다.",
        "estimated_grams": "무게 단위 상품은 예상 무게(g)를 적어야 합니다.",
        "name": "상품명을 적어 주세요.",
        "unit_label": "판매 단위를 적어 주세요. 예: 1개, 1근(600g), 1봉",
        "livestock": "축산물 종류는 소, 돼지, 닭, 오리, 계란 중에서 고르거나 비워 두세요.",
        "vat_class": "부가세는 면세 또는 과세 중에서 골라 주세요.",
        "stock": "재고는 0 이상이어야 합니다.",
    }
    assert snapshot(product) == before
    assert (product.price, product.origin, product.stock) == (15900, "국내산", 12)


def test_rules_apply_to_the_listing_as_it_would_become(product):
    """Turning a product domestic needs the 이력번호 it already has; dropping it is refused."""
    with pytest.raises(ValidationFailed) as exc:
        catalog.update_product(product=product, traceability_no="")
    assert exc.value.details["errors"] == {"traceability_no": TRACE_MSG}
    catalog.update_product(product=product, origin="미국산", traceability_no="")
    assert snapshot(product)["traceability_no"] == ""


def test_bounds_lengths_and_types(product):
    with pytest.raises(ValidationFailed) as exc:
        catalog.update_product(product=product, price="1500", name="가" * 101, unit_label="1\n근",
                               stock=100_001, estimated_grams=0)
    assert exc.value.details["errors"] == {
        "price": "가격은 숫자로 적어 주세요.",
        "name": "100자까지 적을 수 있습니다.",
        "unit_label": "줄바꿈이나 특수 제어 문자는 쓸 수 없습니다.",
        "estimated_grams": "무게 단위 상품은 예상 무게(g)를 적어야 합니다.",
        "stock": "재고는 100,000개까지 적을 수 있습니다.",
    }
    with pytest.raises(ValidationFailed) as exc:
        catalog.update_product(product=product, price=10_000_001)
    assert exc.value.details["errors"] == {"price": "가격은 10,000,000원 이하로 적어 주세요."}


def test_unknown_field_is_a_programming_error(product):
    with pytest.raises(TypeError, match="store"):
        catalog.update_product(product=product, store=StoreFactory())


def test_no_change_writes_nothing(product):
    before = snapshot(product)
    catalog.update_product(product=product, name="한돈 삼겹살", price=15900, stock=12)
    assert snapshot(product) == before  # not even updated_at


def test_edit_of_other_fields_keeps_stock_taken_by_checkouts_meanwhile(product):
    """The merchant's form was loaded at stock 12; a checkout then took 5.  Saving the price
    must not write the stale 12 back."""
    stale = Product.objects.get(pk=product.pk)
    with transaction.atomic():
        catalog.reserve_stock(quantities={product.pk: 5})
    catalog.update_product(product=stale, price=16900)
    assert Product.objects.values_list("price", "stock").get(pk=product.pk) == (16900, 7)
    assert stale.stock == 7  # the caller's instance is refreshed


def test_an_explicit_count_is_set_as_given(product):
    catalog.update_product(product=product, stock=30)
    assert snapshot(product)["stock"] == 30
    catalog.update_product(product=product, stock=None)
    assert snapshot(product)["stock"] is None


# --- toggle_sold_out ---------------------------------------------------------------------


def test_sold_out_sets_stock_to_zero(product):
    catalog.toggle_sold_out(product=product, sold_out=True)
    product.refresh_from_db()
    assert (product.stock, product.is_sold_out, product.is_active) == (0, True, True)


def test_back_on_sale_with_a_count(product):
    catalog.toggle_sold_out(product=product, sold_out=True)
    catalog.toggle_sold_out(product=product, sold_out=False, restock=8)
    assert product.stock == 8
    assert snapshot(product)["stock"] == 8


def test_back_on_sale_uncounted(product):
    catalog.toggle_sold_out(product=product, sold_out=True)
    catalog.toggle_sold_out(product=product, sold_out=False)
    assert (snapshot(product)["stock"], product.is_sold_out) == (None, False)


@pytest.mark.parametrize("restock", [0, -1, 100_001, "5"])
def test_back_on_sale_needs_a_positive_count(product, restock):
    catalog.toggle_sold_out(product=product, sold_out=True)
    with pytest.raises(ValidationFailed) as exc:
        catalog.toggle_sold_out(product=product, sold_out=False, restock=restock)
    assert exc.value.details["errors"] == {"stock": "다시 팔려면 재고를 1개 이상 적거나, 세지 않으려면 비워 두세요."}
    assert snapshot(product)["stock"] == 0


def test_restock_with_sold_out_is_a_programming_error(product):
    with pytest.raises(ValueError):
        catalog.toggle_sold_out(product=product, sold_out=True, restock=5)
    assert snapshot(product)["stock"] == 12


def test_toggle_touches_only_stock(product):
    before = snapshot(product)
    stale = Product.objects.get(pk=product.pk)
    Product.objects.filter(pk=product.pk).update(price=17000)  # another edit since `stale` was read
    catalog.toggle_sold_out(product=stale, sold_out=True)
    after = snapshot(product)
    assert {k for k in after if after[k] != before[k]} == {"price", "stock", "updated_at"}
    assert (after["price"], after["stock"]) == (17000, 0)
