"""Import a store's products from a spreadsheet: every row is checked first, and the file is
imported whole or not at all."""

import re
from dataclasses import dataclass, field

from django.db import transaction

from jangbogi.catalog import services as catalog
from jangbogi.catalog.io.columns import (
    COLUMNS,
    HEADER_OF,
    NEW_PRODUCT_DEFAULTS,
    CellError,
    header_key,
    read_cell,
)
from jangbogi.catalog.io.sheets import Sheet, SheetError, read_sheet
from jangbogi.catalog.models import Product
from jangbogi.markets.models import Store

_COLUMN_BY_KEY = {header_key(c.header): c for c in COLUMNS}
_FIELD_ORDER = {c.field: i for i, c in enumerate(COLUMNS)}


@dataclass(frozen=True)
class RowError:
    row_number: int | None  # as the spreadsheet shows it (header = row 1); None: the whole file
    field: str              # the column's Korean header; "" when about the whole file
    message: str            # Korean

    def __str__(self) -> str:
        where = "파일" if self.row_number is None else f"{self.row_number}행"
        return f"{where} [{self.field}] {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return f"오류 {len(self.errors)}건이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 올려 주세요."
        counts = f"새 상품 {self.created}개, 수정 {self.updated}개, 변경 없음 {self.unchanged}개"
        return f"검사 통과: {counts} (저장하지 않았습니다)" if self.dry_run else f"가져오기 완료: {counts}"

    def lines(self) -> list[str]:
        """The summary, then one line per error."""
        return [self.summary, *(str(e) for e in self.errors)]


@dataclass
class _Row:
    number: int
    product: Product | None           # None: a new product
    values: dict[str, object]         # the listing after this row
    changes: dict[str, object]        # what to write: every field when new, else what differs
    errors: dict[str, str]            # {field: message}


def import_products(*, store: Store, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Create (상품번호 empty) and update (상품번호 of one of `store`'s products) from a CSV
    (UTF-8 or CP949) or XLSX file.  Any error → nothing is written and the report lists every
    error; otherwise all rows are written in one transaction.  dry_run: check only."""
    try:
        sheet = read_sheet(data, filename)
        columns = _columns(sheet)
    except SheetError as exc:
        return ImportReport(errors=[RowError(None, "", exc.message)], dry_run=dry_run)
    if not sheet.rows:
        return ImportReport(errors=[RowError(None, "", "가져올 상품이 없습니다. 제목 줄 아래에 상품을 "
                                                       "한 줄에 하나씩 적어 주세요.")], dry_run=dry_run)
    with transaction.atomic():
        existing = {p.pk: p for p in Product.objects.filter(store=store).order_by("pk")}
        rows = [_check_row(number, cells, columns, existing) for number, cells in sheet.rows]
        _check_ids_once(rows)
        _check_names_unique(rows, existing)
        report = ImportReport(errors=_errors(rows), dry_run=dry_run)
        if report.errors:
            return report
        new = [r for r in rows if r.product is None]
        edits = sorted((r for r in rows if r.product is not None and r.changes), key=lambda r: r.product.pk)
        report.created, report.updated = len(new), len(edits)
        report.unchanged = len(rows) - len(new) - len(edits)
        if not dry_run:
            for row in edits:
                catalog.update_product(product=row.product, **row.changes)
            for row in new:
                catalog.create_product(store=store, **row.changes)
    return report


def _columns(sheet: Sheet) -> dict[str, int]:
    """{field: column index} of the known headers; unknown headers are ignored."""
    columns: dict[str, int] = {}
    for index, text in enumerate(sheet.header):
        column = _COLUMN_BY_KEY.get(header_key(text))
        if column is None:
            continue
        if column.field in columns:
            raise SheetError(f"'{column.header}' 열이 두 번 있습니다. 하나만 남겨 주세요.")
        columns[column.field] = index
    missing = [c.header for c in COLUMNS if c.required and c.field not in columns]
    if missing:
        raise SheetError(f"꼭 필요한 열이 없습니다: {', '.join(missing)}. 첫 줄(제목 줄)을 확인해 주세요. "
                         "상품 목록을 내려받아 그 양식에 적으면 편합니다.")
    return columns


def _check_row(number: int, cells: list[object], columns: dict[str, int],
               existing: dict[int, Product]) -> _Row:
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, index in columns.items():
        try:
            parsed[name] = read_cell(name, cells[index] if index < len(cells) else None)
        except CellError as exc:
            errors[name] = exc.message
    product_id = parsed.pop("id", None)
    product = existing.get(product_id) if product_id is not None else None
    if product_id is not None and product is None:
        errors["id"] = "이 가게의 상품번호가 아닙니다. 새 상품이면 상품번호를 비워 두세요."
    values: dict[str, object] = {f: "" if f in catalog.TEXT_FIELDS else None for f in catalog.EDITABLE_FIELDS}
    if product is not None:
        values.update({f: getattr(product, f) for f in catalog.EDITABLE_FIELDS})
    else:
        values.update(NEW_PRODUCT_DEFAULTS)
    values.update(parsed)
    for name, message in catalog.listing_errors(values).items():
        errors.setdefault(name, message)
    if product is None:
        changes = {f: values[f] for f in catalog.EDITABLE_FIELDS}
    else:
        changes = {f: v for f, v in parsed.items() if v != getattr(product, f)}
    return _Row(number, product, values, changes, errors)


def _check_ids_once(rows: list[_Row]) -> None:
    first: dict[int, int] = {}
    for row in rows:
        if row.product is None:
            continue
        if row.product.pk in first:
            row.errors.setdefault(
                "id", f"상품번호 {row.product.pk}이(가) {first[row.product.pk]}행에도 있습니다. 한 줄만 남겨 주세요."
            )
        else:
            first[row.product.pk] = row.number


def _name_key(values: dict[str, object]) -> tuple[str, str]:
    return tuple(re.sub(r"\s+", " ", str(values[f])).strip().casefold() for f in ("name", "unit_label"))


def _check_names_unique(rows: list[_Row], existing: dict[int, Product]) -> None:
    """Two listings with the same 상품명 and 판매단위 confuse customers and usually mean a row
    was meant to update, not add."""
    in_file = {row.product.pk for row in rows if row.product is not None}
    others = {
        _name_key({"name": p.name, "unit_label": p.unit_label}): p.pk
        for p in existing.values() if p.pk not in in_file
    }
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        if "name" in row.errors or "unit_label" in row.errors:
            continue
        key = _name_key(row.values)
        if key in first:
            row.errors["name"] = f"{first[key]}행과 상품명·판매단위가 같습니다. 한 줄만 남겨 주세요."
        elif key in others:
            row.errors["name"] = (f"같은 상품명·판매단위의 상품이 이미 있습니다(상품번호 {others[key]}). "
                                  f"그 상품을 고치려면 상품번호 칸에 {others[key]}을(를) 적어 주세요.")
        else:
            first[key] = row.number


def _errors(rows: list[_Row]) -> list[RowError]:
    return [
        RowError(row.number, HEADER_OF[name], row.errors[name])
        for row in rows
        for name in sorted(row.errors, key=lambda f: _FIELD_ORDER.get(f, len(_FIELD_ORDER)))
    ]
