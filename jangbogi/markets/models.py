import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from jangbogi.core.bizno import format_bizno, is_valid_bizno, normalize_bizno


class Sigun(models.TextChoices):
    """Gyeonggi-do's 31 시군."""

    SUWON = "수원시", "수원시"
    SEONGNAM = "성남시", "성남시"
    UIJEONGBU = "의정부시", "의정부시"
    ANYANG = "안양시", "안양시"
    BUCHEON = "부천시", "부천시"
    GWANGMYEONG = "광명시", "광명시"
    PYEONGTAEK = "평택시", "평택시"
    DONGDUCHEON = "동두천시", "동두천시"
    ANSAN = "안산시", "안산시"
    GOYANG = "고양시", "고양시"
    GWACHEON = "과천시", "과천시"
    GURI = "구리시", "구리시"
    NAMYANGJU = "남양주시", "남양주시"
    OSAN = "오산시", "오산시"
    SIHEUNG = "시흥시", "시흥시"
    GUNPO = "군포시", "군포시"
    UIWANG = "의왕시", "의왕시"
    HANAM = "하남시", "하남시"
    YONGIN = "용인시", "용인시"
    PAJU = "파주시", "파주시"
    ICHEON = "이천시", "이천시"
    ANSEONG = "안성시", "안성시"
    GIMPO = "김포시", "김포시"
    HWASEONG = "화성시", "화성시"
    GWANGJU = "광주시", "광주시"
    YANGJU = "양주시", "양주시"
    POCHEON = "포천시", "포천시"
    YEOJU = "여주시", "여주시"
    YEONCHEON = "연천군", "연천군"
    GAPYEONG = "가평군", "가평군"
    YANGPYEONG = "양평군", "양평군"


def validate_bizno(value: str) -> None:
    if not is_valid_bizno(value):
        raise ValidationError("사업자등록번호가 올바르지 않습니다. 10자리 숫자를 확인해 주세요.")


class Market(models.Model):
    name = models.CharField("시장 이름", max_length=100)
    slug = models.SlugField(unique=True)
    sigun = models.CharField("시군", max_length=10, choices=Sigun.choices)
    address = models.CharField("주소", max_length=200)
    lat = models.FloatField("위도")
    lng = models.FloatField("경도")
    description = models.CharField("소개", max_length=200, blank=True)
    delivery_radius_m = models.PositiveIntegerField("배송 반경(m)", default=3000)
    # Defaults from the 2021 service: orders 09:00–13:00, bundle delivered 16:00–19:00.
    order_open = models.TimeField("주문 접수 시작", default=dt.time(9, 0))
    order_cutoff = models.TimeField("주문 마감", default=dt.time(13, 0))
    delivery_start = models.TimeField("배송 시작", default=dt.time(16, 0))
    delivery_end = models.TimeField("배송 종료", default=dt.time(19, 0))
    delivery_fee = models.PositiveIntegerField("배송비(원)", default=3000)
    free_delivery_threshold = models.PositiveIntegerField("무료배송 기준(원)", default=50000)
    is_active = models.BooleanField("운영 중", default=True)

    class Meta:
        verbose_name = "시장"
        verbose_name_plural = "시장"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(order_cutoff__gt=models.F("order_open")), name="market_order_window_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery_end__gt=models.F("delivery_start")),
                name="market_delivery_window_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryCenter(models.Model):
    """The market's 배송센터, where every store's bag becomes one bundle per order."""

    market = models.OneToOneField(Market, on_delete=models.CASCADE, related_name="center")
    name = models.CharField("이름", max_length=100)
    address = models.CharField("주소", max_length=200)
    lat = models.FloatField("위도")
    lng = models.FloatField("경도")
    phone = models.CharField("전화", max_length=20, blank=True)

    class Meta:
        verbose_name = "배송센터"
        verbose_name_plural = "배송센터"

    def __str__(self) -> str:
        return self.name


