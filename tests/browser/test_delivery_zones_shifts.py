"""A market admin draws the delivery zones (distance bands, then a GeoJSON polygon previewed
on the SVG map before saving) and sets the riders' shifts for the day in 근무표, watching the
slot's places follow the shifts.  Screenshots at 390 and 1024 px go to var/screenshots/."""

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from jangbogi.markets.models import DeliveryZone, RiderShift, Role
from tests.conftest import MORNING
from tests.delivery.builders import rider
from tests.factories import (
    DeliveryCenterFactory,
    DeliverySlotRuleFactory,
    MarketFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

DESK = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
POLYGON = {"type": "Polygon", "coordinates": [[[127.1330, 37.6030], [127.1500, 37.6030], [127.1520, 37.6300],
                                               [127.1310, 37.6300], [127.1330, 37.6030]]]}


@pytest.fixture
def guri(transactional_db):
    market = MarketFactory(name="구리전통시장", slug="guri", lat=37.5985, lng=127.1398)
    DeliveryCenterFactory(market=market)
    DeliverySlotRuleFactory(market=market, start=dt.time(16), end=dt.time(19), order_cutoff=dt.time(13), riders=2,
                            bundles_per_rider=10, packing_capacity=30)
    MembershipFactory(user=UserFactory(username="guri-admin", name="이관리"), role=Role.MARKET_ADMIN, market=market)
    rider(market, "김배달", username="rider1", bags=8, kg=40, phone="010-7000-0001")
    rider(market, "이자전", username="rider2", bags=5, kg=25, phone="010-7000-0002")
    return market


def shoot(page, screenshot, name):
    screenshot(f"delivery-{name}-390")
    page.set_viewport_size(DESK)
    screenshot(f"delivery-{name}-1024")
    page.set_viewport_size(PHONE)


def login(page, live_server):
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("guri-admin")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("오늘 현황")


def test_admin_draws_zones_with_a_preview(guri, morning, live_server, page, screenshot):
    login(page, live_server)
    page.get_by_role("link", name="배송 구역").click()
    expect(page.get_by_test_id("no-zones")).to_contain_text("시장에서 3000m 안")

    page.get_by_label("구역 이름").fill("구리 전역")
    page.get_by_label("반경 (m)").fill("3000")
    page.get_by_label("거리별 배송비", exact=True).check()
    page.get_by_label("거리별 배송비 (거리m:배송비원, 쉼표로 나눠서)").fill("3000:2000, 1000:3000")
    page.get_by_role("button", name="구역 더하기").click()
    expect(page.get_by_text("거리 구간은 가까운 곳부터 먼 곳 순서로, 거리가 늘어나게 적어 주세요.")).to_be_visible()
    assert not DeliveryZone.objects.exists()

    page.get_by_label("거리별 배송비 (거리m:배송비원, 쉼표로 나눠서)").fill("1000:2000, 2000:2500, 3000:3000")
    page.get_by_role("button", name="구역 더하기").click()
    expect(page.get_by_test_id("zone-fee")).to_have_text(
        "1km까지 2,000원 · 2km까지 2,500원 · 3km까지 3,000원 · 50,000원 이상 무료")

    page.get_by_label("구역 이름").fill("인창동 북쪽")
    page.get_by_label("직접 그린 경계 (GeoJSON)").check()
    page.get_by_label("경계 (GeoJSON, [경도, 위도] 순서)").fill(json.dumps(POLYGON))
    page.get_by_label("일정 금액 이상 무료").check()
    page.get_by_label("배송비 (원)", exact=True).fill("2000")
    page.get_by_label("무료배송 기준 (원 이상)").fill("30000")
    page.get_by_role("button", name="지도에 미리 보기").click()
    expect(page.get_by_text("미리 보기예요. 아직 저장하지 않았어요.")).to_be_visible()
    expect(page.locator("[data-testid=zone-map] path")).to_have_count(2)
    shoot(page, screenshot, "zones-preview")
    assert DeliveryZone.objects.count() == 1

    page.get_by_role("button", name="구역 더하기").click()
    expect(page.get_by_test_id("zone-fee")).to_have_count(2)
    expect(page.locator("[data-testid=zone-map] text", has_text="인창동 북쪽")).to_be_visible()
    shoot(page, screenshot, "zones-list")
    assert DeliveryZone.objects.get(name="인창동 북쪽").polygon == POLYGON


def test_admin_sets_shifts_and_the_slot_places_follow(guri, morning, live_server, page, screenshot):
    login(page, live_server)
    page.goto(live_server.url + "/center/shifts/")
    capacity = page.get_by_test_id("slot-capacity")
    expect(capacity).to_contain_text("20자리")
    expect(capacity).to_contain_text("이날 근무표가 없어 배송 시간에 적은 기사 수(2명) 기준")
    shoot(page, screenshot, "shifts-empty")

    page.get_by_label("김배달 근무 시작").fill("15:30")
    page.get_by_label("김배달 근무 끝").fill("19:30")
    page.locator("#rider-{} button".format(guri.riders.get(name="김배달").pk), has_text="근무 넣기").click()
    expect(page.get_by_text("김배달 기사님 오늘 11월 26일(목) 근무를 저장했어요.")).to_be_visible()
    expect(capacity).to_contain_text("10자리")
    expect(capacity).to_contain_text("근무표 기준: 이 시간을 모두 맡는 기사 1명")

    page.get_by_label("이자전 근무 시작").fill("19:00")
    page.get_by_label("이자전 근무 끝").fill("16:00")
    page.locator("#rider-{} button".format(guri.riders.get(name="이자전").pk), has_text="근무 넣기").click()
    expect(page.get_by_text("근무 끝은 근무 시작보다 늦어야 해요.")).to_be_visible()
    shoot(page, screenshot, "shifts-day")
    assert list(RiderShift.objects.values_list("user__username", "date")) == [("rider1", MORNING.date())]
