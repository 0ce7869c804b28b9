"""Market admin use cases: the market's windows and fees, its stores, its staff, its calendar, its
delivery slots; and the slot bookings orders take and give back."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.core.bizno import format_bizno, is_valid_bizno, normalize_bizno
from jangbogi.core.errors import Conflict, PermissionDenied, ValidationFailed
from jangbogi.markets import calendar, slots
from jangbogi.markets.models import (
    CalendarException,
    DeliverySlotRule,
    Market,
    MarketCalendar,
    Membership,
    Role,
    SlotBooking,
    Store,
    validate_five_day_digits,
    validate_nth_weekday_closures,
    validate_weekly_closed_days,
)

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
    if not 0 <= free_delivery_threshold <= 10_000_000:
        errors["free_delivery_threshold"] = "무료배송 기준은 0원에서 1,000만 원 사이로 정해 주세요."
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


# --- calendar: the market's closing rules and dated exceptions ---------------------------------

EXCEPTION_HORIZON_DAYS = 366
_UNREADABLE = "?"  # what a normalizer returns for input the model validator must reject


def _to_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _weekdays(value: Iterable[int | str]) -> str:
    """[0, 6] / ["0", "6"] / "06" → "06" (sorted, unique)."""
    days = {_to_int(v) for v in value}
    if days <= set(range(7)):
        return "".join(str(d) for d in sorted(days))
    return _UNREADABLE


def _nth_weekdays(value: Iterable) -> list:
    """[(2, 0), ("4", "0")] → [[2, 0], [4, 0]] sorted by weekday, the last week after the 5th."""
    pairs = []
    for pair in value:
        try:
            n, weekday = (_to_int(x) for x in pair)
        except (TypeError, ValueError):
            return [pair]
        if n is None or weekday is None:
            return [pair]
        pairs.append((n, weekday))
    return [[n, w] for n, w in sorted(set(pairs), key=lambda p: (p[1], p[0] if p[0] > 0 else 9))]


def _digits(value: str | Iterable[int | str]) -> str:
    """"94" / [9, 4] → "49"; in a list 10 means 0 (a 5·10일장 is [5, 10]).  A string is digits
    only: "5,10" would read as 5, 1, 0, so it is refused rather than guessed."""
    if isinstance(value, str):
        return "".join(sorted(set(value.strip())))
    digits = {_to_int(v) for v in value}
    digits = {0 if d == 10 else d for d in digits}
    if digits <= set(range(10)):
        return "".join(str(d) for d in sorted(digits))
    return _UNREADABLE


def calendar_errors(rules: MarketCalendar, *, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, validate in (("weekly_closed_days", validate_weekly_closed_days),
                            ("nth_weekday_closures", validate_nth_weekday_closures),
                            ("five_day_digits", validate_five_day_digits)):
        try:
            validate(getattr(rules, field))
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    if not errors and all(calendar.rule_reason(rules, today + dt.timedelta(days=i))
                          for i in range(EXCEPTION_HORIZON_DAYS)):
        errors["weekly_closed_days"] = "이 규칙이면 1년 동안 영업하는 날이 없습니다. 휴무 규칙을 확인해 주세요."
    return errors


@transaction.atomic
def update_calendar(*, market: Market, weekly_closed_days: Iterable[int | str] | None = None,
                    nth_weekday_closures: Iterable | None = None,
                    five_day_digits: str | Iterable[int | str] | None = None,
                    closed_on_public_holidays: bool | None = None) -> MarketCalendar:
    """Change the market's standing rules; an argument left as None keeps its current value."""
    rules = MarketCalendar.objects.select_for_update().filter(market=market).first()
    # market_id, not market: a refused edit must not become `market.calendar` for later reads.
    rules = rules or MarketCalendar(market_id=market.pk)
    if weekly_closed_days is not None:
        rules.weekly_closed_days = _weekdays(weekly_closed_days)
    if nth_weekday_closures is not None:
        rules.nth_weekday_closures = _nth_weekdays(nth_weekday_closures)
    if five_day_digits is not None:
        rules.five_day_digits = _digits(five_day_digits)
    if closed_on_public_holidays is not None:
        rules.closed_on_public_holidays = bool(closed_on_public_holidays)
    errors = calendar_errors(rules, today=btime.today())
    if errors:
        raise ValidationFailed("영업일 규칙을 확인해 주세요.", errors=errors)
    rules.save()
    market.calendar = rules  # later reads through this instance see the new rules
    return rules


