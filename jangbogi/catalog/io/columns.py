"""The spreadsheet's columns: Korean headers, and how each cell is written and read back.

Readers take the cell as the file gives it (text from CSV; text, number or bool from XLSX)
and return the value or raise CellError with a Korean message."""

import datetime as dt
import re
from dataclasses import dataclass

from jangbogi.catalog.models import Category, Livestock, VatClass


class CellError(ValueError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # Product field; "id" for 상품번호
    required: bool = False


COLUMNS = (
    Column("상품번호", "id"),
    Column("분류", "category", required=True),
    Column("상품명", "name", required=True),
    Column("판매단위", "unit_label", required=True),
    Column("가격", "price", required=True),
    Column("원산지", "origin"),
    Column("축산물종류", "livestock"),
    Column("이력번호", "traceability_no"),
    Column("부가세", "vat_class", required=True),
    Column("무게판매", "sold_by_weight"),
    Column("예상무게g", "estimated_grams"),
    Column("재고", "stock"),
    Column("신선식품", "perishable"),
    Column("판매중", "is_active"),
)
HEADERS = tuple(c.header for c in COLUMNS)
HEADER_OF = {c.field: c.header for c in COLUMNS}
# Values a new row takes when its column is left out of the file.
NEW_PRODUCT_DEFAULTS = {
    "origin": "", "livestock": "", "traceability_no": "", "sold_by_weight": False,
    "estimated_grams": None, "stock": None, "perishable": True, "is_active": True, "description": "",
}

YES, NO = "예", "아니오"
_YES = {"예", "네", "y", "yes", "o", "true", "1", "판매", "판매중"}
_NO = {"아니오", "아니요", "아니", "n", "no", "x", "false", "0", "중지", "판매중지"}
VAT_LABELS = {VatClass.EXEMPT: "면세", VatClass.TAXABLE: "과세"}
_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")


def header_key(text: object) -> str:
    """A header as typed, matched without spaces and brackets: "예상 무게(g)" → "예상무게g"."""
    return re.sub(r"[\s()\[\]]", "", cell_text(text))


def cell_text(value: object) -> str:
    """Any cell as stripped text; whole floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def read_text_kept_by_excel(value: object) -> str:
    """Text that the CSV export wrote as ="…" so that Excel keeps its digits (이력번호)."""
    text = cell_text(value)
    if match := _FORMULA_TEXT.match(text):
        return match.group(1).strip()
    return text


def _squash(text: str) -> str:
    return re.sub(r"[\s·ㆍ・/.,]", "", text).lower()


_CATEGORIES = {_squash(c.label): c.value for c in Category} | {c.value: c.value for c in Category}
_LIVESTOCK = {c.label: c.value for c in Livestock} | {c.value: c.value for c in Livestock} | {"달걀": "egg"}
_VAT = {"면세": VatClass.EXEMPT.value, "과세": VatClass.TAXABLE.value,
        _squash(VatClass.EXEMPT.label): VatClass.EXEMPT.value,
        VatClass.EXEMPT.value: VatClass.EXEMPT.value, VatClass.TAXABLE.value: VatClass.TAXABLE.value}


def read_category(value: object) -> str:
    """A label ("채소·과일", also "채소과일", "채소/과일") or a code ("veg_fruit")."""
    text = cell_text(value)
    if not text:
        raise CellError("분류를 적어 주세요.")
    if code := _CATEGORIES.get(_squash(text)):
        return code
    labels = ", ".join(c.label for c in Category)
    raise CellError(f"'{text}'은(는) 없는 분류입니다. 다음 중 하나로 적어 주세요: {labels}")


def read_livestock(value: object) -> str:
    text = cell_text(value)
    if not text:
        return ""
    if code := _LIVESTOCK.get(text.lower()):
        return code
    raise CellError("축산물종류는 소, 돼지, 닭, 오리, 계란 중 하나로 적거나 비워 두세요.")


def read_vat(value: object) -> str:
    if code := _VAT.get(_squash(cell_text(value))):
        return code
    raise CellError("부가세는 면세 또는 과세로 적어 주세요.")


def read_yes_no(value: object, *, header: str, default: bool) -> bool:
    text = cell_text(value).lower()
    if not text:
        return default
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"{header}은(는) 예 또는 아니오로 적어 주세요.")


def read_int(value: object, *, message: str, suffix: str = "") -> int | None:
    """A whole number, blank → None.  Thousands commas and spaces are fine ("1,500"), and so
    is the unit after it ("1,500원" with suffix="원"); "₩" is dropped."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(message)
    text = re.sub(r"[\s,₩]", "", cell_text(value))
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    if not text:
        return None
    if not _INTEGER.match(text):
        raise CellError(message)
    return int(text.split(".")[0])


PRICE_MESSAGE = "가격은 숫자로 적어 주세요. 예: 1500 또는 1,500"
GRAMS_MESSAGE = "예상무게는 g 단위 숫자로 적어 주세요. 예: 600"
STOCK_MESSAGE = "재고는 숫자로 적거나, 세지 않으려면 비워 두세요."
ID_MESSAGE = "상품번호는 숫자입니다. 새 상품이면 비워 두세요."


def read_cell(field: str, value: object) -> object:
    """The Product value of one cell of column `field`."""
    match field:
        case "id":
            return read_int(value, message=ID_MESSAGE)
        case "category":
            return read_category(value)
        case "price":
            price = read_int(value, message=PRICE_MESSAGE, suffix="원")
            if price is None:
                raise CellError("가격을 적어 주세요.")
            return price
        case "livestock":
            return read_livestock(value)
        case "vat_class":
            return read_vat(value)
        case "sold_by_weight":
            return read_yes_no(value, header=HEADER_OF[field], default=False)
        case "perishable" | "is_active":
            return read_yes_no(value, header=HEADER_OF[field], default=True)
        case "estimated_grams":
            return read_int(value, message=GRAMS_MESSAGE, suffix="g")
        case "stock":
            return read_int(value, message=STOCK_MESSAGE, suffix="개")
        case "traceability_no":
            return read_text_kept_by_excel(value)
        case _:
            return cell_text(value)


def write_row(product) -> list[object]:
    """A product as one row of values in COLUMNS order (None for an empty cell)."""
    return [
        product.pk,
        Category(product.category).label if product.category in Category.values else product.category,
        product.name,
        product.unit_label,
        product.price,
        product.origin,
        Livestock(product.livestock).label if product.livestock in Livestock.values else product.livestock,
        product.traceability_no,
        VAT_LABELS.get(product.vat_class, product.vat_class),
        YES if product.sold_by_weight else NO,
        product.estimated_grams,
        product.stock,
        YES if product.perishable else NO,
        YES if product.is_active else NO,
    ]
