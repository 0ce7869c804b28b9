"""Which markets deliver to a point: active ones whose radius contains it, nearest first."""

import pytest

from jangbogi.core.geo import haversine_m
from jangbogi.markets.selectors import delivers_to, distance_to, markets_delivering_to
from tests.factories import MarketFactory

pytestmark = pytest.mark.django_db

HOME = (37.6012, 127.1398)   # 300 m north of the factory market (37.5985, 127.1398)


def test_nearest_first_with_rounded_distances():
    near = MarketFactory(name="구리전통시장", lat=37.5985, lng=127.1398, delivery_radius_m=3000)
    farther = MarketFactory(name="인창시장", lat=37.6152, lng=127.1398, delivery_radius_m=3000)

    found = markets_delivering_to(lat=HOME[0], lng=HOME[1])

    assert [(f.market.pk, f.distance_m) for f in found] == [(near.pk, 300), (farther.pk, 1557)]


def test_outside_the_radius_is_excluded():
    MarketFactory(name="수원 화서시장", lat=37.2866, lng=127.0003, delivery_radius_m=3000)
    small = MarketFactory(name="작은시장", lat=37.5985, lng=127.1398, delivery_radius_m=299)
    assert markets_delivering_to(lat=HOME[0], lng=HOME[1]) == []
    assert delivers_to(small, lat=HOME[0], lng=HOME[1]) is False


def test_inactive_market_is_excluded():
    MarketFactory(lat=37.5985, lng=127.1398, is_active=False)
    assert markets_delivering_to(lat=HOME[0], lng=HOME[1]) == []


def test_radius_boundary_is_inclusive_in_whole_metres():
    market = MarketFactory(lat=37.5985, lng=127.1398)
    distance = distance_to(market, lat=HOME[0], lng=HOME[1])
    assert distance == round(haversine_m(37.5985, 127.1398, *HOME)) == 300

    market.delivery_radius_m = distance
    assert delivers_to(market, lat=HOME[0], lng=HOME[1]) is True
    market.delivery_radius_m = distance - 1
    assert delivers_to(market, lat=HOME[0], lng=HOME[1]) is False