def _exception_errors(*, date: dt.date, reason: str, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if date < today:
        errors["date"] = "지난 날짜는 바꿀 수 없습니다."
    elif date > today + dt.timedelta(days=EXCEPTION_HORIZON_DAYS):
        errors["date"] = "1년 안의 날짜만 정할 수 있습니다."
    if len(reason) > CalendarException._meta.get_field("reason").max_length:
        errors["reason"] = "사유는 100자 안으로 적어 주세요."
    return errors


@transaction.atomic
def set_exception(*, market: Market, date: dt.date, is_open: bool, reason: str = "") -> CalendarException:
    """Open (is_open=True) or close the market on one date, whatever the rules say.  Replaces an
    earlier exception on the same date."""
    reason = reason.strip()
    errors = _exception_errors(date=date, reason=reason, today=btime.today())
    if errors:
        raise ValidationFailed("임시 영업·휴무 날짜를 확인해 주세요.", errors=errors)
    exception, _ = CalendarException.objects.update_or_create(
        market=market, date=date, defaults={"is_open": bool(is_open), "reason": reason},
    )
    return exception


def remove_exception(*, market: Market, date: dt.date) -> bool:
    """Let the rules decide `date` again.  True if there was an exception to remove."""
    deleted, _ = CalendarException.objects.filter(market=market, date=date).delete()
    return bool(deleted)


# --- delivery slots: the rules and their capacity ----------------------------------------------

SLOT_RULE_FIELDS = ("start", "end", "order_cutoff", "riders", "bundles_per_rider", "packing_capacity")
SLOT_CAPACITY_LIMITS = {  # field: (lowest, highest, Korean message)
    "riders": (1, 50, "배송 기사는 1명에서 50명 사이로 적어 주세요."),
    "bundles_per_rider": (1, 100, "기사 1명당 꾸러미는 1개에서 100개 사이로 적어 주세요."),
    "packing_capacity": (1, 2000, "포장 가능 꾸러미는 1개에서 2,000개 사이로 적어 주세요."),
}


def _slot_rule_failed(errors: dict[str, str]) -> ValidationFailed:
    return ValidationFailed("배송 시간을 확인해 주세요.", errors=errors)


def _checked_rule(rule: DeliverySlotRule) -> DeliverySlotRule:
    """Validate (Korean messages: window, cutoff 30 minutes before the start, no overlap) and save."""
    errors = {field: message for field, (low, high, message) in SLOT_CAPACITY_LIMITS.items()
              if not low <= getattr(rule, field) <= high}
    try:
        rule.full_clean(exclude=["market", *errors], validate_constraints=False)  # clean() says it in Korean
    except ValidationError as exc:
        errors = {**{k: " ".join(v) for k, v in exc.message_dict.items()}, **errors}
    if errors:
        raise _slot_rule_failed(errors)
    rule.save()
    return rule


def _lock_rules(market: Market) -> None:
    """Serialise rule edits of one market, so two admins cannot add overlapping slots at once."""
    Market.objects.select_for_update().filter(pk=market.pk).values_list("pk", flat=True).first()


@transaction.atomic
def save_slot_rule(*, market: Market, rule: DeliverySlotRule | None = None, **values) -> DeliverySlotRule:
    """Create (rule=None) or edit one of the market's delivery slots.  Orders already placed keep
    the window they were promised; capacity changes apply to the places still free."""
    unknown = set(values) - set(SLOT_RULE_FIELDS)
    if unknown:
        raise ValueError(f"not slot rule fields: {sorted(unknown)}")
    if rule is not None and rule.market_id != market.pk:
        raise PermissionDenied("다른 시장의 배송 시간입니다.")
    missing = [f for f in SLOT_RULE_FIELDS if values.get(f) is None and rule is None]
    if missing:
        raise _slot_rule_failed({f: "꼭 적어 주세요." for f in missing})
    _lock_rules(market)
    rule = rule or DeliverySlotRule(market=market)
    for field in SLOT_RULE_FIELDS:
        if values.get(field) is not None:
            setattr(rule, field, values[field])
    return _checked_rule(rule)


@transaction.atomic
def set_slot_rule_active(*, market: Market, rule: DeliverySlotRule, is_active: bool) -> DeliverySlotRule:
    """Stop offering a slot (its booked orders stay promised) or offer it again (it must not
    overlap the slots running now).  With no active slot left the market's own window applies."""
    if rule.market_id != market.pk:
        raise PermissionDenied("다른 시장의 배송 시간입니다.")
    _lock_rules(market)
    rule.is_active = bool(is_active)
    return _checked_rule(rule)


# --- slot bookings: one place per live order ---------------------------------------------------

@transaction.atomic
def book_slot(*, market: Market, slot: slots.DeliverySlot, at: dt.datetime | None = None) -> None:
    """Take one place in `slot` on its date, atomically: a conditional UPDATE ... SET booked =
    booked + 1 WHERE booked < capacity (`slot.capacity`; None = unlimited, a plain increment).
    Raises SlotFull naming the next open slot when no place is left.  Call it inside the order's
    transaction so a later failure gives the place back."""
    booking, _ = SlotBooking.objects.get_or_create(market=market, date=slot.date, rule_id=slot.rule_id)
    rows = SlotBooking.objects.filter(pk=booking.pk)
    if slot.capacity is not None:
        rows = rows.filter(booked__lt=slot.capacity)
    if not rows.update(booked=F("booked") + 1, updated_at=timezone.now()):
        raise slots.slot_full_error(market, slot, at=at)


def release_slot(*, market_id: int, date: dt.date, rule_id: int | None) -> bool:
    """Give one place back (an order ended before delivery); never below zero.  True if a place
    was given back."""
    rows = SlotBooking.objects.filter(market_id=market_id, date=date, rule_id=rule_id, booked__gt=0)
    return bool(rows.update(booked=F("booked") - 1, updated_at=timezone.now()))


# --- delivery zones and rider shifts: in their own modules, used through this one --------------

from jangbogi.markets.shift_services import copy_last_week, remove_shift, save_shift  # noqa: E402
from jangbogi.markets.zone_services import save_zone, set_zone_active  # noqa: E402

__all__ = ["add_staff", "book_slot", "copy_last_week", "release_slot", "remove_exception", "remove_shift",
           "remove_staff", "save_shift", "save_slot_rule", "save_store", "save_zone", "set_exception",
           "set_slot_rule_active", "set_zone_active", "update_calendar", "update_market_settings"]
