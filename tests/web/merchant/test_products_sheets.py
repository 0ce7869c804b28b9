"""Spreadsheets: download the store's products (CSV with a BOM, XLSX), upload a file that is
checked first (검사만 하기) or imported (가져오기) — one bad row and nothing is imported."""

import csv
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jangbogi.catalog.io import HEADERS, MAX_BYTES
from jangbogi.catalog.models import Product
from tests.factories import ProductFactory
from tests.web.conftest import htmx

IMPORT = "/merchant/products/import"


@pytest.fixture
def goods(veg, fish):
    return {
        "zucchini": ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산"),
        "pork": ProductFactory(store=veg, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                               origin="국내산", livestock="pork", traceability_no="012345678901"),
        "mackerel": ProductFactory(store=fish, category="seafood", name="고등어", price=8000),
    }


def csv_upload(rows: list[list[object]], name: str = "상품.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


#     상품번호 분류 상품명 판매단위 가격 원산지 축산물종류 이력번호 부가세 무게판매 예상무게g 재고 신선식품 판매중
def row(pid="", category="채소·과일", name="오이", unit="1개", price="1000", origin="국내산", stock="") -> list:
    return [pid, category, name, unit, price, origin, "", "", "면세", "아니오", "", stock, "예", "예"]


def test_export_csv(merchant, goods):
    response = merchant.get("/merchant/products/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"products-2026-11-26.csv\"; "
        f"filename*=UTF-8''{quote('상수네 채소 상품 2026-11-26.csv', safe='')}")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == list(HEADERS)
    assert [line[2] for line in lines[1:]] == ["애호박", "삼겹살"]
    assert lines[2][7] == '="012345678901"'


def test_export_xlsx_opens_in_openpyxl(merchant, goods):
    response = merchant.get("/merchant/products/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="products-2026-11-26.xlsx"; ')
    assert response["Content-Disposition"].endswith(quote("상수네 채소 상품 2026-11-26.xlsx", safe=""))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert [(r[0], r[2], r[4], r[11]) for r in rows[1:]] == [
        (goods["zucchini"].pk, "애호박", 1500, 10), (goods["pork"].pk, "삼겹살", 15000, None)]


def test_import_page(merchant):
    response = merchant.get(IMPORT)
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>엑셀로 올리기 · 장보기</title>" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'href="/merchant/products/export.xlsx"' in html
    assert 'href="/merchant/products/export.csv"' in html
    assert ">검사만 하기</button>" in html and ">가져오기</button>" in html
    for header in HEADERS:
        assert f"<dt>{header}" in html, header
    partial = merchant.get(IMPORT, **htmx()).content.decode()
    assert partial.lstrip().startswith('<div id="import-report"')


def test_check_only_reports_counts_and_saves_nothing(merchant, goods):
    z = goods["zucchini"]
    upload = csv_upload([row(pid=z.pk, name="애호박", price="1700", stock="10"), row(), row(name="당근")])
    response = merchant.post(IMPORT, {"file": upload, "action": "check"}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-report"')
    assert "검사 통과 · 아직 저장하지 않았어요" in html
    assert "<span>추가 <strong>2</strong>개</span> · <span>수정 <strong>1</strong>개</span> · <span>그대로 <strong>0</strong>개</span>" in html
    assert "같은 파일로 <strong>‘가져오기’</strong>를 누르세요." in html
    assert Product.objects.filter(store=z.store).count() == 2
    assert Product.objects.get(pk=z.pk).price == 1500


def test_import_a_good_file(merchant, veg, goods):
    z = goods["zucchini"]
    upload = csv_upload([row(pid=z.pk, name="애호박", price="1700", stock="10"), row(), row(name="당근")])
    response = merchant.post(IMPORT, {"file": upload, "action": "import"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "✓ 가져오기 끝" in html
    assert "<span>추가 <strong>2</strong>개</span> · <span>수정 <strong>1</strong>개</span> · <span>그대로 <strong>0</strong>개</span>" in html
    assert sorted(Product.objects.filter(store=veg).values_list("name", "price")) == [
        ("당근", 1000), ("삼겹살", 15000), ("애호박", 1700), ("오이", 1000)]


def test_a_bad_row_imports_nothing_and_names_the_rows(merchant, veg, goods):
    upload = csv_upload([row(), row(name="당근", price="천원"), row(name="배", category="과자", origin="")])
    response = merchant.post(IMPORT, {"file": upload, "action": "import"}, **htmx())
    html = response.content.decode()
    assert "틀린 곳 2건 · 아무것도 가져오지 않았어요" in html
    assert "<li>3행 [가격] 가격은 숫자로 적어 주세요. 예: 1500 또는 1,500</li>" in html
    assert "<li>4행 [분류] &#x27;과자&#x27;은(는) 없는 분류입니다." in html
    assert Product.objects.filter(store=veg).count() == 2


def test_another_stores_product_number_is_an_error(merchant, veg, goods):
    upload = csv_upload([row(pid=goods["mackerel"].pk, name="고등어", price="1")])
    html = merchant.post(IMPORT, {"file": upload, "action": "import"}).content.decode()
    assert "2행 [상품번호] 이 가게의 상품번호가 아닙니다." in html
    assert Product.objects.get(pk=goods["mackerel"].pk).price == 8000


def test_import_xlsx(merchant, veg):
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    workbook.active.append(row(name="감자", price=2500))
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("감자.xlsx", out.getvalue())
    html = merchant.post(IMPORT, {"file": upload, "action": "import"}).content.decode()
    assert "✓ 가져오기 끝" in html
    assert Product.objects.get(store=veg).name == "감자"


def test_wrong_kind_of_file(merchant, veg):
    upload = SimpleUploadedFile("상품.pdf", b"%PDF-1.4")
    html = merchant.post(IMPORT, {"file": upload, "action": "check"}).content.decode()
    assert "<li>파일: CSV 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.</li>" in html


def test_no_file_chosen(merchant):
    html = merchant.post(IMPORT, {"action": "check"}, **htmx()).content.decode()
    assert html.lstrip().startswith('<div id="import-report"')
    assert "<p>올릴 파일을 골라 주세요.</p>" in html


def test_too_big_a_file_is_refused_before_reading(merchant, veg):
    upload = SimpleUploadedFile("큰파일.csv", b"a" * (MAX_BYTES + 1))
    html = merchant.post(IMPORT, {"file": upload, "action": "import"}).content.decode()
    assert "<p>파일이 너무 큽니다. 5MB 이하로 나눠서 올려 주세요.</p>" in html
    assert Product.objects.filter(store=veg).count() == 0
