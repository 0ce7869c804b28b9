"""A statement as a spreadsheet: one row per ledger line, then the totals."""

from typing import Literal

from jangbogi.catalog.io.sheets import write_csv, write_xlsx
from jangbogi.settlement.selectors import Statement

HEADERS = ("일자", "구분", "주문번호", "금액", "메모")
_ORDER_COLUMN, _AMOUNT_COLUMN = 2, 3


def statement_rows(statement: Statement) -> list[list[object]]:
    rows: list[list[object]] = [
        [line.business_date.isoformat(), line.label, line.order_ref, line.amount, line.memo]
        for line in statement.lines
    ]
    period = f"{statement.start.isoformat()}~{statement.end.isoformat()}"
    rows.append([None] * len(HEADERS))
    rows += [[period, label, None, amount, None] for label, amount in statement.summary]
    rows.append([period, "지급 예정액", None, statement.payable, None])
    return rows


def export_statement(statement: Statement, fmt: Literal["csv", "xlsx"]) -> bytes:
    """CSV is UTF-8 with a BOM (Excel opens the Korean); order numbers stay text."""
    rows = statement_rows(statement)
    if fmt == "csv":
        return write_csv(HEADERS, rows, text_columns=(_ORDER_COLUMN,))
    if fmt == "xlsx":
        return write_xlsx(HEADERS, rows, title="정산", text_columns=(_ORDER_COLUMN,),
                          number_columns=(_AMOUNT_COLUMN,))
    raise ValueError(f"unknown export format {fmt!r}: use 'csv' or 'xlsx'")
