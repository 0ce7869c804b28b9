"""Delivery zones and their fee rules (pure: no database).

A market delivers inside one or more zones, each either a circle (``radius_m`` around the
market's point) or a polygon (GeoJSON ``Polygon`` / ``MultiPolygon``, coordinates ``[lng, lat]``
as GeoJSON says, holes allowed).  Each zone has a fee rule:

* ``flat``: always ``fee``;
* ``free_above``: ``fee``, or 0 once the items total reaches ``free_threshold``;
* ``bands``: by the straight-line distance from the market: ``[[up_to_m, fee], ...]`` with both
  increasing, e.g. ``[[2000, 2000], [4000, 3000], [6000, 4000]]`` (≤ 2 km 2,000원, ...); a point
  farther than the last band is outside the zone.  ``free_threshold`` (optional) makes any
  band free from that items total.

When several zones contain a point, the customer pays the cheapest of them (`best_quote`).
Every validation error is a Korean sentence keyed by the form field it belongs to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from shapely import geometry
from shapely.errors import GEOSException
from shapely.validation import explain_validity

from jangbogi.core.geo import haversine_m

RADIUS = "radius"
POLYGON = "polygon"
FLAT = "flat"
FREE_ABOVE = "free_above"
BANDS = "bands"

MIN_RADIUS_M, MAX_RADIUS_M = 300, 20_000
MAX_FEE = 20_000
MAX_THRESHOLD = 10_000_000
MAX_BANDS = 10
# Gyeonggi-do and around it, generously: catches [lat, lng] written the wrong way round.
LNG_RANGE, LAT_RANGE = (124.0, 132.0), (33.0, 39.0)


@dataclass(frozen=True)
class FeeRule:
    kind: str
    fee: int = 0
    free_threshold: int | None = None
    bands: tuple[tuple[int, int], ...] = ()

    @property
    def free_from(self) -> int | None:
        """The items total from which delivery is free; None when it never is (a flat fee)."""
        return self.free_threshold if self.kind in (FREE_ABOVE, BANDS) else None

    def fee_for(self, *, distance_m: int, items_total: int) -> int | None:
        """The fee for a point `distance_m` away and a basket of `items_total`; None when the
        distance is past the last band (the zone does not reach there)."""
        if self.kind == BANDS:
            fee = next((f for up_to, f in self.bands if distance_m <= up_to), None)
            if fee is None:
                return None
        else:
            fee = self.fee
        if self.free_from is not None and items_total >= self.free_from:
            return 0
        return fee

    def describe(self) -> str:
        """"배송비 3,000원" / "배송비 3,000원 · 40,000원 이상 무료" / "2km까지 2,000원 · 4km까지 3,000원"."""
        if self.kind == BANDS:
            text = " · ".join(f"{_km(up_to)}까지 {won(fee)}" for up_to, fee in self.bands)
        else:
            text = f"배송비 {won(self.fee)}" if self.fee else "배송비 무료"
        if self.free_from is not None:
            text += f" · {won(self.free_from)} 이상 무료"
        return text


@dataclass(frozen=True)
class Zone:
    """One zone of a market; `key` identifies it to the caller (the model's pk)."""

    key: object
    name: str
    kind: str
    rule: FeeRule
    radius_m: int | None = None
    polygon: dict | None = field(default=None, compare=False)

    @cached_property
    def shape(self):
        return geometry.shape(_geometry_of(self.polygon)) if self.kind == POLYGON else None

    def contains(self, *, origin: tuple[float, float], lat: float, lng: float) -> bool:
        if self.kind == RADIUS:
            return round(haversine_m(origin[0], origin[1], lat, lng)) <= (self.radius_m or 0)  # whole metres
        # covers: a point on the boundary is inside (the line drawn is the promise).
        return bool(self.shape.covers(geometry.Point(lng, lat)))


@dataclass(frozen=True)
class Quote:
    zone: Zone
    fee: int
    distance_m: int


def best_quote(zones: Iterable[Zone], *, origin: tuple[float, float], lat: float, lng: float,
               items_total: int) -> Quote | None:
    """The cheapest zone that delivers to the point for this basket; None when none does."""
    distance = round(haversine_m(origin[0], origin[1], lat, lng))
    quotes = []
    for zone in zones:
        if not zone.contains(origin=origin, lat=lat, lng=lng):
            continue
        fee = zone.rule.fee_for(distance_m=distance, items_total=items_total)
        if fee is not None:
            quotes.append(Quote(zone, fee, distance))
    return min(quotes, key=lambda q: q.fee, default=None)


# --- validation: everything an admin can type wrong, in Korean ---------------------------------

def won(amount: int) -> str:
    return f"{amount:,}원"


def _km(metres: int) -> str:
    return f"{metres / 1000:g}km"


def _geometry_of(value: dict) -> dict:
    """The geometry of a GeoJSON object (a Feature or a FeatureCollection of one is unwrapped)."""
    if value.get("type") == "FeatureCollection" and len(value.get("features") or []) == 1:
        value = value["features"][0]
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    return value


def parse_geojson(text: str | dict) -> tuple[dict | None, str | None]:
    """(the geometry, None) when `text` is a valid, closed Polygon / MultiPolygon inside Korea;
    (None, the Korean reason) otherwise."""
    if isinstance(text, str):
        if not text.strip():
            return None, "구역 경계(GeoJSON)를 붙여 넣어 주세요."
        try:
            text = json.loads(text)
        except ValueError:
            return None, "GeoJSON 형식이 아니에요. 괄호와 쉼표를 확인해 주세요."
    if not isinstance(text, dict):
        return None, "GeoJSON 형식이 아니에요. {\"type\": \"Polygon\", ...} 모양이어야 해요."
    geo = _geometry_of(text)
    if geo.get("type") not in ("Polygon", "MultiPolygon"):
        return None, "다각형(Polygon 또는 MultiPolygon)만 쓸 수 있어요."
    polygons = geo.get("coordinates")
    polygons = [polygons] if geo["type"] == "Polygon" else polygons
    reason = _rings_reason(polygons)
    if reason:
        return None, reason
    try:
        shape = geometry.shape(geo)
    except (GEOSException, ValueError, TypeError, IndexError):
        return None, "경계 좌표를 읽을 수 없어요. [경도, 위도] 쌍의 목록인지 확인해 주세요."
    if not shape.is_valid:
        detail = explain_validity(shape)
        if "Self-intersection" in detail:
            return None, "경계선이 스스로 겹쳐요. 점 순서를 확인해 주세요."
        return None, "올바른 다각형이 아니에요. 구멍은 바깥 경계 안에 있어야 하고, 선이 겹치면 안 돼요."
    return {"type": geo["type"], "coordinates": geo["coordinates"]}, None


def _rings_reason(polygons: object) -> str | None:
    if not isinstance(polygons, list) or not polygons:
        return "경계 좌표가 비어 있어요."
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "경계 좌표가 비어 있어요."
        for ring in polygon:
            if not isinstance(ring, list) or not all(
                    isinstance(p, list | tuple) and len(p) >= 2
                    and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
                    for p in ring):
                return "경계 좌표를 읽을 수 없어요. [경도, 위도] 쌍의 목록인지 확인해 주세요."
            if len(ring) < 4:
                return "경계는 점이 셋 이상이고, 마지막 점이 첫 점과 같아야(닫혀야) 해요."
            if list(ring[0][:2]) != list(ring[-1][:2]):
                return "경계가 닫혀 있지 않아요. 마지막 점을 첫 점과 똑같이 적어 주세요."
            for lng, lat in (p[:2] for p in ring):
                if not (LNG_RANGE[0] <= lng <= LNG_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                    return ("좌표가 우리나라 밖이에요. GeoJSON은 [경도, 위도] 순서예요 "
                            "(예: [127.14, 37.60]).")
    return None


def parse_bands(value: str | Sequence) -> tuple[tuple[tuple[int, int], ...], str | None]:
    """Bands from "2000:2000, 4000:3000" (metres:won, one per comma or line) or a list of pairs;
    (bands, None) or ((), the Korean reason)."""
    if isinstance(value, str):
        # "4,000" is a number: a comma before exactly three digits does not split.
        parts = [p.strip() for p in re.split(r"[\n;]|,(?!\d{3}(?!\d))", value) if p.strip()]
        pairs = []
        for part in parts:
            bits = part.replace("m", "").replace("원", "").replace(" ", "").split(":")
            if len(bits) != 2:
                return (), "거리 구간은 '거리(m):배송비(원)' 모양으로 적어 주세요. 예: 2000:2000, 4000:3000"
            pairs.append(bits)
    else:
        pairs = list(value)
    try:
        bands = tuple((int(str(a).replace(",", "")), int(str(b).replace(",", ""))) for a, b in pairs)
    except (TypeError, ValueError):
        return (), "거리와 배송비는 숫자로 적어 주세요. 예: 2000:2000, 4000:3000"
    if not bands:
        return (), "거리 구간을 하나 이상 적어 주세요. 예: 2000:2000, 4000:3000"
    if len(bands) > MAX_BANDS:
        return (), f"거리 구간은 {MAX_BANDS}개까지 정할 수 있어요."
    for (d1, f1), (d2, f2) in zip(bands, bands[1:], strict=False):
        if d2 <= d1:
            return (), "거리 구간은 가까운 곳부터 먼 곳 순서로, 거리가 늘어나게 적어 주세요."
        if f2 < f1:
            return (), "먼 구간의 배송비가 가까운 구간보다 싸면 안 돼요. 배송비가 늘어나게 적어 주세요."
    if bands[0][0] <= 0 or bands[-1][0] > MAX_RADIUS_M:
        return (), f"구간 거리는 1m에서 {MAX_RADIUS_M // 1000}km 사이여야 해요."
    if any(not 0 <= fee <= MAX_FEE for _, fee in bands):
        return (), f"배송비는 0원에서 {won(MAX_FEE)} 사이로 정해 주세요."
    return bands, None


def rule_errors(*, kind: str, fee: int | None, free_threshold: int | None,
                bands: Sequence) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in (FLAT, FREE_ABOVE, BANDS):
        return {"fee_kind": "배송비 방식을 골라 주세요."}
    if kind in (FLAT, FREE_ABOVE) and (fee is None or not 0 <= fee <= MAX_FEE):
        errors["fee"] = f"배송비는 0원에서 {won(MAX_FEE)} 사이로 정해 주세요."
    if kind == FREE_ABOVE and free_threshold is None:
        errors["free_threshold"] = "무료배송 기준 금액을 적어 주세요."
    if free_threshold is not None and not 1 <= free_threshold <= MAX_THRESHOLD:
        errors["free_threshold"] = "무료배송 기준은 1원에서 1,000만 원 사이로 정해 주세요."
    if kind == BANDS and not bands:
        errors["bands"] = "거리 구간을 하나 이상 적어 주세요. 예: 2000:2000, 4000:3000"
    return errors


def radius_error(radius_m: int | None) -> str | None:
    if radius_m is None or not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        return f"반경은 {MIN_RADIUS_M}m에서 {MAX_RADIUS_M // 1000}km 사이로 정해 주세요."
    return None
