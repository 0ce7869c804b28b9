"""Adding to the cart, changing quantities, removing, substitution choices."""

import pytest

from jangbogi.orders.models import Cart, CartLine
from tests.factories import MarketFactory, ProductFactory, StoreFactory
from tests.web.conftest import add, htmx


@pytest.fixture
def lines():
    def current():
        return {line.product.name: line.quantity for line in CartLine.objects.select_related("product")}
    return current


def test_add_without_js_redirects_back_with_a_message(client, market, shop, lines):
    response = client.post(f"/m/{market.slug}/cart/add",
                           {"product": shop.zucchini.pk, "quantity": 2, "next": f"/m/{market.slug}/?c=veg_fruit"},
                           follow=True)
    assert response.redirect_chain == [(f"/m/{market.slug}/?c=veg_fruit", 302)]
    assert "담았어요: 애호박 (장바구니에 2개)" in response.content.decode()
    assert lines() == {"애호박": 2}


def test_add_refuses_an_offsite_next(client, market, shop):
    response = client.post(f"/m/{market.slug}/cart/add",
                           {"product": shop.zucchini.pk, "quantity": 1, "next": "https://evil.example/"})
    assert response["Location"] == f"/m/{market.slug}/"


def test_add_over_htmx_swaps_the_cart_bar_and_the_badge(client, market, shop, lines):
    add(client, market, shop.mackerel)
    response = client.post(f"/m/{market.slug}/cart/add", {"product": shop.zucchini.pk, "quantity": 1}, **htmx())
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="cartbar"')
    assert "담았어요: 애호박 (장바구니에 1개)" in html
    assert "장바구니 보기 (2개)" in html
    assert 'id="cart-link" class="cart-link" hx-swap-oob="true"' in html
    assert lines() == {"고등어": 1, "애호박": 1}


def test_adding_again_adds_up(client, market, shop, lines):
    add(client, market, shop.zucchini)
    add(client, market, shop.zucchini, 3)
    assert lines() == {"애호박": 4}
    assert Cart.objects.count() == 1


def test_sold_out_is_refused_with_a_message_and_no_line(client, market, shop, lines):
    response = client.post(f"/m/{market.slug}/cart/add", {"product": shop.sold_out.pk, "quantity": 1}, **htmx())
    html = response.content.decode()
    assert "딸기은(는) 품절되었습니다." in html
    assert 'class="cartbar-msg error"' in html
    assert lines() == {}


def test_more_than_the_stock_is_refused(client, market, shop, lines):
    response = add(client, market, shop.zucchini, 11)
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "애호박은(는) 10개까지 살 수 있습니다." in follow
    assert lines() == {}


def test_a_product_of_another_market_is_refused(client, market, shop, lines):
    elsewhere = ProductFactory(store=StoreFactory(market=MarketFactory()), name="남의 배추")
    response = client.post(f"/m/{market.slug}/cart/add", {"product": elsewhere.pk, "quantity": 1}, **htmx())
    assert "이 시장에서 파는 상품이 아닙니다." in response.content.decode()
    assert lines() == {}


def test_header_badge_counts_items(client, market, shop):
    add(client, market, shop.zucchini, 2)
    add(client, market, shop.mackerel)
    html = client.get("/").content.decode()
    assert 'aria-label="3개">3</span>' in html


def test_plus_and_minus_over_htmx_rerender_the_cart(client, market, shop, lines):
    add(client, market, shop.zucchini, 2)
    response = client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 3}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="cart"')
    assert "3개" in html and "4,500원" in html
    assert 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]
    assert lines() == {"애호박": 3}
    client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 2}, **htmx())
    assert lines() == {"애호박": 2}


def test_quantity_change_without_js_redirects_to_the_cart(client, market, shop, lines):
    add(client, market, shop.zucchini, 2)
    response = client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 5})
    assert response["Location"] == f"/m/{market.slug}/cart"
    assert lines() == {"애호박": 5}


def test_remove_a_line(client, market, shop, lines):
    add(client, market, shop.zucchini, 2)
    add(client, market, shop.mackerel)
    html = client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 0}, **htmx()).content.decode()
    assert lines() == {"고등어": 1}
    assert "애호박" not in html


def test_too_many_is_refused_and_nothing_changes(client, market, shop, lines):
    add(client, market, shop.zucchini, 2)
    html = client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 11}, **htmx()).content.decode()
    assert "애호박은(는) 10개까지 살 수 있습니다." in html
    assert lines() == {"애호박": 2}


def test_substitution_and_note_are_saved_and_quantity_kept(client, market, shop):
    add(client, market, shop.mackerel, 2)
    client.post(f"/m/{market.slug}/cart/lines/{shop.mackerel.pk}",
                {"quantity": 2, "substitution": "same_item_other_store", "note": "큰 걸로 주세요"}, **htmx())
    line = CartLine.objects.get()
    assert (line.quantity, line.substitution, line.note) == (2, "same_item_other_store", "큰 걸로 주세요")

    # The −/+ buttons send only the quantity: the choice and the note stay.
    client.post(f"/m/{market.slug}/cart/lines/{shop.mackerel.pk}", {"quantity": 3}, **htmx())
    line.refresh_from_db()
    assert (line.quantity, line.substitution, line.note) == (3, "same_item_other_store", "큰 걸로 주세요")


def test_changing_a_line_without_a_cart_says_so(client, market, shop):
    html = client.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 2}, **htmx()).content.decode()
    assert "장바구니를 바꾸지 못했어요" in html
    assert CartLine.objects.count() == 0
