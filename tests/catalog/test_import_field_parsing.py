"""Properties of the spreadsheet cells: what the export writes, the importer reads back, and
numbers are read the way merchants type them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jangbogi.catalog.io import columns
from jangbogi.catalog.io.columns import CellError, read_cell
from jangbogi.catalog.io.sheets import read_sheet, write_csv, write_xlsx
from jangbogi.catalog.models import Category, Livestock, VatClass

# Text a merchant might type: Korean, Latin, digits, spaces and the punctuation CSV must quote.
KOREAN = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
TYPED = st.one_of(KOREAN, st.sampled_from(list('abcXYZ0189 ,."\'()/-·=+%&#\t\r\n')))
cell_texts = st.text(TYPED, max_size=20)


@given(st.integers(0, 10**12))
def test_whole_numbers_with_or_without_thousands_commas(n):
    assert read_cell("price", f"{n:,}") == n
    assert read_cell("price", f"{n:,}원") == n
    assert read_cell("price", str(n)) == n
    assert read_cell("stock", f" {n} ") == n
    assert read_cell("estimated_grams", f"{n}g") == n
    assert read_cell("price", float(n)) == n   # a number cell from Excel


@given(st.integers(-10**6, -1))
def test_negative_numbers_are_read_for_the_rules_to_refuse(n):
    assert read_cell("stock", str(n)) == n


@given(st.text(st.sampled_from(list("abc가.-e% ")), min_size=1).filter(
    lambda t: not t.replace(" ", "").replace("-", "").isdigit()))
def test_text_that_is_no_number_is_an_error(text):
    if not text.strip():
        return  # blank: no number at all, handled per column
    with pytest.raises(CellError) as exc:
        read_cell("price", text)
    assert exc.value.message == "가격은 숫자로 적어 주세요. 예: 1500 또는 1,500"


def test_blank_numbers():
    assert read_cell("stock", "") is None
    assert read_cell("estimated_grams", None) is None
    with pytest.raises(CellError, match="가격을 적어 주세요."):
        read_cell("price", " ")
    with pytest.raises(CellError):
        read_cell("price", 1500.5)


@pytest.mark.parametrize("category", list(Category))
def test_category_by_label_code_or_loosely_typed(category):
    assert read_cell("category", category.label) == category.value
    assert read_cell("category", category.value) == category.value
    assert read_cell("category", category.label.replace("·", "/")) == category.value
    assert read_cell("category", category.label.replace("·", "")) == category.value


@pytest.mark.parametrize("code", ["", *Livestock.values])
def test_livestock_written_then_read(code):
    label = Livestock(code).label if code else ""
    assert read_cell("livestock", label) == code
    assert read_cell("livestock", code) == code


@pytest.mark.parametrize("code", VatClass.values)
def test_vat_written_then_read(code):
    assert read_cell("vat_class", columns.VAT_LABELS[code]) == code
    assert read_cell("vat_class", VatClass(code).label) == code
    assert read_cell("vat_class", code) == code


@pytest.mark.parametrize(("field", "blank"), [("sold_by_weight", False), ("perishable", True), ("is_active", True)])
@given(value=st.booleans())
def test_yes_no_written_then_read(field, blank, value):
    assert read_cell(field, columns.YES if value else columns.NO) is value
    assert read_cell(field, value) is value   # an Excel TRUE/FALSE cell
    assert read_cell(field, "") is blank


def test_traceability_no_kept_as_text_by_excel():
    assert read_cell("traceability_no", '="002012345678"') == "002012345678"
    assert read_cell("name", '="x"') == '="x"'   # only that column is unwrapped


@given(st.lists(cell_texts, min_size=3, max_size=3), st.integers(0, 10**9))
def test_csv_cells_survive_writing_and_reading(texts, number):
    data = write_csv(["a", "b", "c", "d", "e"], [["row", *texts, number]])
    sheet = read_sheet(data, "x.csv")
    assert sheet.header_row == 1
    assert [(n, [columns.cell_text(c) for c in cells]) for n, cells in sheet.rows] == [
        (2, ["row", *(t.strip() for t in texts), str(number)])]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(st.one_of(KOREAN, st.sampled_from(list('ab09 ,."=()'))), max_size=20),
                min_size=3, max_size=3), st.integers(0, 10**9))
def test_xlsx_cells_survive_writing_and_reading(texts, number):
    data = write_xlsx(["a", "b", "c", "d", "e"], [["row", *texts, number]], title="상품")
    sheet = read_sheet(data, "x.xlsx")
    assert [(n, [columns.cell_text(c) for c in cells[:5]]) for n, cells in sheet.rows] == [
        (2, ["row", *(t.strip() for t in texts), str(number)])]
