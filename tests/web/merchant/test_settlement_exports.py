"""The chosen period's statement as CSV (UTF-8 with a BOM) and XLSX (opens in openpyxl)."""

import csv
import io
from urllib.parse import quote

import openpyxl
import pytest

from jangbogi.settlement import ingest
from jangbogi.settlement.exports import HEADERS


@pytest.fixture
def settled(morning, paid_order):
    ingest.settle_order(paid_order)
    return paid_order


def test_export_csv(merchant, settled):
    response = merchant.get("/merchant/settlement/export.csv?period=day&date=2026-11-26")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="settlement-2026-11-26.csv"; '
        f"filename*=UTF-8''{quote('상수네 채소 정산 2026-11-26.csv', safe='')}")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    number = f'="{settled.number}"'
    assert lines == [
        list(HEADERS),
        ["2026-11-26", "결제", number, "3000", "주문 결제"],
        ["2026-11-26", "중개 수수료", number, "-30", "판매 3,000원의 1% = 30원"],
        ["", "", "", "", ""],
        ["2026-11-26~2026-11-26", "결제된 금액", "", "3000", ""],
        ["2026-11-26~2026-11-26", "환불", "", "0", ""],
        ["2026-11-26~2026-11-26", "중개 수수료 (1%)", "", "-30", ""],
        ["2026-11-26~2026-11-26", "결제 수수료", "", "0", ""],
        ["2026-11-26~2026-11-26", "지급(요청 포함)", "", "0", ""],
        ["2026-11-26~2026-11-26", "지급 예정액", "", "2970", ""],
    ]


def test_export_xlsx_opens_in_openpyxl(merchant, settled):
    response = merchant.get("/merchant/settlement/export.xlsx?period=week&date=2026-11-26")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="settlement-2026-11-23_2026-11-29.xlsx"; ')
    assert response["Content-Disposition"].endswith(quote("상수네 채소 정산 2026-11-23~2026-11-29.xlsx", safe=""))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "정산"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[1:3] == [("2026-11-26", "결제", settled.number, 3000, "주문 결제"),
                         ("2026-11-26", "중개 수수료", settled.number, -30, "판매 3,000원의 1% = 30원")]
    assert rows[-1] == ("2026-11-23~2026-11-29", "지급 예정액", None, 2970, None)


def test_an_empty_period_exports_its_totals(merchant, db):
    sheet = openpyxl.load_workbook(io.BytesIO(
        merchant.get("/merchant/settlement/export.xlsx?period=day&date=2026-11-01").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS and rows[-1] == ("2026-11-01~2026-11-01", "지급 예정액", None, 0, None)
