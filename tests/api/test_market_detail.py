"""GET /markets/{id}: windows, delivery center and the open stores."""

import datetime as dt

import time_machine

from tests.conftest import MORNING
from tests.factories import MarketFactory, StoreFactory


@time_machine.travel(MORNING.replace(hour=8), tick=False)
def test_detail_has_center_windows_and_open_stores(api, market, two_stores, django_assert_num_queries):
    veg, fish = two_stores
    fish.accepts_onnuri = True
    fish.save()
    StoreFactory(market=market, name="휴업 가게", is_active=False)

    # the market with its center and calendar, its slot rules and calendar exceptions (today's
    # status), the stores with their counts
    with django_assert_num_queries(4):
        response = api.get(f"/markets/{market.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["center"] == {"name": f"{market.name} 배송센터", "address": "경기도 구리시 인창동 2", "phone": ""}
    assert body["order_window"] == {"start": "09:00", "end": "13:00"}
    assert body["delivery_window"] == {"start": "16:00", "end": "19:00"}
    assert body["delivery_radius_m"] == 3000
    assert body["distance_m"] is None
    assert body["status"] == {"code": "before_open", "message": "오늘 16:00–19:00 배송 · 13:00까지 주문"}
    assert body["stores"] == [
        {"id": fish.pk, "name": "바다 수산", "stall": "A동 1호", "description": "", "accepts_onnuri": True,
         "accepts_local_currency": False, "product_count": 0},
        {"id": veg.pk, "name": "상수네 채소", "stall": "A동 1호", "description": "", "accepts_onnuri": False,
         "accepts_local_currency": False, "product_count": 0},
    ]


def test_market_without_center_has_null_center(api, db):
    market = MarketFactory(order_cutoff=dt.time(12, 0))

    body = api.get(f"/markets/{market.pk}").json()

    assert body["center"] is None
    assert body["order_window"] == {"start": "09:00", "end": "12:00"}


def test_inactive_or_unknown_market_is_not_found(api, db):
    closed = MarketFactory(is_active=False)

    for market_id in (closed.pk, 999_999):
        response = api.get(f"/markets/{market_id}")
        assert response.status_code == 404
        assert response.json() == {"code": "market_not_found", "message": "시장을 찾을 수 없습니다."}
