"""Zones in use: the admin's zone edits (Korean errors, nothing saved), the fee the cart and the
order charge at the delivery address, and an address outside every zone refused with
`out_of_zone` (service, API) naming the nearest other markets."""

import pytest
import time_machine

from jangbogi.core.errors import PermissionDenied, ValidationFailed
from jangbogi.markets import selectors as markets
from jangbogi.markets import services
from jangbogi.markets.models import DeliveryZone
from jangbogi.orders import selectors as orders
from jangbogi.orders import services as ordering
from jangbogi.orders.models import Order
from tests.api.conftest import JsonClient, cart_headers, checkout_body
from tests.conftest import MORNING, delivery_details
from tests.factories import MarketFactory

pytestmark = pytest.mark.django_db

KM = 1 / 111.195  # degrees of latitude per km
BANDS = "2000:2000, 4000:3000, 6000:4000"
SQUARE = ('{"type": "Polygon", "coordinates": [[[127.1298, 37.5885], [127.1498, 37.5885], [127.1498, 37.6085], '
          '[127.1298, 37.6085], [127.1298, 37.5885]]]}')


def banded(market, **kw):
    return services.save_zone(market=market, name="구리 전역", kind="radius", radius_m=6000, fee_kind="bands",
                              bands=BANDS, **kw)


def north(market, km):
    return {"lat": market.lat + km * KM, "lng": market.lng}


def test_zone_errors_are_korean_and_nothing_is_saved(market):
    with pytest.raises(ValidationFailed) as exc:
        services.save_zone(market=market, name=" ", kind="polygon", polygon='{"type": "Polygon", "coordinates": '
                           '[[[127.13, 37.59], [127.14, 37.59], [127.14, 37.60]]]}',
                           fee_kind="bands", bands="4000:3000, 2000:2000")
    assert exc.value.details["errors"] == {
        "name": "구역 이름을 적어 주세요. 예: 인창동 일대",
        "polygon": "경계는 점이 셋 이상이고, 마지막 점이 첫 점과 같아야(닫혀야) 해요.",
        "bands": "거리 구간은 가까운 곳부터 먼 곳 순서로, 거리가 늘어나게 적어 주세요.",
    }
    with pytest.raises(ValidationFailed) as exc:
        services.save_zone(market=market, name="반경", kind="radius", radius_m=6000, fee_kind="bands",
                           bands="2000:2000, 4000:3000")
    assert exc.value.details["errors"] == {
        "bands": "마지막 거리 구간(4,000m)이 반경(6,000m)보다 짧아요. 반경 끝까지 배송비를 정해 주세요."}
    with pytest.raises(ValidationFailed) as exc:
        services.save_zone(market=market, name="무료", kind="radius", radius_m=3000, fee_kind="free_above", fee=3000)
    assert exc.value.details["errors"] == {"free_threshold": "무료배송 기준 금액을 적어 주세요."}
    assert not DeliveryZone.objects.exists()


def test_zone_saved_cleaned_and_scoped_to_its_market(market):
    zone = services.save_zone(market=market, name=" 인창동 ", kind="polygon", polygon=SQUARE, fee_kind="flat",
                              fee=2000, radius_m=999, bands="1:1")
    zone.refresh_from_db()
    assert (zone.name, zone.radius_m, zone.bands, zone.fee, zone.free_threshold) == ("인창동", None, [], 2000, None)
    assert zone.polygon["type"] == "Polygon"
    other = MarketFactory()
    with pytest.raises(PermissionDenied):
        services.save_zone(market=other, zone=zone, name="남의 구역")
    services.set_zone_active(market=market, zone=zone, is_active=False)
    assert markets.market_zones(market) == []


