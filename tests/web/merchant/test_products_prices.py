"""오늘 시세: every product on sale with its price and stock in one form; one 저장 sets them all
or, on any error, none (the rows at fault highlighted, what was typed kept)."""

import pytest

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory
from tests.web.conftest import htmx

URL = "/merchant/products/prices"


@pytest.fixture
def goods(veg, fish):
    return {
        "zucchini": ProductFactory(store=veg, name="애호박", price=1500, stock=10),
        "radish": ProductFactory(store=veg, name="무", price=2000, stock=None),
        "tofu": ProductFactory(store=veg, category="processed", name="두부", price=3000, stock=5, origin=""),
        "cabbage": ProductFactory(store=veg, name="배추", price=4000, is_active=False),
        "mackerel": ProductFactory(store=fish, category="seafood", name="고등어", price=8000),
    }


def form_data(goods, **rows) -> dict:
    """The form as the page sends it, with `rows` {key: (price, stock)} typed in."""
    data = {"product": []}
    for key in ("radish", "zucchini", "tofu"):
        p = goods[key]
        price, stock = rows.get(key, (p.price, "" if p.stock is None else p.stock))
        data["product"].append(str(p.pk))
        data[f"price-{p.pk}"] = str(price)
        data[f"stock-{p.pk}"] = str(stock)
        data[f"seen-{p.pk}"] = "" if p.stock is None else str(p.stock)
    return data


def current(goods) -> dict:
    return {k: Product.objects.values_list("price", "stock").get(pk=p.pk) for k, p in goods.items()}


def test_full_page_lists_products_on_sale(merchant, goods):
    response = merchant.get(URL)
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>오늘 시세 · 장보기</title>" in html
    assert [line.product.name for line in response.context["lines"]] == ["무", "애호박", "두부"]
    z = goods["zucchini"].pk
    assert f'name="price-{z}" value="1500"' in html
    assert f'name="stock-{z}" value="10"' in html
    assert f'<input type="hidden" name="seen-{z}" value="10">' in html
    assert f'name="stock-{goods["radish"].pk}" value=""' in html
    assert "배추" not in html and "고등어" not in html
    assert html.count(">저장</button>") == 1


def test_htmx_gets_the_sheet_partial(merchant, goods):
    html = merchant.get(URL, **htmx()).content.decode()
    assert html.lstrip().startswith('<form id="price-sheet"')
    assert "<title>" not in html


def test_save_changes_prices_and_stocks(merchant, goods):
    response = merchant.post(URL, form_data(goods, zucchini=(1800, 10), radish=(2000, 4), tofu=("3,200", "")))
    assert response.status_code == 302
    assert response["Location"] == URL
    assert current(goods) == {
        "zucchini": (1800, 10), "radish": (2000, 4), "tofu": (3200, None), "cabbage": (4000, None),
        "mackerel": (8000, None),
    }
    assert "오늘 시세를 저장했어요. 3개 상품이 바뀌었어요." in merchant.get(URL).content.decode()


def test_save_with_htmx_shows_the_fresh_sheet(merchant, goods):
    response = merchant.post(URL, form_data(goods, zucchini=(1700, 10)), **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="price-sheet"')
    assert "✓ 저장했어요. 1개 상품이 바뀌었어요." in html
    assert f'name="price-{goods["zucchini"].pk}" value="1700"' in html
    assert current(goods)["zucchini"] == (1700, 10)


def test_stock_sold_while_the_screen_was_open_is_kept(merchant, goods):
    """The screen showed 10 애호박; 3 were ordered since; only the price was changed."""
    data = form_data(goods, zucchini=(1600, 10))
    Product.objects.filter(pk=goods["zucchini"].pk).update(stock=7)
    merchant.post(URL, data)
    assert current(goods)["zucchini"] == (1600, 7)


def test_any_error_saves_nothing_and_marks_the_rows(merchant, goods):
    before = current(goods)
    data = form_data(goods, zucchini=(1800, 12), radish=("0", ""), tofu=("삼천", "-1"))
    partial = merchant.post(URL, data, **htmx()).content.decode()
    assert partial.lstrip().startswith('<form id="price-sheet"')
    assert "빨간 칸 2곳을 고친 뒤 다시 저장해 주세요." in partial
    response = merchant.post(URL, data)
    assert response.status_code == 200
    assert current(goods) == before
    assert response.context["form"].errors == {
        goods["radish"].pk: {"price": "가격은 1원 이상이어야 합니다."},
        goods["tofu"].pk: {"price": "가격은 숫자로 적어 주세요.", "stock": "재고는 0 이상이어야 합니다."},
    }
    html = response.content.decode()
    assert "<strong>저장하지 못했어요.</strong> 아무것도 바뀌지 않았어요." in html
    assert "빨간 칸 2곳을 고친 뒤 다시 저장해 주세요." in html
    assert f'<li id="price-{goods["tofu"].pk}" class="pp-row is-wrong">' in html
    assert f'<li id="price-{goods["zucchini"].pk}" class="pp-row">' in html
    assert '<p class="error" role="alert">가격은 숫자로 적어 주세요.</p>' in html
    assert '<p class="error" role="alert">재고는 0 이상이어야 합니다.</p>' in html
    # what was typed is kept, and so is the stock the screen first showed
    z, t = goods["zucchini"].pk, goods["tofu"].pk
    assert f'name="price-{z}" value="1800"' in html and f'name="stock-{z}" value="12"' in html
    assert f'name="price-{t}" value="삼천"' in html and f'name="stock-{t}" value="-1"' in html
    assert f'<input type="hidden" name="seen-{z}" value="10">' in html


def test_another_stores_product_cannot_be_slipped_in(merchant, goods):
    m = goods["mackerel"].pk
    data = form_data(goods)
    data["product"].append(str(m))
    data[f"price-{m}"] = "1"
    response = merchant.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {m: {"product_id": "이 가게의 상품이 아닙니다."}}
    assert current(goods)["mackerel"] == (8000, None)


def test_empty_state(merchant):
    html = merchant.get(URL).content.decode()
    assert "판매 중인 상품이 없어요" in html
    assert ">저장</button>" not in html


@pytest.mark.parametrize("rows", [2, 25])
def test_query_count_does_not_grow_with_rows(merchant, veg, django_assert_num_queries, rows):
    for i in range(rows):
        ProductFactory(store=veg, name=f"상품{i:02d}")
    merchant.get(URL)
    with django_assert_num_queries(7):  # session, user, memberships, products; session save (3)
        response = merchant.get(URL)
    assert len(response.context["lines"]) == rows
