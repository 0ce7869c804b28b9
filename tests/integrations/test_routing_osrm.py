"""OsrmDistances against a local fake of OSRM's table service (http.server on 127.0.0.1):
the documented request, blocks above max_table_size, and each failure classified as
retryable (timeout, refused, 5xx) or terminal (4xx / OSRM error code, bad JSON, no route)."""

import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jangbogi.integrations.routing import OsrmDistances, RoutingRejected, RoutingUnavailable
from jangbogi.integrations.routing.haversine import haversine_m

POINTS = [(37.5985, 127.1395), (37.6045, 127.1405), (37.5935, 127.1450), (37.6012, 127.1398),
          (37.5900, 127.1300)]


def road(a, b) -> tuple[float, float]:
    """The fake's 'road' between two (lat, lng): 1.4 × straight line, at 8 m/s, as floats."""
    metres = round(1.4 * haversine_m(a, b), 1)
    return metres, round(metres / 8, 1)


class FakeOsrm(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.requests: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        pass  # the client hung up on a slow answer: that is the point of the test


class _Handler(BaseHTTPRequestHandler):
    server: FakeOsrm

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(0.5)
        if mode == "500":
            return self._send(503, b"<html>upstream down</html>", "text/html")
        if mode == "400":
            return self._json(400, {"code": "NoSegment", "message": "Could not find a matching segment"})
        if mode == "badjson":
            return self._send(200, b"<html>not osrm</html>", "text/html")
        url = urllib.parse.urlsplit(self.path)
        coords = url.path.removeprefix("/table/v1/driving/").split(";")
        points = [(float(lat), float(lng)) for lng, lat in (c.split(",") for c in coords)]
        query = urllib.parse.parse_qs(url.query)
        every = ";".join(map(str, range(len(points))))
        sources = [int(i) for i in query.get("sources", [every])[0].split(";")]
        targets = [int(i) for i in query.get("destinations", [every])[0].split(";")]
        pairs = [[road(points[i], points[j]) for j in targets] for i in sources]
        body = {"code": "Ok", "distances": [[d for d, _ in row] for row in pairs],
                "durations": [[t for _, t in row] for row in pairs]}
        if mode == "null":
            body["durations"][0][-1] = None
        self._json(200, body)

    def _json(self, status, body):
        self._send(status, json.dumps(body).encode(), "application/json")

    def _send(self, status, payload, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def fake_osrm():
    server = FakeOsrm()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_asks_the_table_service_with_lng_lat_and_both_annotations(fake_osrm):
    distance, duration = OsrmDistances(fake_osrm.url + "/", timeout=2).matrix(POINTS[:3])
    assert len(fake_osrm.requests) == 1
    path, query = fake_osrm.requests[0].split("?")
    assert path == "/table/v1/driving/127.139500,37.598500;127.140500,37.604500;127.145000,37.593500"
    assert urllib.parse.parse_qs(query) == {"annotations": ["distance,duration"]}
    assert distance[0, 1] == round(road(POINTS[0], POINTS[1])[0])
    assert duration[1, 2] == round(road(POINTS[1], POINTS[2])[1])
    assert distance[2, 2] == duration[2, 2] == 0


def test_large_matrices_are_asked_in_blocks_within_max_table_size(fake_osrm):
    whole = OsrmDistances(fake_osrm.url, timeout=2).matrix(POINTS)
    fake_osrm.requests.clear()
    blocked = OsrmDistances(fake_osrm.url, timeout=2, max_table_size=2).matrix(POINTS)
    assert len(fake_osrm.requests) == 9  # 3 blocks of sources × 3 blocks of destinations
    assert all(len(r.split("?")[0].split(";")) <= 4 for r in fake_osrm.requests)
    assert (blocked[0] == whole[0]).all() and (blocked[1] == whole[1]).all()


def test_a_slow_server_is_a_retryable_timeout(fake_osrm):
    fake_osrm.mode = "slow"
    started = time.monotonic()
    with pytest.raises(RoutingUnavailable) as err:
        OsrmDistances(fake_osrm.url, timeout=0.1).matrix(POINTS[:2])
    assert err.value.retryable
    assert time.monotonic() - started < 0.45


def test_5xx_is_retryable(fake_osrm):
    fake_osrm.mode = "500"
    with pytest.raises(RoutingUnavailable, match="HTTP 503") as err:
        OsrmDistances(fake_osrm.url, timeout=2).matrix(POINTS[:2])
    assert err.value.retryable


def test_a_refused_connection_is_retryable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(RoutingUnavailable):
        OsrmDistances(f"http://127.0.0.1:{port}", timeout=1).matrix(POINTS[:2])


def test_an_osrm_error_code_is_terminal_and_named(fake_osrm):
    fake_osrm.mode = "400"
    with pytest.raises(RoutingRejected, match="HTTP 400 NoSegment") as err:
        OsrmDistances(fake_osrm.url, timeout=2).matrix(POINTS[:2])
    assert not err.value.retryable


def test_a_body_that_is_not_json_is_terminal(fake_osrm):
    fake_osrm.mode = "badjson"
    with pytest.raises(RoutingRejected, match="not JSON") as err:
        OsrmDistances(fake_osrm.url, timeout=2).matrix(POINTS[:2])
    assert not err.value.retryable


def test_a_pair_without_a_route_is_terminal_and_names_the_points(fake_osrm):
    fake_osrm.mode = "null"
    with pytest.raises(RoutingRejected, match="no route from point 0 to point 2"):
        OsrmDistances(fake_osrm.url, timeout=2).matrix(POINTS[:3])
