"""A precomputed matrix behind the same port: benchmarks (DIMACS-rounded instance
distances), cached OSRM answers, tests.  Points are looked up by exact coordinates; two
points at the same coordinates share a row, which is right because they are one place."""

from collections.abc import Sequence

import numpy as np

from jangbogi.integrations.routing.errors import RoutingRejected


class MatrixDistances:
    def __init__(self, points: Sequence[tuple[float, float]], distance: np.ndarray,
                 duration: np.ndarray | None = None):
        distance = np.asarray(distance, dtype=np.int64)
        duration = distance if duration is None else np.asarray(duration, dtype=np.int64)
        n = len(points)
        if distance.shape != (n, n) or duration.shape != (n, n):
            raise ValueError(f"matrices must be {n} × {n} for {n} points")
        self._distance, self._duration = distance, duration
        self._index: dict[tuple[float, float], int] = {}
        for i, p in enumerate(points):
            self._index.setdefault((float(p[0]), float(p[1])), i)

    def matrix(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        try:
            idx = np.fromiter((self._index[(float(p[0]), float(p[1]))] for p in points),
                              dtype=np.intp, count=len(points))
        except KeyError as exc:
            raise RoutingRejected(f"point {exc.args[0]} is not in the precomputed matrix") from None
        if len(idx) == len(self._distance) and (idx == np.arange(len(idx))).all():
            return self._distance, self._duration  # the whole matrix, in order: no copy
        sub = np.ix_(idx, idx)
        return self._distance[sub], self._duration[sub]
