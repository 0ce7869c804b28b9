"""import_products: every row is checked; one bad row and nothing is imported."""

import csv
import io

import openpyxl
import pytest

from jangbogi.catalog import io as product_sheets
from jangbogi.catalog.io import HEADERS, RowError
from jangbogi.catalog.models import Product
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db

CATEGORY_HELP = "채소·과일, 수산, 정육·계란, 반찬, 떡·방앗간, 건어물, 김치, 곡물·잡곡, 분식, 가공·양념, 기타"


def csv_bytes(rows: list[list[object]], *, header=HEADERS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, header=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


#           상품번호 분류 상품명 판매단위 가격 원산지 축산물종류 이력번호 부가세 무게판매 예상무게g 재고 신선식품 판매중
def row(pid="", category="채소·과일", name="애호박", unit="1개", price="1500", origin="국내산", livestock="",
        trace="", vat="면세", by_weight="아니오", grams="", stock="", perishable="예", active="예") -> list:
    return [pid, category, name, unit, price, origin, livestock, trace, vat, by_weight, grams, stock, perishable,
            active]


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="상수네 채소")


@pytest.fixture
def existing(store):
    """Two products already listed."""
    return (
        ProductFactory(store=store, name="대파", unit_label="1단", price=3000, stock=5),
        ProductFactory(store=store, category="meat", name="한돈 앞다리", unit_label="1근(600g)", price=9900,
                       origin="국내산", livestock="pork", traceability_no="160012345678", sold_by_weight=True,
                       estimated_grams=600, stock=None),
    )


def table() -> list[dict]:
    return list(Product.objects.order_by("pk").values())


def run(store, data: bytes, filename="상품.csv", **kwargs):
    return product_sheets.import_products(store=store, data=data, filename=filename, **kwargs)


def test_creates_new_products(store):
    report = run(store, csv_bytes([
        row(name="애호박", price="1,500", stock="10"),
        row(category="meat", name="한우 불고기", unit="300g", price="15900원", origin="국내산(횡성)", livestock="소",
            trace="002012345678", by_weight="예", grams="300", perishable="예", active="아니오"),
        row(category="side_dish", name="멸치볶음", unit="1팩", price="5000", origin="", vat="과세",
            perishable="아니오"),
    ]))
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 3, 0, 0)
    assert report.lines() == ["가져오기 완료: 새 상품 3개, 수정 0개, 변경 없음 0개"]
    got = list(Product.objects.filter(store=store).order_by("pk").values_list(
        "category", "name", "unit_label", "price", "origin", "livestock", "traceability_no", "vat_class",
        "sold_by_weight", "estimated_grams", "stock", "perishable", "is_active"))
    assert got == [
        ("veg_fruit", "애호박", "1개", 1500, "국내산", "", "", "exempt", False, None, 10, True, True),
        ("meat", "한우 불고기", "300g", 15900, "국내산(횡성)", "beef", "002012345678", "exempt", True, 300, None,
         True, False),
        ("side_dish", "멸치볶음", "1팩", 5000, "", "", "", "taxable", False, None, None, False, True),
    ]


def test_updates_by_product_number_only_what_changed(store, existing):
    leek, pork = existing
    before = {p["id"]: p for p in table()}
    report = run(store, csv_bytes([
        row(pid=leek.pk, name="대파", unit="1단", price="2,800", stock="5"),
        row(pid=pork.pk, category="정육·계란", name="한돈 앞다리", unit="1근(600g)", price="9900", livestock="돼지",
            trace="160012345678", by_weight="예", grams="600"),
    ]))
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 1, 1)
    after = {p["id"]: p for p in table()}
    assert {k for k in after[leek.pk] if after[leek.pk][k] != before[leek.pk][k]} == {"price", "updated_at"}
    assert after[leek.pk]["price"] == 2800
    assert after[pork.pk] == before[pork.pk]


