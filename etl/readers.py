"""Read a submission file (xlsx/xls/csv) into raw sheets: header found, columns named, cells untouched."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.columns import COMMENDATIONS, MODELS, PLACE_KEYS, SHEET_TITLES, SHEETS, match_header, required_columns
from etl.tcvn3 import fix_tcvn3_grid
from etl.text import clean_text, fold

EXCEL_EXTS = {".xlsx", ".xls"}
CSV_EXTS = {".csv", ".txt"}
HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
SYNTHETIC_MARK = "DỮ LIỆU MẪU TỔNG HỢP"
MAX_FILE_BYTES = 200 * 1024 * 1024


class LoadError(Exception):
    """A problem with a whole file: the load stops and nothing is changed. The text says what to fix."""


@dataclass
class RawSheet:
    """One recognised sheet: its kind, its cells by column key, and the Excel row number of each row."""

    file: str
    sheet: str
    kind: str
    data: pd.DataFrame  # object columns named by column key, plus "_row"
    unknown_columns: list[str] = field(default_factory=list)
    synthetic: bool = False


def read_submission(path: Path) -> tuple[list[RawSheet], list[str]]:
    """All recognised sheets of a file and warnings about it; raises LoadError for a bad file."""
    ext = path.suffix.lower()
    if not path.is_file():
        raise LoadError(f"{path}: không tìm thấy file. Kiểm tra lại đường dẫn.")
    size = path.stat().st_size
    if size == 0:
        raise LoadError(f"{path.name}: file rỗng (0 byte). Xuất lại file từ Excel rồi nạp lại.")
    if size > MAX_FILE_BYTES:
        raise LoadError(f"{path.name}: file quá lớn ({size / 1e6:.0f} MB). Tách thành nhiều file nhỏ hơn.")
    if ext in EXCEL_EXTS:
        grids = _excel_grids(path)
    elif ext in CSV_EXTS:
        grids = [(path.stem, _csv_grid(path))]
    else:
        raise LoadError(
            f"{path.name}: định dạng '{ext or '(không có đuôi)'}' không được hỗ trợ. "
            "Lưu file dưới dạng Excel (.xlsx) hoặc CSV (UTF-8) rồi nạp lại."
        )
    sheets, warnings = [], []
    # When the workbook has sheets named like the template's, only those hold data (a lists or
    # instructions sheet may carry the same headers); otherwise any sheet with a header row counts.
    if any(_kind_from_sheet_name(name) for name, _ in grids):
        grids = [(name, grid) for name, grid in grids if _kind_from_sheet_name(name)]
    for name, grid in grids:
        fixed = fix_tcvn3_grid(grid)
        if fixed is not grid and isinstance(grid, CsvGrid):  # a TCVN3 file: convert all of it, not just the head
            fixed = fix_tcvn3_grid(list(csv.reader(io.StringIO(grid.text, newline=""), delimiter=grid.delimiter)))
        sheet = _recognise(path.name, name, fixed, single=len(grids) == 1, warnings=warnings)
        if sheet is not None:
            sheets.append(sheet)
    if not sheets:
        raise LoadError(
            f"{path.name}: không tìm thấy bảng 'Mô hình' hoặc 'Khen thưởng' (không có dòng tiêu đề cột nào "
            "khớp mẫu). Dùng mẫu nộp số liệu: python -m etl template --out mau.xlsx"
        )
    return sheets, warnings


def _excel_grids(path: Path) -> list[tuple[str, list[list]]]:
    from python_calamine import CalamineWorkbook

    head = path.read_bytes()[:8]
    if path.suffix.lower() == ".xlsx" and not head.startswith(b"PK"):
        hint = "file PDF" if head.startswith(b"%PDF") else "file .xls cũ hoặc file khác bị đổi đuôi"
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "file .xls cũ hoặc file Excel có mật khẩu"
        raise LoadError(f"{path.name}: không phải file Excel .xlsx hợp lệ ({hint}). Mở bằng Excel và 'Lưu thành' .xlsx.")
    if path.suffix.lower() == ".xlsx" and not zipfile.is_zipfile(path):
        raise LoadError(f"{path.name}: file .xlsx bị hỏng hoặc tải về chưa hết. Gửi lại file gốc.")
    try:
        wb = CalamineWorkbook.from_path(str(path))
        return [(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in wb.sheet_names]
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise LoadError(f"{path.name}: không đọc được file Excel ({exc}). Mở bằng Excel, lưu lại thành .xlsx rồi nạp lại.") from None


def decode_bytes(raw: bytes, name: str) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:
        raise LoadError(
            f"{name}: không nhận ra bảng mã của file CSV. Lưu lại bằng Excel: 'CSV UTF-8 (Comma delimited)'."
        ) from None


class CsvGrid(list):
    """The first rows of a CSV as a grid (for header detection) plus the text to read the rest fast."""

    def __init__(self, rows: list[list], text: str, delimiter: str, complete: bool) -> None:
        super().__init__(rows)
        self.text, self.delimiter, self.complete = text, delimiter, complete


def _delimiter(sample: str) -> str:
    """',', ';' or tab: the one that splits most of the first lines into the same number (> 1) of
    cells, the widest on a tie. csv.Sniffer guesses wrong on quoted cells holding ; ' or ( )."""
    best, best_score = ",", (0, 0)
    for d in (",", ";", "\t"):
        rows = [r for _, r in zip(range(HEADER_SCAN_ROWS), csv.reader(io.StringIO(sample, newline=""), delimiter=d))]
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_grid(path: Path) -> list[list]:
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise LoadError(f"{path.name}: đây là file Excel bị đặt đuôi .csv. Đổi đuôi thành .xlsx rồi nạp lại.")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(f"{path.name}: file chứa ký tự nhị phân, không phải CSV văn bản. Xuất lại từ Excel dạng CSV UTF-8.")
    text = decode_bytes(raw, path.name)
    delimiter = _delimiter(text[:20000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    head = [row for _, row in zip(range(HEADER_SCAN_ROWS + 1), reader)]
    return CsvGrid(head, text, delimiter, complete=len(head) <= HEADER_SCAN_ROWS)


def _csv_body(grid: CsvGrid, header_idx: int, width: int) -> list[list] | pa.Table:
    """Records after the header: an Arrow table read in C++ when the file is regular, else Python rows."""
    reader = csv.reader(io.StringIO(grid.text, newline=""), delimiter=grid.delimiter)
    for _ in range(header_idx + 1):
        next(reader)
    start = _line_offset(grid.text, reader.line_num)
    body = grid.text[start:]
    irregular = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=[f"c{j}" for j in range(width)], block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=grid.delimiter, newlines_in_values=True, ignore_empty_lines=False,
                invalid_row_handler=lambda row: irregular.append(row) or "skip",
            ),
            convert_options=pacsv.ConvertOptions(column_types={f"c{j}": pa.large_string() for j in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        irregular.append(True)
    if irregular:  # ragged rows or odd quoting: the slow, forgiving reader keeps every row
        return list(reader)
    return table


def _line_offset(text: str, lines: int) -> int:
    """Character offset just after the first `lines` line breaks."""
    pos = 0
    for _ in range(lines):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _kind_from_sheet_name(name: str) -> str | None:
    key = fold(name)
    for kind, title in SHEET_TITLES.items():
        if key.startswith(fold(title)):
            return kind
    return None


def _find_header(grid: list[list]) -> tuple[int, str, int] | None:
    """(row index, sheet kind, matches) of the row that looks most like a header row."""
    best = None
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        for kind in (MODELS, COMMENDATIONS):
            hits = {match_header(kind, c) for c in row if c not in ("", None)} - {None}
            if len(hits) >= MIN_HEADER_MATCHES and (best is None or len(hits) > best[2]):
                best = (i, kind, len(hits))
    return best


def _recognise(file: str, sheet: str, grid: list[list], single: bool, warnings: list[str]) -> RawSheet | None:
    named = _kind_from_sheet_name(sheet)
    found = _find_header(grid)
    if found is None:
        if named:
            raise LoadError(
                f"{file}, sheet '{sheet}': không tìm thấy dòng tiêu đề cột. Dòng tiêu đề phải có các cột "
                f"như trong mẫu ({', '.join(c.header for c in required_columns(named))})."
            )
        if single and any(any(c not in ("", None) for c in r) for r in grid):
            return None
        return None
    idx, kind, _ = found
    kind = named or kind
    header = grid[idx]
    columns: dict[int, str] = {}
    unknown = []
    seen: dict[str, int] = {}
    for j, cell in enumerate(header):
        if cell in ("", None):
            continue
        key = match_header(kind, cell)
        if key is None:
            unknown.append(clean_text(cell))
            continue
        if key in seen:
            raise LoadError(
                f"{file}, sheet '{sheet}': cột '{clean_text(cell)}' xuất hiện hai lần (cột {_col_letter(seen[key])} "
                f"và {_col_letter(j)}). Xóa hoặc đổi tên một cột rồi nạp lại."
            )
        seen[key] = j
        columns[j] = key
    missing = [c.header for c in required_columns(kind) if c.key not in seen]
    if missing:
        raise LoadError(
            f"{file}, sheet '{sheet}': thiếu cột bắt buộc {', '.join(repr(m) for m in missing)}. "
            "Thêm cột với đúng tên tiêu đề như trong mẫu (python -m etl template --out mau.xlsx)."
        )
    if not any(k in seen for k in PLACE_KEYS):
        raise LoadError(f"{file}, sheet '{sheet}': thiếu cột 'Huyện' hoặc 'Xã'. Thêm ít nhất một trong hai cột.")
    if unknown:
        warnings.append(f"{file}, sheet '{sheet}': bỏ qua cột không có trong mẫu: {', '.join(unknown)}")
    title_text = " ".join(clean_text(c) for r in grid[:idx] for c in r if c not in ("", None))
    width = max(max(columns) + 1, len(header))
    if isinstance(grid, CsvGrid):
        body = _csv_body(grid, idx, width)
    else:
        body = grid[idx + 1 :]
    data = _table(body, columns, width, first_row=idx + 2)  # Excel numbers rows from 1; header is idx + 1
    for c in SHEETS[kind]:
        if c.key not in data.columns:
            data[c.key] = None
    return RawSheet(file, sheet, kind, data, unknown, fold(SYNTHETIC_MARK) in fold(title_text))


def _table(body: list[list] | pa.Table, columns: dict[int, str], width: int, first_row: int) -> pd.DataFrame:
    """The named columns of the body rows, blank rows dropped, with each row's spreadsheet number."""
    if isinstance(body, pa.Table):
        cols = {key: body.column(j) for j, key in columns.items()}
        blank = None
        for j in range(body.num_columns):
            empty = pc.equal(pc.utf8_trim_whitespace(body.column(j)), "")
            blank = empty if blank is None else pc.and_(blank, empty)
        numbers = np.arange(first_row, first_row + body.num_rows)
        keep = pc.invert(blank) if blank is not None else None
        data = pd.DataFrame({k: pd.Series(v.combine_chunks(), dtype=pd.ArrowDtype(pa.large_string())) for k, v in cols.items()})
        if keep is not None:
            mask = keep.to_numpy(zero_copy_only=False) if isinstance(keep, pa.Array) else keep.combine_chunks().to_numpy(zero_copy_only=False)
            data, numbers = data[mask].reset_index(drop=True), numbers[mask]
        data["_row"] = numbers
        return data
    rows, numbers = [], []
    for i, r in enumerate(body):
        if all(c in ("", None) or (isinstance(c, str) and not c.strip()) for c in r):
            continue
        rows.append([(r[j] if j < len(r) else "") for j in columns])
        numbers.append(first_row + i)
    data = pd.DataFrame(rows, columns=list(columns.values()), dtype=object)
    data["_row"] = numbers
    return data


def _col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s