@pytest.mark.parametrize("km, fee", [(0.3, 2000), (2.5, 3000), (5.0, 4000)])
def test_cart_and_order_charge_the_band_of_the_address(market, cart_two_stores, km, fee):
    banded(market)
    assert orders.cart_pricing(cart_two_stores).delivery_fee == 3000  # no address yet: the market's default
    assert orders.cart_pricing(cart_two_stores, **north(market, km)).delivery_fee == fee
    order = ordering.place_order(cart=cart_two_stores, details=delivery_details(market, **north(market, km)),
                                 now=MORNING)
    assert (order.items_total, order.delivery_fee, order.total) == (11_000, fee, 11_000 + fee)


def test_free_above_threshold_zone(market, cart_two_stores):
    services.save_zone(market=market, name="가까운 동네", kind="radius", radius_m=2000, fee_kind="free_above",
                       fee=2500, free_threshold=10_000)
    pricing = orders.cart_pricing(cart_two_stores, **north(market, 1))
    assert (pricing.delivery_fee, pricing.free_delivery_threshold, pricing.left_for_free_delivery) == (0, 10_000, 0)
    services.save_zone(market=market, zone=DeliveryZone.objects.get(), free_threshold=20_000)
    pricing = orders.cart_pricing(cart_two_stores, **north(market, 1))
    assert (pricing.delivery_fee, pricing.left_for_free_delivery) == (2500, 9000)


def test_polygon_zone_and_the_cheapest_of_two(market, cart_two_stores):
    banded(market)
    services.save_zone(market=market, name="시장 앞 사각형", kind="polygon", polygon=SQUARE, fee_kind="flat", fee=1000)
    assert orders.cart_pricing(cart_two_stores, **north(market, 0.5)).quote.zone.name == "시장 앞 사각형"
    far = orders.cart_pricing(cart_two_stores, **north(market, 3))  # outside the square
    assert (far.quote.zone.name, far.delivery_fee) == ("구리 전역", 3000)


def test_out_of_every_zone_names_the_nearest_other_markets(market, cart_two_stores):
    banded(market)
    near = MarketFactory(name="인창시장", lat=market.lat + 7 * KM, lng=market.lng)
    MarketFactory(name="먼시장", lat=market.lat + 40 * KM, lng=market.lng)
    at = north(market, 6.5)
    assert orders.cart_pricing(cart_two_stores, **at).out_of_zone is True
    with pytest.raises(ValidationFailed) as exc:
        ordering.place_order(cart=cart_two_stores, details=delivery_details(market, **at), now=MORNING)
    message = f"이 주소는 {market.name} 배송 지역 밖이에요. 가까운 다른 시장: {near.name}(0.5km)"
    assert (exc.value.code, exc.value.message, exc.value.details) == (
        "out_of_zone", message, {"errors": {"address": message}})
    assert not Order.objects.exists()


@time_machine.travel(MORNING, tick=False)
def test_api_checkout_out_of_zone_and_cart_quote(api, market, cart_two_stores):
    banded(market)
    cart = api.get(f"/carts/{cart_two_stores.pk}", headers=cart_headers(cart_two_stores), **north(market, 2.5))
    assert {k: cart.json()[k] for k in ("delivery_fee", "delivery_zone", "out_of_zone", "total")} == {
        "delivery_fee": 3000, "delivery_zone": "구리 전역", "out_of_zone": False, "total": 14_000}
    far = north(market, 6.5)
    assert api.get(f"/carts/{cart_two_stores.pk}", headers=cart_headers(cart_two_stores), **far).json()[
        "out_of_zone"] is True
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market, **far),
                        headers=cart_headers(cart_two_stores, "k-zone"))
    assert response.status_code == 422
    message = f"이 주소는 {market.name} 배송 지역 밖이에요. 이 주소로 배달하는 시장이 아직 없어요. 다른 주소를 골라 주세요."
    assert response.json() == {"code": "out_of_zone", "message": message, "errors": {"address": message}}
    assert not Order.objects.exists()


@pytest.fixture
def api(client):
    return JsonClient(client)
