"""ETAs follow the rider: a late delivery (or a failed door) re-estimates the route's remaining
stops from that moment and that door with the planner's travel model; the customer's polled
order page shows the new ETA."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from jangbogi.core import time as btime
from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Route, StopStatus
from jangbogi.delivery.services.inputs import depot
from jangbogi.integrations.routing import get_distances
from jangbogi.web.templatetags.shop_tags import about_time
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed_many, rider

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(market, day):
    """Three bundles on one rider's dispatched route, in visiting order."""
    rider(market, "김배달")
    packed_many(market, 3, seed=11)
    made = delivery.plan_slot(market=market, date=MORNING.date(), slot_start=SLOT[0], slot_end=SLOT[1],
                              seconds=0.3)
    delivery.dispatch(plan=made)
    return list(Route.objects.get(plan=made).stops.select_related("order").order_by("sequence"))


def expected(after, stops, at: dt.datetime) -> list[dt.datetime]:
    """What the travel model says: leave `after`'s door at `at`, drive, serve, drive..."""
    points = [(after.order.lat, after.order.lng)] + [(s.order.lat, s.order.lng) for s in stops]
    _, duration = get_distances().matrix(points)
    t, out = at, []
    for i, stop in enumerate(stops, start=1):
        t = max(t + dt.timedelta(seconds=int(duration[i - 1, i])), btime.at(MORNING.date(), stop.window_start))
        out.append(t)
        t += dt.timedelta(seconds=delivery.service_seconds())
    return out


def test_a_late_delivery_pushes_the_next_etas(route):
    first, second, third = route
    planned = [s.eta for s in route]
    late = first.eta + dt.timedelta(minutes=40)
    with time_machine.travel(late, tick=False):
        delivery.deliver_stop(stop=first, code=first.handover_code)
    second.refresh_from_db()
    third.refresh_from_db()
    assert [second.eta, third.eta] == expected(first, [second, third], late.replace(microsecond=0))
    assert second.eta > planned[1] and third.eta > planned[2]  # later than planned
    assert Route.objects.get(pk=first.route_id).back_at > third.eta


def test_a_failed_door_re_estimates_too(route):
    first, second, third = route
    late = first.eta + dt.timedelta(minutes=25)
    with time_machine.travel(late, tick=False):
        delivery.fail_stop(stop=first, reason="absent")
    second.refresh_from_db()
    assert first.__class__.objects.get(pk=first.pk).status == StopStatus.FAILED
    assert second.eta == expected(first, [second, third], late.replace(microsecond=0))[0]


def test_the_customer_sees_the_new_eta_when_the_page_polls(route):
    first, second, _ = route
    planned = second.eta
    late = first.eta + dt.timedelta(minutes=40)
    with time_machine.travel(late, tick=False):
        delivery.deliver_stop(stop=first, code=first.handover_code)
        partial = Client().get(f"/orders/{second.order.number}/?t={second.order.access_token}",
                               HTTP_HX_REQUEST="true").content.decode()
    second.refresh_from_db()
    assert about_time(second.eta) != about_time(planned)
    assert f"배송 중 · 다음이 고객님 차례예요 · 도착 예정 {about_time(second.eta)}쯤" in partial


def test_the_route_comes_back_after_the_last_door(route):
    """The return time: the last re-estimated door, its service time, the drive to the center."""
    first, _, third = route
    late = first.eta + dt.timedelta(minutes=40)
    with time_machine.travel(late, tick=False):
        delivery.deliver_stop(stop=first, code=first.handover_code)
    third.refresh_from_db()
    home = Route.objects.select_related("plan__market__center").get(pk=first.route_id)
    _, duration = get_distances().matrix([(third.order.lat, third.order.lng), depot(home.plan.market)])
    assert home.back_at == third.eta + dt.timedelta(seconds=delivery.service_seconds() + int(duration[0, 1]))
