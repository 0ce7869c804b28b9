"""The demo's riders: rider1..3 at 구리전통시장, created once, printed with the other logins."""

import datetime as dt

from django.contrib.auth import authenticate

from jangbogi.delivery.models import Rider
from jangbogi.demo import loader
from tests.factories import MarketFactory


def test_three_riders_once_and_in_the_logins(db):
    market = MarketFactory(name="구리전통시장", slug="guri")

    assert loader.ensure_demo_riders() == 3
    assert loader.ensure_demo_riders() == 0

    riders = list(Rider.objects.order_by("user__username"))
    assert [(r.user.username, r.market_id, r.shift_start, r.shift_end) for r in riders] == [
        (f"rider{i}", market.pk, dt.time(15, 30), dt.time(19, 30)) for i in (1, 2, 3)]
    assert authenticate(username="rider2", password=loader.DEMO_PASSWORD).rider == riders[1]
    rider_logins = [x for x in loader.demo_logins() if x.role == "배송 기사(rider)"]
    assert [(x.username, x.note) for x in rider_logins] == [
        ("rider1", "구리전통시장 · 오토바이 15:30–19:30"), ("rider2", "구리전통시장 · 자전거 15:30–19:30"),
        ("rider3", "구리전통시장 · 승용차 15:30–19:30")]


def test_no_market_no_riders(db):
    assert loader.ensure_demo_riders() == 0
