"""The routes of a slot as a small inline SVG: no map tiles, no JavaScript library.

Latitude/longitude are projected onto the viewBox with an equirectangular projection (a
degree of longitude is cos(latitude) as long as a degree of latitude; over a 3 km delivery
area the error is invisible), scaled to fit with a margin.  North is up."""

import math
from dataclasses import dataclass, field

# Distinct on white and for the common colour-blindnesses; each route's number circles carry
# the same colour and the legend names the rider, so colour is never the only cue.
COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be123c", "#4d4d4d")


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


@dataclass(frozen=True)
class MapStop:
    x: float
    y: float
    label: str
    title: str
    colour: str
    state: str  # pending | delivered | failed | waiting


@dataclass(frozen=True)
class MapLine:
    colour: str
    points: str  # "x,y x,y ..." for <polyline points>
    name: str


@dataclass
class RouteMap:
    width: int
    height: int
    depot: tuple[float, float]
    lines: list[MapLine] = field(default_factory=list)
    stops: list[MapStop] = field(default_factory=list)
    scale_m: int = 0  # length of the scale bar, metres
    scale_px: float = 0.0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


M_PER_DEG_LAT = 111_320


class Projection:
    """(lat, lng) → viewBox (x, y) fitting `points` with a margin; also drawn by the market
    admin's zone map.  `min_span`: the least area shown, in degrees (0.002 ≈ 200 m)."""

    def __init__(self, points: list[tuple[float, float]], width: int, height: int, pad: int,
                 min_span: float = 0.002):
        lat0 = sum(p[0] for p in points) / len(points)
        self.k = math.cos(math.radians(lat0))
        xs = [p[1] * self.k for p in points]
        ys = [p[0] for p in points]
        span = max(max(xs) - min(xs), max(ys) - min(ys), min_span)
        self.scale = min(width - 2 * pad, height - 2 * pad) / span
        self.cx, self.cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        self.width, self.height = width, height

    def __call__(self, lat: float, lng: float) -> tuple[float, float]:
        x = self.width / 2 + (lng * self.k - self.cx) * self.scale
        y = self.height / 2 - (lat - self.cy) * self.scale
        return round(x, 1), round(y, 1)

    def metres_to_px(self, metres: float) -> float:
        return metres / M_PER_DEG_LAT * self.scale

    def scale_bar(self) -> tuple[int, float]:
        """(metres, pixels) of a round scale bar at most a quarter of the width."""
        metres = _nice_scale(self.width / 4 / max(self.metres_to_px(1), 1e-9))
        return metres, round(self.metres_to_px(metres), 1)


def route_map(depot: tuple[float, float], routes: list[tuple[str, str, list[tuple[float, float, str, str, str]]]],
              waiting: list[tuple[float, float, str]], *, width: int = 480, height: int = 400,
              pad: int = 34) -> RouteMap:
    """`routes`: (colour, rider name, [(lat, lng, number, title, state)]) in visiting order;
    `waiting`: bundles without a route, (lat, lng, title)."""
    points = [depot] + [(s[0], s[1]) for _, _, stops in routes for s in stops] + [(w[0], w[1]) for w in waiting]
    project = Projection(points, width, height, pad)
    out = RouteMap(width=width, height=height, depot=project(*depot))
    for col, name, stops in routes:
        path = [out.depot] + [project(s[0], s[1]) for s in stops] + [out.depot]
        out.lines.append(MapLine(col, " ".join(f"{x},{y}" for x, y in path), name))
        for (lat, lng, label, title, state) in stops:
            out.stops.append(MapStop(*project(lat, lng), label, title, col, state))
    for lat, lng, title in waiting:
        out.stops.append(MapStop(*project(lat, lng), "?", title, "#6b6b6b", "waiting"))
    out.scale_m, out.scale_px = project.scale_bar()
    return out


def _nice_scale(metres: float) -> int:
    """The largest 1/2/5 × 10^n metres not above `metres` (at least 100 m)."""
    best = 100
    for base in (100, 200, 500, 1000, 2000, 5000, 10_000):
        if base <= metres:
            best = base
    return best
