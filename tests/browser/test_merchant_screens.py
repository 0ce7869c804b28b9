"""The merchant's other screens on a 390 px phone, for a human look at var/screenshots/:
a busy day's list, a sold-by-weight line (grams required), a similar-item proposal and the
row waiting for the customer, and the notifications page."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.catalog.models import Product
from jangbogi.markets.models import Membership, Role
from jangbogi.orders import fulfilment
from jangbogi.orders.models import LineStatus, MerchantOrder, OrderLine
from tests.browser.conftest import htmx_idle
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
def busy_day(transactional_db, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    butcher = StoreFactory(market=market, name="형제 정육", slug="brothers-meat", stall="C동 2호")
    pork = ProductFactory(store=butcher, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                          origin="국내산", livestock="pork", traceability_no="160012345678",
                          sold_by_weight=True, estimated_grams=600)
    neck = ProductFactory(store=butcher, category="meat", name="목살", unit_label="1근(600g)", price=14000,
                          origin="국내산", stock=4)
    beef = ProductFactory(store=butcher, category="meat", name="한우 국거리", unit_label="300g", price=12000,
                          origin="국내산(한우)")
    ProductFactory(store=butcher, category="meat", name="앞다리살", unit_label="1근(600g)", price=9000,
                   origin="국내산")
    ProductFactory(store=butcher, category="meat", name="계란", unit_label="30구", price=8000, origin="국내산")
    user = UserFactory(username="brothers", name="김정육")
    Membership.objects.create(user=user, role=Role.MERCHANT, store=butcher)
    with time_machine.travel(MORNING, tick=False):
        weighed = place_paid_order(market, (pork, 2, "refund", "비계 적은 쪽으로"), key="w",
                                   recipient_name="최미영")
        similar = place_paid_order(market, (neck, 2, "similar_same_store"), (beef, 1), key="s",
                                   recipient_name="정하늘")
        ready = place_paid_order(market, (beef, 2), key="r", recipient_name="한지민")
        ready_part = ready.merchant_orders.get()
        fulfilment.pick_line(line=ready_part.lines.get())
        fulfilment.mark_ready(part=ready_part)
    return {"weighed": weighed, "similar": similar}


def login(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()
    expect(page).to_have_url(re.compile(r"/merchant/$"))


def test_merchant_screens(busy_day, morning, live_server, page, screenshot):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server.url, "brothers")
    expect(page.locator(".mo-card")).to_have_count(3)
    screenshot("merchant-10-today-busy")

    # Sold by weight: 담았어요 without grams is refused, with grams re-priced.
    weighed = MerchantOrder.objects.get(order=busy_day["weighed"])
    line = weighed.lines.get()
    page.goto(f"{live_server.url}/merchant/parts/{weighed.pk}/")
    row = page.locator(f"#line-{line.pk}")
    expect(row).to_contain_text("이력번호 160012345678")
    row.get_by_role("button", name="담았어요").click()
    expect(row.get_by_role("alert")).to_have_text("무게 상품은 실제 무게(g)를 적어 주세요.")
    screenshot("merchant-11-part-weight-error")
    row.get_by_label("실제 무게(g)").fill("1100")
    row.get_by_role("button", name="담았어요").click()
    expect(row).to_contain_text("✓ 담았어요 · 1,100g · 27,500원")
    expect(row).to_contain_text("2,500원 덜 받아요")
    screenshot("merchant-12-part-weight-picked")

    # Similar item: pick a substitute; the row then waits for the customer.
    similar = MerchantOrder.objects.get(order=busy_day["similar"])
    neck = similar.lines.get(product_name="목살")
    page.goto(f"{live_server.url}/merchant/parts/{similar.pk}/")
    row = page.locator(f"#line-{neck.pk}")
    row.get_by_role("link", name="부족해요").click()
    expect(row.get_by_label("대신 드릴 상품")).to_be_visible()
    row.get_by_role("button", name="하나 더하기").click()
    expect(row.get_by_label("있는 수량")).to_have_value("1")
    expect(row).to_contain_text("1개 부족 · 14,000원")
    shoulder = Product.objects.get(name="앞다리살")
    htmx_idle(page)
    row.get_by_label("대신 드릴 상품").select_option(value=str(shoulder.pk))
    expect(row.locator(".mo-choice")).to_contain_text("부족한 14,000원보다 5,000원 싸요")
    row.get_by_label("고객에게 한마디").fill("앞다리살이 오늘 좋아요")
    screenshot("merchant-13-part-similar-form")
    row.get_by_role("button", name="부족 알리기").click()
    expect(row).to_contain_text("고객 답변 기다리는 중 (10:")
    expect(row).to_contain_text("제안: 앞다리살 × 1 · 9,000원")
    expect(row).to_contain_text("있는 1개는 담아 주세요.")
    screenshot("merchant-14-part-awaiting")
    assert OrderLine.objects.get(pk=neck.pk).status == LineStatus.AWAITING_APPROVAL

    page.get_by_role("link", name="알림").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("알림")
    expect(page.locator(".mo-note-item")).to_have_count(3)  # one "새 주문" per paid order
    screenshot("merchant-15-notifications")
    assert errors == []


def test_empty_day(transactional_db, morning, live_server, page, screenshot):
    store = StoreFactory(market=MarketFactory(), name="새벽 청과")
    user = UserFactory(username="dawn")
    Membership.objects.create(user=user, role=Role.MERCHANT, store=store)
    login(page, live_server.url, "dawn")
    expect(page.get_by_text("오늘은 아직 주문이 없어요")).to_be_visible()
    screenshot("merchant-16-today-empty")
