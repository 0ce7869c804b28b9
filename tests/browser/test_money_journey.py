"""Money across four screens: a customer pays a mixed cart with 온누리 (the registered store)
and card (the other store and the delivery fee) → the 온누리 store runs short of 무 and the
money goes back on the 온누리 approval → the order is delivered, the customer reports the
고등어 damaged and is refunded at once on the card approval → each store's statement balances
to the won.  Screenshots in var/screenshots/."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.claims.models import ClaimPolicy
from jangbogi.core import time as btime
from jangbogi.markets.models import Membership, Role
from jangbogi.orders import fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order, OrderLine, OrderStatus
from jangbogi.payments.models import CancelKind, CancelStatus, Payment, PaymentCancel
from jangbogi.settlement import ingest
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import LedgerEntry
from tests.browser.conftest import htmx_idle, log_in, small_png, snap
from tests.conftest import MORNING
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    StorePaymentProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

EVENING = btime.at(MORNING.date(), dt.time(18, 0))


@pytest.fixture
def guri(transactional_db, settings, tmp_path):
    settings.JANGBOGI_GEOCODER_PLACES = "tests.web.places.PLACES"
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.MEDIA_ROOT = tmp_path / "media"
    market = MarketFactory(name="구리전통시장", slug="guri", address="경기도 구리시 인창동 1")
    DeliveryCenterFactory(market=market)
    ClaimPolicy.objects.create(market=market, instant_refund_limit=10000, review_sla_minutes=120)
    veg = StoreFactory(market=market, name="상수네 채소", slug="sangsu-veg")
    StorePaymentProfileFactory(store=veg, local_currency_registered=False)  # 온누리(카드형) only
    fish = StoreFactory(market=market, name="바다 수산", slug="bada-fish")
    ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)")
    ProductFactory(store=veg, name="무", unit_label="1개", price=2500, stock=10, origin="국내산(제주)")
    ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                   origin="국내산(부산)")
    Membership.objects.create(user=UserFactory(username="sangsu", name="박상인"), role=Role.MERCHANT, store=veg)
    return market


def held(order) -> dict[str, tuple[str, int]]:
    return {(p.store.name if p.store else "배송비"): (p.method, p.amount - p.canceled_amount)
            for p in Payment.objects.filter(order_ref=order.number).select_related("store")}


def shop_and_pay(page, base) -> Order:
    page.goto(base + "/")
    page.get_by_label("배달받을 주소").fill("교문")
    page.get_by_role("button", name="시장 찾기").click()
    page.get_by_role("button", name="경기도 구리시 교문1동").click()
    page.get_by_role("link", name=re.compile("구리전통시장")).click()
    for name in ("애호박", "애호박", "무", "고등어"):
        page.get_by_role("button", name=f"{name} 담기").click()
        htmx_idle(page)
    page.locator("#cart-link").click()
    expect(page.locator("#cart")).to_contain_text("13,500원")
    page.get_by_role("link", name="주문하기").click()
    page.get_by_label("받는 분 이름").fill("김순자")
    page.get_by_label("휴대폰 번호").fill("010-5550-1234")
    onnuri = page.get_by_role("radio", name=re.compile("온누리상품권"))
    onnuri.check()
    # Before paying, the customer reads how the 온누리 choice is split.
    expect(page.locator("label", has=onnuri)).to_contain_text(
        "온누리상품권(카드형) 5,500원 (상수네 채소) + 신용·체크카드 11,000원 (바다 수산, 배송비)")
    snap(page, "money-01-checkout-split-390")
    page.get_by_role("button", name="16,500원 결제하기").click()
    expect(page.get_by_text("주문을 받았어요. 결제도 끝났어요.")).to_be_visible()
    return Order.objects.get()


def test_mixed_tenders_shortage_and_claim_refund_on_the_right_approval(guri, live_server, browser,
                                                                      browser_context_args):
    base = live_server.url
    customer = browser.new_context(**browser_context_args).new_page()
    with time_machine.travel(MORNING, tick=True):
        order = shop_and_pay(customer, base)
        assert order.status == OrderStatus.PAID
        assert held(order) == {"상수네 채소": ("onnuri", 5500), "바다 수산": ("card", 8000), "배송비": ("card", 3000)}
        tenders = customer.locator(".tenders")
        expect(tenders).to_contain_text("상수네 채소 · 온누리상품권(카드형)")
        expect(tenders).to_contain_text("바다 수산 · 신용·체크카드")

        # The 온누리 store has no 무 left: 부족해요 → refund.
        merchant = browser.new_context(**browser_context_args).new_page()
        log_in(merchant, base, "sangsu")
        veg_part = MerchantOrder.objects.get(order=order, store__name="상수네 채소")
        radish = OrderLine.objects.get(merchant_order=veg_part, product_name="무")
        merchant.goto(f"{base}/merchant/parts/{veg_part.pk}/")
        merchant.locator(f"#line-{radish.pk}").get_by_role("link", name="부족해요").click()
        expect(merchant.get_by_label("있는 수량")).to_have_value("0")
        merchant.locator(f"#line-{radish.pk}").get_by_role("button", name="부족 알리기").click()
        expect(merchant.locator(f"#line-{radish.pk}")).to_contain_text("품절 · 2,500원 환불돼요")

        # The money is back on the 온누리 approval (the customer's page polls every 30 s; reload).
        assert held(order)["상수네 채소"] == ("onnuri", 3000)
        customer.reload()
        expect(tenders).to_contain_text("↩ 2,500원 돌려받음")
        snap(customer, "money-02-order-shortage-refund-390")

    with time_machine.travel(EVENING - dt.timedelta(minutes=30), tick=False):
        for line in OrderLine.objects.filter(merchant_order__order=order, status="pending"):
            fulfilment.pick_line(line=line)
        for part in MerchantOrder.objects.filter(order=order).order_by("pk"):
            part = fulfilment.mark_ready(part=part)
            fulfilment.receive_bag(code=part.bag_code, market=guri)
        fulfilment.mark_packed(order=order)
        ordering.mark_out_for_delivery(order=order)
        ordering.mark_delivered(order=order)

    with time_machine.travel(EVENING, tick=True):
        # Delivered: the 고등어 came crushed; under the market's instant limit, refunded at once.
        customer.goto(f"{base}/orders/{order.number}/")
        customer.get_by_role("link", name="고등어 문제 신고").click()
        customer.get_by_label("파손(깨지거나 터졌어요)").check()
        customer.locator("#claim-photos").set_input_files(
            files=[{"name": "godeungeo.png", "mimeType": "image/png", "buffer": small_png()}])
        customer.get_by_role("button", name="신고하기").click()
        expect(customer.locator("#claims .claim-outcome", has_text="파손")).to_contain_text("8,000원")
        expect(customer.locator(".tenders")).to_contain_text("↩ 8,000원 돌려받음")
        expect(customer.locator(".amounts")).to_contain_text("돌려받은 금액10,500원")
        customer.locator(".tenders").scroll_into_view_if_needed()
        snap(customer, "money-03-order-claim-refund-390")

    claim = PaymentCancel.objects.get(kind=CancelKind.CLAIM)
    assert (claim.payment.store.name, claim.payment.method, claim.amount, claim.status) == (
        "바다 수산", "card", 8000, CancelStatus.DONE)
    assert held(order) == {"상수네 채소": ("onnuri", 3000), "바다 수산": ("card", 0), "배송비": ("card", 3000)}

    # The ledger and each store's statement, to the won.
    ingest.settle_day(MORNING.date())
    day = MORNING.date()
    veg = settlement.statement(veg_part.store, day, day)
    fish = settlement.statement(MerchantOrder.objects.get(order=order, store__name="바다 수산").store, day, day)
    assert (veg.captured, veg.refunds, veg.commission, veg.payable) == (5500, 2500, 30, 2970)
    # The instant refund is the platform's cost (the market's default): 바다 수산 keeps its sale, and
    # the refund sits on the market's own account.
    assert (fish.captured, fish.refunds, fish.commission, fish.payable) == (8000, 0, 80, 7920)
    platform = LedgerEntry.objects.get(kind="claim_refund")
    assert (platform.store, platform.amount, platform.tender_ref) == (None, -8000, claim.payment.provider_ref)

    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=True):
        log_in(merchant, base, "sangsu")  # the staff session ended overnight
        merchant.goto(f"{base}/merchant/settlement/?period=day&date={day.isoformat()}")
        totals = merchant.locator(".st-totals")
        expect(totals).to_contain_text("5,500원")
        expect(totals).to_contain_text("2,970원")
        snap(merchant, "money-04-merchant-statement-390")