def test_one_bad_row_among_good_rows_imports_nothing(store, existing):
    leek, _ = existing
    before = table()
    report = run(store, csv_bytes([
        row(name="애호박", price="1,500"),
        row(pid=leek.pk, name="대파", unit="1단", price="2500", stock="5"),
        row(name="감자", unit="1kg", price="abc"),
        row(name="양파", unit="1망", price="4000"),
    ]))
    assert report.ok is False
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert report.errors == [RowError(4, "가격", "가격은 숫자로 적어 주세요. 예: 1500 또는 1,500")]
    assert report.lines() == [
        "오류 1건이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 올려 주세요.",
        "4행 [가격] 가격은 숫자로 적어 주세요. 예: 1500 또는 1,500",
    ]
    assert table() == before


def test_every_error_of_every_row_is_reported(store, existing, market):
    leek, pork = existing
    stranger = ProductFactory(store=StoreFactory(market=market, name="바다 수산"), name="고등어")
    before = table()
    report = run(store, csv_bytes([
        row(category="장난감", name="팽이"),                                                    # 2
        row(name="애호박", price="1,500"),                                                     # 3 ok
        row(name=" 애호박 ", price="1400"),                                                    # 4 dup of 3
        row(pid=stranger.pk, name="고등어", unit="1손", price="9000"),                          # 5
        row(pid="12가", name="오이", price="900"),                                             # 6
        row(category="meat", name="한우 등심", unit="100g", price="12000", livestock="염소",
            vat="", by_weight="몰라", grams="-5"),                                            # 7
        row(category="meat", name="한우 국거리", unit="100g", price="0", livestock="소", trace="1234"),  # 8
        row(category="meat", name="한돈  앞다리", unit="1근(600g)", price="9000", livestock="돼지",
            trace="160012345678"),                                                             # 9 = pork
        row(name="", unit="", origin="", stock="많음", perishable="몰라"),                     # 10
        row(pid=leek.pk, name="쪽파", unit="1단", price="3500", stock="-1"),                   # 11
        row(pid=leek.pk, name="실파", unit="1단", price="3500"),                               # 12 same id again
    ]))
    assert report.errors == [
        RowError(2, "분류", f"'장난감'은(는) 없는 분류입니다. 다음 중 하나로 적어 주세요: {CATEGORY_HELP}"),
        RowError(4, "상품명", "3행과 상품명·판매단위가 같습니다. 한 줄만 남겨 주세요."),
        RowError(5, "상품번호", "이 가게의 상품번호가 아닙니다. 새 상품이면 상품번호를 비워 두세요."),
        RowError(6, "상품번호", "상품번호는 숫자입니다. 새 상품이면 비워 두세요."),
        RowError(7, "축산물종류", "축산물종류는 소, 돼지, 닭, 오리, 계란 중 하나로 적거나 비워 두세요."),
        RowError(7, "부가세", "부가세는 면세 또는 과세로 적어 주세요."),
        RowError(7, "무게판매", "무게판매은(는) 예 또는 아니오로 적어 주세요."),
        RowError(7, "예상무게g", "예상 무게는 1~100,000g 사이 숫자로 적거나 비워 두세요."),
        RowError(8, "가격", "가격은 1원 이상이어야 합니다."),
        RowError(8, "이력번호", "국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다."),
        RowError(9, "상품명", f"같은 상품명·판매단위의 상품이 이미 있습니다(상품번호 {pork.pk}). "
                              f"그 상품을 고치려면 상품번호 칸에 {pork.pk}을(를) 적어 주세요."),
        RowError(10, "상품명", "상품명을 적어 주세요."),
        RowError(10, "판매단위", "판매 단위를 적어 주세요. 예: 1개, 1근(600g), 1봉"),
        RowError(10, "원산지", "농·수·축산물은 원산지를 꼭 적어야 합니다. 예: 국내산, 국내산(전남 해남)"),
        RowError(10, "재고", "재고는 숫자로 적거나, 세지 않으려면 비워 두세요."),
        RowError(10, "신선식품", "신선식품은(는) 예 또는 아니오로 적어 주세요."),
        RowError(11, "재고", "재고는 0 이상이어야 합니다."),
        RowError(12, "상품번호", f"상품번호 {leek.pk}이(가) 11행에도 있습니다. 한 줄만 남겨 주세요."),
    ]
    assert table() == before


