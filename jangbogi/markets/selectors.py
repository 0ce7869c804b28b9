"""Reads over markets and stores."""

from dataclasses import dataclass

from django.db.models import QuerySet

from jangbogi.core.geo import haversine_m
from jangbogi.integrations.geocoding import GeoResult, get_geocoder
from jangbogi.markets.models import Market


@dataclass(frozen=True)
class MarketNearby:
    market: Market
    distance_m: int


def active_markets() -> QuerySet[Market]:
    # The calendar row rides along: every market page shows today's status from it.
    return Market.objects.filter(is_active=True).select_related("center", "calendar")


def active_markets_with_slots() -> QuerySet[Market]:
    """`active_markets()` with what every market's status line reads (slot rules, calendar
    exceptions) fetched once for the whole list."""
    return active_markets().prefetch_related("slot_rules", "calendar_exceptions")


def distance_to(market: Market, *, lat: float, lng: float) -> int:
    return round(haversine_m(market.lat, market.lng, lat, lng))


def delivers_to(market: Market, *, lat: float, lng: float) -> bool:
    return distance_to(market, lat=lat, lng=lng) <= market.delivery_radius_m


def markets_delivering_to(*, lat: float, lng: float) -> list[MarketNearby]:
    """Active markets whose delivery zone contains the point, nearest first."""
    found = [
        MarketNearby(m, distance_to(m, lat=lat, lng=lng))
        for m in active_markets_with_slots()
    ]
    return sorted((f for f in found if f.distance_m <= f.market.delivery_radius_m),
                  key=lambda f: f.distance_m)


def locate(query: str) -> list[GeoResult]:
    """Addresses matching what the customer typed (through the configured geocoder)."""
    return get_geocoder().geocode(query)

