"""Forms of the consumer web.  They parse what the customer typed; the services decide
whether it is acceptable (and say why, in Korean)."""

import datetime as dt
import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jangbogi.catalog.models import Category
from jangbogi.markets.slots import DeliverySlot
from jangbogi.orders.models import Substitution
from jangbogi.orders.services import DeliveryDetails
from jangbogi.payments.models import Method
from jangbogi.web.session import Address


class AddressForm(forms.Form):
    q = forms.CharField(
        label="배달받을 주소", max_length=100,
        error_messages={"required": "주소를 적어 주세요. 예: 구리시 인창동"},
        widget=forms.TextInput(attrs={"placeholder": "예: 구리시 인창동", "autocomplete": "street-address"}),
    )


class CatalogForm(forms.Form):
    """The market page's query string: a search, a category chip, the tab and the page."""

    q = forms.CharField(label="상품 찾기", max_length=50, required=False)
    c = forms.ChoiceField(choices=[("", "전체"), *Category.choices], required=False)
    tab = forms.ChoiceField(choices=[("items", "품목별"), ("stores", "가게별")], required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def query(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": (data.get("q") or "").strip(), "category": data.get("c") or ""}

    @property
    def tab_name(self) -> str:
        return (self.cleaned_data.get("tab") if self.is_valid() else "") or "items"

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


class CartAddForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label="수량", min_value=1, max_value=99, initial=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CartLineForm(forms.Form):
    """One cart line: quantity (0 removes) and, when sent, the substitution and note."""

    quantity = forms.IntegerField(min_value=0, max_value=99)
    substitution = forms.ChoiceField(label="품절되면", choices=Substitution.choices, required=False)
    note = forms.CharField(label="가게에 요청", max_length=200, required=False)

    def line_changes(self) -> dict:
        """Keyword arguments for carts.set_line; fields not sent stay unchanged (None)."""
        data = self.cleaned_data
        return {
            "quantity": data["quantity"],
            "substitution": data["substitution"] or None,
            "note": data["note"] if "note" in self.data else None,
        }


class CheckoutForm(forms.Form):
    recipient_name = forms.CharField(
        label="받는 분 이름", max_length=50,
        error_messages={"required": "받는 분 이름을 적어 주세요."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="휴대폰 번호", max_length=20,
        error_messages={"required": "휴대폰 번호를 적어 주세요. 예: 010-1234-5678"},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel",
                                      "placeholder": "010-1234-5678"}),
    )
    address_detail = forms.CharField(
        label="상세 주소 (동·호수)", max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "예: 101동 1203호"}),
    )
    delivery_note = forms.CharField(
        label="배송 요청사항", max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "예: 문 앞에 두고 벨 눌러 주세요"}),
    )
    payment_method = forms.ChoiceField(
        label="결제 수단", choices=Method.choices, widget=forms.RadioSelect,
        error_messages={"required": "결제 수단을 골라 주세요."},
    )
    slot_date = forms.DateField(widget=forms.HiddenInput)
    # The radio button the customer picked, "2026-11-26T16:00" (slot_value); it wins over
    # slot_date.  Without it the first open slot of slot_date is taken.
    slot = forms.CharField(required=False, max_length=20)
    idempotency_key = forms.CharField(max_length=100, widget=forms.HiddenInput)
    demo_decline = forms.BooleanField(label="결제 실패 시험 (데모)", required=False)

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex

    def clean_slot(self) -> tuple[dt.date, dt.time] | None:
        value = self.cleaned_data.get("slot") or ""
        if not value:
            return None
        parsed = parse_slot_value(value)
        if parsed is None:
            raise forms.ValidationError("배달 시간을 다시 골라 주세요.")
        return parsed

    def details(self, address: Address) -> DeliveryDetails:
        d = self.cleaned_data
        slot_date, slot_start = d["slot"] or (d["slot_date"], None)
        return DeliveryDetails(
            recipient_name=d["recipient_name"], phone=d["phone"], address=address.address,
            lat=address.lat, lng=address.lng, slot_date=slot_date, slot_start=slot_start,
            payment_method=d["payment_method"], address_detail=d["address_detail"],
            delivery_note=d["delivery_note"],
        )

    def add_domain_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)

    def restart(self, **changes) -> "CheckoutForm":
        """The same form, typed values kept, with some hidden values replaced (a new
        idempotency key after a declined payment, the next slot after the cutoff)."""
        data = self.data.copy()
        for key, value in changes.items():
            data[key] = value
        return CheckoutForm(data)


def slot_value(slot: DeliverySlot) -> str:
    """The radio button's value for a slot: "2026-11-26T16:00"."""
    return f"{slot.date.isoformat()}T{slot.start:%H:%M}"


def parse_slot_value(value: str) -> tuple[dt.date, dt.time] | None:
    try:
        moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.date(), moment.time()


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="아이디", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "autocapitalize": "none"}))
    password = forms.CharField(label="비밀번호", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 맞지 않아요. 다시 적어 주세요.",
        "inactive": "사용할 수 없는 계정이에요.",
    }
