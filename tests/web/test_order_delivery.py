"""The customer's order page while the bundle is on its way: "배송 중 · 앞에 n곳 남았어요 ·
도착 예정 17:20쯤" from the rider's route, the handover code, then "배송 완료" with the time."""

import datetime as dt

import pytest
from django.test import Client

from jangbogi.core import time as btime
from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Route, Stop
from jangbogi.web.templatetags.shop_tags import about_time
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed_many, rider
from tests.web.conftest import htmx


def page(order, **extra) -> str:
    return Client().get(f"/orders/{order.number}/?t={order.access_token}", **extra).content.decode()


@pytest.fixture
def on_route(market, morning):
    """Four bundles on one rider's dispatched route."""
    rider(market, "김배달")
    packed_many(market, 4)
    made = delivery.plan_slot(market=market, date=MORNING.date(), slot_start=SLOT[0], slot_end=SLOT[1],
                              seconds=0.3)
    delivery.dispatch(plan=made)
    return list(Route.objects.get(plan=made).stops.select_related("order").order_by("sequence"))


def test_out_for_delivery_shows_stops_ahead_eta_and_code(on_route):
    third = on_route[2]
    html = page(third.order)
    eta = about_time(third.eta)
    assert f"<p class=\"big\">배송 중 · 앞에 2곳 남았어요 · 도착 예정 {eta}쯤</p>" in html
    assert "기사님이 곧 배송센터에서 출발해요." in html
    assert f"받으실 때 전달 코드 <strong class=\"big\">{third.handover_code}</strong>를 기사님께 불러 주세요." in html
    assert '<li class="step current" aria-current="step">배송 중</li>' in html
    assert 'hx-trigger="every 30s"' in html

    delivery.deliver_stop(stop=on_route[0], code=on_route[0].handover_code)
    third.refresh_from_db()  # re-estimated from the delivery's time and place
    partial = page(third.order, **htmx())
    assert partial.lstrip().startswith('<section id="order-status"')
    assert f"배송 중 · 앞에 1곳 남았어요 · 도착 예정 {about_time(third.eta)}쯤" in partial
    assert "기사님이 곧 배송센터에서 출발해요." not in partial  # the route has started


def test_next_in_line(on_route):
    html = page(on_route[0].order)
    assert f"배송 중 · 다음이 고객님 차례예요 · 도착 예정 {about_time(on_route[0].eta)}쯤" in html


def test_delivered_with_the_time_and_no_more_polling(on_route):
    stop = on_route[1]
    delivery.deliver_stop(stop=stop, code=stop.handover_code)
    html = page(stop.order)
    assert "<strong class=\"big\">배송 완료</strong> · 10:00에 전해 드렸어요" in html
    assert '<li class="step current" aria-current="step">배송 완료</li>' in html
    assert 'hx-trigger="every 30s"' not in html
    assert stop.handover_code not in html.split("배송 완료")[1][:200]


def test_packed_order_has_no_delivery_line(on_route, market):
    stop = on_route[0]
    delivery.fail_stop(stop=stop, reason="absent")
    html = page(stop.order)
    assert "배송 중 ·" not in html and "전달 코드" not in html
    assert '<li class="step current" aria-current="step">포장 완료</li>' in html
    assert Stop.objects.get(pk=stop.pk).status == "failed"


@pytest.mark.parametrize(("clock", "shown"), [
    ((17, 14, 59), "17:10"), ((17, 15, 0), "17:20"), ((17, 56, 0), "18:00"), ((23, 58, 0), "00:00"),
])
def test_about_time_rounds_to_ten_minutes(clock, shown):
    assert about_time(btime.at(MORNING.date(), dt.time(*clock))) == shown
    assert about_time(None) == ""
