"""Merchants' spreadsheets: export a store's products and import them back (CSV or XLSX).

    from jangbogi.catalog import io as product_sheets
    data = product_sheets.export_products(store, "xlsx")
    report = product_sheets.import_products(store=store, data=data, filename="상품.xlsx")

Columns (Korean headers) are in `columns.COLUMNS`; limits in `sheets` (5 MB, 2,000 rows)."""

from jangbogi.catalog.io.columns import HEADERS
from jangbogi.catalog.io.exporting import export_products
from jangbogi.catalog.io.importing import ImportReport, RowError, import_products
from jangbogi.catalog.io.sheets import CONTENT_TYPES, MAX_BYTES, MAX_ROWS

__all__ = [
    "CONTENT_TYPES", "HEADERS", "MAX_BYTES", "MAX_ROWS",
    "ImportReport", "RowError", "export_products", "import_products",
]
