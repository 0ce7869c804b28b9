"""Offline default: great-circle distance × a detour factor, travelled at a set speed.

Why these defaults (see docs/routing.md for sources):

* ``detour_factor=1.3``: road distance over straight-line distance ("circuity") is about 1.2
  for random pairs in a city (Newell 1980; O'Sullivan 1996 found 1.21–1.23) and grows for
  short trips, which wind more.  Deliveries here are 0.5–5 km through the old street grids
  and one-way alleys around traditional markets, so we take the slightly conservative 1.3.
* ``speed_kmh=20``: Seoul's measured average vehicle speed is about 24–25 km/h over all
  roads and 17–19 km/h in the city centre (Seoul traffic-speed reports 2014–2017).  A rider
  door to door also stops at signals and parks, so 20 km/h.  Service time at the door is
  counted separately (per stop), not in this speed.

Both are estimates: calibrate them from riders' actual trip times once there are some, or
switch to ``OsrmDistances`` (settings) for road distances.
"""

import math
from collections.abc import Sequence

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
DEFAULT_DETOUR_FACTOR = 1.3
DEFAULT_SPEED_KMH = 20.0


class HaversineDistances:
    def __init__(self, detour_factor: float = DEFAULT_DETOUR_FACTOR,
                 speed_kmh: float = DEFAULT_SPEED_KMH):
        if detour_factor < 1:
            raise ValueError("detour_factor must be >= 1 (roads are never shorter than a line)")
        if speed_kmh <= 0:
            raise ValueError("speed_kmh must be positive")
        self.detour_factor = detour_factor
        self.speed_kmh = speed_kmh

    def matrix(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        if not len(points):
            empty = np.zeros((0, 0), dtype=np.int64)
            return empty, empty.copy()
        lat, lng = np.radians(np.asarray(points, dtype=float)).T
        dlat = lat[:, None] - lat[None, :]
        dlng = lng[:, None] - lng[None, :]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlng / 2) ** 2
        metres = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))) * self.detour_factor
        distance = np.rint(metres).astype(np.int64)
        duration = np.rint(metres / (self.speed_kmh / 3.6)).astype(np.int64)
        return distance, duration

    def __repr__(self) -> str:
        return f"HaversineDistances(detour_factor={self.detour_factor}, speed_kmh={self.speed_kmh})"


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line (great-circle) metres between two (lat, lng) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))
