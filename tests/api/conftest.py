"""Helpers for the JSON API tests: a JSON client over the full Django stack, a fixed place
list for the offline geocoder, and a checkout body."""

import json

import pytest

API = "/api/v1"

# What the offline geocoder knows during these tests (JANGBOGI_GEOCODER_PLACES points here).
PLACES = [
    {"query": "구리시 인창동", "address": "경기도 구리시 인창동", "lat": 37.6045, "lng": 127.1398},
    {"query": "수원시 매탄동", "address": "경기도 수원시 영통구 매탄동", "lat": 37.2636, "lng": 127.0286},
]


@pytest.fixture(autouse=True)
def _offline_places(settings):
    settings.JANGBOGI_GEOCODER = "offline"
    settings.JANGBOGI_GEOCODER_PLACES = "tests.api.conftest.PLACES"


class JsonClient:
    """Django's test client speaking JSON to /api/v1/."""

    def __init__(self, client):
        self.client = client

    def get(self, path, headers=None, **query):
        return self.client.get(API + path, query, headers=headers or {})

    def post(self, path, data=None, headers=None):
        return self.client.post(API + path, json.dumps(data or {}), content_type="application/json",
                                headers=headers or {})

    def put(self, path, data=None, headers=None):
        return self.client.put(API + path, json.dumps(data or {}), content_type="application/json",
                               headers=headers or {})


@pytest.fixture
def api(client):
    return JsonClient(client)


def checkout_body(market, **overrides) -> dict:
    """A valid checkout body: an address 300 m north of the market, card payment."""
    body = {
        "recipient_name": "김순자", "phone": "010-5550-1234", "address": "경기도 구리시 인창동 10",
        "address_detail": "101동 202호", "lat": market.lat + 0.0027, "lng": market.lng,
        "delivery_note": "문 앞에 두세요", "payment_method": "card",
    }
    body.update(overrides)
    return body


def cart_headers(cart, key: str | None = None) -> dict:
    headers = {"X-Cart-Token": cart.token}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers
