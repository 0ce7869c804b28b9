"""A rider sees only their own route of today while it is assigned or under way: another
rider's route or stop, a finished route and yesterday's route are 404; non-riders get 403."""

import datetime as dt

import pytest
import time_machine

from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Stop
from jangbogi.markets.models import Role
from jangbogi.orders.models import Order
from tests.conftest import MORNING
from tests.factories import UserFactory
from tests.web.center.builders import htmx, staff_user
from tests.web.rider.conftest import first_stop

PAGES = ["/rider/", "/rider/routes/{route}/", "/rider/stops/{stop}/"]
POSTS = ["/rider/routes/{route}/pickup", "/rider/routes/{route}/start", "/rider/stops/{stop}/deliver",
         "/rider/stops/{stop}/fail"]


def urls(route, paths=PAGES + POSTS):
    stop = first_stop(route)
    return [(p, p.format(route=route.pk, stop=stop.pk)) for p in paths]


def state() -> list:
    return sorted(Stop.objects.values_list("pk", "status", "picked_up_at", "route__status")) + \
        sorted(Order.objects.values_list("pk", "status"))


def test_anonymous_goes_to_login(client, routes):
    for path, url in urls(routes[0]):
        response = client.post(url) if path in POSTS else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login?next=%2Frider%2F")
    assert client.get("/rider/", **htmx())["HX-Redirect"] == "/login?next=%2Frider%2F"


def test_customers_and_staff_are_not_riders(client, routes, market):
    for user in (UserFactory(), staff_user(Role.CENTER_STAFF, market=market)):
        client.force_login(user)
        for path, url in urls(routes[0]):
            response = client.post(url) if path in POSTS else client.get(url)
            assert response.status_code == 403
            assert "이 화면을 볼 권한이 없어요" in response.content.decode()


def test_another_riders_route_and_stops_are_404(rider_client, routes):
    before = state()
    theirs = routes[1]
    for path, url in urls(theirs, PAGES[1:] + POSTS):
        data = {"code": first_stop(theirs).handover_code, "reason": "absent"}
        response = rider_client.post(url, data) if path in POSTS else rider_client.get(url)
        assert response.status_code == 404, url
    assert state() == before
    html = rider_client.get("/rider/").content.decode()
    assert all(s.order.number not in html for s in theirs.stops.select_related("order"))


def test_a_finished_route_is_gone(rider_client, routes):
    mine = routes[0]
    stops = list(mine.stops.all())
    for stop in stops:
        delivery.deliver_stop(stop=stop, code=stop.handover_code)
    for _, url in urls(mine, PAGES[1:]):
        assert rider_client.get(url).status_code == 404
    assert rider_client.post(f"/rider/stops/{stops[0].pk}/deliver", {"code": stops[0].handover_code}).status_code == 404
    assert "지금 할 배송이 없어요" in rider_client.get("/rider/").content.decode()


def test_yesterdays_route_is_gone(client, riders, routes):
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        rider_client = client
        rider_client.force_login(riders[0].user)
        for _, url in urls(routes[0], PAGES[1:]):
            assert rider_client.get(url).status_code == 404
        assert "지금 할 배송이 없어요" in rider_client.get("/rider/").content.decode()


@pytest.mark.parametrize("next_url", ["", "?next=/rider/"])
def test_rider_login_lands_on_the_rider_page(client, riders, next_url):
    response = client.post(f"/login{next_url}", {"username": "rider1", "password": "pass1234!"})
    assert response.status_code == 302 and response["Location"] == "/rider/"
