"""상품 관리: the store's products (search, category chips, 30 per page), only its own, with
a query count that does not grow with the rows."""

import pytest

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory
from tests.web.conftest import htmx

URL = "/merchant/products/"


@pytest.fixture
def listing(veg, fish):
    """상수네 채소: 애호박 (stock 10), 딸기 (품절), 배추 (uncounted, off sale), 된장 (processed).
    바다 수산: 고등어."""
    return {
        "zucchini": ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)"),
        "strawberry": ProductFactory(store=veg, name="딸기", unit_label="1팩(500g)", price=9000, stock=0),
        "cabbage": ProductFactory(store=veg, name="배추", unit_label="1포기", price=4000, is_active=False),
        "paste": ProductFactory(store=veg, category="processed", name="된장", unit_label="1kg", price=12000,
                                origin="", vat_class="taxable"),
        "mackerel": ProductFactory(store=fish, category="seafood", name="고등어", price=8000, origin="국내산(부산)"),
    }


def names(response) -> list[str]:
    return [p.name for p in response.context["page_obj"]]


def test_full_page_lists_the_stores_products_on_sale_first(merchant, listing):
    response = merchant.get(URL)
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>상품 관리 · 장보기</title>" in html
    assert names(response) == ["된장", "딸기", "애호박", "배추"]
    assert "고등어" not in html
    assert '<p class="pm-name">애호박 <span class="origin">(원산지: 국내산(경기 구리))</span></p>' in html
    assert '<strong class="pm-price">1,500원</strong> <span class="unit">/ 1개</span>' in html
    assert "재고 <strong>10</strong>개" in html
    assert '<span class="pm-uncounted">재고 세지 않음</span>' in html
    assert '<span class="badge-soldout">품절</span> 손님이 살 수 없어요' in html
    assert "판매 중지 · 손님에게 안 보여요" in html
    assert html.count(">품절로 바꾸기</button>") == 3
    assert html.count(">다시 팔기</a>") == 1
    assert f'href="/merchant/products/{listing["zucchini"].pk}/edit"' in html
    assert 'href="/merchant/products/new"' in html
    assert "상품 4개" in html


def test_htmx_gets_the_list_partial(merchant, listing):
    response = merchant.get(URL, {"q": "애호"}, **htmx())
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="products" class="pm-products">')
    assert "<title>" not in html
    assert names(response) == ["애호박"]
    assert "“애호” 찾은 상품 1개" in html


def test_search_matches_name_origin_and_category_words(merchant, listing):
    assert names(merchant.get(URL, {"q": "구리"})) == ["애호박"]
    assert names(merchant.get(URL, {"q": "양념"})) == ["된장"]
    assert names(merchant.get(URL, {"q": "고등어"})) == []  # the other store's
    html = merchant.get(URL, {"q": "고등어"}).content.decode()
    assert "“고등어” 상품을 찾지 못했어요" in html
    assert "모든 상품 보기" in html


def test_category_chips_show_the_stores_categories_and_filter(merchant, listing):
    response = merchant.get(URL, {"c": "processed"})
    assert names(response) == ["된장"]
    assert [(c.code, c.count) for c in response.context["categories"]] == [("veg_fruit", 3), ("processed", 1)]
    html = response.content.decode()
    assert 'class="chip is-on" aria-current="true"\n       href="/merchant/products/?c=processed"' in html
    assert "수산" not in html


def test_an_unknown_category_shows_everything(merchant, listing):
    assert len(names(merchant.get(URL, {"c": "nonsense"}))) == 4


def test_empty_store_invites_to_add_products(merchant):
    html = merchant.get(URL).content.decode()
    assert "아직 등록한 상품이 없어요" in html
    assert "+ 첫 상품 추가하기" in html
    assert 'href="/merchant/products/import"' in html


def test_thirty_per_page_with_the_query_kept_in_the_pager(merchant, veg):
    for i in range(35):
        ProductFactory(store=veg, name=f"상추{i:02d}", price=1000)
    first = merchant.get(URL, {"q": "상추"})
    assert len(names(first)) == 30
    html = first.content.decode()
    assert "1 / 2" in html
    assert 'href="?q=%EC%83%81%EC%B6%94&amp;page=2"' in html
    second = merchant.get(URL, {"q": "상추", "page": 2})
    assert names(second) == [f"상추{i:02d}" for i in range(30, 35)]


@pytest.mark.parametrize("rows", [3, 40])
def test_query_count_does_not_grow_with_rows(merchant, veg, django_assert_num_queries, rows):
    for i in range(rows):
        ProductFactory(store=veg, name=f"상품{i:02d}", photo="products/x.jpg" if i % 2 else "")
    merchant.get(URL)  # session warm-up
    # session, user, memberships, count, categories, page; the session save (3, in a savepoint)
    with django_assert_num_queries(9):
        response = merchant.get(URL)
    assert len(names(response)) == min(rows, 30)
    assert Product.objects.filter(store=veg).count() == rows