def test_renaming_into_a_freed_name_is_fine(store, existing):
    """대파 becomes 쪽파 in this file, so a new 대파 1단 is no duplicate."""
    leek, _ = existing
    report = run(store, csv_bytes([
        row(pid=leek.pk, name="쪽파", unit="1단", price="3000", stock="5"),
        row(name="대파", unit="1단", price="2900"),
    ]))
    assert (report.ok, report.created, report.updated) == (True, 1, 1)
    assert sorted(Product.objects.filter(store=store).values_list("name", "price")) == [
        ("대파", 2900), ("쪽파", 3000), ("한돈 앞다리", 9900)]


def test_another_stores_product_number_is_refused(store, market):
    stranger = ProductFactory(store=StoreFactory(market=market), name="고등어", price=9000)
    before = table()
    report = run(store, csv_bytes([row(pid=stranger.pk, name="고등어", unit="1손", price="1")]))
    assert report.errors == [
        RowError(2, "상품번호", "이 가게의 상품번호가 아닙니다. 새 상품이면 상품번호를 비워 두세요.")]
    assert table() == before


def test_missing_required_headers_is_one_file_error(store, existing):
    before = table()
    header = ["상품번호", "분류", "상품명", "원산지"]
    report = run(store, csv_bytes([[existing[0].pk, "채소·과일", "대파", "국내산"]], header=header))
    assert report.errors == [RowError(None, "", "꼭 필요한 열이 없습니다: 판매단위, 가격, 부가세. 첫 줄(제목 줄)을 "
                                                "확인해 주세요. 상품 목록을 내려받아 그 양식에 적으면 편합니다.")]
    assert report.lines()[1] == ("파일: 꼭 필요한 열이 없습니다: 판매단위, 가격, 부가세. 첫 줄(제목 줄)을 확인해 "
                                 "주세요. 상품 목록을 내려받아 그 양식에 적으면 편합니다.")
    assert table() == before


def test_headers_match_loosely_and_unknown_columns_are_ignored(store):
    header = ["메모", "분류", "상품명", "판매 단위", "가격", "원산지", "부가세", "예상 무게(g)", "무게 판매"]
    report = run(store, csv_bytes([["아침에 확인", "veg_fruit", "수박", "1통", "25,000", "국내산(함안)", "면세", "8000",
                                    "예"]], header=header))
    assert report.ok
    assert Product.objects.values_list("name", "unit_label", "price", "sold_by_weight", "estimated_grams",
                                       "stock", "is_active").get() == ("수박", "1통", 25000, True, 8000, None, True)


def test_a_column_left_out_keeps_the_current_value(store, existing):
    leek, _ = existing
    header = ["상품번호", "분류", "상품명", "판매단위", "가격", "부가세"]
    report = run(store, csv_bytes([[leek.pk, "채소·과일", "대파", "1단", "3200", "면세"]], header=header))
    assert (report.ok, report.updated) == (True, 1)
    assert Product.objects.values_list("price", "stock", "origin").get(pk=leek.pk) == (3200, 5, "국내산")


def test_duplicate_header_is_a_file_error(store):
    header = [*HEADERS, "가격"]
    report = run(store, csv_bytes([row() + ["1000"]], header=header))
    assert report.errors == [RowError(None, "", "'가격' 열이 두 번 있습니다. 하나만 남겨 주세요.")]


