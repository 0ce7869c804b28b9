"""The delivery center on a tablet (1024 × 768): log in, scan two store bags with a
"scanner" (typed code + Enter), open the order, pack it, print.  Phone-size (390 × 844)
screenshots of the same screens go to var/screenshots/ too."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.core import time as btime
from jangbogi.markets.models import Role
from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order, OrderLine, OrderStatus
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    MembershipFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
# 50 minutes before the 16:00 slot: bags not yet in are shown in red.
AFTERNOON = btime.at(MORNING.date(), dt.time(15, 10))


def _order(market, products: dict, key: str) -> Order:
    cart = carts.create_cart(market=market)
    for product, quantity in products.items():
        carts.set_line(cart=cart, product_id=product.pk, quantity=quantity)
    return ordering.checkout(cart=cart, details=delivery_details(market, recipient_name=f"고객{key}"),
                             idempotency_key=key, now=MORNING)


def _ready(order) -> dict[str, MerchantOrder]:
    for line in OrderLine.objects.filter(merchant_order__order=order):
        fulfilment.pick_line(line=line)
    return {p.store.name: fulfilment.mark_ready(part=p) for p in MerchantOrder.objects.filter(order=order)}


@pytest.fixture
def center_day(transactional_db):
    """구리전통시장 at 15:10: our order with two ready bags, one order whose 두부 bag is still
    being prepared (red), one already collected."""
    with time_machine.travel(AFTERNOON, tick=True):
        market = MarketFactory(name="구리전통시장", slug="guri")
        DeliveryCenterFactory(market=market)
        veg = StoreFactory(market=market, name="상수네 채소", stall="A동 12호", phone="031-555-1212")
        fish = StoreFactory(market=market, name="바다 수산", stall="B동 3호", phone="031-555-3434")
        tofu = StoreFactory(market=market, name="할머니 두부", stall="C동 7호", phone="031-555-5656")
        zucchini = ProductFactory(store=veg, name="애호박", price=1500, origin="국내산(경기 구리)")
        mackerel = ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                                  origin="국내산(부산)")
        bean_curd = ProductFactory(store=tofu, category="processed", name="손두부", unit_label="1모", price=4000,
                                   origin="국내산")
        ours = _order(market, {zucchini: 2, mackerel: 1}, "ours")
        bags = _ready(ours)
        late = _order(market, {zucchini: 1, bean_curd: 1}, "late")
        fulfilment.pick_line(line=OrderLine.objects.get(merchant_order__order=late, product_name="애호박"))
        fulfilment.mark_ready(part=MerchantOrder.objects.get(order=late, store=veg))
        done = _order(market, {mackerel: 1}, "done")
        for part in _ready(done).values():
            fulfilment.receive_bag(code=part.bag_code, market=market)
        user = UserFactory(username="center1", name="배송센터 이직원")
        MembershipFactory(user=user, role=Role.CENTER_STAFF, market=market)
    return {"order": ours, "bags": bags, "late": late}


@pytest.fixture
def afternoon():
    with time_machine.travel(AFTERNOON, tick=True):
        yield


def shots(page, screenshot, name: str) -> None:
    """The screen at tablet size, then at phone size, then back to the tablet."""
    screenshot(f"center-{name}-1024")
    page.set_viewport_size(PHONE)
    screenshot(f"center-{name}-390")
    page.set_viewport_size(TABLET)


def test_center_scans_two_bags_and_packs(center_day, afternoon, live_server, page, screenshot):
    order, bags = center_day["order"], center_day["bags"]
    page.set_viewport_size(TABLET)
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("center1")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()

    expect(page).to_have_url(re.compile(r"/center/$"))
    scan_box = page.get_by_label("가방 QR을 찍거나 코드를 입력하세요")
    expect(scan_box).to_be_focused()
    expect(page.locator(".counts")).to_contain_text("가방 도착 1/5")
    expect(page.locator(".missing")).to_contain_text("할머니 두부")
    expect(page.locator(".missing a[href='tel:0315555656']")).to_have_text(re.compile("전화하기"))
    shots(page, screenshot, "01-board")

    # An order still waiting for a bag cannot be packed yet, and says why.
    page.get_by_role("link", name=center_day["late"].number).click()
    expect(page.get_by_role("button", name="포장 완료")).to_be_disabled()
    expect(page.get_by_text("가방 2개 중 0개 도착 — 가방이 모두 오면 포장할 수 있어요")).to_be_visible()
    shots(page, screenshot, "01b-packing-waiting")
    page.go_back()
    scan_box = page.get_by_label("가방 QR을 찍거나 코드를 입력하세요")
    expect(scan_box).to_be_focused()

    # The scanner types the code and Enter.
    scan_box.type(bags["상수네 채소"].bag_code)
    scan_box.press("Enter")
    result = page.locator("#scan-result")
    expect(result).to_contain_text("상수네 채소 가방 도착 ✓")
    expect(result).to_contain_text(f"주문 {order.number}: 1/2 도착, 남은 가방: 바다 수산")
    expect(scan_box).to_have_value("")
    expect(scan_box).to_be_focused()
    expect(page.locator(".counts")).to_contain_text("가방 도착 2/5")  # the board refreshed at once
    shots(page, screenshot, "02-first-bag")

    # The same bag again, after a click elsewhere took the focus: the scanner's keys still
    # land in the scan box.  Refused in red, nothing changes.
    page.locator("#board h1").click()
    expect(scan_box).not_to_be_focused()
    page.keyboard.type(bags["상수네 채소"].bag_code)
    page.keyboard.press("Enter")
    expect(result).to_contain_text("이미 받은 가방입니다 (상수네 채소, 15:")
    expect(result).to_have_class(re.compile("is-refused"))
    shots(page, screenshot, "03-duplicate")

    scan_box.type(f"JB:{bags['바다 수산'].bag_code}")
    scan_box.press("Enter")
    expect(result).to_contain_text("바다 수산 가방 도착 ✓")
    expect(result).to_contain_text(f"주문 {order.number}: 2/2 도착, 포장할 수 있어요")
    expect(scan_box).to_be_focused()
    shots(page, screenshot, "04-second-bag")

    result.get_by_role("link", name="포장하러 가기").click()
    expect(page).to_have_url(re.compile(rf"/center/orders/{order.number}/"))
    expect(page.get_by_text("김순자")).to_have_count(0)  # recipient is 고객ours
    expect(page.get_by_text("고객ours · 010-****-1234")).to_be_visible()
    page.get_by_label("고등어 보관").select_option("frozen")
    shots(page, screenshot, "05-packing")

    page.get_by_role("button", name="포장 완료").click()
    expect(page.get_by_text("포장 완료 ✓")).to_be_visible()
    expect(page.get_by_role("link", name="명세서 출력 (PDF)")).to_have_attribute(
        "href", re.compile(rf"/center/orders/{order.number}/slip.pdf"))
    expect(page.get_by_role("link", name="꾸러미 라벨 출력 (PDF)")).to_have_attribute(
        "href", re.compile(rf"/center/orders/{order.number}/label.pdf"))
    shots(page, screenshot, "06-packed")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PACKED
    assert OrderLine.objects.get(merchant_order__order=order, product_name="고등어").temperature == "frozen"

    pdf = page.request.get(live_server.url + f"/center/orders/{order.number}/slip.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="← 현황판으로").click()
    expect(page.locator(".counts")).to_contain_text("포장 완료 1")
    shots(page, screenshot, "07-board-after")
