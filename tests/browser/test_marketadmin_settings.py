"""A market admin on a phone: logs in, reads the day, moves the order cutoff to 14:00 and
changes the delivery fee, registers a store login for a merchant.  Screenshots at 390×844
and 1024×768 go to var/screenshots/ for a human look."""

import pytest
from playwright.sync_api import expect

from jangbogi.markets.models import Market, Membership, Role
from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import OrderLine
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

DESK = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def guri(transactional_db, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri", address="경기도 구리시 인창동 1")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", owner_name="박상수", stall="A동 12호",
                       accepts_onnuri=True, accepts_local_currency=True)
    fish = StoreFactory(market=market, name="바다 수산", owner_name="김바다", stall="B동 3호", accepts_onnuri=True,
                        mail_order_no="", mail_order_exemption="간이과세자")
    StoreFactory(market=market, name="할머니 떡집", owner_name="최떡순", is_active=False)
    MembershipFactory(user=UserFactory(username="guri-admin", name="이관리"), role=Role.MARKET_ADMIN, market=market)
    MembershipFactory(user=UserFactory(username="center1", name="정센터"), role=Role.CENTER_STAFF, market=market)
    MembershipFactory(user=UserFactory(username="sangsu", name="박상수"), role=Role.MERCHANT, store=veg)

    # A paid order of today with a shortage: 애호박 only 1 of 2 (refund 1,500원).
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=ProductFactory(store=veg, name="애호박", price=1500).pk, quantity=2)
    carts.set_line(cart=cart, product_id=ProductFactory(store=fish, category="seafood", name="고등어",
                                                        unit_label="2마리", price=8000).pk, quantity=1)
    order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key="b1", now=MORNING)
    short = OrderLine.objects.get(merchant_order__order=order, product_name="애호박")
    fulfilment.mark_short(line=short, available=1)
    return market


def shoot(page, screenshot, name):
    screenshot(f"marketadmin-{name}-390")
    page.set_viewport_size(DESK)
    screenshot(f"marketadmin-{name}-1024")
    page.set_viewport_size(PHONE)


def test_admin_changes_cutoff_and_fee_and_adds_a_merchant(guri, morning, live_server, page, screenshot):
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("guri-admin")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("오늘 현황")
    expect(page.locator(".ma-stats")).to_contain_text("12,500원")
    expect(page.locator(".ma-shortages")).to_contain_text("부분 부족")
    shoot(page, screenshot, "01-today")

    page.get_by_role("link", name="다음날 ▶").click()
    expect(page.locator(".ma-day")).to_contain_text("내일 11월 27일(금) 배송")
    expect(page.get_by_text("이날 배송할 주문이 아직 없어요.")).to_be_visible()
    assert page.url.endswith("?date=2026-11-27")

    page.get_by_role("link", name="운영 설정").click()
    expect(page.get_by_test_id("preview")).to_have_text(
        "오늘 주문 09:00–13:00 → 16:00–19:00 배송, 배송비 3,000원 (50,000원 이상 무료)")
    shoot(page, screenshot, "02-settings")

    # A delivery that starts before the cutoff is refused next to the field; nothing saved.
    page.get_by_label("주문 마감", exact=True).fill("14:00")
    page.get_by_label("배송 시작").fill("13:30")
    page.get_by_role("button", name="설정 저장").click()
    expect(page.get_by_text("배송은 주문 마감 뒤에 시작해야 합니다.")).to_be_visible()
    expect(page.get_by_label("주문 마감", exact=True)).to_have_value("14:00")
    shoot(page, screenshot, "03-settings-error")
    assert Market.objects.get(pk=guri.pk).order_cutoff.hour == 13

    page.get_by_label("배송 시작").fill("16:00")
    page.get_by_label("배송비 (원)").fill("2500")
    page.get_by_role("button", name="설정 저장").click()
    expect(page.get_by_role("status")).to_have_text("설정을 저장했어요.")
    expect(page.get_by_test_id("preview")).to_have_text(
        "오늘 주문 09:00–14:00 → 16:00–19:00 배송, 배송비 2,500원 (50,000원 이상 무료)")
    shoot(page, screenshot, "04-settings-saved")
    market = Market.objects.get(pk=guri.pk)
    assert (market.order_cutoff.hour, market.delivery_fee) == (14, 2500)

    page.get_by_role("link", name="상점").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("상점")
    expect(page.locator(".ma-store")).to_have_count(3)
    shoot(page, screenshot, "05-stores")

    page.get_by_role("link", name="바다 수산 정보 고치기").click()
    page.get_by_label("사업자등록번호").fill("123-45-67890")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("사업자등록번호가 올바르지 않습니다.").first).to_be_visible()
    shoot(page, screenshot, "06-store-edit-error")

    page.get_by_role("link", name="직원").click()
    page.get_by_label("역할").select_option(label="상인")
    page.get_by_label("상점 (상인일 때)").select_option(label="바다 수산")
    page.get_by_label("아이디", exact=True).fill("bada")
    page.get_by_label("이름").fill("김바다")
    page.get_by_label("처음 비밀번호").fill("badabada1")
    page.get_by_role("button", name="권한 주기").click()
    expect(page.get_by_role("status")).to_have_text("bada 아이디에 상인 권한을 주었어요.")
    expect(page.locator("#staff")).to_contain_text("김바다")
    shoot(page, screenshot, "07-staff")
    membership = Membership.objects.get(user__username="bada")
    assert (membership.role, membership.store.name) == (Role.MERCHANT, "바다 수산")

    # Removing asks first (inline), then takes the role away.
    page.locator(f"#m-{membership.pk}").get_by_role("link", name="권한 빼기").click()
    expect(page.locator(f"#m-{membership.pk}")).to_contain_text("권한을 뺄까요?")
    shoot(page, screenshot, "08-staff-confirm")
    page.locator(f"#m-{membership.pk}").get_by_role("button", name="네, 권한 빼기").click()
    expect(page.get_by_role("status")).to_have_text("bada의 상인 권한을 뺐어요.")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_operator_switches_market(guri, morning, live_server, page, screenshot):
    osan = MarketFactory(name="오색시장", slug="osan")
    StoreFactory(market=osan, name="오산 정육")
    MembershipFactory(user=UserFactory(username="operator", name="운영기관"), role=Role.OPERATOR)
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("operator")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="상점").click()
    page.get_by_label("다른 시장 보기").select_option(label="오색시장")
    page.get_by_role("button", name="바꾸기").click()
    expect(page.locator(".staff-who")).to_contain_text("오색시장")
    expect(page.locator(".ma-store")).to_have_count(1)
    expect(page.locator(".ma-store")).to_contain_text("오산 정육")
    shoot(page, screenshot, "09-operator-switch")
