"""Markets that deliver to an address, one market's detail with its stores, and the delivery
slots a customer may choose."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, Query, Router, Schema

from jangbogi.api.common import MarketRef, SlotOut, hhmm, market_or_404
from jangbogi.api.errors import ErrorOut, ValidationErrorOut
from jangbogi.catalog import selectors as catalog
from jangbogi.core import time as btime
from jangbogi.core.errors import NotFound, ValidationFailed
from jangbogi.markets import selectors as markets
from jangbogi.markets.models import Market
from jangbogi.markets.slots import NEAR_DAYS, DeliverySlot, market_status, slot_choices

router = Router(tags=["markets"])


class MarketsQuery(Schema):
    lat: float | None = Field(None, ge=-90, le=90, description="배송지 위도 (lng와 함께)")
    lng: float | None = Field(None, ge=-180, le=180, description="배송지 경도 (lat와 함께)")
    address: str | None = Field(None, max_length=200,
                                description="배송지 주소 (좌표 대신; 첫 번째 검색 결과를 씁니다)")


class LocationOut(Schema):
    address: str | None  # the geocoded address; null when coordinates were given
    lat: float
    lng: float


class StatusOut(Schema):
    code: str  # "open" | "before_open" | "closed_today" | "full_today" | "day_off" | "inactive"
    message: str  # "오늘 16:00–19:00 배송 · 마감까지 3시간"


class MarketOut(Schema):
    id: int
    name: str
    sigun: str
    address: str
    lat: float
    lng: float
    distance_m: int | None  # from the delivery address; null without one
    delivery_fee: int  # at the delivery address (its zone's fee for a small basket) or the default
    free_delivery_threshold: int | None  # null: never free in this address's zone
    delivery_zone: str | None = None  # the zone the address is in; null without an address or zones
    delivery_fee_label: str = ""  # the zone's fee rule in Korean, e.g. "2km까지 2,000원 · 4km까지 3,000원"
    status: StatusOut
    next_slot: SlotOut | None

    @classmethod
    def of(cls, market: Market, *, distance_m: int | None, at: dt.datetime,
           nearby: markets.MarketNearby | None = None) -> "MarketOut":
        status = market_status(market, at=at)
        quote = nearby.quote if nearby is not None else None
        return cls(
            id=market.pk, name=market.name, sigun=market.sigun, address=market.address,
            lat=market.lat, lng=market.lng, distance_m=distance_m,
            delivery_fee=quote.fee if quote is not None else market.delivery_fee,
            free_delivery_threshold=(market.free_delivery_threshold if quote is None
                                     else quote.zone.rule.free_from),
            delivery_zone=quote.zone.name if quote is not None else None,
            delivery_fee_label=nearby.fee_label if nearby is not None else "",
            status=StatusOut(code=status.code, message=status.message),
            next_slot=SlotOut.of(status.slot) if status.slot else None,
        )


class MarketListOut(Schema):
    location: LocationOut | None
    count: int
    items: list[MarketOut]


class CenterOut(Schema):
    name: str
    address: str
    phone: str


class WindowOut(Schema):
    start: str  # "HH:MM"
    end: str


class StoreOut(Schema):
    id: int
    name: str
    stall: str
    description: str
    accepts_onnuri: bool
    accepts_local_currency: bool
    product_count: int


class MarketDetailOut(MarketOut):
    description: str
    delivery_radius_m: int
    center: CenterOut | None
    order_window: WindowOut  # orders accepted 09:00–13:00 for same-day delivery
    delivery_window: WindowOut  # the bundle arrives 16:00–19:00
    stores: list[StoreOut]


def _location(params: MarketsQuery) -> LocationOut | None:
    if params.lat is not None or params.lng is not None:
        if params.lat is None or params.lng is None:
            missing = "lat" if params.lat is None else "lng"
            raise ValidationFailed(errors={missing: "위도(lat)와 경도(lng)를 함께 보내 주세요."})
        if params.address:
            raise ValidationFailed(errors={"address": "주소와 좌표 중 하나만 보내 주세요."})
        return LocationOut(address=None, lat=params.lat, lng=params.lng)
    if params.address and params.address.strip():
        found = markets.locate(params.address)
        if not found:
            raise NotFound("주소를 찾지 못했습니다. 도로명이나 동 이름을 확인해 주세요.",
                           code="address_not_found")
        return LocationOut(address=found[0].address, lat=found[0].lat, lng=found[0].lng)
    return None


def _center(market: Market) -> CenterOut | None:
    try:
        center = market.center
    except ObjectDoesNotExist:
        return None
    return CenterOut(name=center.name, address=center.address, phone=center.phone)


@router.get("/markets", response={200: MarketListOut, 404: ErrorOut, 422: ValidationErrorOut})
def list_markets(request, params: Query[MarketsQuery]):
    """Markets delivering to `lat`/`lng` (or a geocoded `address`), nearest first.
    Without a location: every active market, by name, `distance_m` null."""
    location = _location(params)
    if location is None:
        rows = [(m, None, None) for m in markets.active_markets_with_slots()]
    else:
        rows = [(n.market, n.distance_m, n)
                for n in markets.markets_delivering_to(lat=location.lat, lng=location.lng)]
    now = btime.now()
    items = [MarketOut.of(m, distance_m=d, at=now, nearby=n) for m, d, n in rows]
    return MarketListOut(location=location, count=len(items), items=items)


@router.get("/markets/{market_id}", response={200: MarketDetailOut, 404: ErrorOut})
def market_detail(request, market_id: int):
    market = market_or_404(market_id)
    base = MarketOut.of(market, distance_m=None, at=btime.now())
    return MarketDetailOut(
        **base.model_dump(exclude={"status", "next_slot"}), status=base.status, next_slot=base.next_slot,
        description=market.description, delivery_radius_m=market.delivery_radius_m,
        center=_center(market),
        order_window=WindowOut(start=hhmm(market.order_open), end=hhmm(market.order_cutoff)),
        delivery_window=WindowOut(start=hhmm(market.delivery_start), end=hhmm(market.delivery_end)),
        stores=[StoreOut.model_validate(s) for s in catalog.active_stores(market)],
    )


class SlotsQuery(Schema):
    days: int = Field(NEAR_DAYS, ge=1, le=7, description="며칠 치 배송 시간을 볼지 (영업일 기준, 오늘부터)")
    include_full: bool = Field(False, description="자리가 다 찬 배송 시간도 보기 (remaining 0)")


class AvailableSlotOut(SlotOut):
    remaining: int | None  # places left; null = no limit

    @classmethod
    def of(cls, slot: DeliverySlot) -> "AvailableSlotOut":
        return cls(date=slot.date, start=hhmm(slot.start), end=hhmm(slot.end), order_cutoff=slot.order_cutoff,
                   label=slot.label, remaining=slot.remaining)


class SlotListOut(Schema):
    market: MarketRef
    count: int
    items: list[AvailableSlotOut]


@router.get("/markets/{market_id}/slots", response={200: SlotListOut, 404: ErrorOut, 422: ValidationErrorOut})
def market_slots(request, market_id: int, params: Query[SlotsQuery]):
    """The delivery slots a customer may choose now: the market's next open days (its calendar),
    each slot before its order cutoff and with places left (`remaining`, null = no limit).
    Send `date` and `start` back as `slot_date` and `slot_start` at checkout."""
    market = market_or_404(market_id)
    found = slot_choices(market, at=btime.now(), days=params.days)
    items = [AvailableSlotOut.of(s) for s in found if params.include_full or not s.is_full]
    return SlotListOut(market=MarketRef(id=market.pk, name=market.name), count=len(items), items=items)
