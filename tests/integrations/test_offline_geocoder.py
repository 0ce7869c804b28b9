"""OfflineGeocoder: exact match first, then substring; whitespace and a leading 경기도 do not
matter; fewer than two characters find nothing."""

import pytest
from django.test import override_settings

from jangbogi.integrations.geocoding import GeoResult, OfflineGeocoder, get_geocoder

PLACES = [
    {"query": "구리시 인창동", "address": "경기도 구리시 인창동", "lat": 37.6045, "lng": 127.1405},
    {"query": "구리시 수택동", "address": "경기도 구리시 수택동", "lat": 37.5935, "lng": 127.1450},
    {"query": "구리시 인창동 10", "address": "경기도 구리시 인창동 10", "lat": 37.6012, "lng": 127.1398},
    {"query": "부천시 상동", "address": "경기도 부천시 원미구 상동", "lat": 37.5040, "lng": 126.7530},
]
INCHANG = GeoResult("경기도 구리시 인창동", 37.6045, 127.1405)
SUTAEK = GeoResult("경기도 구리시 수택동", 37.5935, 127.1450)
INCHANG_10 = GeoResult("경기도 구리시 인창동 10", 37.6012, 127.1398)
SANGDONG = GeoResult("경기도 부천시 원미구 상동", 37.5040, 126.7530)


@pytest.fixture
def geocoder():
    return OfflineGeocoder(PLACES)


def test_exact_query_wins_over_substring_matches(geocoder):
    # "구리시 인창동" is also a substring of "구리시 인창동 10"; the exact place alone is returned.
    assert geocoder.geocode("구리시 인창동") == [INCHANG]


def test_exact_full_address_matches(geocoder):
    assert geocoder.geocode("경기도 부천시 원미구 상동") == [SANGDONG]


@pytest.mark.parametrize("query", [
    "구리시인창동", "  구리시   인창동  ", "경기도 구리시 인창동", "경기도구리시인창동", "구리시\t인창동",
])
def test_whitespace_and_province_prefix_do_not_matter(geocoder, query):
    assert geocoder.geocode(query) == [INCHANG]


def test_substring_returns_every_match_in_list_order(geocoder):
    assert geocoder.geocode("구리시") == [INCHANG, SUTAEK, INCHANG_10]
    assert geocoder.geocode("원미구") == [SANGDONG]
    assert geocoder.geocode("인창동 1") == [INCHANG_10]


def test_substring_results_are_capped_at_ten():
    places = [{"query": f"시흥시 대야동 {n}", "address": f"경기도 시흥시 대야동 {n}", "lat": 37.4, "lng": 126.8}
              for n in range(1, 13)]
    found = OfflineGeocoder(places).geocode("대야동")
    assert [r.address for r in found] == [f"경기도 시흥시 대야동 {n}" for n in range(1, 11)]


@pytest.mark.parametrize("query", ["", " ", "구", " 구 ", "경기도", "경기도 구"])
def test_too_short_query_finds_nothing(geocoder, query):
    assert geocoder.geocode(query) == []


def test_unknown_place_finds_nothing(geocoder):
    assert geocoder.geocode("서울시 중구") == []


def test_get_geocoder_uses_the_configured_places():
    with override_settings(JANGBOGI_GEOCODER="offline",
                           JANGBOGI_GEOCODER_PLACES="tests.integrations.test_offline_geocoder.PLACES"):
        assert get_geocoder().geocode("수택동") == [SUTAEK]


def test_get_geocoder_refuses_an_unknown_kind():
    with override_settings(JANGBOGI_GEOCODER="kakao"), pytest.raises(ValueError, match="unknown geocoder: kakao"):
        get_geocoder()
