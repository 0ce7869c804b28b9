"""create_product: a listing is created only when every rule holds."""

import pytest

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import ValidationFailed
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="이천 정육점")


def test_creates_a_product_with_trimmed_text(store):
    product = catalog.create_product(
        store=store, category="meat", name="  한돈 삼겹살 ", unit_label=" 1근(600g) ", price=15900,
        origin=" 국내산 ", livestock="pork", traceability_no=" 002012345678 ", sold_by_weight=True,
        estimated_grams=600, stock=12,
    )
    product.refresh_from_db()
    assert (product.store, product.name, product.unit_label, product.price) == (store, "한돈 삼겹살", "1근(600g)", 15900)
    assert (product.origin, product.livestock, product.traceability_no) == ("국내산", "pork", "002012345678")
    assert (product.sold_by_weight, product.estimated_grams, product.stock) == (True, 600, 12)
    assert (product.vat_class, product.perishable, product.is_active) == ("exempt", True, True)
    assert product.needs_traceability_no is True


def test_defaults_to_uncounted_stock(store):
    product = catalog.create_product(store=store, category="side_dish", name="멸치볶음", unit_label="1팩",
                                     price=5000, vat_class="taxable")
    assert (product.stock, product.is_sold_out, product.origin, product.vat_class) == (None, False, "", "taxable")


def test_invalid_product_raises_with_field_errors_and_creates_nothing(store):
    with pytest.raises(ValidationFailed) as exc:
        catalog.create_product(store=store, category="meat", name="  ", unit_label="1근", price=0,
                               origin="국내산", livestock="beef", traceability_no="123", stock=-1,
                               sold_by_weight=True)
    assert exc.value.code == "validation_failed"
    assert exc.value.message == "상품 정보를 확인해 주세요."
    assert exc.value.details["errors"] == {
        "traceability_no": "국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다.",
        "price": "가격은 1원 이상이어야 합니다.",
        "estimated_grams": "무게 단위 상품은 예상 무게(g)를 적어야 합니다.",
        "name": "상품명을 적어 주세요.",
        "stock": "재고는 0 이상이어야 합니다.",
    }
    assert Product.objects.count() == 0


def test_missing_origin_creates_nothing(store):
    with pytest.raises(ValidationFailed) as exc:
        catalog.create_product(store=store, category="seafood", name="고등어", unit_label="2마리", price=8000)
    assert list(exc.value.details["errors"]) == ["origin"]
    assert Product.objects.count() == 0


def test_zero_stock_is_allowed_and_sold_out(store):
    product = catalog.create_product(store=store, category="veg_fruit", name="애호박", unit_label="1개",
                                     price=1500, origin="국내산", stock=0)
    assert (product.stock, product.is_sold_out) == (0, True)
