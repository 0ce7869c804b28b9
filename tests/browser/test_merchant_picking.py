"""A merchant at the stall on a 390 px phone: logs in, sees the new order, opens it, picks one
line, reports the other sold out (refund), finishes and gets the bag code.  Screenshots of
each page go to var/screenshots/ for a human look."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.markets.models import Membership, Role
from jangbogi.orders.models import LineStatus, MerchantOrder, OrderLine
from tests.conftest import MORNING
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)
from tests.web.merchant.conftest import place_paid_order

pytestmark = pytest.mark.browser


@pytest.fixture
def stall(transactional_db, settings):
    """구리전통시장's 상수네 채소 with a merchant login and two paid orders for today."""
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", slug="sangsu-veg", stall="A동 12호")
    zucchini = ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)")
    leek = ProductFactory(store=veg, name="대파", unit_label="1단", price=3000, origin="국내산(전남 진도)")
    merchant = UserFactory(username="sangsu", name="박상인")
    Membership.objects.create(user=merchant, role=Role.MERCHANT, store=veg)
    with time_machine.travel(MORNING, tick=False):
        first = place_paid_order(market, (zucchini, 2, "refund", "작은 걸로 주세요"), (leek, 1),
                                 key="first", recipient_name="김순자")
    return {"market": market, "store": veg, "order": first}


def test_merchant_picks_an_order(stall, morning, live_server, page, screenshot):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    order = stall["order"]
    part = MerchantOrder.objects.get(order=order)
    zucchini = OrderLine.objects.get(merchant_order=part, product_name="애호박")
    leek = OrderLine.objects.get(merchant_order=part, product_name="대파")

    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("sangsu")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()

    # 오늘 할 일: the new order, highlighted, with the customer's request.
    expect(page).to_have_url(re.compile(r"/merchant/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("오늘 할 일")
    card = page.locator(".mo-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(f"주문 {order.number[-4:]}")
    expect(card).to_contain_text("새 주문")
    expect(card).to_contain_text("김** 님 · 상품 2개")
    expect(card).to_contain_text("부탁 · 애호박: 작은 걸로 주세요")
    screenshot("merchant-01-today")

    # A poll that finds more new orders than seen brings the banner (and a beep that must not
    # throw, even with audio blocked in a headless browser).
    page.evaluate("htmx.ajax('GET', '/merchant/?seen=0', {target: '#board', swap: 'outerHTML'})")
    expect(page.get_by_role("alert")).to_contain_text("새 주문이 들어왔어요!")
    screenshot("merchant-02-today-alert")
    page.get_by_role("button", name="확인").click()
    expect(page.get_by_text("새 주문이 들어왔어요!")).to_be_hidden()

    card.click()
    expect(page).to_have_url(re.compile(rf"/merchant/parts/{part.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number[-4:])
    expect(page.get_by_text("애호박 (원산지: 국내산(경기 구리))")).to_be_visible()
    screenshot("merchant-03-part")

    # 애호박: all there.
    page.locator(f"#line-{zucchini.pk}").get_by_role("button", name="담았어요").click()
    expect(page.locator(f"#line-{zucchini.pk}")).to_contain_text("✓ 담았어요")
    expect(page.locator("#part-head")).to_contain_text("준비 중")

    # 대파: sold out → refund.
    page.locator(f"#line-{leek.pk}").get_by_role("link", name="부족해요").click()
    expect(page.locator(f"#line-{leek.pk}")).to_contain_text("부족한 만큼 환불돼요: 3,000원")
    expect(page.get_by_label("있는 수량")).to_have_value("0")
    screenshot("merchant-04-part-short-form")
    page.locator(f"#line-{leek.pk}").get_by_role("button", name="부족 알리기").click()
    expect(page.locator(f"#line-{leek.pk}")).to_contain_text("품절 · 3,000원 환불돼요")
    expect(page.locator("#part-foot")).to_contain_text("환불 예정")

    # Ready: the bag code, big, and the label.
    page.get_by_role("button", name="준비 끝 · 가방 라벨 출력").click()
    bag_code = f"{order.number}-1"
    expect(page.locator(".mo-bag-code")).to_have_text(bag_code)
    expect(page.get_by_text("픽업 대기 · 센터 직원이 가져가요")).to_be_visible()
    expect(page.get_by_role("link", name="가방 라벨 출력 (PDF)")).to_have_attribute(
        "href", f"/merchant/parts/{part.pk}/label.pdf")
    screenshot("merchant-05-part-ready")

    part.refresh_from_db()
    assert (part.status, part.bag_code) == ("ready", bag_code)
    assert OrderLine.objects.get(pk=leek.pk).status == LineStatus.REFUNDED

    page.get_by_role("link", name="← 주문 목록으로").click()
    expect(page.locator(".mo-card")).to_contain_text("준비 끝 · 가방 라벨 보기")
    screenshot("merchant-06-today-ready")
    assert errors == []
