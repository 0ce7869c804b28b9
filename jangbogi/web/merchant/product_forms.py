"""Forms of the merchant portal's product pages.  They parse what the merchant typed (numbers,
choices, files); whether a listing is acceptable is the catalogue's call
(`catalog.listing_errors`, the services' ValidationFailed), shown next to the fields in Korean."""

import re
from dataclasses import dataclass

from django import forms

from jangbogi.catalog import services as catalog
from jangbogi.catalog.io import MAX_BYTES
from jangbogi.catalog.models import Category, Livestock, Product, VatClass
from jangbogi.core.errors import DomainError

CHOOSE = "분류를 골라 주세요."


def add_service_errors(form: forms.Form, exc: DomainError) -> None:
    """A service's ValidationFailed `details["errors"]` next to the form's fields (the rest,
    or a plain message, above the form)."""
    errors = exc.details.get("errors") or {}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not errors:
        form.add_error(None, exc.message)


class ListForm(forms.Form):
    """The product list's query string: a search, a category chip and the page."""

    q = forms.CharField(label="상품 찾기", max_length=50, required=False)
    c = forms.ChoiceField(choices=[("", "전체"), *Category.choices], required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def query(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": (data.get("q") or "").strip(), "category": data.get("c") or ""}

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


def _number_input(**attrs) -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "numeric", **attrs})


class ProductForm(forms.Form):
    """Every field of a listing.  Blank stock = not counted.  On the edit page `stock_seen`
    carries the stock the page showed, so a stock the merchant did not touch is not sent to
    the service and orders taken meanwhile are not undone."""

    category = forms.ChoiceField(
        label="분류", required=False, choices=[("", "— 골라 주세요 —"), *Category.choices],
        error_messages={"invalid_choice": CHOOSE},
    )
    name = forms.CharField(label="상품명", required=False,
                           widget=forms.TextInput(attrs={"maxlength": 100, "placeholder": "예: 애호박"}))
    origin = forms.CharField(label="원산지", required=False,
                             widget=forms.TextInput(attrs={"maxlength": 100, "placeholder": "예: 국내산(경기 구리)"}))
    unit_label = forms.CharField(label="판매 단위", required=False,
                                 widget=forms.TextInput(attrs={"maxlength": 50, "placeholder": "예: 1개, 1근(600g), 1봉"}))
    price = forms.IntegerField(
        label="가격(원)", widget=_number_input(min=1, placeholder="예: 1500"),
        error_messages={"required": "가격을 적어 주세요. 예: 1500", "invalid": "가격은 숫자로 적어 주세요. 예: 1500"},
    )
    livestock = forms.ChoiceField(
        label="축산물 종류", required=False, choices=[("", "해당 없음"), *Livestock.choices],
        error_messages={"invalid_choice": "축산물 종류는 목록에서 골라 주세요."},
    )
    traceability_no = forms.CharField(
        label="이력번호", required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "numeric", "placeholder": "12자리 숫자"}),
    )
    vat_class = forms.ChoiceField(
        label="부가세", required=False, choices=VatClass.choices,
        error_messages={"invalid_choice": "부가세는 면세 또는 과세 중에서 골라 주세요."},
    )
    sold_by_weight = forms.BooleanField(label="무게로 팔아요 (달아서 값이 정해져요)", required=False)
    estimated_grams = forms.IntegerField(
        label="예상 무게(g)", required=False, widget=_number_input(min=1, placeholder="예: 600"),
        error_messages={"invalid": "예상 무게는 g 단위 숫자로 적어 주세요. 예: 600"},
    )
    stock = forms.IntegerField(
        label="재고(개)", required=False, widget=_number_input(min=0, placeholder="비우면 세지 않아요"),
        error_messages={"invalid": "재고는 숫자로 적거나, 세지 않으려면 비워 두세요."},
    )
    stock_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    perishable = forms.BooleanField(label="신선식품이에요 (단순 변심 반품이 안 된다고 손님께 미리 알려요)",
                                    required=False)
    description = forms.CharField(
        label="설명", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "예: 아침에 밭에서 딴 애호박이에요"}),
        error_messages={"max_length": "설명은 2,000자까지 적을 수 있습니다."},
    )
    is_active = forms.BooleanField(label="판매 중 (끄면 손님에게 안 보여요)", required=False)

    NEW_INITIAL = {"vat_class": VatClass.EXEMPT, "perishable": True, "is_active": True}

    @classmethod
    def initial_for(cls, product: Product) -> dict:
        initial = {field: getattr(product, field) for field in catalog.EDITABLE_FIELDS}
        return {**initial, "stock_seen": product.stock}

    def clean(self):
        """The catalogue's own checks of the whole listing, on the fields that parsed."""
        cleaned = super().clean()
        values = {field: cleaned.get(field) for field in catalog.EDITABLE_FIELDS}
        for field in catalog.TEXT_FIELDS + ("description",):
            values[field] = values[field] or ""
        for field, message in catalog.listing_errors(values).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def values(self) -> dict:
        """Every listing field, as `create_product` takes them."""
        return {field: self.cleaned_data[field] for field in catalog.EDITABLE_FIELDS}

    def changes(self) -> dict:
        """The fields for `update_product`: all but a stock left as the page showed it."""
        values = self.values()
        if "stock_seen" in self.data and values["stock"] == self.cleaned_data["stock_seen"]:
            del values["stock"]
        return values


