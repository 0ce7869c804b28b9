"""Forms of the market admin portal.  They only parse what was typed (a time, a number);
whether the values make sense is the services' call, and their Korean messages land next
to the fields (`add_domain_errors`)."""

import json

from django import forms

from jangbogi.core.money import won
from jangbogi.markets.calendar import ORDINALS_KO
from jangbogi.markets.models import NTH_WEEK_CHOICES, WEEKDAYS_KO, Role

TIME_ERRORS = {"required": "시간을 적어 주세요.", "invalid": "시:분으로 적어 주세요. 예: 13:00"}
NUMBER_ERRORS = {"required": "숫자를 적어 주세요.", "invalid": "숫자만 적어 주세요. 예: 3000",
                 "max_value": "너무 큰 숫자입니다.", "min_value": "0보다 작을 수 없습니다."}
# Guards the database column only; the service decides the sensible range.
BIG = 100_000_000


class DomainErrorsMixin:
    def add_domain_errors(self, errors: dict[str, str]) -> None:
        """Put a service's {field: message} next to the fields (unknown fields on top)."""
        for name, text in errors.items():
            self.add_error(name if name in self.fields else None, text)


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, error_messages=TIME_ERRORS, input_formats=["%H:%M", "%H:%M:%S"],
                           widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "step": 60}))


