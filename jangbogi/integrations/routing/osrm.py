"""Road distances from an OSRM server's table service (OSRM 5.x HTTP API):

    GET {base_url}/table/v1/{profile}/{lng},{lat};{lng},{lat}...
        ?annotations=distance,duration[&sources=i;j...&destinations=k;l...]

Answer: ``{"code": "Ok", "distances": [[m, ...], ...], "durations": [[s, ...], ...]}``, row =
source, column = destination; ``null`` where no route exists.  On error OSRM answers HTTP 400
with ``{"code": "InvalidQuery" | "NoSegment" | "TooBig" | ..., "message": ...}``.

``osrm-routed`` refuses tables larger than ``--max-table-size`` (default 100 × 100), so a
larger matrix is asked for in blocks of at most ``max_table_size`` sources × destinations.
``timeout`` (seconds) bounds the connection and each read of every request; there is no
retry inside: errors say whether a retry can help (``err.retryable``)."""

import http.client
import json
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

import numpy as np

from jangbogi.integrations.routing.errors import RoutingRejected, RoutingUnavailable


class OsrmDistances:
    def __init__(self, base_url: str, timeout: float = 5.0, *, profile: str = "driving",
                 max_table_size: int = 100):
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.profile = profile
        self.max_table_size = max_table_size

    def matrix(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        n = len(points)
        distance = np.zeros((n, n), dtype=np.int64)
        duration = np.zeros((n, n), dtype=np.int64)
        blocks = [range(i, min(i + self.max_table_size, n)) for i in range(0, n, self.max_table_size)]
        if n < 2:
            return distance, duration
        for src in blocks:
            for dst in blocks:
                d, t = self._table(points, src, dst)
                distance[src.start:src.stop, dst.start:dst.stop] = d
                duration[src.start:src.stop, dst.start:dst.stop] = t
        np.fill_diagonal(distance, 0)
        np.fill_diagonal(duration, 0)
        return distance, duration

    def _table(self, points, src: range, dst: range) -> tuple[list, list]:
        query = {"annotations": "distance,duration"}
        if src == dst:
            coords = [points[i] for i in src]
        else:
            coords = [points[i] for i in src] + [points[i] for i in dst]
            query["sources"] = ";".join(str(i) for i in range(len(src)))
            query["destinations"] = ";".join(str(len(src) + i) for i in range(len(dst)))
        path = ";".join(f"{lng:.6f},{lat:.6f}" for lat, lng in coords)
        url = (f"{self.base_url}/table/v1/{self.profile}/{path}?"
               + urllib.parse.urlencode(query, safe=",;"))
        body = self._get(url)
        distances = _rows(body, "distances", len(src), len(dst), src.start, dst.start)
        durations = _rows(body, "durations", len(src), len(dst), src.start, dst.start)
        return distances, durations

    def _get(self, url: str) -> dict:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = _error_detail(exc)
            if exc.code >= 500 or exc.code == 429:
                raise RoutingUnavailable(f"OSRM HTTP {exc.code}{detail}") from exc
            raise RoutingRejected(f"OSRM HTTP {exc.code}{detail}") from exc
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise RoutingUnavailable(f"OSRM did not answer within {self.timeout:g} s: {exc}") from exc
        try:
            body = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RoutingRejected(f"OSRM answer is not JSON: {raw[:80]!r}") from exc
        if not isinstance(body, dict):
            raise RoutingRejected("OSRM answer is not a JSON object")
        if body.get("code") != "Ok":
            raise RoutingRejected(f"OSRM {body.get('code')}: {body.get('message', '')}")
        return body


def _rows(body: dict, key: str, n_src: int, n_dst: int, src0: int, dst0: int) -> list[list[int]]:
    rows = body.get(key)
    if not isinstance(rows, list) or len(rows) != n_src or any(
            not isinstance(r, list) or len(r) != n_dst for r in rows):
        raise RoutingRejected(f"OSRM answer has no {n_src} × {n_dst} '{key}' table")
    out = []
    for i, row in enumerate(rows):
        values = []
        for j, v in enumerate(row):
            if v is None:
                raise RoutingRejected(f"OSRM has no route from point {src0 + i} to point {dst0 + j}")
            if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v) or v < 0:
                raise RoutingRejected(f"OSRM '{key}' has a bad value {v!r}")
            values.append(round(v))
        out.append(values)
    return out


def _error_detail(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
    except (OSError, ValueError):
        return ""
    if isinstance(body, dict) and body.get("code"):
        return f" {body['code']}: {body.get('message', '')}"
    return ""
