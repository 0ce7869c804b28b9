"""A customer's whole trip on a 390 px phone: address → market → two stores by category →
cart → demo payment (a decline first) → order page.  Screenshots of every page go to
var/screenshots/ for a human look."""

import re

import pytest
from playwright.sync_api import expect

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Order, OrderStatus
from tests.browser.conftest import htmx_idle
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def guri(transactional_db, settings):
    settings.JANGBOGI_GEOCODER_PLACES = "tests.web.places.PLACES"
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri", address="경기도 구리시 인창동 1")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", slug="sangsu-veg", accepts_onnuri=True,
                       accepts_local_currency=True, stall="A동 12호", description="매일 새벽 들여오는 채소")
    fish = StoreFactory(market=market, name="바다 수산", slug="bada-fish", stall="B동 3호",
                        mail_order_no="", mail_order_exemption="간이과세자로 통신판매업 신고 면제")
    ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)")
    ProductFactory(store=veg, name="대파", unit_label="1단", price=3000, origin="국내산(전남 진도)")
    ProductFactory(store=veg, name="딸기", unit_label="1팩(500g)", price=9000, stock=0, origin="국내산(경남 산청)")
    ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                   origin="국내산(부산)")
    ProductFactory(store=fish, category="seafood", name="생물 오징어", unit_label="2마리", price=12000,
                   origin="원양산(포클랜드)")
    ProductFactory(store=fish, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                   origin="국내산", livestock="pork", traceability_no="160012345678", sold_by_weight=True,
                   estimated_grams=600)
    return market


