"""The one-tap 품절 switch on the list: htmx swaps the row; coming back on sale asks how many
there are (or 재고 세지 않음).  Without JavaScript the same forms work as plain pages."""

import pytest

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory
from tests.web.conftest import htmx


@pytest.fixture
def zucchini(veg):
    return ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산")


@pytest.fixture
def strawberry(veg):
    return ProductFactory(store=veg, name="딸기", unit_label="1팩", price=9000, stock=0)


def url(product) -> str:
    return f"/merchant/products/{product.pk}/sold-out"


def stock(product):
    return Product.objects.get(pk=product.pk).stock


def test_mark_sold_out_with_htmx_returns_the_row(merchant, zucchini):
    response = merchant.post(url(zucchini), {"sold_out": "1"}, **htmx())
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="product-{zucchini.pk}" class="pm-row is-sold-out">')
    assert "<title>" not in html
    assert '<p class="pm-done" role="status">✓ 품절로 바꿨어요. 손님 화면에 품절로 보여요.</p>' in html
    assert '<span class="badge-soldout">품절</span>' in html
    assert ">다시 팔기</a>" in html
    assert "품절로 바꾸기" not in html
    assert stock(zucchini) == 0


def test_back_on_sale_first_asks_how_many(merchant, strawberry):
    response = merchant.get(url(strawberry), {"ask": "1"}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="product-{strawberry.pk}" class="pm-row is-sold-out">')
    assert "지금 몇 개 있어요?" in html
    assert ">이 개수로 다시 팔기</button>" in html
    assert ">재고 세지 않고 팔기</button>" in html
    assert stock(strawberry) == 0


def test_back_on_sale_with_a_count(merchant, strawberry):
    html = merchant.post(url(strawberry), {"sold_out": "0", "stock": "7"}, **htmx()).content.decode()
    assert stock(strawberry) == 7
    assert f'<li id="product-{strawberry.pk}" class="pm-row">' in html
    assert "✓ 다시 팔아요." in html
    assert "재고 <strong>7</strong>개" in html
    assert ">품절로 바꾸기</button>" in html


def test_back_on_sale_uncounted(merchant, strawberry):
    html = merchant.post(url(strawberry), {"sold_out": "0", "stock": "5", "uncounted": "1"},
                         **htmx()).content.decode()
    assert stock(strawberry) is None
    assert "재고 세지 않음" in html


def test_back_on_sale_with_zero_asks_again_keeping_the_value(merchant, strawberry):
    response = merchant.post(url(strawberry), {"sold_out": "0", "stock": "0"}, **htmx())
    html = response.content.decode()
    assert "다시 팔려면 재고를 1개 이상 적거나, 세지 않으려면 비워 두세요." in html
    assert 'name="stock" min="1" max="100000" inputmode="numeric"\n             placeholder="예: 10" value="0"' in html
    assert stock(strawberry) == 0


def test_back_on_sale_with_text_is_a_korean_error(merchant, strawberry):
    html = merchant.post(url(strawberry), {"sold_out": "0", "stock": "열개"}, **htmx()).content.decode()
    assert "개수는 숫자로 적어 주세요." in html
    assert stock(strawberry) == 0


def test_cancel_returns_the_plain_row(merchant, strawberry):
    html = merchant.get(url(strawberry), **htmx()).content.decode()
    assert ">다시 팔기</a>" in html
    assert "지금 몇 개 있어요?" not in html


def test_without_javascript_sold_out_goes_back_to_the_list(merchant, zucchini):
    response = merchant.post(url(zucchini), {"sold_out": "1", "next": "/merchant/products/?q=%ED%98%B8%EB%B0%95"})
    assert response.status_code == 302
    assert response["Location"] == "/merchant/products/?q=%ED%98%B8%EB%B0%95"
    assert stock(zucchini) == 0
    assert "‘애호박’ 품절로 바꿨어요." in merchant.get("/merchant/products/").content.decode()


def test_without_javascript_asking_is_a_page(merchant, strawberry):
    response = merchant.get(url(strawberry), {"ask": "1"})
    html = response.content.decode()
    assert "<title>딸기 다시 팔기 · 장보기</title>" in html
    assert "지금 몇 개 있어요?" in html
    response = merchant.post(url(strawberry), {"sold_out": "0", "stock": "3"})
    assert response.status_code == 302
    assert response["Location"] == "/merchant/products/"
    assert stock(strawberry) == 3


def test_next_must_stay_on_the_site(merchant, zucchini):
    response = merchant.post(url(zucchini), {"sold_out": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/merchant/products/"


def test_a_missing_switch_value_changes_nothing(merchant, zucchini):
    html = merchant.post(url(zucchini), {}, **htmx()).content.decode()
    assert "다시 눌러 주세요." in html
    assert stock(zucchini) == 10
