"""Delivery zones, pure rules: radius edge, polygon inside / outside / hole, fee rules, and the
Korean validation of what an admin types."""

import json

import pytest

from jangbogi.core.geo import haversine_m
from jangbogi.markets import zones

MARKET = (37.5985, 127.1398)
# A 0.02° × 0.02° square around the market with a 0.004° square hole in its north-east part.
OUTER = [[127.1298, 37.5885], [127.1498, 37.5885], [127.1498, 37.6085], [127.1298, 37.6085], [127.1298, 37.5885]]
HOLE = [[127.1420, 37.6010], [127.1460, 37.6010], [127.1460, 37.6050], [127.1420, 37.6050], [127.1420, 37.6010]]
SQUARE = {"type": "Polygon", "coordinates": [OUTER, HOLE]}
BANDS = ((2000, 2000), (4000, 3000), (6000, 4000))


def zone(kind=zones.RADIUS, rule=None, **kw):
    return zones.Zone(key=kw.pop("key", 1), name=kw.pop("name", "구역"), kind=kind,
                      rule=rule or zones.FeeRule(kind=zones.FLAT, fee=3000), **kw)


def north(metres: float) -> tuple[float, float]:
    return MARKET[0] + metres / 111_195, MARKET[1]


def test_radius_edge_is_inside_in_whole_metres():
    at = north(1000)
    distance = round(haversine_m(*MARKET, *at))
    assert zone(radius_m=distance).contains(origin=MARKET, lat=at[0], lng=at[1]) is True
    assert zone(radius_m=distance - 1).contains(origin=MARKET, lat=at[0], lng=at[1]) is False


@pytest.mark.parametrize("point, inside", [
    ((37.5985, 127.1398), True),     # the market, in the square
    ((37.6030, 127.1440), False),    # in the hole
    ((37.6030, 127.1410), True),     # beside the hole
    ((37.6100, 127.1398), False),    # north of the square
    ((37.5885, 127.1398), True),     # on the southern edge: the line drawn is the promise
])
def test_polygon_inside_outside_and_hole(point, inside):
    z = zone(zones.POLYGON, polygon=SQUARE)
    assert z.contains(origin=MARKET, lat=point[0], lng=point[1]) is inside


@pytest.mark.parametrize("metres, fee", [(0, 2000), (1999, 2000), (2000, 2000), (2001, 3000),
                                         (4000, 3000), (5999, 4000), (6000, 4000), (6001, None)])
def test_bands_pick_the_right_fee(metres, fee):
    rule = zones.FeeRule(kind=zones.BANDS, bands=BANDS)
    assert rule.fee_for(distance_m=metres, items_total=10_000) == fee


def test_free_above_threshold_and_flat():
    free_above = zones.FeeRule(kind=zones.FREE_ABOVE, fee=3000, free_threshold=40_000)
    assert free_above.fee_for(distance_m=100, items_total=39_999) == 3000
    assert free_above.fee_for(distance_m=100, items_total=40_000) == 0
    flat = zones.FeeRule(kind=zones.FLAT, fee=2500, free_threshold=40_000)  # a flat fee ignores thresholds
    assert flat.fee_for(distance_m=100, items_total=1_000_000) == 2500
    bands_free = zones.FeeRule(kind=zones.BANDS, bands=BANDS, free_threshold=50_000)
    assert bands_free.fee_for(distance_m=5000, items_total=50_000) == 0
    assert bands_free.fee_for(distance_m=7000, items_total=50_000) is None  # still past the last band


def test_best_quote_is_the_cheapest_zone_that_reaches():
    near = zone(key="near", radius_m=1000, rule=zones.FeeRule(kind=zones.FLAT, fee=1000))
    wide = zone(key="wide", radius_m=6000, rule=zones.FeeRule(kind=zones.BANDS, bands=BANDS))
    at = north(500)
    assert zones.best_quote([wide, near], origin=MARKET, lat=at[0], lng=at[1], items_total=0).zone.key == "near"
    at = north(3000)
    quote = zones.best_quote([wide, near], origin=MARKET, lat=at[0], lng=at[1], items_total=0)
    assert (quote.zone.key, quote.fee, quote.distance_m) == ("wide", 3000, 3000)
    at = north(7000)
    assert zones.best_quote([wide, near], origin=MARKET, lat=at[0], lng=at[1], items_total=0) is None


def test_describe_in_korean():
    assert zones.FeeRule(kind=zones.BANDS, bands=BANDS[:2]).describe() == "2km까지 2,000원 · 4km까지 3,000원"
    assert zones.FeeRule(kind=zones.FREE_ABOVE, fee=3000, free_threshold=40_000).describe() == \
        "배송비 3,000원 · 40,000원 이상 무료"
    assert zones.FeeRule(kind=zones.FLAT, fee=0).describe() == "배송비 무료"


# --- validation ------------------------------------------------------------------------------

def test_a_valid_polygon_and_a_feature_are_accepted():
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [OUTER]}}
    geo, reason = zones.parse_geojson(json.dumps(feature))
    assert reason is None and geo == {"type": "Polygon", "coordinates": [OUTER]}


@pytest.mark.parametrize("text, reason", [
    ("", "구역 경계(GeoJSON)를 붙여 넣어 주세요."),
    ("{not json", "GeoJSON 형식이 아니에요. 괄호와 쉼표를 확인해 주세요."),
    ('{"type": "Point", "coordinates": [127.1, 37.5]}', "다각형(Polygon 또는 MultiPolygon)만 쓸 수 있어요."),
    ({"type": "Polygon", "coordinates": [OUTER[:-1]]},
     "경계가 닫혀 있지 않아요. 마지막 점을 첫 점과 똑같이 적어 주세요."),
    ({"type": "Polygon", "coordinates": [[OUTER[0], OUTER[1], OUTER[0]]]},
     "경계는 점이 셋 이상이고, 마지막 점이 첫 점과 같아야(닫혀야) 해요."),
    ({"type": "Polygon", "coordinates": [[[lat, lng] for lng, lat in OUTER]]},
     "좌표가 우리나라 밖이에요. GeoJSON은 [경도, 위도] 순서예요 (예: [127.14, 37.60])."),
    ({"type": "Polygon", "coordinates": [[OUTER[0], OUTER[2], OUTER[1], OUTER[3], OUTER[0]]]},
     "경계선이 스스로 겹쳐요. 점 순서를 확인해 주세요."),
    ({"type": "Polygon", "coordinates": [["a", "b", "c", "a"]]},
     "경계 좌표를 읽을 수 없어요. [경도, 위도] 쌍의 목록인지 확인해 주세요."),
])
def test_bad_polygons_are_refused_in_korean(text, reason):
    assert zones.parse_geojson(text) == (None, reason)


def test_bands_parse_from_text_and_must_increase():
    assert zones.parse_bands("2000:2000, 4000:3000\n6000:4,000원") == (BANDS, None)
    assert zones.parse_bands("4000:3000, 2000:2000")[1] == \
        "거리 구간은 가까운 곳부터 먼 곳 순서로, 거리가 늘어나게 적어 주세요."
    assert zones.parse_bands("2000:3000, 4000:2000")[1] == \
        "먼 구간의 배송비가 가까운 구간보다 싸면 안 돼요. 배송비가 늘어나게 적어 주세요."
    assert zones.parse_bands("2000-2000")[1].startswith("거리 구간은 '거리(m):배송비(원)' 모양으로")
    assert zones.parse_bands("")[1].startswith("거리 구간을 하나 이상")
    assert zones.parse_bands("2000:99999")[1] == "배송비는 0원에서 20,000원 사이로 정해 주세요."
