"""Distance port: points → travel distance (m) and travel time (s) between every pair.

    distances.matrix([(lat, lng), ...]) -> (distance_m, duration_s)

Both are square ``numpy`` int64 arrays (numpy ships with PyVRP); row = from, column = to,
index = position in ``points``.  Adapters:

* ``HaversineDistances`` (default, offline): great-circle distance × detour factor, at a set
  speed.  Why 1.3 and 20 km/h: see haversine.py and docs/routing.md.
* ``OsrmDistances``: road distances from an OSRM server's ``/table`` service, for when the
  straight-line estimate is no longer good enough (river crossings, one-way grids, scale).
* ``MatrixDistances``: a precomputed matrix (benchmarks, cached OSRM answers, tests).

``get_distances()`` picks one from ``settings.JANGBOGI_ROUTING_DISTANCES`` ("haversine" when
unset; "osrm" reads ``JANGBOGI_OSRM_URL`` and ``JANGBOGI_OSRM_TIMEOUT``).

Errors: ``RoutingUnavailable`` (retryable: timeout, connection refused, HTTP 5xx/429) and
``RoutingRejected`` (terminal: the server refused this request or answered nonsense;
retrying sends the same thing).  Both are ``RoutingError``; ``err.retryable`` tells them apart.
"""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from jangbogi.integrations.routing.errors import RoutingError, RoutingRejected, RoutingUnavailable
from jangbogi.integrations.routing.haversine import (
    DEFAULT_DETOUR_FACTOR,
    DEFAULT_SPEED_KMH,
    HaversineDistances,
)
from jangbogi.integrations.routing.matrix import MatrixDistances
from jangbogi.integrations.routing.osrm import OsrmDistances

Point = tuple[float, float]
"""(latitude, longitude) in WGS84 degrees."""

__all__ = [
    "DEFAULT_DETOUR_FACTOR", "DEFAULT_SPEED_KMH", "Distances", "HaversineDistances",
    "MatrixDistances", "OsrmDistances", "Point", "RoutingError", "RoutingRejected",
    "RoutingUnavailable", "get_distances",
]


class Distances(Protocol):
    def matrix(self, points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
        """(distance_m, duration_s): n × n int64 arrays for the n points, diagonal 0."""
        ...


def get_distances() -> Distances:
    """The distance adapter chosen by settings.JANGBOGI_ROUTING_DISTANCES."""
    from django.conf import settings

    kind = getattr(settings, "JANGBOGI_ROUTING_DISTANCES", "haversine")
    if kind == "haversine":
        return HaversineDistances()
    if kind == "osrm":
        base_url = getattr(settings, "JANGBOGI_OSRM_URL", "")
        if not base_url:
            raise ValueError("JANGBOGI_ROUTING_DISTANCES='osrm' needs JANGBOGI_OSRM_URL")
        return OsrmDistances(base_url, timeout=float(getattr(settings, "JANGBOGI_OSRM_TIMEOUT", 5.0)))
    raise ValueError(f"unknown routing distances: {kind}")