def test_customer_orders_from_two_stores(guri, morning, live_server, page, screenshot):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("전통시장 장보기")
    screenshot("01-home")

    # An address the geocoder does not know: a friendly error, the typed text kept.
    address_box = page.get_by_label("배달받을 주소")
    address_box.fill("서울시 강남구")
    page.get_by_role("button", name="시장 찾기").click()
    expect(page.get_by_role("alert")).to_contain_text("주소를 찾지 못했어요")
    expect(page.get_by_label("배달받을 주소")).to_have_value("서울시 강남구")
    screenshot("02-home-address-not-found")

    # Two places match: pick one.
    page.get_by_label("배달받을 주소").fill("교문")
    page.get_by_role("button", name="시장 찾기").click()
    expect(page.get_by_text("어느 주소인가요?")).to_be_visible()
    screenshot("03-home-address-choices")
    page.get_by_role("button", name="경기도 구리시 교문1동").click()

    # Markets delivering there.
    expect(page).to_have_url(re.compile(r"/markets$"))
    expect(page.get_by_text("경기도 구리시 교문1동")).to_be_visible()
    expect(page.get_by_text("마감까지 2시간 59분")).to_be_visible()  # the clock starts at 10:00
    screenshot("04-markets")
    page.get_by_role("link", name=re.compile("구리전통시장")).click()

    # Browse by category across stores and add from two stores.
    expect(page).to_have_url(re.compile(r"/m/guri/$"))
    screenshot("05-market")
    page.get_by_role("link", name="장바구니").first.click()
    expect(page.get_by_text("장바구니가 비어 있어요")).to_be_visible()
    screenshot("06-cart-empty")
    page.go_back()

    page.get_by_role("link", name="채소·과일").click()
    expect(page).to_have_url(re.compile(r"c=veg_fruit"))
    expect(page.get_by_text("고등어")).to_have_count(0)
    page.get_by_role("button", name="애호박 담기").click()
    expect(page.locator("#cartbar")).to_contain_text("담았어요: 애호박")
    expect(page.locator("#cart-link .badge")).to_have_text("1")
    expect(page.get_by_role("button", name="품절")).to_be_disabled()
    screenshot("07-market-category-added")

    page.get_by_role("link", name="수산").click()
    expect(page).to_have_url(re.compile(r"c=seafood"))
    page.get_by_role("button", name="고등어 담기").click()
    expect(page.locator("#cart-link .badge")).to_have_text("2")

    # Search, the store tab, a store page and a product page.
    page.get_by_role("searchbox").fill("삼겹살")
    page.get_by_role("button", name="찾기", exact=True).click()
    expect(page.get_by_text("“삼겹살” 찾은 상품 1개")).to_be_visible()
    screenshot("08-market-search")
    page.get_by_role("link", name="가게별로 보기").click()
    expect(page.get_by_role("heading", name="바다 수산")).to_be_visible()
    screenshot("09-market-stores")
    page.get_by_role("heading", name="바다 수산").click()
    expect(page.get_by_text("판매 가게 정보")).to_be_visible()
    expect(page.get_by_text("신고 면제")).to_be_visible()
    screenshot("10-store")
    page.get_by_role("link", name=re.compile("삼겹살")).first.click()
    expect(page.get_by_text("이력번호 160012345678")).to_be_visible()
    expect(page.get_by_text("신선식품 반품(청약철회) 안내")).to_be_visible()
    screenshot("11-product")

    # The cart: two store groups, one more 애호박.
    page.locator("#cart-link").click()
    expect(page.get_by_role("heading", level=2, name="상수네 채소")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="바다 수산")).to_be_visible()
    page.get_by_role("button", name="애호박 하나 더하기").click()
    expect(page.locator("#cart")).to_contain_text("2개")
    expect(page.locator("#cart-link .badge")).to_have_text("3")
    expect(page.get_by_text("39,000원 더 담으면 무료배송")).to_be_visible()
    htmx_idle(page)
    page.get_by_label("이 상품이 없으면").first.select_option("같은 가게의 비슷한 상품으로")
    expect(page.locator("#cart")).to_contain_text("11,000원")
    screenshot("12-cart")

    # Checkout: a declined demo payment first, then a paid one.
    page.get_by_role("link", name="주문하기").click()
    expect(page.get_by_text("오늘 11월 26일(목) 16:00–19:00")).to_be_visible()
    page.get_by_label("받는 분 이름").fill("김순자")
    page.get_by_label("휴대폰 번호").fill("010-5550-1234")
    page.get_by_label("상세 주소").fill("101동 1203호")
    page.get_by_text("온누리상품권(카드형)").click()
    screenshot("13-checkout")
    page.get_by_label("결제 실패 시험").check()
    page.get_by_role("button", name=re.compile("결제하기")).click()
    expect(page.get_by_role("alert").first).to_contain_text("결제가 승인되지 않았어요")
    expect(page.get_by_label("받는 분 이름")).to_have_value("김순자")
    expect(page.get_by_label("상세 주소")).to_have_value("101동 1203호")
    assert Product.objects.get(name="애호박").stock == 10
    screenshot("14-checkout-declined")

    page.get_by_label("결제 실패 시험").uncheck()
    page.get_by_role("button", name=re.compile("결제하기")).click()

    # The order page: 주문 접수, two store parts.
    expect(page).to_have_url(re.compile(r"/orders/[0-9-]+/$"))
    expect(page.locator(".status-big")).to_have_text("주문 접수")
    expect(page.locator(".store-part")).to_have_count(2)
    expect(page.locator(".store-part h3")).to_have_text(["바다 수산 접수", "상수네 채소 접수"])
    expect(page.locator("#cart-link .badge")).to_have_text("0")
    screenshot("15-order")
    paid = Order.objects.get(status=OrderStatus.PAID)
    assert (paid.items_total, paid.delivery_fee, paid.total) == (11000, 3000, 14000)
    assert Product.objects.get(name="애호박").stock == 8

    page.get_by_role("link", name="주문 취소하기").click()
    expect(page.get_by_role("heading", name="주문을 취소할까요?")).to_be_visible()
    screenshot("16-order-cancel-confirm")
    page.get_by_role("link", name="아니요, 그대로 둘게요").click()

    page.get_by_role("link", name="주문내역").first.click()
    expect(page.locator(".order-card")).to_have_count(1)
    expect(page.locator(".order-card")).to_contain_text(paid.number)
    screenshot("17-orders")

    page.get_by_role("link", name="로그인").click()
    expect(page.get_by_label("아이디")).to_be_visible()
    screenshot("18-login")

    page.goto(live_server.url + "/m/no-such-market/")
    expect(page.get_by_text("찾는 화면이 없어요")).to_be_visible()
    screenshot("19-not-found")

    # An address no market delivers to.
    page.goto(live_server.url + "/")
    page.get_by_label("다른 주소로 바꾸기").fill("연천군 전곡읍")
    page.get_by_role("button", name="시장 찾기").click()
    expect(page.get_by_text("이 주소로 배달하는 시장이 아직 없어요")).to_be_visible()
    screenshot("20-markets-empty")
