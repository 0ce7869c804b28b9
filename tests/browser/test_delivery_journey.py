"""From packed bundles to "배송 완료", across three people on their own screens:

the delivery center plans the slot's routes (PyVRP) on a tablet, looks at the map and the
per-rider lists, dispatches → the rider, on a phone, checks a bundle label, leaves, opens the
first stop and hands the bundle over with the code the customer reads out → the customer's
order page says "배송 완료", and the next customer's says how many stops are before them."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from jangbogi.core import time as btime
from jangbogi.delivery.models import Route, Stop
from jangbogi.markets.models import Membership, Role
from jangbogi.orders.models import Order, OrderStatus
from tests.browser.conftest import SCREENSHOTS, htmx_idle, login, snap
from tests.conftest import MORNING
from tests.delivery.builders import around, packed, rider
from tests.factories import DeliveryCenterFactory, MarketFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
AFTERNOON = btime.at(MORNING.date(), dt.time(15, 20))
NAMES = ("김순자", "이영희", "박정숙", "최민수", "정옥순")
NOTES = {1: "17시 이후에 와 주세요", 3: "공동현관 1203# 누르고 들어오세요"}


@pytest.fixture
def slot(transactional_db, settings):
    """구리전통시장 at 15:20: five packed bundles for the 16:00–19:00 slot, two riders who
    carry three bags each, a center staff member."""
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.JANGBOGI_PLAN_SECONDS = 1.0
    with time_machine.travel(AFTERNOON, tick=False):
        market = MarketFactory(name="구리전통시장", slug="guri")
        DeliveryCenterFactory(market=market, lat=market.lat, lng=market.lng)
        store = StoreFactory(market=market, name="상수네 채소")
        orders = [packed(market, key=f"j{i}", lat=lat, lng=lng, store=store, name=NAMES[i], note=NOTES.get(i, ""),
                         phone=f"010-5550-{2000 + i:04d}")
                  for i, (lat, lng) in enumerate(around(market, 5, seed=11, radius_m=1800))]
        rider(market, "김배달", username="rider1", bags=3, phone="010-7000-0001")
        rider(market, "이자전", username="rider2", bags=3, phone="010-7000-0002")
        Membership.objects.create(user=UserFactory(username="center1", name="센터 이직원"),
                                  role=Role.CENTER_STAFF, market=market)
    return {"market": market, "orders": orders}


def test_plan_dispatch_deliver_and_the_customer_sees_it(slot, live_server, browser, browser_context_args):
    base = live_server.url
    center_ctx = browser.new_context(**{**browser_context_args, "viewport": TABLET})
    rider_ctx, customer_ctx = (browser.new_context(**browser_context_args) for _ in range(2))
    with time_machine.travel(AFTERNOON, tick=True):
        # The center plans the slot on a tablet: a map without tiles, one list per rider.
        center = login(center_ctx, base, "center1")
        expect(center).to_have_url(re.compile(r"/center/$"))
        center.get_by_role("link", name="배송 경로").click()
        expect(center.locator(".counts")).to_contain_text("경로 없는 꾸러미 5")
        snap(center, "delivery-00-center-before-1024")
        center.get_by_role("button", name="경로 짜기").click()
        expect(center.get_by_text("경로를 짰어요: 기사님 2명.")).to_be_visible(timeout=15_000)
        htmx_idle(center)
        expect(center.locator("svg.route-svg polyline.route-line")).to_have_count(2)
        expect(center.locator("svg.route-svg g.map-stop")).to_have_count(5)
        expect(center.get_by_role("heading", name=re.compile("김배달 기사님"))).to_be_visible()
        expect(center.get_by_role("heading", name=re.compile("이자전 기사님"))).to_be_visible()
        expect(center.get_by_text("17:00–19:00 사이")).to_be_visible()
        snap(center, "delivery-01-center-planned-1024")
        center.set_viewport_size({"width": 390, "height": 844})
        snap(center, "delivery-01-center-planned-390")
        center.set_viewport_size(TABLET)

        # Before dispatch the rider sees where, but no detailed address and no call button.
        courier = login(rider_ctx, base, "rider1")
        expect(courier).to_have_url(re.compile(r"/rider/$"))
        expect(courier.get_by_text("아직 배차 전이에요.")).to_be_visible()
        expect(courier.get_by_text("101동 1203호")).to_have_count(0)
        expect(courier.get_by_text(re.compile("공동현관"))).to_have_count(0)  # a note may hold a door code
        expect(courier.get_by_role("link", name="전화하기")).to_have_count(0)
        snap(courier, "delivery-02b-rider-before-dispatch-390")

        center.get_by_role("button", name="배차하기").click()
        expect(center.get_by_text("배차했어요. 고객님들께 도착 예정 시간과 전달 코드를 보냈어요.")).to_be_visible()
        htmx_idle(center)
        expect(center.get_by_role("button", name="배차하기")).to_have_count(0)
        snap(center, "delivery-02-center-dispatched-1024")
        assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.OUT_FOR_DELIVERY}

        # The rider on a phone: their own three-or-fewer stops, check a label, leave.
        route = Route.objects.get(rider__user__username="rider1")
        sheet = center.request.get(f"{base}/center/routes/r/{route.pk}/sheet.pdf")
        assert sheet.ok and sheet.body().startswith(b"%PDF")
        (SCREENSHOTS / "delivery-route-sheet.pdf").write_bytes(sheet.body())
        stops = list(route.stops.select_related("order").order_by("sequence"))
        first, others = stops[0], [s for s in Stop.objects.select_related("order") if s.route_id != route.pk]
        courier.reload()
        expect(courier.locator(".rider-stop")).to_have_count(len(stops))
        expect(courier.get_by_text("101동 1203호").first).to_be_visible()
        for stop in others:
            expect(courier.get_by_text(stop.order.number)).to_have_count(0)
        expect(courier.get_by_role("link", name="전화하기").first).to_have_attribute(
            "href", f"tel:{first.masked_phone.replace('-', '')}")
        expect(courier.get_by_text(first.order.phone)).to_have_count(0)
        expect(courier.get_by_role("link", name="지도 앱에서 열기").first).to_have_attribute(
            "href", re.compile(r"^https://map\.kakao\.com/link/to/"))
        code_box = courier.get_by_label("꾸러미 라벨의 코드를 찍거나 입력하세요")
        code_box.fill(f"JB:{first.order.number}-B")
        code_box.press("Enter")
        expect(courier.get_by_text(f"1번 {first.order.recipient_name} 님 꾸러미 확인 ✓")).to_be_visible()
        htmx_idle(courier)
        snap(courier, "delivery-03-rider-route-390")
        courier.get_by_role("button", name="출발하기").click()
        expect(courier.get_by_text("출발! 차례대로 가요.")).to_be_visible()
        expect(courier.get_by_text(f"배송 중 · 남은 곳 {len(stops)}")).to_be_visible()
        snap(courier, "delivery-04-rider-started-390")

        # At the door: the customer reads out the code; a wrong one first.
        courier.get_by_role("link", name="1번 전달하기").click()
        expect(courier.get_by_role("heading", name=f"1번 · {first.order.recipient_name} 님")).to_be_visible()
        snap(courier, "delivery-05-rider-stop-390")
        code = courier.get_by_label("고객님이 불러 주는 전달 코드 4자리")
        code.fill(f"{(int(first.handover_code) + 1) % 10_000:04d}")
        courier.get_by_role("button", name="코드 넣고 전달 완료").click()
        expect(courier.get_by_text("전달 코드가 맞지 않아요. 고객님께 다시 여쭤봐 주세요.")).to_be_visible()
        snap(courier, "delivery-06-rider-wrong-code-390")
        courier.get_by_label("고객님이 불러 주는 전달 코드 4자리").fill(first.handover_code)
        courier.get_by_role("button", name="코드 넣고 전달 완료").click()
        expect(courier.get_by_text(f"1번 {first.order.recipient_name} 님께 전달 완료!")).to_be_visible()
        expect(courier.locator(".rider-stop.stop-delivered")).to_contain_text("✓ 전달 완료 15:2")
        snap(courier, "delivery-07-rider-delivered-390")

        # The customer: "배송 완료"; the second customer on the route: one stop before them.
        customer = customer_ctx.new_page()
        customer.goto(f"{base}/orders/{first.order.number}/?t={first.order.access_token}")
        expect(customer.locator(".status-big")).to_have_text("배송 완료")
        expect(customer.get_by_text(re.compile(r"배송 완료 · 15:2\d에 전해 드렸어요"))).to_be_visible()
        snap(customer, "delivery-08-customer-delivered-390")
        if len(stops) > 1:  # the rider's next customer
            second = stops[1]
            customer.goto(f"{base}/orders/{second.order.number}/?t={second.order.access_token}")
            expect(customer.get_by_text(re.compile(r"배송 중 · 다음이 고객님 차례예요 · 도착 예정 \d\d:\d0쯤"))).to_be_visible()
        waiting = max(others, key=lambda s: s.sequence)  # last on the other rider's route, not left yet
        customer.goto(f"{base}/orders/{waiting.order.number}/?t={waiting.order.access_token}")
        expect(customer.get_by_text(re.compile(
            rf"배송 중 · 앞에 {waiting.sequence - 1}곳 남았어요 · 도착 예정 \d\d:\d0쯤"))).to_be_visible()
        expect(customer.get_by_text("기사님이 곧 배송센터에서 출발해요.")).to_be_visible()
        expect(customer.get_by_text(waiting.handover_code, exact=True)).to_be_visible()
        snap(customer, "delivery-09-customer-on-the-way-390")

        # Back at the center the progress shows.
        center.reload()
        expect(center.locator(".stop-done")).to_contain_text("✓ 전달 완료 15:2")
        snap(center, "delivery-10-center-progress-1024")
    assert Order.objects.get(pk=first.order_id).status == OrderStatus.DELIVERED
    for ctx in (center_ctx, rider_ctx, customer_ctx):
        ctx.close()
