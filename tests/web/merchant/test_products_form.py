"""상품 추가 / 고치기: every field, Korean errors next to the fields, nothing saved and the
input kept on error; htmx swaps the form and redirects the page on success."""

import pytest

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory
from tests.web.conftest import htmx

NEW = "/merchant/products/new"


def listing(**overrides) -> dict:
    values = {
        "category": "veg_fruit", "name": "애호박", "origin": "국내산(경기 구리)", "unit_label": "1개",
        "price": "1500", "livestock": "", "traceability_no": "", "vat_class": "exempt", "estimated_grams": "",
        "stock": "", "perishable": "on", "description": "", "is_active": "on",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def edit_url(product) -> str:
    return f"/merchant/products/{product.pk}/edit"


def test_new_form_full_page(merchant):
    response = merchant.get(NEW)
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>상품 추가 · 장보기</title>" in html
    for label in ("분류", "상품명", "원산지", "판매 단위", "가격(원)", "축산물 종류", "이력번호", "예상 무게(g)",
                  "부가세", "재고(개)", "설명"):
        assert f">{label}" in html, label
    assert "농·수·축산물은 원산지를 꼭 적어야 해요" in html
    assert '<option value="exempt" selected>면세(미가공 식품)</option>' in html
    assert 'name="perishable" id="id_perishable" checked' in html
    assert 'name="is_active" id="id_is_active" checked' in html
    assert 'name="stock_seen"' not in html
    assert 'enctype="multipart/form-data"' not in html  # photos come after the product exists


def test_new_form_htmx_partial(merchant):
    html = merchant.get(NEW, **htmx()).content.decode()
    assert html.lstrip().startswith('<form id="product-form"')
    assert "<title>" not in html


def test_create_and_back_to_the_list(merchant, veg):
    response = merchant.post(NEW, listing(stock="12"))
    product = Product.objects.get(store=veg)
    assert response.status_code == 302
    assert response["Location"] == f"/merchant/products/#product-{product.pk}"
    assert (product.name, product.origin, product.unit_label, product.price, product.stock) == (
        "애호박", "국내산(경기 구리)", "1개", 1500, 12)
    assert (product.vat_class, product.perishable, product.is_active, product.sold_by_weight) == (
        "exempt", True, True, False)
    assert "‘애호박’ 상품을 추가했어요." in merchant.get("/merchant/products/").content.decode()


def test_create_with_htmx_redirects_the_page(merchant, veg):
    response = merchant.post(NEW, listing(stock=""), **htmx())
    product = Product.objects.get(store=veg)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/merchant/products/#product-{product.pk}"
    assert product.stock is None


def test_create_meat_with_traceability_and_weight(merchant, veg):
    merchant.post(NEW, listing(category="meat", name="삼겹살", origin="국내산", unit_label="1근(600g)",
                               price="15000", livestock="pork", traceability_no="160012345678",
                               sold_by_weight="on", estimated_grams="600", perishable=None))
    pork = Product.objects.get(store=veg)
    assert (pork.livestock, pork.traceability_no, pork.sold_by_weight, pork.estimated_grams, pork.perishable) == (
        "pork", "160012345678", True, 600, False)


def test_invalid_listing_shows_korean_errors_keeps_input_and_creates_nothing(merchant, veg):
    response = merchant.post(NEW, listing(category="meat", name="  ", origin="", unit_label="", price="abc",
                                          livestock="pork", traceability_no="", sold_by_weight="on",
                                          estimated_grams="", stock="-3", description="맛있는 고기"))
    assert response.status_code == 200
    assert Product.objects.count() == 0
    form = response.context["form"]
    assert form.errors == {
        "name": ["상품명을 적어 주세요."],
        "origin": ["농·수·축산물은 원산지를 꼭 적어야 합니다. 예: 국내산, 국내산(전남 해남)"],
        "unit_label": ["판매 단위를 적어 주세요. 예: 1개, 1근(600g), 1봉"],
        "price": ["가격은 숫자로 적어 주세요. 예: 1500"],
        "estimated_grams": ["무게 단위 상품은 예상 무게(g)를 적어야 합니다."],
        "stock": ["재고는 0 이상이어야 합니다."],
    }
    html = response.content.decode()
    assert "저장하지 못했어요." in html
    assert '<p class="error" role="alert">가격은 숫자로 적어 주세요. 예: 1500</p>' in html
    assert 'value="abc"' in html
    assert 'value="-3"' in html
    assert ">\n맛있는 고기</textarea>" in html
    assert '<option value="meat" selected>정육·계란</option>' in html
    assert '<option value="pork" selected>돼지</option>' in html
    assert 'name="sold_by_weight" id="id_sold_by_weight" checked' in html


def test_domestic_livestock_needs_its_traceability_number(merchant):
    response = merchant.post(NEW, listing(category="meat", name="한우 등심", origin="한우", livestock="beef",
                                          traceability_no="123"), **htmx())
    assert response.context["form"].errors == {
        "traceability_no": ["국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다."]}
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="product-form"')
    assert 'class="pf-group pf-livestock is-open"' in html
    assert Product.objects.count() == 0


def test_out_of_range_and_bad_choices(merchant):
    response = merchant.post(NEW, listing(price="20000000", category="fish", vat_class="zero", name="가" * 101))
    assert response.context["form"].errors == {
        "category": ["분류를 골라 주세요."],
        "name": ["100자까지 적을 수 있습니다."],
        "price": ["가격은 10,000,000원 이하로 적어 주세요."],
        "vat_class": ["부가세는 면세 또는 과세 중에서 골라 주세요."],
    }
    assert Product.objects.count() == 0


@pytest.fixture
def zucchini(veg):
    return ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산",
                          description="아침에 딴 것")


