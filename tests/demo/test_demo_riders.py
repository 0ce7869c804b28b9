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


def test_demo_zones_and_shifts(db):
    from jangbogi.core import time as btime
    from jangbogi.markets import selectors as markets
    from jangbogi.markets.models import DeliveryZone, RiderShift

    guri = MarketFactory(name="구리전통시장", slug="guri", lat=37.5985, lng=127.1398)
    other = MarketFactory(name="오산오색시장", slug="osan", delivery_radius_m=2500, delivery_fee=2000)
    assert loader.ensure_demo_zones() == 3 and loader.ensure_demo_zones() == 0
    assert sorted(DeliveryZone.objects.filter(market=guri).values_list("kind", "fee_kind")) == [
        ("polygon", "free_above"), ("radius", "bands")]
    assert list(DeliveryZone.objects.filter(market=other).values_list("radius_m", "fee")) == [(2500, 2000)]
    # 2.5 km south of 구리: the third band; 3.3 km north: only the drawn 인창동 zone reaches.
    assert markets.delivery_quote(guri, lat=37.5985 - 2.5 / 111.195, lng=127.1398).fee == 3000
    assert markets.delivery_quote(guri, lat=37.6285, lng=127.1420).zone.name == "인창동 북쪽"

    loader.ensure_demo_riders()
    assert RiderShift.objects.filter(market=guri, date=btime.today()).count() == 3
    assert RiderShift.objects.count() == 3 * loader.SHIFT_DAYS
    assert loader.ensure_demo_shifts(market=guri) == 0
