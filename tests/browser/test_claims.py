"""After-sales claim across two people: a customer with a delivered order reports a damaged
item with a photo on their phone → the delivery center sees it in its console (SLA, photo),
refunds it as the store's cost → the customer's order page shows the refund."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimPolicy
from jangbogi.core import time as btime
from jangbogi.markets.models import Membership, Role
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from jangbogi.payments.models import CancelKind, PaymentCancel
from tests.browser.conftest import login, small_png, snap
from tests.claims.builders import deliver, line_named
from tests.conftest import MORNING, delivery_details
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

EVENING = btime.at(MORNING.date(), dt.time(18, 30))
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def delivered_order(transactional_db, settings, tmp_path):
    """김순자 (login `soonja`) got 애호박 × 2 and 고등어 × 1 at 17:40; every claim goes to review."""
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.MEDIA_ROOT = tmp_path / "media"
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0, review_sla_minutes=120)
    veg, fish = StoreFactory(market=market, name="상수네 채소"), StoreFactory(market=market, name="바다 수산")
    customer = UserFactory(username="soonja", name="김순자")
    Membership.objects.create(user=UserFactory(username="center1", name="센터 이직원"), role=Role.CENTER_STAFF,
                              market=market)
    cart = carts.create_cart(market=market, customer=customer)
    for product, qty in ((ProductFactory(store=veg, name="애호박", price=1500), 2),
                         (ProductFactory(store=fish, name="고등어", category="seafood", unit_label="2마리",
                                         price=8000), 1)):
        carts.set_line(cart=cart, product_id=product.pk, quantity=qty)
    order = ordering.checkout(cart=cart, details=delivery_details(market), customer=customer,
                              idempotency_key="claim-journey", now=MORNING)
    with time_machine.travel(EVENING - dt.timedelta(minutes=50), tick=False):
        return deliver(order, market)


def test_customer_reports_center_refunds_customer_sees_it(delivered_order, live_server, browser,
                                                          browser_context_args):
    base, order = live_server.url, delivered_order
    with time_machine.travel(EVENING, tick=True):
        # The customer, on a phone: the order page offers 문제 신고 per line.
        customer = login(browser.new_context(**browser_context_args), base, "soonja")
        customer.goto(f"{base}/orders/{order.number}/")
        expect(customer.get_by_role("heading", name="상품에 문제가 있나요?")).to_be_visible()
        customer.get_by_role("link", name="고등어 문제 신고").click()
        expect(customer.get_by_role("heading", name="문제 신고")).to_be_visible()

        # First without a photo: refused, what was typed stays.
        customer.get_by_label("파손(깨지거나 터졌어요)").check()
        customer.get_by_label("더 알려 주실 내용").fill("상자가 찌그러져 생선이 터졌어요")
        customer.get_by_role("button", name="신고하기").click()
        expect(customer.get_by_text("사진을 1장 이상 올려 주세요.", exact=False).first).to_be_visible()
        expect(customer.get_by_label("파손(깨지거나 터졌어요)")).to_be_checked()
        expect(customer.get_by_label("더 알려 주실 내용")).to_have_value("상자가 찌그러져 생선이 터졌어요")
        snap(customer, "claims-01-customer-form-error-390")

        customer.locator("#claim-photos").set_input_files(
            files=[{"name": "godeungeo.png", "mimeType": "image/png", "buffer": small_png()}])
        customer.get_by_role("button", name="신고하기").click()
        expect(customer.get_by_text(re.compile("신고를 받았어요.*확인해서"))).to_be_visible()
        expect(customer.locator("#claims .claim-outcome")).to_contain_text("검토 중")
        snap(customer, "claims-02-customer-filed-390")
        claim = Claim.objects.get()
        assert claim.status == "in_review" and claim.photos.count() == 1

        # An older claim (애호박, 누락) whose review deadline has passed.
        overdue = claims.file_claim(order=order, line_id=line_named(order, "애호박").pk, reason="missing",
                                    quantity=1)
        Claim.objects.filter(pk=overdue.pk).update(sla_due_at=btime.now() - dt.timedelta(minutes=10))

        # The center, on a tablet: overdue first in red, then the new claim; its photo; refund it
        # as the store's cost.
        center = login(browser.new_context(**{**browser_context_args, "viewport": TABLET}), base, "center1")
        center.get_by_role("link", name="문제 신고").click()
        expect(center.get_by_role("heading", name=re.compile("상품 문제 신고"))).to_be_visible()
        rows = center.locator(".claim-row")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("애호박 × 1 · 누락")
        expect(rows.first).to_have_class(re.compile("is-overdue"))
        expect(rows.first).to_contain_text(re.compile(r"기한 \d+분 지남"))
        row = rows.nth(1)
        expect(row).not_to_have_class(re.compile("is-overdue"))
        expect(row).to_contain_text("고등어 × 1 · 파손")
        expect(row).to_contain_text(re.compile(r"1시간 5\d분 남음"))
        snap(center, "claims-03-center-console-1024")
        row.click()
        photo = center.get_by_role("img", name="고객이 올린 사진 1")
        expect(photo).to_be_visible()
        center.wait_for_function("() => document.querySelector('.claim-photos img').complete")
        assert center.evaluate("() => document.querySelector('.claim-photos img').naturalWidth") == 64
        expect(center.get_by_text("상자가 찌그러져 생선이 터졌어요", exact=False)).to_be_visible()
        center.get_by_label("환불", exact=True).check()
        center.get_by_label("환불 금액(원)").fill("8000")
        center.get_by_label("가게 부담").check()
        snap(center, "claims-04-center-decide-1024")
        center.get_by_role("button", name="승인하기").click()
        expect(center.get_by_text("처리했어요. 고객에게 결과를 보냈어요.")).to_be_visible()
        expect(center.locator(".claim-history")).to_contain_text("처리 완료: 8,000원 결제 취소")
        snap(center, "claims-05-center-done-1024")
        cancel = PaymentCancel.objects.get(kind=CancelKind.CLAIM)
        assert (cancel.amount, cancel.bearer, cancel.payment.store.name) == (8000, "store", "바다 수산")

        # The customer sees the outcome on the order page.
        customer.goto(f"{base}/orders/{order.number}/")
        outcome = customer.locator("#claims .claim-outcome", has_text="파손")
        expect(outcome).to_contain_text("처리 완료")
        expect(outcome).to_contain_text("8,000원을 결제하신 수단으로 돌려드렸어요.")
        customer.locator("#claims").scroll_into_view_if_needed()
        snap(customer, "claims-06-customer-outcome-390")
