"""export_products: the store's products in the importer's columns; exporting and importing
the file back changes nothing."""

import csv
import io

import openpyxl
import pytest

from jangbogi.catalog import io as product_sheets
from jangbogi.catalog.io import HEADERS
from jangbogi.catalog.models import Product
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="이천 정육점")


@pytest.fixture
def products(store, market):
    ProductFactory(store=StoreFactory(market=market), name="남의 상품")  # never exported
    return [
        ProductFactory(store=store, category="meat", name="한우 등심", unit_label="100g", price=12900,
                       origin="국내산", livestock="beef", traceability_no="002012345678", sold_by_weight=True,
                       estimated_grams=100, stock=7),
        ProductFactory(store=store, category="side_dish", name='멸치볶음, "매콤"', unit_label="1팩", price=5000,
                       origin="", vat_class="taxable", perishable=False, is_active=False, stock=0),
        ProductFactory(store=store, category="veg_fruit", name="애호박", unit_label="1개", price=1500, stock=None),
    ]


def table() -> list[dict]:
    return list(Product.objects.order_by("pk").values())


def test_csv_is_utf8_with_bom_and_korean_headers(store, products):
    beef, side, squash = products
    data = product_sheets.export_products(store, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        list(HEADERS),
        [str(squash.pk), "채소·과일", "애호박", "1개", "1500", "국내산", "", "", "면세", "아니오", "", "", "예", "예"],
        [str(beef.pk), "정육·계란", "한우 등심", "100g", "12900", "국내산", "소", '="002012345678"', "면세", "예",
         "100", "7", "예", "예"],
        [str(side.pk), "반찬", '멸치볶음, "매콤"', "1팩", "5000", "", "", "", "과세", "아니오", "", "0", "아니오",
         "아니오"],
    ]


def test_headers_are_the_documented_columns():
    assert HEADERS == ("상품번호", "분류", "상품명", "판매단위", "가격", "원산지", "축산물종류", "이력번호", "부가세",
                       "무게판매", "예상무게g", "재고", "신선식품", "판매중")


def test_xlsx_has_typed_cells(store, products):
    beef = products[0]
    data = product_sheets.export_products(store, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[2] == (beef.pk, "정육·계란", "한우 등심", "100g", 12900, "국내산", "소", "002012345678", "면세", "예",
                       100, 7, "예", "예")
    assert sheet.cell(row=3, column=8).number_format == "@"
    assert sheet.cell(row=3, column=5).number_format == "#,##0"
    assert sheet.freeze_panes == "A2"


def test_empty_store_exports_a_template(store):
    assert product_sheets.export_products(store, "csv").decode("utf-8-sig") == ",".join(HEADERS) + "\r\n"


def test_unknown_format(store):
    with pytest.raises(ValueError):
        product_sheets.export_products(store, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_changes_nothing(store, products, fmt):
    before = table()
    data = product_sheets.export_products(store, fmt)
    report = product_sheets.import_products(store=store, data=data, filename=f"상품.{fmt}")
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 0, 3)
    assert table() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_looks_like_a_formula_stays_text(store, fmt):
    product = ProductFactory(store=store, category="etc", name="=1+1", unit_label='="1개"', origin="")
    data = product_sheets.export_products(store, fmt)
    if fmt == "xlsx":
        cell = openpyxl.load_workbook(io.BytesIO(data)).active.cell(row=2, column=3)
        assert (cell.value, cell.data_type) == ("=1+1", "s")
    before = table()
    report = product_sheets.import_products(store=store, data=data, filename=f"a.{fmt}")
    assert (report.ok, report.unchanged) == (True, 1)
    assert table() == before
    assert Product.objects.values_list("name", "unit_label").get(pk=product.pk) == ("=1+1", '="1개"')
