"""Geocoding port: text a customer types → a point.

The offline default resolves the demo places it is given; a Kakao Local / 도로명주소(Juso)
adapter implements the same Protocol later.  Results are not stored beyond the order's
address (VWorld's terms forbid it; Kakao's are stricter for caching)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class GeoResult:
    address: str
    lat: float
    lng: float


class Geocoder(Protocol):
    def geocode(self, query: str) -> list[GeoResult]: ...


def _norm(text: str) -> str:
    return "".join(text.split()).removeprefix("경기도")


class OfflineGeocoder:
    """Matches a query against a fixed list of places (exact, then substring)."""

    def __init__(self, places: Iterable[dict]):
        self._places = [
            (_norm(p["query"]), _norm(p["address"]), GeoResult(p["address"], p["lat"], p["lng"]))
            for p in places
        ]

    def geocode(self, query: str) -> list[GeoResult]:
        q = _norm(query)
        if len(q) < 2:
            return []
        exact = [r for key, addr, r in self._places if q in (key, addr)]
        if exact:
            return exact
        return [r for key, addr, r in self._places if q in key or q in addr][:10]


def get_geocoder() -> Geocoder:
    """The geocoder chosen by settings.JANGBOGI_GEOCODER."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    kind = settings.JANGBOGI_GEOCODER
    if kind == "offline":
        return OfflineGeocoder(import_string(settings.JANGBOGI_GEOCODER_PLACES))
    raise ValueError(f"unknown geocoder: {kind}")
