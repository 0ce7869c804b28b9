"""From a paid order to a packed bundle, across four people on their own screens:

the merchant finds 애호박 sold out and proposes 쥬키니 호박 → the customer approves on the
order page → the merchants finish their bags → the delivery center scans both bags and packs
the bundle → the customer sees "포장 완료" with the final amounts and the refund due."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.markets.models import Membership, Role
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from jangbogi.orders.models import LineStatus, MerchantOrder, Order, OrderLine, OrderStatus
from tests.browser.conftest import htmx_idle, login, snap
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def day(transactional_db, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", slug="sangsu-veg", stall="A동 12호")
    fish = StoreFactory(market=market, name="바다 수산", slug="bada-fish", stall="B동 3호")
    zucchini = ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)")
    zucchini_b = ProductFactory(store=veg, name="쥬키니 호박", price=1200, stock=5, origin="국내산(경기 이천)")
    mackerel = ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                              origin="국내산(부산)")
    for username, scope in (("sangsu", {"role": Role.MERCHANT, "store": veg}),
                            ("bada", {"role": Role.MERCHANT, "store": fish}),
                            ("center1", {"role": Role.CENTER_STAFF, "market": market})):
        Membership.objects.create(user=UserFactory(username=username), **scope)
    with time_machine.travel(MORNING, tick=False):
        cart = carts.create_cart(market=market)
        carts.set_line(cart=cart, product_id=zucchini.pk, quantity=2, substitution="similar_same_store")
        carts.set_line(cart=cart, product_id=mackerel.pk, quantity=1)
        order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key="journey",
                                  now=MORNING)
    assert order.status == OrderStatus.PAID and order.total == 14000
    return {"order": order, "veg": veg, "fish": fish, "substitute": zucchini_b}


def test_shortage_to_packed_bundle(day, live_server, browser, browser_context_args):
    order = day["order"]
    base = live_server.url
    veg_part = MerchantOrder.objects.get(order=order, store=day["veg"])
    fish_part = MerchantOrder.objects.get(order=order, store=day["fish"])
    zucchini = OrderLine.objects.get(merchant_order=veg_part, product_name="애호박")
    mackerel = OrderLine.objects.get(merchant_order=fish_part)
    contexts = [browser.new_context(**browser_context_args) for _ in range(4)]
    merchant_ctx, customer_ctx, fish_ctx, center_ctx = contexts
    with time_machine.travel(MORNING, tick=True):
        # The merchant: 애호박 is gone, 쥬키니 호박 offered instead.
        merchant = login(merchant_ctx, base, "sangsu")
        merchant.goto(f"{base}/merchant/parts/{veg_part.pk}/")
        row = merchant.locator(f"#line-{zucchini.pk}")
        row.get_by_role("link", name="부족해요").click()
        expect(merchant.get_by_label("있는 수량")).to_have_value("0")
        htmx_idle(merchant)
        merchant.get_by_label("대신 드릴 상품").select_option(value=str(day["substitute"].pk))
        expect(row).to_contain_text("쥬키니 호박")
        row.get_by_role("button", name="부족 알리기").click()
        expect(row).to_contain_text("고객 답변 기다리는 중")
        assert OrderLine.objects.get(pk=zucchini.pk).status == LineStatus.AWAITING_APPROVAL

        # The customer, on the order link from the notification, approves.
        customer = customer_ctx.new_page()
        customer.goto(f"{base}/orders/{order.number}/?t={order.access_token}")
        expect(customer.get_by_role("heading", name="바꿔 드릴까요?")).to_be_visible()
        expect(customer.get_by_text("원래보다 600원 싸요.")).to_be_visible()
        snap(customer, "journey-01-customer-proposal")
        customer.get_by_role("button", name="네, 바꿔 주세요").click()
        expect(customer.get_by_text("쥬키니 호박(으)로 바꿔 담아 드릴게요.")).to_be_visible()

        # Both merchants finish their bags.
        merchant.reload()
        merchant.get_by_role("button", name="준비 끝 · 가방 라벨 출력").click()
        expect(merchant.locator(".mo-bag-code")).to_have_text(re.compile(rf"{order.number}-\d"))
        veg_part.refresh_from_db()
        fish = login(fish_ctx, base, "bada")
        fish.goto(f"{base}/merchant/parts/{fish_part.pk}/")
        fish.locator(f"#line-{mackerel.pk}").get_by_role("button", name="담았어요").click()
        fish.get_by_role("button", name="준비 끝 · 가방 라벨 출력").click()
        expect(fish.locator(".mo-bag-code")).to_have_text(re.compile(rf"{order.number}-\d"))
        fish_part.refresh_from_db()

        # The center scans both bags and packs the bundle.
        center = login(center_ctx, base, "center1")
        scan = center.get_by_label("가방 QR을 찍거나 코드를 입력하세요")
        for code in (f"JB:{veg_part.bag_code}", fish_part.bag_code.lower()):
            scan.fill(code)
            scan.press("Enter")
            expect(center.locator("#scan-result")).to_contain_text("도착")
        expect(center.locator("#scan-result")).to_contain_text("포장할 수 있어요")
        center.get_by_role("link", name="포장하러 가기").click()
        center.get_by_role("button", name="포장 완료").click()
        expect(center.get_by_text("포장 완료 ✓")).to_be_visible()

        # The customer sees the bundle packed with the final amounts.
        customer.reload()
        expect(customer.locator('.timeline [aria-current="step"]')).to_have_text("포장 완료")
        expect(customer.get_by_text("↳ 바꾼 상품: 쥬키니 호박")).to_be_visible()
        amounts = customer.locator(".amounts")
        expect(amounts).to_contain_text("13,400원")       # 2,400 + 8,000 + 3,000
        expect(amounts).to_contain_text("돌려받은 금액")  # given back on the approval at once
        expect(amounts).to_contain_text("600원")
        snap(customer, "journey-02-customer-packed")
    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.total, order.paid_amount, order.refund_due) == ("packed", 13400, 14000, 600)
    for context in contexts:
        context.close()


