"""GET /markets: markets delivering to a point (or a geocoded address), nearest first."""

import time_machine

from jangbogi.markets.models import Sigun
from tests.conftest import MORNING
from tests.factories import MarketFactory

# A point 222 m south of 인창시장 and 1,056 m north of 구리전통시장 (see the factories below).
NEAR_BOTH = {"lat": 37.6080, "lng": 127.1398}


def make_markets():
    guri = MarketFactory(name="구리전통시장", lat=37.5985, lng=127.1398)
    inchang = MarketFactory(name="인창시장", lat=37.6100, lng=127.1398, delivery_fee=2500)
    MarketFactory(name="수원화서시장", sigun=Sigun.SUWON, lat=37.2850, lng=127.0000)  # ~40 km away
    MarketFactory(name="가까운휴업시장", lat=37.6081, lng=127.1398, is_active=False)
    return guri, inchang


@time_machine.travel(MORNING, tick=False)
def test_markets_in_zone_nearest_first(api, db):
    guri, inchang = make_markets()

    response = api.get("/markets", **NEAR_BOTH)

    assert response.status_code == 200
    body = response.json()
    assert body["location"] == {"address": None, "lat": 37.6080, "lng": 127.1398}
    assert body["count"] == 2
    assert [(m["name"], m["distance_m"]) for m in body["items"]] == [("인창시장", 222), ("구리전통시장", 1056)]
    first = body["items"][0]
    assert first == {
        "id": inchang.pk, "name": "인창시장", "sigun": "구리시", "address": "경기도 구리시 인창동 1",
        "lat": 37.61, "lng": 127.1398, "distance_m": 222, "delivery_fee": 2500,
        "free_delivery_threshold": 50000, "delivery_zone": None,
        "delivery_fee_label": "배달비 2,500원 · 50,000원 이상 무료",
        "status": {"code": "open", "message": "오늘 16:00–19:00 배송 · 마감까지 3시간"},
        "next_slot": {"date": "2026-11-26", "start": "16:00", "end": "19:00",
                      "order_cutoff": "2026-11-26T13:00:00+09:00", "label": "오늘 11월 26일(목) 16:00–19:00"},
    }


def test_point_outside_every_zone_lists_nothing(api, db):
    make_markets()

    response = api.get("/markets", lat=37.4000, lng=127.1398)  # ~22 km south

    assert response.status_code == 200
    assert response.json() == {"location": {"address": None, "lat": 37.4, "lng": 127.1398}, "count": 0,
                               "items": []}


def test_zone_edge_is_the_market_radius(api, db):
    market = MarketFactory(name="반경시장", lat=37.5985, lng=127.1398, delivery_radius_m=1000)

    inside = api.get("/markets", lat=37.6074, lng=127.1398).json()  # 990 m
    outside = api.get("/markets", lat=37.6076, lng=127.1398).json()  # 1,012 m

    assert [(m["id"], m["distance_m"]) for m in inside["items"]] == [(market.pk, 990)]
    assert outside["items"] == []


@time_machine.travel(MORNING.replace(hour=14), tick=False)
def test_without_location_all_active_markets_by_name(api, db, django_assert_num_queries):
    make_markets()

    with django_assert_num_queries(4):  # the markets, their slot rules, calendar exceptions, delivery zones
        body = api.get("/markets").json()

    assert body["location"] is None
    assert [(m["name"], m["distance_m"]) for m in body["items"]] == [
        ("구리전통시장", None), ("수원화서시장", None), ("인창시장", None)]
    assert body["items"][0]["status"] == {"code": "closed_today",
                                         "message": "오늘 주문 마감 · 내일 11월 27일(금) 16:00–19:00 배송"}
    assert body["items"][0]["next_slot"]["date"] == "2026-11-27"


def test_address_is_geocoded_and_its_first_match_used(api, db):
    guri, inchang = make_markets()

    body = api.get("/markets", address="구리시 인창동").json()

    assert body["location"] == {"address": "경기도 구리시 인창동", "lat": 37.6045, "lng": 127.1398}
    assert [(m["name"], m["distance_m"]) for m in body["items"]] == [("인창시장", 612), ("구리전통시장", 667)]


def test_unknown_address_is_address_not_found(api, db):
    make_markets()

    response = api.get("/markets", address="화성 탐사기지")

    assert response.status_code == 404
    assert response.json() == {"code": "address_not_found",
                               "message": "주소를 찾지 못했습니다. 도로명이나 동 이름을 확인해 주세요."}


def test_lat_without_lng_is_a_validation_error(api, db):
    response = api.get("/markets", lat=37.6)

    assert response.status_code == 422
    assert response.json() == {"code": "validation_failed", "message": "입력값을 확인해 주세요.",
                               "errors": {"lng": "위도(lat)와 경도(lng)를 함께 보내 주세요."}}


def test_bad_coordinates_get_korean_field_messages(api, db):
    response = api.get("/markets", lat="north", lng=200)

    assert response.status_code == 422
    assert response.json()["errors"] == {"lat": "숫자로 적어 주세요.", "lng": "180 이하여야 합니다."}