def _number(label: str, unit: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=-BIG, max_value=BIG, error_messages=NUMBER_ERRORS,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-unit": unit}))


class MarketSettingsForm(DomainErrorsMixin, forms.Form):
    order_open = _time("주문 받기 시작")
    order_cutoff = _time("주문 마감")
    delivery_start = _time("배송 시작")
    delivery_end = _time("배송 끝")
    delivery_fee = _number("배송비 (원)", "원")
    free_delivery_threshold = _number("무료배송 기준 (원 이상)", "원")
    delivery_radius_m = _number("배송 반경 (m)", "m")
    is_active = forms.BooleanField(label="지금 주문 받기 (운영 중)", required=False)

    @classmethod
    def for_market(cls, market) -> "MarketSettingsForm":
        return cls(initial={name: getattr(market, name) for name in cls.base_fields})


def _text(label: str, max_length: int, **attrs) -> forms.CharField:
    # Required-ness is checked by the service so its message is the one people see.
    return forms.CharField(label=label, max_length=max_length, required=False,
                           widget=forms.TextInput(attrs=attrs))


class StoreForm(DomainErrorsMixin, forms.Form):
    name = _text("상호 (가게 이름)", 100)
    owner_name = _text("대표자", 50)
    bizno = _text("사업자등록번호", 12, inputmode="numeric", placeholder="예: 123-45-67890")
    mail_order_no = _text("통신판매업 신고번호", 50, placeholder="예: 제2021-경기구리-0001호")
    mail_order_exemption = _text("신고 면제 사유 (신고번호가 없을 때)", 100, placeholder="예: 간이과세자")
    phone = _text("가게 전화번호", 20, inputmode="tel", placeholder="예: 031-555-1234")
    stall = _text("점포 위치", 50, placeholder="예: A동 12호")
    description = _text("소개", 200)
    accepts_onnuri = forms.BooleanField(label="온누리상품권 가맹점", required=False)
    accepts_local_currency = forms.BooleanField(label="경기지역화폐 가맹점", required=False)
    is_active = forms.BooleanField(label="영업 중 (손님에게 보임)", required=False, initial=True)

    @classmethod
    def for_store(cls, store) -> "StoreForm":
        return cls(initial={name: getattr(store, name) for name in cls.base_fields})


STAFF_ROLES = [(Role.MERCHANT, Role.MERCHANT.label), (Role.CENTER_STAFF, Role.CENTER_STAFF.label),
               (Role.MARKET_ADMIN, Role.MARKET_ADMIN.label)]


class StaffForm(DomainErrorsMixin, forms.Form):
    role = forms.ChoiceField(label="역할", choices=STAFF_ROLES, initial=Role.MERCHANT,
                             error_messages={"required": "역할을 골라 주세요.",
                                             "invalid_choice": "상인, 배송센터 직원, 시장 관리자 중에서 골라 주세요."})
    store = forms.TypedChoiceField(label="상점 (상인일 때)", required=False, coerce=int, empty_value=None,
                                   error_messages={"invalid_choice": "이 시장의 상점을 골라 주세요."})
    username = forms.CharField(label="아이디", max_length=150, required=False,
                               widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}))
    name = forms.CharField(label="이름", max_length=50, required=False)
    password = forms.CharField(label="처음 비밀번호 (8자 이상, 새 아이디일 때)", required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, stores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {s.pk: s for s in stores}
        self.fields["store"].choices = [("", "— 상점 고르기 —")] + [(s.pk, s.name) for s in stores]

    def staff_values(self) -> dict:
        """Keyword arguments for markets.services.add_staff (without the market)."""
        data = self.cleaned_data
        return {"role": data["role"], "store": self.stores.get(data["store"]), "username": data["username"],
                "name": data["name"], "password": data["password"]}


def settings_preview(market) -> str:
    """"오늘 주문 09:00–13:00 → 16:00–19:00 배송, 배송비 3,000원 (50,000원 이상 무료)"."""
    window = (f"오늘 주문 {market.order_open:%H:%M}–{market.order_cutoff:%H:%M} → "
              f"{market.delivery_start:%H:%M}–{market.delivery_end:%H:%M} 배송")
    if not market.delivery_fee or not market.free_delivery_threshold:
        return f"{window}, 배송비 무료"
    return f"{window}, 배송비 {won(market.delivery_fee)} ({won(market.free_delivery_threshold)} 이상 무료)"


# --- 배송 시간 -----------------------------------------------------------------------------------

class SlotRuleForm(DomainErrorsMixin, forms.Form):
    order_cutoff = _time("주문 마감")
    start = _time("배송 시작")
    end = _time("배송 끝")
    riders = _number("배송 기사 (명)", "명")
    bundles_per_rider = _number("기사 1명당 꾸러미 (개)", "개")
    packing_capacity = _number("배송센터 포장 가능 꾸러미 (개)", "개")

    @classmethod
    def for_rule(cls, rule) -> "SlotRuleForm":
        return cls(initial={name: getattr(rule, name) for name in cls.base_fields})

    @classmethod
    def blank(cls) -> "SlotRuleForm":
        """A new slot: the 2021 pair's shape, two riders carrying ten bundles each."""
        return cls(initial={"riders": 2, "bundles_per_rider": 10, "packing_capacity": 30})


# --- 영업일 -------------------------------------------------------------------------------------

WEEKDAY_CHOICES = [(str(i), f"{day}요일") for i, day in enumerate(WEEKDAYS_KO)]
NTH_CHOICES = [(f"{n}:{w}", f"{ORDINALS_KO[n]} 주 {day}요일")
               for n in NTH_WEEK_CHOICES for w, day in enumerate(WEEKDAYS_KO)]


class CalendarRulesForm(DomainErrorsMixin, forms.Form):
    """The standing rules; the service normalises and validates them."""

    weekly_closed_days = forms.MultipleChoiceField(
        label="매주 쉬는 요일", choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "월요일부터 일요일 중에서 골라 주세요."})
    nth_weekday_closures = forms.MultipleChoiceField(
        label="몇째 주 쉬는 날", choices=NTH_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "몇째 주와 요일을 다시 골라 주세요."})
    five_day_digits = forms.CharField(label="오일장 날짜 끝자리 (상설시장은 비워 두기)", max_length=10, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "예: 49"}))
    closed_on_public_holidays = forms.BooleanField(label="공휴일에 쉬기 (설·추석 전날은 열어요)", required=False)

    @classmethod
    def for_rules(cls, rules) -> "CalendarRulesForm":
        return cls(initial={
            "weekly_closed_days": list(rules.weekly_closed_days),
            "nth_weekday_closures": [f"{n}:{w}" for n, w in rules.nth_weekday_closures],
            "five_day_digits": rules.five_day_digits,
            "closed_on_public_holidays": rules.closed_on_public_holidays,
        })

    def rule_values(self) -> dict:
        """Keyword arguments for markets.services.update_calendar (without the market)."""
        data = self.cleaned_data
        return {
            "weekly_closed_days": data["weekly_closed_days"],
            "nth_weekday_closures": [tuple(value.split(":")) for value in data["nth_weekday_closures"]],
            "five_day_digits": data["five_day_digits"].replace("·", "").replace(" ", ""),
            "closed_on_public_holidays": data["closed_on_public_holidays"],
        }

    def nth_rows(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """The nth-week checkboxes as a grid: (row label, [(value, label, checked)])."""
        chosen = set(self["nth_weekday_closures"].value() or [])
        return [(f"{ORDINALS_KO[n]} 주", [(f"{n}:{w}", f"{ORDINALS_KO[n]} 주 {day}요일", f"{n}:{w}" in chosen)
                                          for w, day in enumerate(WEEKDAYS_KO)])
                for n in NTH_WEEK_CHOICES]


class ExceptionForm(DomainErrorsMixin, forms.Form):
    date = forms.DateField(label="날짜", error_messages={"required": "날짜를 골라 주세요.",
                                                          "invalid": "날짜를 다시 골라 주세요. 예: 2026-09-25"},
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_open = forms.TypedChoiceField(
        label="이날은", choices=[("0", "쉬어요 (임시 휴무)"), ("1", "열어요 (임시 영업)")], coerce=lambda v: v == "1",
        initial="0", widget=forms.RadioSelect, error_messages={"required": "쉬는지 여는지 골라 주세요."})
    reason = forms.CharField(label="사유", max_length=100, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "예: 시장 축제, 추석 대목장"}))


