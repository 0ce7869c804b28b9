"""The center's route page: plan a slot, see each rider's list and the SVG map, move a stop,
dispatch, print a route sheet; full page and htmx partial; another market's plan, route or
stop is a 404, other roles get 403."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import PlanStatus, Route, RoutePlan, Stop
from jangbogi.markets.models import Role
from jangbogi.orders.models import Order, OrderStatus
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed, packed_many, rider
from tests.factories import DeliveryCenterFactory, MarketFactory, UserFactory
from tests.web.center.builders import htmx, staff_user

DAY = MORNING.date()
PAGE = "/center/routes/?date=2026-11-26&slot=16:00"


@pytest.fixture(autouse=True)
def _fast_planner(settings):
    settings.JANGBOGI_PLAN_SECONDS = 0.3


@pytest.fixture
def riders(market):
    return [rider(market, "김배달", username="rider1", phone="010-7000-0001"),
            rider(market, "이배달", username="rider2", phone="010-7000-0002", bags=3)]


@pytest.fixture
def bundles(market, morning):
    return packed_many(market, 6)


def planned(market):
    return delivery.plan_slot(market=market, date=DAY, slot_start=SLOT[0], slot_end=SLOT[1], seconds=0.3)


def test_before_planning_the_page_offers_to_plan_the_waiting_bundles(center_client, riders, bundles):
    html = center_client.get(PAGE).content.decode()
    assert "<title>배송 경로 · 장보기</title>" in html
    assert 'aria-current="page">배송 경로</a>' in html
    assert '<a class="chip is-on" href="/center/routes/?market=' in html and "16:00–19:00 · 경로 없음" in html
    assert "경로 없는 꾸러미 <strong>6</strong>" in html
    assert re.search(r'<button class="btn primary big" type="submit">경로 짜기</button>', html)
    assert "기사님 <strong>0/2</strong>" in html
    assert html.count('<g class="map-stop map-waiting"') == 6  # the waiting bundles on the map already


def test_plan_by_htmx_returns_the_partial_with_lists_and_map(center_client, riders, bundles):
    response = center_client.post("/center/routes/plan", {"date": "2026-11-26", "slot": "16:00"}, **htmx())
    html = response.content.decode()

    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<section id="routes"') and "<html" not in html
    routes = list(Route.objects.select_related("rider"))
    assert f"경로를 짰어요: 기사님 {len(routes)}명. 확인하고 &#x27;배차하기&#x27;를 눌러 주세요." in html
    assert '<svg viewBox="0 0 480 400" role="img"' in html
    assert html.count('<polyline class="route-line"') == len(routes)
    assert html.count('<g class="map-stop map-pending"') == 6
    assert '<g class="map-depot"' in html and "센터</text>" in html
    assert "map.kakao" not in html and "tile" not in html  # no map tiles
    for route in routes:
        assert f"{route.rider.name} 기사님 경로표 출력 (PDF)" in html
    assert "배차하기</button>" in html
    assert RoutePlan.objects.get().status == PlanStatus.DRAFT


def test_plan_without_htmx_redirects_back_with_the_message(center_client, riders, bundles, market):
    response = center_client.post("/center/routes/plan", {"date": "2026-11-26", "slot": "16:00"})
    assert response.status_code == 302
    assert response["Location"] == f"/center/routes/?market={market.slug}&date=2026-11-26&slot=16%3A00"
    html = center_client.get(response["Location"]).content.decode()
    assert "경로를 짰어요: 기사님" in html
    assert "16:00–19:00 · 배차 전" in html


def test_dispatch_sends_everything_out(center_client, riders, bundles, market):
    made = planned(market)
    response = center_client.post(f"/center/routes/{made.pk}/dispatch", **htmx())
    html = response.content.decode()
    assert "배차했어요. 고객님들께 도착 예정 시간과 전달 코드를 보냈어요." in html
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.OUT_FOR_DELIVERY}
    assert "배차하기</button>" not in html
    assert 'hx-trigger="every 30s"' in html  # the page follows the riders now

    again = center_client.post(f"/center/routes/{made.pk}/dispatch", **htmx()).content.decode()
    assert '<p class="notice error" role="alert">이미 모든 경로를 배차했어요.</p>' in again


def test_move_a_stop_to_the_other_rider(center_client, riders, bundles, market):
    made = planned(market)
    source = Route.objects.filter(plan=made).order_by("pk").first()
    target = Route.objects.filter(plan=made).exclude(pk=source.pk).first() or Route.objects.create(
        plan=made, rider=next(r for r in riders if r.pk != source.rider_id))
    stop = source.stops.order_by("sequence").first()
    page = center_client.get(PAGE).content.decode()
    assert f'<select id="move-{stop.pk}" name="route">' in page

    html = center_client.post(f"/center/routes/stops/{stop.pk}/move", {"route": target.pk}, **htmx()).content.decode()

    assert f"{stop.order.recipient_name} 님 꾸러미를 {target.rider.name} 기사님에게 옮겼어요." in html
    assert Stop.objects.get(pk=stop.pk).route_id == target.pk


def test_move_without_a_target_says_so(center_client, riders, bundles, market):
    planned(market)
    stop = Stop.objects.first()
    html = center_client.post(f"/center/routes/stops/{stop.pk}/move", {"route": "x"}, **htmx()).content.decode()
    assert '<p class="notice error" role="alert">옮길 기사님을 골라 주세요.</p>' in html


def test_replan_without_a_rider(center_client, riders, bundles, market):
    made = planned(market)
    html = center_client.post(f"/center/routes/{made.pk}/replan", {"drop": riders[0].pk}, **htmx()).content.decode()
    assert "출발한 경로는 그대로 두고 나머지를 다시 짰어요 (김배달 기사님 빼고)." in html
    assert list(Route.objects.values_list("rider__name", flat=True)) == ["이배달"]
    assert "경로 없는 꾸러미 <strong>3</strong>" in html  # 이배달 carries 3 bags
    assert "이 배송 시간에서 빠진 기사님: 김배달 (오토바이)" in html


def test_route_sheet_pdf(center_client, riders, bundles, market):
    planned(market)
    route = Route.objects.first()
    response = center_client.get(f"/center/routes/r/{route.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_page_queries_do_not_grow_with_stops(center_client, riders, market, morning):
    packed_many(market, 2, prefix="a")
    planned(market)
    center_client.get(PAGE)  # the session remembers the market once
    with CaptureQueriesContext(connection) as few:
        center_client.get(PAGE)
    packed_many(market, 6, seed=3, prefix="b")
    planned(market)
    with CaptureQueriesContext(connection) as many:
        center_client.get(PAGE)
    assert Stop.objects.count() == 8
    assert len(many) == len(few) <= 16


# --- scoping ---------------------------------------------------------------------------------

@pytest.fixture
def foreign(db, morning):
    """Another market's plan with a route and a stop."""
    other = MarketFactory(name="오산오색시장", slug="osan")
    DeliveryCenterFactory(market=other)
    rider(other, "남의기사", username="osan-rider", phone="010-7000-0099")
    packed_many(other, 2, prefix="osan")
    made = planned(other)
    return {"plan": made, "route": Route.objects.get(plan=made), "stop": Stop.objects.filter(route__plan=made).first()}


