"""The distance port's contract, run against every adapter: the local default (haversine),
a precomputed matrix, and OSRM through a local fake of its HTTP API."""

import numpy as np
import pytest

from jangbogi.integrations.routing import (
    HaversineDistances,
    MatrixDistances,
    OsrmDistances,
    RoutingRejected,
)
from tests.integrations.test_routing_osrm import POINTS, fake_osrm  # noqa: F401 (fixture)


@pytest.fixture(params=["haversine", "matrix", "osrm"])
def adapter(request):
    if request.param == "haversine":
        return HaversineDistances()
    if request.param == "matrix":
        return MatrixDistances(POINTS, *HaversineDistances().matrix(POINTS))
    return OsrmDistances(request.getfixturevalue("fake_osrm").url, timeout=2, max_table_size=3)


def test_square_int_matrices_with_zero_diagonal(adapter):
    distance, duration = adapter.matrix(POINTS)
    n = len(POINTS)
    assert distance.shape == duration.shape == (n, n)
    assert distance.dtype == duration.dtype == np.int64
    assert (np.diag(distance) == 0).all() and (np.diag(duration) == 0).all()
    off_diagonal = ~np.eye(n, dtype=bool)
    assert (distance[off_diagonal] > 0).all() and (duration[off_diagonal] > 0).all()


def test_rows_follow_the_order_of_the_points(adapter):
    order = [3, 0, 4, 1, 2]
    distance, duration = adapter.matrix(POINTS)
    d2, t2 = adapter.matrix([POINTS[i] for i in order])
    assert (d2 == distance[np.ix_(order, order)]).all()
    assert (t2 == duration[np.ix_(order, order)]).all()


def test_a_subset_of_points_gives_the_sub_matrix(adapter):
    distance, _ = adapter.matrix(POINTS)
    sub, _ = adapter.matrix([POINTS[4], POINTS[1]])
    assert sub.tolist() == [[0, distance[4, 1]], [distance[1, 4], 0]]


def test_matrix_adapter_refuses_points_it_does_not_know():
    adapter = MatrixDistances(POINTS, *HaversineDistances().matrix(POINTS))
    with pytest.raises(RoutingRejected, match="not in the precomputed matrix"):
        adapter.matrix([POINTS[0], (37.0, 127.0)])
