"""Bytes ⇄ rows for CSV and XLSX, with the upload limits.  Knows nothing about products."""

import csv
import io
import zipfile
from collections.abc import Generator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import PurePath

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
# An .xlsx is a zip: refuse one that unpacks to far more than any 2,000-row sheet needs.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SheetError(Exception):
    """The file as a whole cannot be read; `message` is Korean."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Sheet:
    header_row: int                                # row number as the spreadsheet shows it
    header: list[object]
    rows: list[tuple[int, list[object]]]           # (row number, cells), blank rows left out


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first non-blank row is the header; later non-blank rows are data."""
    if len(data) > MAX_BYTES:
        raise SheetError("파일이 너무 큽니다. 5MB 이하로 나눠서 올려 주세요.")
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        records = _csv_records(data)
    elif extension in (".xlsx", ".xlsm"):
        records = _xlsx_records(data)
    elif extension == ".xls":
        raise SheetError("예전 엑셀 형식(.xls)은 읽을 수 없습니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 "
                         "다시 저장해서 올려 주세요.")
    else:
        raise SheetError("CSV 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")
    header: tuple[int, list[object]] | None = None
    rows: list[tuple[int, list[object]]] = []
    with closing(records):
        for number, cells in records:
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue
            if header is None:
                header = (number, cells)
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise SheetError(
                    f"상품은 한 번에 {MAX_ROWS:,}개까지 올릴 수 있습니다. 파일을 나눠서 올려 주세요."
                )
    if header is None:
        raise SheetError("파일이 비어 있습니다. 첫 줄에 제목(상품명, 가격 …)을 넣어 주세요.")
    return Sheet(header_row=header[0], header=header[1], rows=rows)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 as Korean Excel saves "CSV (쉼표로 분리)"."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("글자가 깨져서 읽을 수 없습니다. CSV를 UTF-8 또는 CP949(엑셀 기본)로 저장해 주세요.")


def _csv_records(data: bytes) -> Generator[tuple[int, list[object]]]:
    text = _decode(data)
    try:
        # Materialised so that csv.Error surfaces here, not later while rows are checked.
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SheetError("CSV 파일의 형식이 올바르지 않습니다. 엑셀에서 CSV로 다시 저장해 주세요.") from exc
    return ((number, list(cells[:MAX_COLUMNS])) for number, cells in enumerate(records, start=1))


def _xlsx_records(data: bytes) -> Generator[tuple[int, list[object]]]:
    unreadable = "엑셀 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인해 주세요."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise SheetError("엑셀 파일이 너무 큽니다. 상품을 나눠서 올려 주세요.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken or foreign file
        raise SheetError(unreadable) from exc
    return _xlsx_rows(workbook, unreadable)


def _xlsx_rows(workbook, unreadable: str) -> Generator[tuple[int, list[object]]]:
    """Lazily, so read_sheet stops at the row limit without reading the rest."""
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            yield number, list(cells)
    except Exception as exc:
        raise SheetError(unreadable) from exc
    finally:
        workbook.close()


def write_csv(header: Sequence[str], rows: Sequence[Sequence[object]], *, text_columns: Sequence[int] = ()) -> bytes:
    """UTF-8 with a BOM so that Excel opens the Korean correctly.  Cells in `text_columns`
    are written as ="…" so Excel keeps them as text (leading zeros, long digit strings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([
            f'="{cell}"' if i in text_columns and cell and '"' not in str(cell) else ("" if cell is None else cell)
            for i, cell in enumerate(row)
        ])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], *, title: str,
               text_columns: Sequence[int] = (), number_columns: Sequence[int] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    for column in text_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "@"
    for column in number_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    for i, name in enumerate(header):
        letter = sheet.cell(row=1, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = 24 if name in ("상품명", "원산지", "이력번호") else 12
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
