"""Delivery slots end to end: the market admin adds an afternoon slot with two places and closes
a festival day; a customer sees the slots as large radio buttons with the places left, takes
the last place, and the next customer finds it 마감.  Screenshots go to var/screenshots/."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jangbogi.markets.models import Role, SlotBooking
from jangbogi.orders.models import Order
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    MembershipFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def guri(transactional_db, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.JANGBOGI_GEOCODER_PLACES = "tests.web.places.PLACES"
    market = MarketFactory(name="구리전통시장", slug="guri", address="경기도 구리시 인창동 1")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", accepts_onnuri=True, accepts_local_currency=True)
    ProductFactory(store=veg, name="애호박", price=1500, stock=50)
    MembershipFactory(user=UserFactory(username="guri-admin", name="이관리"), role=Role.MARKET_ADMIN, market=market)
    return market


def log_in(page, live_server, username):
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()


def shop_and_check_out(page, live_server):
    """A fresh customer: address, 애호박 in the cart, the checkout page."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_label("배달받을 주소").fill("구리시 인창동")
    page.get_by_role("button", name="시장 찾기").click()
    page.get_by_role("link", name=re.compile("구리전통시장")).click()
    page.get_by_role("button", name="애호박 담기").click()
    expect(page.locator("#cart-link .badge")).to_have_text("1")
    page.goto(live_server.url + "/m/guri/checkout")


def test_admin_adds_a_small_slot_and_customers_fill_it(guri, morning, live_server, page, screenshot):
    log_in(page, live_server, "guri-admin")
    page.get_by_role("link", name="배송 시간").click()
    expect(page.get_by_test_id("implicit")).to_contain_text("16:00–19:00 배송, 자리 수 제한 없음")
    page.get_by_label("주문 마감").fill("11:00")
    page.get_by_label("배송 시작").fill("14:00")
    page.get_by_label("배송 끝").fill("16:00")
    page.get_by_label("배송 기사 (명)").fill("1")
    page.get_by_label("기사 1명당 꾸러미 (개)").fill("1")
    page.get_by_role("button", name="배송 시간 더하기").click()
    expect(page.get_by_role("status")).to_contain_text("14:00–16:00 배송 시간을 더했어요 (하루 1개).")
    page.get_by_label("주문 마감").fill("15:00")
    page.get_by_label("배송 시작").fill("18:00")
    page.get_by_label("배송 끝").fill("20:00")
    page.get_by_role("button", name="배송 시간 더하기").click()
    expect(page.locator(".ma-slots > li")).to_have_count(2)
    screenshot("slots-01-admin")

    page.get_by_role("link", name="영업일").click()
    page.get_by_label("날짜", exact=True).fill("2026-11-28")
    page.get_by_label("사유").fill("시장 축제")
    page.get_by_role("button", name="이날 정하기").click()
    expect(page.get_by_role("status")).to_contain_text("11월 28일(토)을 임시 휴무로 정했어요.")
    expect(page.locator('td[data-date="2026-11-28"]')).to_contain_text("임시 휴무: 시장 축제")
    screenshot("slots-02-calendar")

    # The first customer takes the one place of 14:00–16:00.
    shop_and_check_out(page, live_server)
    slots = page.get_by_role("radiogroup", name="3. 배달 시간")
    expect(slots.get_by_role("radio")).to_have_count(6)            # 3 open days × 2 slots
    expect(slots).to_contain_text("오늘 11월 26일(목) 14:00–16:00")
    expect(slots).to_contain_text("1자리 남음")
    expect(slots).not_to_contain_text("11월 28일")                   # the festival
    expect(slots).to_contain_text("11월 29일(일) 18:00–20:00")
    screenshot("slots-03-checkout")
    page.get_by_label("받는 분 이름").fill("김순자")
    page.get_by_label("휴대폰 번호").fill("010-5550-1234")
    page.get_by_text("온누리상품권(카드형)").click()
    page.get_by_role("button", name=re.compile("결제하기")).click()
    expect(page.get_by_text("주문을 받았어요. 결제도 끝났어요.")).to_be_visible()
    order = Order.objects.get()
    assert (order.slot_start, order.slot_end) == (dt.time(14), dt.time(16))

    # The next customer finds it 마감 and gets the 18:00 slot checked instead.
    shop_and_check_out(page, live_server)
    full = page.get_by_role("radio", name="오늘 11월 26일(목) 14:00–16:00")
    expect(full).to_be_disabled()
    expect(page.get_by_role("radio", name="오늘 11월 26일(목) 18:00–20:00")).to_be_checked()
    expect(page.locator(".slot-option.is-full")).to_contain_text("마감")
    screenshot("slots-04-full")
    assert SlotBooking.objects.get(rule__start=dt.time(14)).booked == 1