def test_cp949_csv_from_korean_excel(store):
    data = csv_bytes([row(name="깐마늘", unit="200g", price="3,500", origin="국내산(의성)")], encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = run(store, data)
    assert (report.ok, report.created) == (True, 1)
    assert Product.objects.values_list("name", "unit_label", "price", "origin").get() == (
        "깐마늘", "200g", 3500, "국내산(의성)")


def test_plain_utf8_without_bom(store):
    report = run(store, csv_bytes([row(name="쑥갓", unit="1봉")], encoding="utf-8"))
    assert (report.ok, report.created) == (True, 1)
    assert Product.objects.get().name == "쑥갓"


def test_undecodable_csv(store):
    report = run(store, HEADERS[0].encode("utf-8") + b",\xff\xfe\xff\r\n")
    assert report.errors == [RowError(None, "", "글자가 깨져서 읽을 수 없습니다. CSV를 UTF-8 또는 CP949(엑셀 기본)로 "
                                                "저장해 주세요.")]


def test_xlsx_with_numbers_blank_rows_and_row_numbers(store, existing):
    leek, _ = existing
    data = xlsx_bytes([
        [None, "채소·과일", "애호박", "1개", 1500, "국내산", None, None, "면세", "아니오", None, 10, "예", "예"],
        [None] * 14,                                                      # row 3 blank: skipped
        [leek.pk, "채소·과일", "대파", "1단", 2800.0, "국내산", None, None, "면세", False, None, 5, True, True],
        [None, "수산", "고등어", "2마리", 8000, "노르웨이산", None, None, "면세", "아니오", None, None, "예", "예"],
    ])
    report = run(store, data, filename="오늘시세.XLSX")
    assert (report.ok, report.created, report.updated) == (True, 2, 1)
    assert Product.objects.values_list("price").get(pk=leek.pk) == (2800,)
    assert Product.objects.filter(store=store, name="애호박").values_list("price", "stock").get() == (1500, 10)

    bad = xlsx_bytes([
        [None, "채소·과일", "오이", "3개", 2000, "국내산", None, None, "면세", "아니오", None, None, "예", "예"],
        [None] * 14,
        [None, "채소·과일", "가지", "2개", 1500.5, "국내산", None, None, "면세", "아니오", None, None, "예", "예"],
    ])
    before = table()
    report = run(store, bad, filename="a.xlsx")
    assert report.errors == [RowError(4, "가격", "가격은 숫자로 적어 주세요. 예: 1500 또는 1,500")]
    assert table() == before


def test_broken_xlsx_and_other_formats(store):
    assert run(store, b"not a zip", filename="a.xlsx").errors == [
        RowError(None, "", "엑셀 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인해 주세요.")]
    assert run(store, b"\xd0\xcf\x11\xe0", filename="a.xls").errors == [
        RowError(None, "", "예전 엑셀 형식(.xls)은 읽을 수 없습니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 "
                           "다시 저장해서 올려 주세요.")]
    assert run(store, b"x", filename="a.txt").errors == [
        RowError(None, "", "CSV 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")]


def test_empty_file_and_header_only(store):
    assert run(store, b"").errors == [
        RowError(None, "", "파일이 비어 있습니다. 첫 줄에 제목(상품명, 가격 …)을 넣어 주세요.")]
    assert run(store, csv_bytes([])).errors == [
        RowError(None, "", "가져올 상품이 없습니다. 제목 줄 아래에 상품을 한 줄에 하나씩 적어 주세요.")]


def test_file_over_5_mb_is_refused(store):
    data = csv_bytes([row()]) + b" " * (5 * 1024 * 1024)
    assert run(store, data).errors == [RowError(None, "", "파일이 너무 큽니다. 5MB 이하로 나눠서 올려 주세요.")]
    assert Product.objects.count() == 0


def test_at_most_2000_rows(store):
    rows = [row(name=f"상품{i}") for i in range(2001)]
    report = run(store, csv_bytes(rows))
    assert report.errors == [
        RowError(None, "", "상품은 한 번에 2,000개까지 올릴 수 있습니다. 파일을 나눠서 올려 주세요.")]
    report = run(store, csv_bytes(rows[:2000]), dry_run=True)
    assert (report.ok, report.created) == (True, 2000)


def test_dry_run_checks_without_saving(store, existing):
    leek, _ = existing
    before = table()
    report = run(store, csv_bytes([row(name="애호박"), row(pid=leek.pk, name="대파", unit="1단", price="2000",
                                                          stock="5")]), dry_run=True)
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 1, 1, 0)
    assert report.summary == "검사 통과: 새 상품 1개, 수정 1개, 변경 없음 0개 (저장하지 않았습니다)"
    assert table() == before
