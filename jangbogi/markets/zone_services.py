"""Market admin use cases for delivery zones (re-exported by `markets.services`)."""

from django.db import transaction

from jangbogi.core.errors import PermissionDenied, ValidationFailed
from jangbogi.markets import zones as zone_rules
from jangbogi.markets.models import DeliveryZone, FeeKind, Market, ZoneKind

ZONE_FIELDS = ("name", "kind", "radius_m", "polygon", "fee_kind", "fee", "free_threshold", "bands", "is_active")


def zone_errors(*, name: str, kind: str, radius_m: int | None, polygon, fee_kind: str, fee: int | None,
                free_threshold: int | None, bands) -> tuple[dict[str, str], dict | None, tuple]:
    """(errors by field, the cleaned polygon, the cleaned bands)."""
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "구역 이름을 적어 주세요. 예: 인창동 일대"
    elif len(name.strip()) > 50:
        errors["name"] = "구역 이름은 50자 안으로 적어 주세요."
    cleaned_polygon = None
    if kind == ZoneKind.RADIUS:
        reason = zone_rules.radius_error(radius_m)
        if reason:
            errors["radius_m"] = reason
    elif kind == ZoneKind.POLYGON:
        cleaned_polygon, reason = zone_rules.parse_geojson(polygon if polygon is not None else "")
        if reason:
            errors["polygon"] = reason
    else:
        errors["kind"] = "구역 모양(반경 또는 직접 그린 경계)을 골라 주세요."
    cleaned_bands: tuple = ()
    if fee_kind == FeeKind.BANDS:
        cleaned_bands, reason = zone_rules.parse_bands(bands if bands is not None else "")
        if reason:
            errors["bands"] = reason
    errors = {**zone_rules.rule_errors(kind=fee_kind, fee=fee, free_threshold=free_threshold,
                                       bands=cleaned_bands or ((0, 0),)), **errors}
    if kind == ZoneKind.RADIUS and fee_kind == FeeKind.BANDS and cleaned_bands and radius_m \
            and cleaned_bands[-1][0] < radius_m:
        errors.setdefault("bands", f"마지막 거리 구간({cleaned_bands[-1][0]:,}m)이 반경({radius_m:,}m)보다 짧아요. "
                                   "반경 끝까지 배송비를 정해 주세요.")
    return errors, cleaned_polygon, cleaned_bands


@transaction.atomic
def save_zone(*, market: Market, zone: DeliveryZone | None = None, **values) -> DeliveryZone:
    """Create (zone=None) or edit one of the market's delivery zones.  Orders already placed
    keep the fee they were charged."""
    unknown = set(values) - set(ZONE_FIELDS)
    if unknown:
        raise ValueError(f"not zone fields: {sorted(unknown)}")
    if zone is not None and zone.market_id != market.pk:
        raise PermissionDenied("다른 시장의 배송 구역입니다.")
    merged = {f: values[f] if f in values else (getattr(zone, f) if zone else None) for f in ZONE_FIELDS}
    merged["kind"] = merged["kind"] or ZoneKind.RADIUS
    merged["fee_kind"] = merged["fee_kind"] or FeeKind.FLAT
    is_active = merged.pop("is_active")
    errors, polygon, bands = zone_errors(**merged)
    if errors:
        raise ValidationFailed("배송 구역을 확인해 주세요.", errors=errors)
    zone = zone or DeliveryZone(market=market)
    zone.name = merged["name"].strip()
    zone.kind = merged["kind"]
    zone.radius_m = merged["radius_m"] if zone.kind == ZoneKind.RADIUS else None
    zone.polygon = polygon if zone.kind == ZoneKind.POLYGON else None
    zone.fee_kind = merged["fee_kind"]
    zone.fee = (merged["fee"] or 0) if zone.fee_kind != FeeKind.BANDS else 0
    zone.free_threshold = merged["free_threshold"]
    if zone.fee_kind == FeeKind.FLAT:
        zone.free_threshold = None
    zone.bands = [list(b) for b in bands] if zone.fee_kind == FeeKind.BANDS else []
    zone.is_active = True if is_active is None else bool(is_active)
    zone.save()
    return zone


@transaction.atomic
def set_zone_active(*, market: Market, zone: DeliveryZone, is_active: bool) -> DeliveryZone:
    """Stop (or start again) delivering to a zone.  With no active zone left, the market's own
    radius and fee apply."""
    if zone.market_id != market.pk:
        raise PermissionDenied("다른 시장의 배송 구역입니다.")
    zone.is_active = bool(is_active)
    zone.save(update_fields=["is_active", "updated_at"])
    return zone
