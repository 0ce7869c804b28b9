"""A market's delivery zones as a small inline SVG (no map tiles, no JavaScript), drawn with
the center's route map projection and scale bar (`web.center.routemap.Projection`), north up.

Circles are drawn as 72-sided polygons (a circle of metres is not a circle of degrees);
polygons keep their holes with `fill-rule: evenodd`."""

import math
from dataclasses import dataclass, field

from jangbogi.markets import zones as zone_rules
from jangbogi.web.center.routemap import M_PER_DEG_LAT, Projection, colour


@dataclass(frozen=True)
class MapZone:
    name: str
    colour: str
    path: str  # SVG path data, each ring closed with Z
    label_x: float
    label_y: float
    active: bool = True


@dataclass
class ZoneMap:
    width: int
    height: int
    market: tuple[float, float]
    zones: list[MapZone] = field(default_factory=list)
    scale_m: int = 0
    scale_px: float = 0.0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _circle(lat: float, lng: float, radius_m: float, sides: int = 72) -> list[tuple[float, float]]:
    k = math.cos(math.radians(lat))
    return [(lat + radius_m / M_PER_DEG_LAT * math.sin(a),
             lng + radius_m / (M_PER_DEG_LAT * k) * math.cos(a))
            for a in (2 * math.pi * i / sides for i in range(sides))]


def _rings(zone: zone_rules.Zone, origin: tuple[float, float]) -> list[list[tuple[float, float]]]:
    """(lat, lng) rings: outer rings and holes alike (evenodd fill tells them apart)."""
    if zone.kind == zone_rules.RADIUS:
        return [_circle(*origin, zone.radius_m or 0)]
    geo = zone.polygon or {}
    polygons = [geo.get("coordinates", [])] if geo.get("type") == "Polygon" else geo.get("coordinates", [])
    return [[(p[1], p[0]) for p in ring] for polygon in polygons for ring in polygon]


def zone_map(origin: tuple[float, float], zones: list[tuple[zone_rules.Zone, bool]], *, width: int = 480,
             height: int = 400, pad: int = 24) -> ZoneMap:
    """`zones`: (zone, active) pairs; inactive ones are drawn dashed."""
    drawn = [(z, active, _rings(z, origin)) for z, active in zones]
    points = [origin] + [p for _, _, rings in drawn for ring in rings for p in ring]
    project = Projection(points, width, height, pad, min_span=0.005)
    out = ZoneMap(width=width, height=height, market=project(*origin))
    for index, (zone, active, rings) in enumerate(drawn):
        parts, label = [], out.market
        for ring in rings:
            if len(ring) < 3:
                continue
            xy = [project(*p) for p in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
            if ring is rings[0]:
                label = (min(x for x, _ in xy) + 4, min(y for _, y in xy) + 16)
        out.zones.append(MapZone(zone.name, colour(index), " ".join(parts), *label, active=active))
    out.scale_m, out.scale_px = project.scale_bar()
    return out
