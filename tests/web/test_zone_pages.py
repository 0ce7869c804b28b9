"""The customer's pages with delivery zones: the market list shows each market's fee at the
address and says which near markets do not deliver there; the cart and checkout charge the
address's zone fee; checkout says an address is out of the zone before the form is filled."""

import pytest

from jangbogi.markets import services as markets
from jangbogi.orders.models import Order
from tests.factories import MarketFactory
from tests.web.conftest import set_address

pytestmark = pytest.mark.django_db

KM = 1 / 111.195


def test_market_list_shows_the_zone_fee_and_the_markets_out_of_reach(client, market):
    markets.save_zone(market=market, name="구리 전역", kind="radius", radius_m=6000, fee_kind="bands",
                      bands="2000:2000, 4000:3000, 6000:4000")
    far = MarketFactory(name="멀리시장", lat=market.lat + 8 * KM, lng=market.lng)
    set_address(client, lat=market.lat + 2.5 * KM, lng=market.lng)
    html = client.get("/markets").content.decode()
    assert "구리 전역: 2km까지 2,000원 · 4km까지 3,000원 · 6km까지 4,000원" in html
    assert "이 주소로는 배달하지 않는 시장" in html and f"{far.name} · 여기서 5.5km" in html


def test_market_list_out_of_every_zone_says_why(client, market):
    markets.save_zone(market=market, name="가까운 곳", kind="radius", radius_m=1000, fee_kind="flat", fee=2000)
    set_address(client, lat=market.lat + 2 * KM, lng=market.lng)
    html = client.get("/markets").content.decode()
    assert "이 주소로 배달하는 시장이 아직 없어요" in html
    assert f"이 주소는 {market.name} 배송 지역 밖이에요 (여기서 2.0km)." in html


def test_cart_and_checkout_charge_the_address_zone_fee(filled_cart, market):
    markets.save_zone(market=market, name="구리 전역", kind="radius", radius_m=6000, fee_kind="bands",
                      bands="2000:2000, 4000:3000, 6000:4000")
    set_address(filled_cart, lat=market.lat + 3 * KM, lng=market.lng)
    cart = filled_cart.get(f"/m/{market.slug}/cart")
    assert cart.context["pricing"].delivery_fee == 3000
    checkout = filled_cart.get(f"/m/{market.slug}/checkout")
    assert checkout.context["pricing"].delivery_fee == 3000 and checkout.context["error"] == ""


def test_checkout_says_out_of_zone_before_the_form_is_filled(filled_cart, market):
    markets.save_zone(market=market, name="가까운 곳", kind="radius", radius_m=1000, fee_kind="flat", fee=2000)
    set_address(filled_cart, lat=market.lat + 2 * KM, lng=market.lng)
    html = filled_cart.get(f"/m/{market.slug}/checkout").content.decode()
    assert f"이 주소는 {market.name} 배송 지역 밖이에요." in html
    assert not Order.objects.exists()


def test_market_list_reads_the_markets_once_for_both_lists(client, market, django_assert_num_queries):
    """Session, then the markets with their slot rules, calendar exceptions and zones: one read
    serves both the markets that deliver and the near ones that do not."""
    markets.save_zone(market=market, name="가까운 곳", kind="radius", radius_m=3000, fee_kind="flat", fee=2000)
    MarketFactory(name="멀리시장", lat=market.lat + 8 * KM, lng=market.lng)
    MarketFactory(name="더먼시장", lat=market.lat + 12 * KM, lng=market.lng)
    set_address(client, lat=market.lat + 2 * KM, lng=market.lng)
    with django_assert_num_queries(5):
        html = client.get("/markets").content.decode()
    assert "가까운 곳: 배달비 2,000원" in html
    assert "멀리시장 · 여기서 6.0km" in html and "더먼시장 · 여기서 10.0km" in html
