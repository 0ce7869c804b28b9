"""Reads over markets and stores: which markets deliver to a point, and for what fee."""

from dataclasses import dataclass

from django.db.models import QuerySet

from jangbogi.core.geo import haversine_m
from jangbogi.integrations.geocoding import GeoResult, get_geocoder
from jangbogi.markets import zones as zone_rules
from jangbogi.markets.models import DeliveryZone, Market, ZoneKind

OTHER_MARKETS_SHOWN = 3


@dataclass(frozen=True)
class MarketNearby:
    market: Market
    distance_m: int
    quote: zone_rules.Quote | None = None  # the zone and fee (an empty basket's); None: no zones

    @property
    def fee_label(self) -> str:
        """What the market list shows for the fee at this address."""
        if self.quote is None:
            m = self.market
            return f"배달비 {zone_rules.won(m.delivery_fee)} · {zone_rules.won(m.free_delivery_threshold)} 이상 무료"
        return f"{self.quote.zone.name}: {self.quote.zone.rule.describe()}".replace("배송비", "배달비")


def active_markets() -> QuerySet[Market]:
    # The calendar row rides along: every market page shows today's status from it.
    return Market.objects.filter(is_active=True).select_related("center", "calendar")


def active_markets_with_slots() -> QuerySet[Market]:
    """`active_markets()` with what every market's status line reads (slot rules, calendar
    exceptions) and its delivery zones, fetched once for the whole list."""
    return active_markets().prefetch_related("slot_rules", "calendar_exceptions", "zones")


def distance_to(market: Market, *, lat: float, lng: float) -> int:
    return round(haversine_m(market.lat, market.lng, lat, lng))


def as_zone(zone: DeliveryZone) -> zone_rules.Zone:
    rule = zone_rules.FeeRule(kind=zone.fee_kind, fee=zone.fee, free_threshold=zone.free_threshold,
                              bands=tuple(tuple(b) for b in zone.bands or ()))
    return zone_rules.Zone(key=zone.pk, name=zone.name, kind=zone.kind, rule=rule, radius_m=zone.radius_m,
                           polygon=zone.polygon if zone.kind == ZoneKind.POLYGON else None)


def market_zones(market: Market) -> list[zone_rules.Zone]:
    """The market's active zones (honours `prefetch_related("zones")`); [] = none set up."""
    if market.pk is None:
        return []
    return [as_zone(z) for z in sorted(market.zones.all(), key=lambda z: (z.name, z.pk)) if z.is_active]


def delivery_quote(market: Market, *, lat: float, lng: float, items_total: int = 0) -> zone_rules.Quote | None:
    """The zone and fee for this point and basket; None when the market does not deliver there.
    A market without zones delivers within `delivery_radius_m` for its own fee rule."""
    found = market_zones(market)
    if not found:
        rule = zone_rules.FeeRule(kind=zone_rules.FREE_ABOVE, fee=market.delivery_fee,
                                  free_threshold=market.free_delivery_threshold or None)
        found = [zone_rules.Zone(key=None, name="기본 배송 지역", kind=zone_rules.RADIUS, rule=rule,
                                 radius_m=market.delivery_radius_m)]
    return zone_rules.best_quote(found, origin=(market.lat, market.lng), lat=lat, lng=lng, items_total=items_total)


def delivers_to(market: Market, *, lat: float, lng: float) -> bool:
    return delivery_quote(market, lat=lat, lng=lng) is not None


def _by_distance(*, lat: float, lng: float) -> list[tuple[Market, int, zone_rules.Quote | None]]:
    """Every active market with its distance to the point and its quote there (None: out of
    reach), nearest first: one read of the markets for both lists below."""
    rows = [(m, distance_to(m, lat=lat, lng=lng), delivery_quote(m, lat=lat, lng=lng))
            for m in active_markets_with_slots()]
    return sorted(rows, key=lambda row: row[1])


def _delivering(rows) -> list[MarketNearby]:
    # A quote from the market's own radius (key None: no zones set up) shows the market's fee.
    return [MarketNearby(m, d, q if q.zone.key is not None else None) for m, d, q in rows if q is not None]


def markets_delivering_to(*, lat: float, lng: float) -> list[MarketNearby]:
    """Active markets whose delivery zones contain the point, nearest first."""
    return _delivering(_by_distance(lat=lat, lng=lng))


def markets_by_reach(*, lat: float, lng: float, within_m: int = 15_000, limit: int = OTHER_MARKETS_SHOWN
                     ) -> tuple[list[MarketNearby], list[MarketNearby]]:
    """(`markets_delivering_to` the point, the nearest active markets within `within_m` whose
    zones do not reach it): the market list says so rather than leaving the customer wondering."""
    rows = _by_distance(lat=lat, lng=lng)
    outside = [MarketNearby(m, d) for m, d, q in rows if q is None and d <= within_m][:limit]
    return _delivering(rows), outside


def out_of_zone_message(market: Market, *, lat: float, lng: float) -> str:
    """"이 주소는 구리전통시장 배송 지역 밖이에요. 가까운 다른 시장: 부천자유시장(2.1km)"."""
    others = [n for n in markets_delivering_to(lat=lat, lng=lng) if n.market.pk != market.pk]
    text = f"이 주소는 {market.name} 배송 지역 밖이에요."
    if others:
        names = ", ".join(f"{n.market.name}({n.distance_m / 1000:.1f}km)" for n in others[:OTHER_MARKETS_SHOWN])
        return f"{text} 가까운 다른 시장: {names}"
    return f"{text} 이 주소로 배달하는 시장이 아직 없어요. 다른 주소를 골라 주세요."


def locate(query: str) -> list[GeoResult]:
    """Addresses matching what the customer typed (through the configured geocoder)."""
    return get_geocoder().geocode(query)
