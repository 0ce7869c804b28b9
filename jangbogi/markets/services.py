"""Market admin use cases: the market's windows and fees, its stores, its staff."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from jangbogi.core.bizno import format_bizno, is_valid_bizno, normalize_bizno
from jangbogi.core.errors import Conflict, PermissionDenied, ValidationFailed
from jangbogi.markets.models import Market, Membership, Role, Store

MARKET_SETTINGS = ("order_open", "order_cutoff", "delivery_start", "delivery_end", "delivery_fee",
                   "free_delivery_threshold", "delivery_radius_m", "is_active")
STORE_FIELDS = ("name", "owner_name", "bizno", "mail_order_no", "mail_order_exemption", "phone", "stall",
                "description", "accepts_onnuri", "accepts_local_currency", "is_active")


def market_settings_errors(*, order_open: dt.time, order_cutoff: dt.time, delivery_start: dt.time,
                           delivery_end: dt.time, delivery_fee: int, free_delivery_threshold: int,
                           delivery_radius_m: int, **_) -> dict[str, str]:
    errors: dict[str, str] = {}
    if order_cutoff <= order_open:
        errors["order_cutoff"] = "주문 마감은 주문 시작보다 늦어야 합니다."
    if delivery_end <= delivery_start:
        errors["delivery_end"] = "배송 종료는 배송 시작보다 늦어야 합니다."
    if delivery_start < order_cutoff:
        errors["delivery_start"] = "배송은 주문 마감 뒤에 시작해야 합니다."
    if delivery_fee < 0 or delivery_fee > 20000:
        errors["delivery_fee"] = "배송비는 0원에서 20,000원 사이로 정해 주세요."
    if free_delivery_threshold < 0:
        errors["free_delivery_threshold"] = "무료배송 기준은 0원 이상이어야 합니다."
    if not 300 <= delivery_radius_m <= 10000:
        errors["delivery_radius_m"] = "배송 반경은 300m에서 10km 사이로 정해 주세요."
    return errors


@transaction.atomic
def update_market_settings(*, market: Market, **values) -> Market:
    unknown = set(values) - set(MARKET_SETTINGS)
    if unknown:
        raise ValueError(f"not market settings: {sorted(unknown)}")
    merged = {name: values.get(name, getattr(market, name)) for name in MARKET_SETTINGS}
    errors = market_settings_errors(**merged)
    if errors:
        raise ValidationFailed("시장 설정을 확인해 주세요.", errors=errors)
    for name, value in merged.items():
        setattr(market, name, value)
    market.save(update_fields=list(MARKET_SETTINGS))
    return market


def _store_errors(values: dict, *, exclude_pk: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, label in (("name", "상호"), ("owner_name", "대표자"), ("phone", "전화번호")):
        if not str(values.get(field, "")).strip():
            errors[field] = f"{label}를 적어 주세요."
    bizno = normalize_bizno(values.get("bizno", ""))
    if not is_valid_bizno(bizno):
        errors["bizno"] = "사업자등록번호가 올바르지 않습니다. 10자리 숫자를 확인해 주세요."
    elif Store.objects.filter(bizno=format_bizno(bizno)).exclude(pk=exclude_pk).exists():
        errors["bizno"] = "이미 등록된 사업자등록번호입니다."
    if not values.get("mail_order_no", "").strip() and not values.get("mail_order_exemption", "").strip():
        errors["mail_order_no"] = "통신판매업 신고번호 또는 면제 사유 중 하나를 적어 주세요."
    return errors


@transaction.atomic
def save_store(*, market: Market, store: Store | None = None, slug: str = "", **values) -> Store:
    """Create (store=None) or edit one of the market's stores."""
    if store is not None and store.market_id != market.pk:
        raise PermissionDenied("다른 시장의 상점입니다.")
    merged = {f: values.get(f, getattr(store, f) if store else "") for f in STORE_FIELDS}
    for flag in ("accepts_onnuri", "accepts_local_currency"):
        merged[flag] = bool(values.get(flag, getattr(store, flag) if store else False))
    merged["is_active"] = bool(values.get("is_active", store.is_active if store else True))
    errors = _store_errors(merged, exclude_pk=store.pk if store else None)
    if errors:
        raise ValidationFailed("상점 정보를 확인해 주세요.", errors=errors)
    merged["bizno"] = format_bizno(normalize_bizno(merged["bizno"]))
    if store is None:
        store = Store(market=market, slug=slug or f"{market.slug}-{normalize_bizno(merged['bizno'])}")
    for field, value in merged.items():
        setattr(store, field, value.strip() if isinstance(value, str) else value)
    try:
        store.full_clean()
    except ValidationError as exc:
        raise ValidationFailed("상점 정보를 확인해 주세요.",
                               errors={k: " ".join(v) for k, v in exc.message_dict.items()}) from exc
    store.save()
    return store


@transaction.atomic
def add_staff(*, market: Market, role: str, username: str, name: str, password: str,
              store: Store | None = None) -> Membership:
    """Give a person a role in the market: a new login, or an existing one gains the role."""
    if role not in (Role.MERCHANT, Role.CENTER_STAFF, Role.MARKET_ADMIN):
        raise ValidationFailed("상인, 배송센터 직원, 시장 관리자 중에서 골라 주세요.", errors={"role": "역할을 골라 주세요."})
    if role == Role.MERCHANT and (store is None or store.market_id != market.pk):
        raise ValidationFailed("상인은 이 시장의 상점을 골라야 합니다.", errors={"store": "상점을 골라 주세요."})
    username = username.strip()
    if not username:
        raise ValidationFailed("아이디를 적어 주세요.", errors={"username": "아이디를 적어 주세요."})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        if len(password) < 8:
            raise ValidationFailed("비밀번호는 8자 이상이어야 합니다.", errors={"password": "8자 이상으로 정해 주세요."})
        user = User(username=username, name=name.strip())
        user.set_password(password)
        user.save()
    scope = {"store": store} if role == Role.MERCHANT else {"market": market}
    if Membership.objects.filter(user=user, role=role, **scope).exists():
        raise Conflict("이미 같은 권한이 있습니다.", code="membership_exists")
    return Membership.objects.create(user=user, role=role, **scope)


def remove_staff(*, market: Market, membership: Membership) -> None:
    in_market = membership.market_id == market.pk or (membership.store_id and membership.store.market_id == market.pk)
    if not in_market or membership.role == Role.OPERATOR:
        raise PermissionDenied("이 시장의 직원 권한만 뺄 수 있습니다.")
    membership.delete()
