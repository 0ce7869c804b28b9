"""Integrity checks for the demo data (pure Python: no database, no Django models)."""

import math
import re
from collections import Counter

import pytest

from jangbogi.core.bizno import is_valid_bizno
from jangbogi.demo.data import DEMO_CUSTOMERS, MARKETS, PLACES

CATEGORY_CODES = {
    "veg_fruit", "seafood", "meat", "side_dish", "rice_cake", "dried",
    "kimchi", "grain", "snack", "processed", "etc",
}
ORIGIN_REQUIRED = {"veg_fruit", "seafood", "meat", "dried", "grain", "kimchi"}
LIVESTOCK = {"beef", "pork", "chicken", "duck", "egg"}
DOMESTIC_PREFIXES = ("국내산", "국산", "한우", "한돈")
MARKET_NAMES = {"구리전통시장", "부천 상동시장", "오산 오색시장", "고양 일산시장", "수원 화서시장"}
GYEONGGI_SIGUN = {
    "수원시", "성남시", "의정부시", "안양시", "부천시", "광명시", "평택시", "동두천시",
    "안산시", "고양시", "과천시", "구리시", "남양주시", "오산시", "시흥시", "군포시",
    "의왕시", "하남시", "용인시", "파주시", "이천시", "안성시", "김포시", "화성시",
    "광주시", "양주시", "포천시", "여주시", "연천군", "가평군", "양평군",
}


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def all_stores() -> list[dict]:
    return [store for market in MARKETS for store in market["stores"]]


def all_products() -> list[dict]:
    return [product for store in all_stores() for product in store["products"]]


def is_domestic(origin: str) -> bool:
    return origin.startswith(DOMESTIC_PREFIXES)


def zone_of(lat: float, lng: float) -> str | None:
    inside = [
        m["key"] for m in MARKETS if haversine_m(lat, lng, m["lat"], m["lng"]) <= m["radius_m"]
    ]
    assert len(inside) <= 1, f"zones overlap at {lat},{lng}: {inside}"
    return inside[0] if inside else None


# --- markets and stores ----------------------------------------------------------------------


def test_five_markets_with_expected_names():
    assert len(MARKETS) == 5
    assert {m["name"] for m in MARKETS} == MARKET_NAMES
    keys = [m["key"] for m in MARKETS]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("market", MARKETS, ids=lambda m: m["key"])
def test_market_fields(market):
    assert market["sigun"] in GYEONGGI_SIGUN
    assert market["address"].startswith("경기도 " + market["sigun"])
    assert market["center_address"].startswith("경기도 " + market["sigun"])
    assert market["center_name"]
    assert re.fullmatch(r"0(31|32)-555-\d{4}", market["center_phone"])
    assert 36.9 < market["lat"] < 38.3
    assert 126.3 < market["lng"] < 127.9
    assert isinstance(market["radius_m"], int)
    assert 2000 <= market["radius_m"] <= 3000
    assert len(market["stores"]) >= 8


def test_total_products():
    assert len(all_products()) >= 300


def test_store_keys_unique():
    keys = Counter(s["key"] for s in all_stores())
    assert [k for k, n in keys.items() if n > 1] == []


def test_biznos_valid_and_unique():
    biznos = [s["bizno"] for s in all_stores()]
    assert len(set(biznos)) == len(biznos)
    for bizno in biznos:
        assert re.fullmatch(r"\d{3}-\d{2}-\d{5}", bizno), bizno
        assert is_valid_bizno(bizno), bizno


def test_exactly_one_mail_order_field():
    for store in all_stores():
        assert bool(store["mail_order_no"]) != bool(store["mail_order_exemption"]), store["key"]
        if store["mail_order_no"]:
            assert re.fullmatch(r"제\d{4}-\S+-\d{4}호", store["mail_order_no"]), store["key"]