class Store(models.Model):
    """상점.  Each store is the seller of record; its identity is shown to customers
    (전자상거래법: the platform is only the 통신판매중개자)."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="stores")
    slug = models.SlugField(unique=True)
    name = models.CharField("상호", max_length=100)
    owner_name = models.CharField("대표자", max_length=50)
    bizno = models.CharField("사업자등록번호", max_length=12, unique=True, validators=[validate_bizno])
    mail_order_no = models.CharField("통신판매업 신고번호", max_length=50, blank=True)
    mail_order_exemption = models.CharField("통신판매업 신고 면제 사유", max_length=100, blank=True)
    phone = models.CharField("전화", max_length=20)
    stall = models.CharField("점포 위치", max_length=50, blank=True)
    description = models.CharField("소개", max_length=200, blank=True)
    accepts_onnuri = models.BooleanField("온누리상품권 가맹", default=False)
    accepts_local_currency = models.BooleanField("경기지역화폐 가맹", default=False)
    is_active = models.BooleanField("영업 중", default=True)

    class Meta:
        verbose_name = "상점"
        verbose_name_plural = "상점"
        ordering = ["market", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mail_order_no="") | ~Q(mail_order_exemption=""),
                name="store_mail_order_no_or_exemption",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.bizno = format_bizno(normalize_bizno(self.bizno))
        if not self.mail_order_no and not self.mail_order_exemption:
            raise ValidationError("통신판매업 신고번호 또는 면제 사유 중 하나를 입력해 주세요.")


class Role(models.TextChoices):
    MERCHANT = "merchant", "상인"
    CENTER_STAFF = "center_staff", "배송센터 직원"
    MARKET_ADMIN = "market_admin", "시장 관리자"
    OPERATOR = "operator", "운영기관"


class Membership(models.Model):
    """A staff role with its scope: merchant → one store, center staff and market admin →
    one market, operator → everything."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("역할", max_length=20, choices=Role.choices)
    market = models.ForeignKey(Market, null=True, blank=True, on_delete=models.CASCADE)
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "직원 권한"
        verbose_name_plural = "직원 권한"
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role=Role.MERCHANT, store__isnull=False, market__isnull=True)
                    | Q(role__in=[Role.CENTER_STAFF, Role.MARKET_ADMIN], market__isnull=False, store__isnull=True)
                    | Q(role=Role.OPERATOR, market__isnull=True, store__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.store or self.market or "전체"
        return f"{self.user} · {self.get_role_display()} · {scope}"


# --- Calendars: when a market serves customers -------------------------------------------------
# Rules live on MarketCalendar (absent row = the defaults: open every day, closed on public
# holidays); dated CalendarException rows beat every rule.  The logic is in calendar.py.

WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
NTH_WEEK_CHOICES = (1, 2, 3, 4, 5, -1)  # -1: the last such weekday of the month


def validate_weekly_closed_days(value: str) -> None:
    """Digits "0" (Mon) … "6" (Sun), each at most once: "0" = closed every Monday."""
    if any(ch not in "0123456" for ch in value) or len(set(value)) != len(value):
        raise ValidationError("정기 휴무 요일은 월요일부터 일요일 중에서 골라 주세요.")


def validate_nth_weekday_closures(value: object) -> None:
    """A list of [n, weekday] pairs: [[2, 0], [4, 0]] = the 2nd and 4th Monday of each month."""
    if not isinstance(value, list | tuple):
        raise ValidationError("몇째 주 휴무는 (몇째 주, 요일) 목록이어야 합니다.")
    for pair in value:
        if not isinstance(pair, list | tuple) or len(pair) != 2 or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in pair
        ):
            raise ValidationError("몇째 주 휴무는 (몇째 주, 요일) 목록이어야 합니다.")
        n, weekday = pair
        if n not in NTH_WEEK_CHOICES:
            raise ValidationError("몇째 주는 첫째부터 다섯째 주 또는 마지막 주 중에서 골라 주세요.")
        if not 0 <= weekday <= 6:
            raise ValidationError("휴무 요일은 월요일부터 일요일 중에서 골라 주세요.")


def validate_five_day_digits(value: str) -> None:
    """Last digits of the 장날: "49" = the 4th, 9th, 14th, 19th, 24th and 29th."""
    if any(ch not in "0123456789" for ch in value) or len(set(value)) != len(value):
        raise ValidationError("장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49")


