"""haversine_m: great-circle distance on a sphere of radius 6,371 km."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jangbogi.core.geo import EARTH_RADIUS_M, haversine_m

CITY_HALL = (37.5663, 126.9779)        # 서울특별시청
GANGNAM_STATION = (37.4979, 127.0276)  # 강남역


def test_seoul_city_hall_to_gangnam_station():
    # On the WGS84 ellipsoid these points are 8,771 m apart (local flat approximation with
    # the meridian and prime-vertical radii at 37.53°N: 7,592 m north-south, 4,393 m
    # east-west).  A sphere of radius 6,371 km is off by well under 0.5 % (44 m) at this
    # latitude and bearing, so ±50 m is the error budget of the model, not slack.
    assert haversine_m(*CITY_HALL, *GANGNAM_STATION) == pytest.approx(8771, abs=50)


def test_one_degree_of_latitude_is_a_360th_of_the_circumference():
    assert haversine_m(0, 0, 1, 0) == pytest.approx(2 * math.pi * EARTH_RADIUS_M / 360, abs=1e-6)
    assert haversine_m(0, 0, 1, 0) == pytest.approx(111_194.93, abs=0.01)


def test_one_degree_of_longitude_shrinks_with_latitude():
    at_60 = haversine_m(60, 0, 60, 1)
    # Along a parallel the great circle is slightly shorter than the parallel itself.
    assert at_60 == pytest.approx(111_194.93 * 0.5, rel=1e-4)
    assert at_60 < 111_194.93 * 0.5


def test_antipodes_are_half_the_circumference_apart():
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M, abs=1e-3)


coord = st.tuples(st.floats(-89.9, 89.9), st.floats(-179.9, 179.9))


@given(a=coord, b=coord)
def test_distance_is_symmetric_and_bounded(a, b):
    d = haversine_m(*a, *b)
    assert 0 <= d <= math.pi * EARTH_RADIUS_M + 1e-6
    assert d == pytest.approx(haversine_m(*b, *a), abs=1e-6)


@given(a=coord)
def test_distance_to_itself_is_zero(a):
    assert haversine_m(*a, *a) == 0