def test_edit_form_shows_the_product(merchant, zucchini):
    response = merchant.get(edit_url(zucchini))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>애호박 고치기 · 장보기</title>" in html
    assert 'name="name" value="애호박"' in html
    assert 'name="price" value="1500"' in html
    assert 'name="stock_seen" value="10"' in html
    assert ">\n아침에 딴 것</textarea>" in html
    assert 'enctype="multipart/form-data"' in html
    assert "아직 사진이 없어요" in html
    partial = merchant.get(edit_url(zucchini), **htmx()).content.decode()
    assert partial.lstrip().startswith('<form id="product-form"')
    assert "상품 사진" not in partial


def test_edit_saves_changes(merchant, zucchini):
    response = merchant.post(edit_url(zucchini), listing(price="1800", stock="10", stock_seen="10",
                                                         origin="국내산(강원 춘천)", is_active=None))
    assert response.status_code == 302
    assert response["Location"] == f"/merchant/products/#product-{zucchini.pk}"
    zucchini.refresh_from_db()
    assert (zucchini.price, zucchini.origin, zucchini.is_active, zucchini.stock) == (1800, "국내산(강원 춘천)", False, 10)


def test_edit_keeps_stock_taken_by_orders_meanwhile(merchant, zucchini):
    """The page showed 10; two were sold since; the merchant did not touch the stock."""
    Product.objects.filter(pk=zucchini.pk).update(stock=8)
    merchant.post(edit_url(zucchini), listing(price="1700", stock="10", stock_seen="10"))
    zucchini.refresh_from_db()
    assert (zucchini.price, zucchini.stock) == (1700, 8)


def test_edit_sets_a_stock_the_merchant_typed(merchant, zucchini):
    merchant.post(edit_url(zucchini), listing(stock="", stock_seen="10"))
    zucchini.refresh_from_db()
    assert zucchini.stock is None


def test_edit_with_errors_changes_nothing_and_keeps_input(merchant, zucchini):
    response = merchant.post(edit_url(zucchini), listing(price="0", name="애호박 특", stock="5", stock_seen="10"),
                             **htmx())
    assert response.status_code == 200
    assert response.context["form"].errors == {"price": ["가격은 1원 이상이어야 합니다."]}
    html = response.content.decode()
    assert 'value="애호박 특"' in html
    assert 'name="stock_seen" value="10"' in html
    zucchini.refresh_from_db()
    assert (zucchini.name, zucchini.price, zucchini.stock) == ("애호박", 1500, 10)