class PhotoForm(forms.Form):
    photo = forms.FileField(label="사진", error_messages={
        "required": "올릴 사진을 골라 주세요.", "invalid": "사진 파일을 다시 골라 주세요.",
        "empty": "빈 파일입니다. 사진을 다시 골라 주세요.",
    })


class SoldOutForm(forms.Form):
    """The 품절 switch: sold_out=1 → 품절; sold_out=0 → back on sale with `stock` (blank, or the
    "재고 세지 않고 팔기" button = not counted)."""

    sold_out = forms.TypedChoiceField(choices=[("1", "품절"), ("0", "다시 팔기")], coerce=lambda v: v == "1",
                                      error_messages={"required": "다시 눌러 주세요."})
    stock = forms.IntegerField(label="지금 몇 개 있어요?", required=False, error_messages={
        "invalid": "개수는 숫자로 적어 주세요. 세지 않으려면 '재고 세지 않고 팔기'를 누르세요.",
    })
    uncounted = forms.BooleanField(required=False)

    def service_kwargs(self) -> dict:
        """Keyword arguments for `catalog.toggle_sold_out` (besides the product)."""
        data = self.cleaned_data
        if data["sold_out"]:
            return {"sold_out": True}
        return {"sold_out": False, "restock": None if data["uncounted"] else data["stock"]}


class ImportForm(forms.Form):
    """One upload, two buttons: 검사만 하기 (a dry run) or 가져오기."""

    CHECK, IMPORT = "check", "import"

    file = forms.FileField(label="상품 파일 (CSV 또는 엑셀 .xlsx)", error_messages={
        "required": "올릴 파일을 골라 주세요.", "empty": "빈 파일입니다. 파일을 다시 골라 주세요.",
        "invalid": "파일을 다시 골라 주세요.",
    })
    action = forms.ChoiceField(choices=[(CHECK, "검사만 하기"), (IMPORT, "가져오기")], required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"파일이 너무 큽니다. {MAX_BYTES // (1024 * 1024)}MB 이하로 나눠서 올려 주세요.")
        return upload

    @property
    def dry_run(self) -> bool:
        return self.cleaned_data.get("action") != self.IMPORT


# --- 오늘 시세: many products' price and stock in one form --------------------------------------

_INTEGER = re.compile(r"^-?\d+$")


def _number(raw: str) -> int | str | None:
    """"" → None, "1,500" → 1500; anything else stays text (the service says it is not a number)."""
    text = re.sub(r"[\s,원]", "", raw)
    if not text:
        return None
    return int(text) if _INTEGER.match(text) else raw.strip()


@dataclass(frozen=True)
class PriceLine:
    """One product's row on the 오늘 시세 screen, with what the inputs show."""

    product: Product
    price: object
    stock: object
    stock_seen: object
    errors: dict[str, str]


class PricesForm:
    """Parses `product` (repeated) and `price-<id>`, `stock-<id>`, `seen-<id>` for each."""

    def __init__(self, data=None):
        self.data = data
        self.errors: dict[object, dict[str, str]] = {}
        self.message = ""

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def rows(self) -> list[dict]:
        """Rows for `catalog.bulk_update_prices`."""
        rows = []
        for raw_id in self.data.getlist("product"):
            rows.append({
                "product_id": _number(raw_id),
                "price": _number(self.data.get(f"price-{raw_id}", "")),
                "stock": _number(self.data.get(f"stock-{raw_id}", "")),
                "stock_seen": _number(self.data.get(f"seen-{raw_id}", "")),
            })
        return rows

    def fail(self, exc: DomainError) -> None:
        self.message = exc.message
        self.errors = exc.details.get("errors") or {}

    def lines(self, products) -> list[PriceLine]:
        """The products on screen with the values typed (when bound) or their current values."""
        lines = []
        for product in products:
            errors = self.errors.get(product.pk, {})
            if self.is_bound and str(product.pk) in self.data.getlist("product"):
                key = product.pk
                lines.append(PriceLine(product, self.data.get(f"price-{key}", ""), self.data.get(f"stock-{key}", ""),
                                       self.data.get(f"seen-{key}", ""), errors))
            else:
                stock = "" if product.stock is None else product.stock
                lines.append(PriceLine(product, product.price, stock, stock, errors))
        return lines

    @property
    def error_count(self) -> int:
        return len(self.errors)