def test_another_markets_plan_route_and_stop_are_404(center_client, foreign, riders, market):
    assert center_client.post(f"/center/routes/{foreign['plan'].pk}/dispatch").status_code == 404
    assert center_client.post(f"/center/routes/{foreign['plan'].pk}/replan").status_code == 404
    assert center_client.post(f"/center/routes/stops/{foreign['stop'].pk}/move",
                              {"route": foreign["route"].pk}).status_code == 404
    assert center_client.get(f"/center/routes/r/{foreign['route'].pk}/sheet.pdf").status_code == 404
    assert Order.objects.filter(status=OrderStatus.OUT_FOR_DELIVERY).count() == 0
    assert "남의기사" not in center_client.get(PAGE).content.decode()


def test_a_stop_cannot_move_to_another_markets_route(center_client, foreign, riders, bundles, market):
    planned(market)
    stop = Stop.objects.filter(route__plan__market=market).first()
    html = center_client.post(f"/center/routes/stops/{stop.pk}/move", {"route": foreign["route"].pk},
                              **htmx()).content.decode()
    assert "옮길 기사님을 골라 주세요." in html
    assert Stop.objects.get(pk=stop.pk).route.plan.market_id == market.pk


@pytest.mark.parametrize("path", ["/center/routes/", "/center/routes/r/1/sheet.pdf"])
def test_other_roles_and_anonymous(client, two_stores, path):
    assert client.get(path)["Location"].startswith("/login?next=")
    for user in (staff_user(Role.MERCHANT, store=two_stores[0]), UserFactory()):
        client.force_login(user)
        assert client.get(path).status_code == 403


def test_a_customer_time_note_shows_as_the_parsed_window(center_client, market, riders, morning):
    packed(market, key="note", note="오후 5시 이후에 와 주세요")
    planned(market)
    html = center_client.get(f"/center/routes/?date={MORNING.date()}").content.decode()
    assert '<strong data-testid="note-window">17:00–19:00 사이</strong>' in html
    assert "(고객 메모 “오후 5시 이후에 와 주세요”에서 읽음)" in html