def test_store_fields():
    phones = [s["phone"] for s in all_stores()]
    assert len(set(phones)) == len(phones)
    for store in all_stores():
        assert re.fullmatch(r"0(31|32)-555-\d{4}", store["phone"]), store["key"]
        assert store["name"] and store["owner"] and store["stall"] and store["description"]
        assert isinstance(store["onnuri"], bool)
        assert isinstance(store["local_currency"], bool)
        assert store["products"], store["key"]


# --- products --------------------------------------------------------------------------------


def test_product_names_unique_within_store():
    for store in all_stores():
        names = Counter(p["name"] for p in store["products"])
        assert [n for n, c in names.items() if c > 1] == [], store["key"]


def test_product_fields():
    for store in all_stores():
        for p in store["products"]:
            where = f"{store['key']}: {p['name']}"
            assert p["category"] in CATEGORY_CODES, where
            assert p["name"] and p["unit"], where
            price = p["price"]
            assert isinstance(price, int) and not isinstance(price, bool), where
            assert price > 0 and price % 10 == 0, where
            assert p["vat"] in {"exempt", "taxable"}, where
            assert isinstance(p["origin"], str), where
            if p["category"] in ORIGIN_REQUIRED:
                assert p["origin"].strip(), where
            assert isinstance(p["active"], bool), where
            assert isinstance(p["perishable_notice"], bool), where
            assert isinstance(p["by_weight"], bool), where
            if p["by_weight"]:
                grams = p["est_grams"]
                assert isinstance(grams, int) and not isinstance(grams, bool), where
                assert grams > 0, where
            else:
                assert p["est_grams"] is None, where
            stock = p["stock"]
            assert stock is None or (isinstance(stock, int) and stock >= 0), where


def test_livestock_traceability():
    for store in all_stores():
        for p in store["products"]:
            where = f"{store['key']}: {p['name']}"
            assert p["livestock"] is None or p["livestock"] in LIVESTOCK, where
            if p["livestock"] and is_domestic(p["origin"]):
                assert re.fullmatch(r"\d{12}", p["trace_no"]), where
            if p["trace_no"]:
                assert p["livestock"], where


def test_counts():
    products = all_products()
    sold_out = [p for p in products if p["stock"] == 0]
    counted = [p for p in products if p["stock"] is not None and p["stock"] > 0]
    by_weight = [p for p in products if p["by_weight"]]
    traceable = [p for p in products if p["livestock"] and is_domestic(p["origin"])]
    imported_meat = [p for p in products if p["livestock"] and not is_domestic(p["origin"])]
    inactive = [p for p in products if not p["active"]]
    assert len(sold_out) >= 6
    assert len(counted) >= 10
    assert len(by_weight) >= 8
    assert len(traceable) >= 4
    assert len(imported_meat) >= 1
    assert len(inactive) >= 2


# --- places and customers --------------------------------------------------------------------


def test_place_queries_unique():
    queries = [p["query"] for p in PLACES]
    assert len(set(queries)) == len(queries)


def test_place_market_matches_zone():
    market_keys = {m["key"] for m in MARKETS}
    for place in PLACES:
        assert place["market"] is None or place["market"] in market_keys, place["query"]
        assert place["address"].startswith("경기도 "), place["query"]
        assert zone_of(place["lat"], place["lng"]) == place["market"], place["query"]


def test_places_per_market():
    inside = Counter(p["market"] for p in PLACES if p["market"] is not None)
    for market in MARKETS:
        assert inside[market["key"]] >= 4, market["key"]
    outside = [p for p in PLACES if p["market"] is None]
    assert len(outside) >= 5


def test_demo_customers():
    usernames = [c["username"] for c in DEMO_CUSTOMERS]
    assert len(set(usernames)) == len(usernames)
    assert usernames[0] == "customer"
    places = {p["query"]: p for p in PLACES}
    for customer in DEMO_CUSTOMERS:
        assert customer["place"] in places, customer["username"]
        assert re.fullmatch(r"010-5550-\d{4}", customer["phone"]), customer["username"]
        assert customer["name"] and customer["address_detail"]
    served = {places[c["place"]]["market"] for c in DEMO_CUSTOMERS}
    assert None in served
    assert {m["key"] for m in MARKETS} <= served
