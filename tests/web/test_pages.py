"""Every consumer page renders, in Korean, as a full page; htmx gets only the partial."""

import pytest

from tests.web.conftest import add, htmx, set_address


@pytest.fixture
def browsing(client, market, shop, morning):
    set_address(client)
    return client


def test_home_shows_the_address_form_and_examples(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "배달받을 주소" in html
    assert "시장 찾기" in html
    assert "구리시 인창동" in html
    assert "통신판매중개자" in html


def test_home_shows_the_current_address(browsing):
    html = browsing.get("/").content.decode()
    assert "지금 배달 주소" in html
    assert "경기도 구리시 인창동" in html


def test_markets_lists_the_market_with_distance_status_and_fees(browsing, market):
    html = browsing.get("/markets").content.decode()
    assert market.name in html
    assert "구리시 · 여기서 0.3km" in html
    assert "오늘 16:00–19:00 배송 · 마감까지 3시간" in html
    assert "배달비 3,000원" in html
    assert "50,000원 이상 무료" in html


def test_markets_after_the_cutoff_says_tomorrow(browsing, market, morning):
    morning.shift(4 * 3600)  # 14:00
    html = browsing.get("/markets").content.decode()
    assert "오늘 주문 마감 · 내일 11월 27일(금) 16:00–19:00 배송" in html


def test_markets_empty_state_when_nobody_delivers(client, market):
    set_address(client, address="경기도 연천군 전곡읍", lat=38.026, lng=127.067)
    html = client.get("/markets").content.decode()
    assert "이 주소로 배달하는 시장이 아직 없어요" in html
    assert "주소 바꾸기" in html


def test_markets_without_an_address_goes_home(client, db):
    response = client.get("/markets", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "먼저 배달받을 주소를 알려 주세요." in response.content.decode()


def test_market_page_lists_products_with_origin_beside_the_name(browsing, market, shop):
    response = browsing.get(f"/m/{market.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="p-name">애호박 <span class="origin">(원산지: 국내산(경기 구리))</span></span>' in html
    assert "파는 가게: 상수네 채소" in html
    assert "1,500원" in html
    assert "채소·과일" in html and "수산" in html
    assert "무게에 따라 금액이 달라져요" in html  # 삼겹살
    assert "이력번호 160012345678" in html
    assert "통신판매중개자" in html


def test_market_page_marks_sold_out_and_offers_no_add_button(browsing, market, shop):
    html = browsing.get(f"/m/{market.slug}/").content.decode()
    assert "오늘은 다 팔렸어요" in html
    assert 'aria-label="딸기 담기"' not in html
    assert 'aria-label="애호박 담기"' in html


def test_category_chip_shows_that_category_across_stores(browsing, market, shop):
    html = browsing.get(f"/m/{market.slug}/?c=seafood").content.decode()
    assert "고등어" in html
    assert "애호박" not in html


def test_search_and_its_empty_state(browsing, market, shop):
    found = browsing.get(f"/m/{market.slug}/?q=고등어").content.decode()
    assert "“고등어” 찾은 상품 1개" in found
    missing = browsing.get(f"/m/{market.slug}/?q=바나나").content.decode()
    assert "“바나나” 상품을 찾지 못했어요" in missing


def test_store_tab_lists_stores(browsing, market, shop):
    html = browsing.get(f"/m/{market.slug}/?tab=stores").content.decode()
    assert "상수네 채소" in html and "바다 수산" in html
    assert "온누리상품권 가맹" in html


def test_market_page_paginates_30_per_page(browsing, market, shop):
    from tests.factories import ProductFactory

    ProductFactory.create_batch(30, store=shop.veg)
    first = browsing.get(f"/m/{market.slug}/")
    assert len(first.context["page_obj"]) == 30
    assert "상품 더 보기" in first.content.decode()
    second = browsing.get(f"/m/{market.slug}/?page=2", **htmx(HTTP_HX_TARGET="more"))
    assert len(second.context["page_obj"]) == 4
    assert "<html" not in second.content.decode()
    assert 'id="catalog"' not in second.content.decode()


def test_store_page_shows_the_store_identity(browsing, market, shop):
    html = browsing.get(f"/m/{market.slug}/s/{shop.fish.slug}/").content.decode()
    assert "판매 가게 정보" in html
    assert "대표자" in html and "박상인" in html
    assert shop.fish.bizno in html
    assert "간이과세자로 통신판매업 신고 면제" in html
    assert "031-555-0000" in html
    assert "고등어" in html and "애호박" not in html
    assert "통신판매중개자" in html


def test_unknown_store_is_404(browsing, market, shop):
    response = browsing.get(f"/m/{market.slug}/s/nope/")
    assert response.status_code == 404
    assert "찾는 화면이 없어요" in response.content.decode()


def test_product_page(browsing, shop):
    html = browsing.get(f"/p/{shop.pork.pk}/").content.decode()
    assert '<h1 class="p-name">삼겹살 <span class="origin">(원산지: 국내산)</span></h1>' in html
    assert "이력번호 160012345678" in html
    assert "15,000원" in html and "1근(600g)" in html
    assert "신선식품 반품(청약철회) 안내" in html
    assert "상했거나, 주문한 것과 다르면" in html
    assert shop.fish.bizno in html
    assert "장바구니에 담기" in html


def test_cart_page_groups_lines_by_store(browsing, market, shop):
    add(browsing, market, shop.zucchini, 2)
    add(browsing, market, shop.mackerel)
    html = browsing.get(f"/m/{market.slug}/cart").content.decode()
    assert html.index("바다 수산") < html.index("상수네 채소")
    assert "같은 가게의 비슷한 상품으로" in html
    assert "다른 가게의 같은 상품으로" in html
    assert "대체 없이 환불" in html
    assert "상품 금액" in html and "11,000원" in html
    assert "39,000원</strong> 더 담으면 무료배송" in html
    assert "14,000원" in html
    assert "주문하기" in html


def test_cart_page_empty_state(browsing, market):
    html = browsing.get(f"/m/{market.slug}/cart").content.decode()
    assert "장바구니가 비어 있어요" in html


def test_orders_page_empty_state(client, db):
    html = client.get("/orders/").content.decode()
    assert "아직 주문한 적이 없어요" in html


def test_login_page(client, db):
    html = client.get("/login").content.decode()
    assert "아이디" in html and "비밀번호" in html


@pytest.mark.parametrize("path", ["/m/{slug}/", "/m/{slug}/cart", "/m/{slug}/s/sangsu-veg/"])
def test_htmx_gets_the_partial_and_everyone_gets_vary(browsing, market, shop, path):
    url = path.format(slug=market.slug)
    full = browsing.get(url)
    partial = browsing.get(url, **htmx())
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert partial.content.decode().strip()
    for response in (full, partial):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]


def test_htmx_chip_click_returns_the_catalogue_partial(browsing, market, shop):
    response = browsing.get(f"/m/{market.slug}/?c=seafood", **htmx(HTTP_HX_TARGET="catalog"))
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="catalog"')
    assert "고등어" in html and "애호박" not in html


def test_unknown_market_is_404(client, db):
    response = client.get("/m/nowhere/")
    assert response.status_code == 404
    assert "찾는 화면이 없어요" in response.content.decode()


def test_server_error_page_is_korean_and_standalone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "잠시 문제가 생겼어요" in html
    assert "처음 화면으로" in html


def test_address_search_is_post_only(client, db):
    assert client.get("/address").status_code == 405
