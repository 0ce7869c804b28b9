"""정산 on a 390 px phone, the morning after a day of sales: yesterday's statement, the week
(htmx swap), 지급 요청, and the statement showing it paid.  Screenshots in var/screenshots/."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.integrations import payouts as port
from jangbogi.markets.models import Membership, Role
from jangbogi.orders import fulfilment
from jangbogi.settlement import ingest
from jangbogi.settlement.models import Payout
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
def sales_day(transactional_db, settings, monkeypatch):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    monkeypatch.setattr(port, "_demo", port.DemoPayoutProvider())
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    store = StoreFactory(market=market, name="상수네 채소", slug="sangsu")
    zucchini = ProductFactory(store=store, name="애호박", price=1500, stock=50)
    radish = ProductFactory(store=store, name="무", price=2500)
    user = UserFactory(username="sangsu", name="박상인")
    Membership.objects.create(user=user, role=Role.MERCHANT, store=store)
    with time_machine.travel(MORNING, tick=False):
        first = place_paid_order(market, (zucchini, 4), (radish, 2), key="a", recipient_name="최미영")
        place_paid_order(market, (radish, 3), key="b", recipient_name="정하늘")
        line = first.merchant_orders.get().lines.get(product_name="무")
        fulfilment.mark_short(line=line, available=1)
        ingest.settle_day(MORNING.date())
    return store


def total(page, label: str):
    return page.locator(".st-totals tr", has=page.get_by_role("rowheader", name=label, exact=True)).locator("td")


def test_statement_and_payout(sales_day, live_server, page, screenshot):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=True):
        page.goto(live_server.url + "/login")
        page.get_by_label("아이디").fill("sangsu")
        page.get_by_label("비밀번호").fill("pass1234!")
        page.get_by_role("button", name="로그인").click()
        expect(page).to_have_url(re.compile(r"/merchant/$"))

        page.get_by_role("link", name="정산").click()
        expect(page.get_by_role("heading", level=2, name=re.compile("오늘 11월 27일"))).to_be_visible()
        page.get_by_role("link", name="◀ 이전").click()
        htmx_idle(page)
        expect(page).to_have_url(re.compile(r"period=day&date=2026-11-26"))
        for label, amount in (("결제된 금액", "18,500원"), ("환불", "-2,500원"), ("중개 수수료 (1%)", "-160원"),
                              ("지급 예정액", "15,840원")):
            expect(total(page, label)).to_have_text(amount)
        screenshot("merchant-20-settlement-day")

        page.get_by_role("link", name="주별").click()
        htmx_idle(page)
        expect(page.get_by_role("heading", level=2, name="11월 23일~11월 29일")).to_be_visible()
        expect(page.get_by_text("기간이 끝나면 지급을 요청할 수 있어요.")).to_be_visible()
        page.get_by_role("link", name="일별").click()
        htmx_idle(page)

        page.get_by_role("button", name="15,840원 지급 요청").click()
        htmx_idle(page)
        expect(page.get_by_role("status")).to_have_text("15,840원 지급을 요청했어요. (지급 완료)")
        expect(total(page, "지급 예정액")).to_have_text("0원")
        expect(page.locator(".st-payouts")).to_contain_text("11/26 · 15,840원 · 지급 완료")
        expect(page.get_by_role("button", name=re.compile("지급 요청"))).to_have_count(0)
        screenshot("merchant-21-settlement-paid")
    assert Payout.objects.get().amount == 15840
    assert errors == []