# --- 배송 구역 ----------------------------------------------------------------------------------

class ZoneForm(DomainErrorsMixin, forms.Form):
    """One delivery zone; the service checks the shape and the fee rule (Korean messages)."""

    name = _text("구역 이름", 50, placeholder="예: 인창동 일대")
    kind = forms.ChoiceField(label="구역 모양", choices=[("radius", "시장에서 반경"), ("polygon", "직접 그린 경계 (GeoJSON)")],
                             initial="radius", widget=forms.RadioSelect,
                             error_messages={"required": "구역 모양을 골라 주세요.", "invalid_choice": "구역 모양을 골라 주세요."})
    radius_m = forms.IntegerField(label="반경 (m)", required=False, min_value=0, max_value=BIG,
                                  error_messages=NUMBER_ERRORS,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-unit": "m"}))
    polygon = forms.CharField(label="경계 (GeoJSON, [경도, 위도] 순서)", required=False,
                              widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "ma-geojson",
                                                           "placeholder": '{"type": "Polygon", "coordinates": [[[127.13, 37.59], ...]]}'}))
    fee_kind = forms.ChoiceField(label="배송비 방식", choices=[("flat", "배송비 고정"), ("free_above", "일정 금액 이상 무료"),
                                                          ("bands", "거리별 배송비")],
                                 initial="free_above", widget=forms.RadioSelect,
                                 error_messages={"required": "배송비 방식을 골라 주세요.",
                                                 "invalid_choice": "배송비 방식을 골라 주세요."})
    fee = forms.IntegerField(label="배송비 (원)", required=False, min_value=0, max_value=BIG, error_messages=NUMBER_ERRORS,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-unit": "원"}))
    free_threshold = forms.IntegerField(label="무료배송 기준 (원 이상)", required=False, min_value=0, max_value=BIG,
                                        error_messages=NUMBER_ERRORS,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-unit": "원"}))
    bands = _text("거리별 배송비 (거리m:배송비원, 쉼표로 나눠서)", 200, placeholder="예: 2000:2000, 4000:3000, 6000:4000")

    @classmethod
    def for_zone(cls, zone) -> "ZoneForm":
        return cls(initial={
            "name": zone.name, "kind": zone.kind, "radius_m": zone.radius_m, "fee_kind": zone.fee_kind,
            "polygon": json.dumps(zone.polygon, ensure_ascii=False) if zone.polygon else "",
            "fee": zone.fee, "free_threshold": zone.free_threshold,
            "bands": ", ".join(f"{d}:{f}" for d, f in zone.bands or []),
        })

    @classmethod
    def blank(cls, market) -> "ZoneForm":
        return cls(initial={"kind": "radius", "radius_m": market.delivery_radius_m, "fee_kind": "free_above",
                            "fee": market.delivery_fee, "free_threshold": market.free_delivery_threshold})