class MarketCalendar(models.Model):
    """A market's standing rules.  Created on the first edit; until then the defaults apply."""

    market = models.OneToOneField(Market, on_delete=models.CASCADE, related_name="calendar")
    weekly_closed_days = models.CharField(
        "정기 휴무 요일", max_length=7, blank=True, default="", validators=[validate_weekly_closed_days],
        help_text='요일 숫자: "0" 월요일 … "6" 일요일. 예: "0" = 매주 월요일 휴무',
    )
    nth_weekday_closures = models.JSONField(
        "몇째 주 휴무", default=list, blank=True, validators=[validate_nth_weekday_closures],
        help_text="[[몇째 주, 요일], ...]; 몇째 주 1~5, -1은 마지막 주. 예: [[2, 0], [4, 0]]",
    )
    five_day_digits = models.CharField(
        "오일장 날짜 끝자리", max_length=10, blank=True, default="", validators=[validate_five_day_digits],
        help_text='비어 있으면 상설시장. "49" = 4·9일장(4, 9, 14, 19, 24, 29일에만 영업)',
    )
    closed_on_public_holidays = models.BooleanField("공휴일 휴무", default=True)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    class Meta:
        verbose_name = "시장 영업일"
        verbose_name_plural = "시장 영업일"
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_closed_days__regex=r"^[0-6]*$"), name="market_calendar_weekdays_valid"
            ),
            models.CheckConstraint(
                condition=Q(five_day_digits__regex=r"^[0-9]*$"), name="market_calendar_five_day_digits_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.market} 영업일"


class CalendarException(models.Model):
    """One dated override: open on a day the rules close (is_open=True), or closed on a day they
    open (is_open=False, e.g. 시장 축제)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="calendar_exceptions")
    date = models.DateField("날짜")
    is_open = models.BooleanField("영업")
    reason = models.CharField("사유", max_length=100, blank=True)
    created_at = models.DateTimeField("등록 시각", auto_now_add=True)

    class Meta:
        verbose_name = "임시 영업·휴무"
        verbose_name_plural = "임시 영업·휴무"
        ordering = ["market", "date"]
        constraints = [
            models.UniqueConstraint(fields=["market", "date"], name="calendar_exception_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.date} {'임시 영업' if self.is_open else '임시 휴무'}"


# --- Delivery slots: when bundles go out, and how many fit ------------------------------------
# A market without active rules has one implicit slot from its own fields (order_cutoff,
# delivery_start, delivery_end) with unlimited capacity.  The logic is in slots.py; bookings are
# written only by services.book_slot / release_slot.

PACKING_MINUTES = 30  # between a slot's order cutoff and its start: picking, collecting, packing


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


class DeliverySlotRule(models.Model):
    """One delivery slot the market runs on every open day, e.g. orders until 13:00 → delivered
    16:00–19:00.  Its capacity (bundles) = min(riders × bundles_per_rider, packing_capacity)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="slot_rules")
    start = models.TimeField("배송 시작")
    end = models.TimeField("배송 종료")
    order_cutoff = models.TimeField("주문 마감")
    riders = models.PositiveSmallIntegerField("배송 기사 수", default=2)
    bundles_per_rider = models.PositiveSmallIntegerField(
        "기사 1명당 꾸러미 수", default=10,
        help_text="기사 한 명이 이 시간 안에 나를 수 있는 꾸러미 수 (차량에 싣는 가방·무게 기준)",
    )
    packing_capacity = models.PositiveIntegerField(
        "포장 가능 꾸러미 수", default=30, help_text="배송센터가 이 배송 시간에 맞춰 포장할 수 있는 꾸러미 수",
    )
    is_active = models.BooleanField("운영 중", default=True)
    created_at = models.DateTimeField("등록 시각", auto_now_add=True)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    class Meta:
        verbose_name = "배송 시간"
        verbose_name_plural = "배송 시간"
        ordering = ["market", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="slot_rule_window_valid"),
            models.CheckConstraint(condition=Q(order_cutoff__lt=models.F("start")),
                                   name="slot_rule_cutoff_before_start"),
            models.CheckConstraint(condition=Q(riders__gte=1) & Q(bundles_per_rider__gte=1)
                                   & Q(packing_capacity__gte=1), name="slot_rule_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def capacity(self) -> int:
        """Bundles this slot can take on one day: what the riders carry, at most what the center packs."""
        return min(self.riders * self.bundles_per_rider, self.packing_capacity)

    def overlaps(self, other: "DeliverySlotRule") -> bool:
        return self.start < other.end and other.start < self.end

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start is not None and self.end is not None and self.end <= self.start:
            errors["end"] = "배송 종료는 배송 시작보다 늦어야 합니다."
        if (self.start is not None and self.order_cutoff is not None
                and _seconds(self.order_cutoff) > _seconds(self.start) - PACKING_MINUTES * 60):
            errors["order_cutoff"] = (f"주문 마감은 배송 시작 {PACKING_MINUTES}분 전까지여야 합니다 "
                                      "(상품을 모으고 포장할 시간).")
        if self.is_active and self.market_id and not errors:
            others = DeliverySlotRule.objects.filter(market_id=self.market_id, is_active=True).exclude(pk=self.pk)
            clash = next((o for o in others.order_by("start") if self.overlaps(o)), None)
            if clash is not None:
                errors["start"] = (f"{clash.start:%H:%M}–{clash.end:%H:%M} 배송 시간과 겹칩니다. "
                                   "시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요.")
        if errors:
            raise ValidationError(errors)


class SlotBooking(models.Model):
    """How many live orders hold a place in one slot on one date (rule NULL: the market's
    implicit slot).  Booked with a conditional UPDATE, so it never passes the slot's capacity."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="slot_bookings")
    date = models.DateField("배송일")
    rule = models.ForeignKey(DeliverySlotRule, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="bookings")
    booked = models.IntegerField("예약된 주문 수", default=0)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    class Meta:
        verbose_name = "배송 시간 예약"
        verbose_name_plural = "배송 시간 예약"
        ordering = ["market", "date", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["market", "date", "rule"], name="slot_booking_one_per_slot"),
            # NULLs are distinct in a unique index: the implicit slot needs its own.
            models.UniqueConstraint(fields=["market", "date"], condition=Q(rule__isnull=True),
                                    name="slot_booking_one_implicit_per_day"),
            models.CheckConstraint(condition=Q(booked__gte=0), name="slot_booking_booked_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.market_id} {self.date} {self.rule_id or '기본'}: {self.booked}"


# --- Delivery zones: where a market delivers, and for what fee ---------------------------------
# A market without an active zone delivers within `delivery_radius_m` for `delivery_fee` (free
# from `free_delivery_threshold`).  The rules are in zones.py; edits go through services.


class ZoneKind(models.TextChoices):
    RADIUS = "radius", "반경"
    POLYGON = "polygon", "직접 그린 경계"


class FeeKind(models.TextChoices):
    FLAT = "flat", "배송비 고정"
    FREE_ABOVE = "free_above", "일정 금액 이상 무료"
    BANDS = "bands", "거리별 배송비"


class DeliveryZone(models.Model):
    """One area a market delivers to (a circle around the market or a GeoJSON polygon) with its
    fee rule.  A point in several zones pays the cheapest."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField("구역 이름", max_length=50)
    kind = models.CharField("구역 모양", max_length=10, choices=ZoneKind.choices, default=ZoneKind.RADIUS)
    radius_m = models.PositiveIntegerField("반경(m)", null=True, blank=True)
    polygon = models.JSONField("경계(GeoJSON)", null=True, blank=True)
    fee_kind = models.CharField("배송비 방식", max_length=12, choices=FeeKind.choices, default=FeeKind.FLAT)
    fee = models.PositiveIntegerField("배송비(원)", default=0)
    free_threshold = models.PositiveIntegerField("무료배송 기준(원)", null=True, blank=True)
    bands = models.JSONField("거리별 배송비", default=list, blank=True,
                             help_text="[[거리(m), 배송비(원)], ...] 가까운 구간부터")
    is_active = models.BooleanField("운영 중", default=True)
    created_at = models.DateTimeField("등록 시각", auto_now_add=True)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    class Meta:
        verbose_name = "배송 구역"
        verbose_name_plural = "배송 구역"
        ordering = ["market", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="zone_shape_matches_kind",
                condition=(Q(kind=ZoneKind.RADIUS, radius_m__gte=1)
                           | Q(kind=ZoneKind.POLYGON, polygon__isnull=False)),
            ),
            models.CheckConstraint(
                name="zone_free_above_has_threshold",
                condition=~Q(fee_kind=FeeKind.FREE_ABOVE) | Q(free_threshold__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.market} · {self.name}"


# --- Rider shifts: who rides on which day ------------------------------------------------------
# Markets sits below delivery (orders books slots through markets), so a shift names the
# rider by their login (`delivery.Rider.user`); delivery.services checks the rider belongs to
# the market before calling markets.services.save_shift.


class RiderShift(models.Model):
    """One rider's working hours on one date, with what their vehicle carries that day.  A
    slot's capacity counts the riders whose shift covers the whole slot."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="rider_shifts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rider_shifts",
                             verbose_name="배송 기사")
    date = models.DateField("날짜")
    start = models.TimeField("근무 시작")
    end = models.TimeField("근무 끝")
    capacity_bags = models.PositiveSmallIntegerField("꾸러미 몇 개", default=8)
    capacity_kg = models.PositiveSmallIntegerField("최대 무게(kg)", default=40)
    created_at = models.DateTimeField("등록 시각", auto_now_add=True)

    class Meta:
        verbose_name = "기사 근무"
        verbose_name_plural = "기사 근무"
        ordering = ["market", "date", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="rider_shift_one_per_day"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="rider_shift_window_valid"),
            models.CheckConstraint(condition=Q(capacity_bags__gte=1) & Q(capacity_kg__gte=1),
                                   name="rider_shift_carries_something"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.start:%H:%M}–{self.end:%H:%M}"

    def covers(self, start: dt.time, end: dt.time) -> bool:
        return self.start <= start and self.end >= end
