"""HaversineDistances: great-circle metres × detour factor, seconds at the set speed; the
default adapter when settings name none."""

import numpy as np
import pytest

from jangbogi.integrations.routing import HaversineDistances, OsrmDistances, get_distances
from jangbogi.integrations.routing.haversine import haversine_m

CENTER = (37.5985, 127.1395)
ONE_KM_NORTH = (37.5985 + 1000 / 111_195, 127.1395)  # 1° of latitude ≈ 111.195 km


def test_one_straight_km_is_1300_m_and_234_s_by_default():
    distance, duration = HaversineDistances().matrix([CENTER, ONE_KM_NORTH])
    assert distance.tolist() == [[0, 1300], [1300, 0]]
    assert duration.tolist() == [[0, 234], [234, 0]]  # 1300 m at 20 km/h = 234 s
    assert distance.dtype == duration.dtype == np.int64


def test_detour_factor_and_speed_are_applied():
    distance, duration = HaversineDistances(detour_factor=1.0, speed_kmh=36).matrix(
        [CENTER, ONE_KM_NORTH])
    assert distance[0, 1] == 1000
    assert duration[0, 1] == 100  # 36 km/h = 10 m/s


def test_matrix_is_symmetric_with_zero_diagonal_and_matches_the_scalar_formula():
    rng = np.random.default_rng(7)
    points = [(37.5 + rng.uniform(0, 0.1), 127.0 + rng.uniform(0, 0.1)) for _ in range(12)]
    distance, _ = HaversineDistances(detour_factor=1.0).matrix(points)
    assert (distance == distance.T).all()
    assert (np.diag(distance) == 0).all()
    assert distance[3, 8] == round(haversine_m(points[3], points[8]))


def test_no_points_give_empty_matrices():
    distance, duration = HaversineDistances().matrix([])
    assert distance.shape == duration.shape == (0, 0)


@pytest.mark.parametrize("kwargs", [{"detour_factor": 0.9}, {"speed_kmh": 0}])
def test_impossible_parameters_are_refused(kwargs):
    with pytest.raises(ValueError):
        HaversineDistances(**kwargs)


def test_settings_default_is_haversine(settings):
    if hasattr(settings, "JANGBOGI_ROUTING_DISTANCES"):
        del settings.JANGBOGI_ROUTING_DISTANCES
    assert isinstance(get_distances(), HaversineDistances)


def test_settings_choose_osrm_with_its_url_and_timeout(settings):
    settings.JANGBOGI_ROUTING_DISTANCES = "osrm"
    settings.JANGBOGI_OSRM_URL = "http://127.0.0.1:5000/"
    settings.JANGBOGI_OSRM_TIMEOUT = 2.5
    adapter = get_distances()
    assert isinstance(adapter, OsrmDistances)
    assert (adapter.base_url, adapter.timeout) == ("http://127.0.0.1:5000", 2.5)


@pytest.mark.parametrize(("kind", "url"), [("osrm", ""), ("google", "http://x")])
def test_settings_without_a_usable_adapter_fail_loudly(settings, kind, url):
    settings.JANGBOGI_ROUTING_DISTANCES = kind
    settings.JANGBOGI_OSRM_URL = url
    with pytest.raises(ValueError):
        get_distances()
