"""Export a store's products in the same columns the importer reads, so that exporting and
importing the file back changes nothing."""

from typing import Literal

from jangbogi.catalog.io.columns import HEADERS, write_row
from jangbogi.catalog.io.sheets import write_csv, write_xlsx
from jangbogi.catalog.models import Category, Product
from jangbogi.markets.models import Store

_TEXT_COLUMNS = (HEADERS.index("이력번호"),)
_NUMBER_COLUMNS = (HEADERS.index("가격"),)


def export_products(store: Store, fmt: Literal["csv", "xlsx"] = "csv") -> bytes:
    """Every product of `store` (also those not on sale), by category (in the shop's order)
    and name.  CSV is UTF-8
    with a BOM; its 이력번호 cells are written ="…" so Excel keeps leading zeros."""
    order = {code: i for i, code in enumerate(Category.values)}
    products = sorted(Product.objects.filter(store=store),
                      key=lambda p: (order.get(p.category, len(order)), p.name, p.pk))
    rows = [write_row(p) for p in products]
    if fmt == "csv":
        return write_csv(HEADERS, rows, text_columns=_TEXT_COLUMNS)
    if fmt == "xlsx":
        return write_xlsx(HEADERS, rows, title="상품", text_columns=_TEXT_COLUMNS, number_columns=_NUMBER_COLUMNS)
    raise ValueError(f"unknown export format {fmt!r}: use 'csv' or 'xlsx'")
