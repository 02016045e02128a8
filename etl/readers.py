"""Read a submission file (xlsx/csv) into raw sheets: header found, columns named, cells untouched.

Before any parser sees a file, etl.guard checks its bytes (size, real type, a workbook's zip);
formats the loader does not read (.xls, .xlsm, .ods…) are refused with the fix in the message.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dvk import l10n
from etl import guard
from etl.columns import COMMENDATIONS, MODELS, PLACE_KEYS, SHEET_TITLES, SHEETS, match_header, required_columns
from etl.tcvn3 import fix_tcvn3_grid, looks_like_tcvn3
from etl.text import clean_text, fold

EXCEL_EXTS = {".xlsx"}
CSV_EXTS = {".csv", ".txt"}
# What a folder load picks up: the formats read, and spreadsheet formats refused by name (with the fix)
# rather than skipped in silence.
SUBMISSION_EXTS = EXCEL_EXTS | CSV_EXTS | {".xls", ".xlsm", ".xltm", ".xlam", ".xlsb", ".ods"}
HEADER_SCAN_ROWS = 50
MIN_HEADER_MATCHES = 3
SYNTHETIC_MARK = "DỮ LIỆU MẪU TỔNG HỢP"
MAX_WARNED_COLUMNS = 10  # unknown columns named in a warning; the rest are counted
EXTRA_COLUMN = "_extra"  # a CSV row's filled cells beyond the header's width (rejected with the row)


# A cell may be as long as a file (a 1 MB description is rejected as too long, not a crash).
csv.field_size_limit(2**31 - 1)


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
    # Cells holding a formula with no value cached by Excel, or an error as its value (they read as
    # empty): key → {row: formula}; the errors' values ("#N/A") in formula_errors.
    formulas: dict[str, dict[int, str]] = field(default_factory=dict)
    formula_errors: dict[str, dict[int, str]] = field(default_factory=dict)


def read_submission(path: Path) -> tuple[list[RawSheet], list[str]]:
    """All recognised sheets of a file and warnings about it; raises LoadError for a bad file."""
    ext = path.suffix.lower()
    name = guard.display_name(path)
    guard.check_file(path)
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    if ext in EXCEL_EXTS:
        guard.check_xlsx(path)
        grids = _excel_grids(path)
        formulas = _uncached_formulas(path, [n for n, g in grids if g])
    elif ext in CSV_EXTS:
        grid = _csv_grid(path)
        grids = [(path.stem, grid)]
    else:
        _refuse_extension(path, ext)
    sheets, warnings = [], []
    # When the workbook has sheets named like the template's, only those hold data (a lists or
    # instructions sheet may carry the same headers); otherwise any sheet with a header row counts.
    others = grids
    if any(_kind_from_sheet_name(n) for n, _ in grids):
        grids = [(n, grid) for n, grid in grids if _kind_from_sheet_name(n)]
    for sheet_name, grid in grids:
        if isinstance(grid, CsvGrid):
            warnings += grid.warnings
        fixed = fix_tcvn3_grid(grid)
        if fixed is not grid and isinstance(grid, CsvGrid):  # a TCVN3 file: convert all of it, not just the head
            fixed = fix_tcvn3_grid(list(csv.reader(io.StringIO(grid.text, newline=""), delimiter=grid.delimiter)))
        sheet = _recognise(name, sheet_name, fixed, warnings=warnings, others=others, formulas=formulas.get(sheet_name))
        if sheet is not None:
            sheets.append(sheet)
    if not sheets:
        raise LoadError(
            f"{name}: không tìm thấy bảng 'Mô hình' hoặc 'Khen thưởng' (không có dòng tiêu đề cột nào "
            "khớp mẫu). Dùng mẫu nộp số liệu: python -m etl template --out mau.xlsx"
        )
    return sheets, warnings


def _refuse_extension(path: Path, ext: str) -> None:
    name = guard.display_name(path)
    save_as = "Mở bằng Excel và chọn Lưu thành (Save As) 'Excel Workbook (.xlsx)', rồi nạp file .xlsx đó."
    if ext == ".xls":
        with open(path, "rb") as fh:
            kind = guard.sniff(fh.read(guard.HEAD_BYTES))
        if kind in ("ole", "html", "xml"):
            guard.refuse_content(path, kind, "xlsx")
        raise LoadError(f"{name}: file Excel 97–2003 (.xls) cũ, không được nhận. {save_as}")
    if ext in (".xlsm", ".xltm", ".xlam"):
        raise LoadError(f"{name}: file có macro ({ext}), không được nhận vì lý do an toàn. {save_as}")
    if ext == ".xlsb":
        raise LoadError(f"{name}: workbook nhị phân (.xlsb) không được nhận. {save_as}")
    if ext == ".ods":
        raise LoadError(
            f"{name}: file LibreOffice (.ods) không được nhận. Mở bằng LibreOffice, Lưu thành 'Excel 2007-365 (.xlsx)'."
        )
    raise LoadError(
        f"{name}: định dạng '{ext or '(không có đuôi)'}' không được hỗ trợ. "
        "Lưu file dưới dạng Excel (.xlsx) hoặc CSV (UTF-8) rồi nạp lại."
    )


def _excel_grids(path: Path) -> list[tuple[str, list[list]]]:
    """Each sheet's cells from A1 (calamine reads the values Excel cached; formulas are never run)."""
    from python_calamine import CalamineWorkbook

    name = guard.display_name(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        # Read only the template-named sheets when there are some: the others are never used.
        wanted = [n for n in names if _kind_from_sheet_name(n)] or names
        return [(n, wb.get_sheet_by_name(n).to_python(skip_empty_area=False) if n in wanted else []) for n in names]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's own errors, and a Rust panic (a BaseException) on odd XML
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise LoadError(
            f"{name}: không đọc được file Excel ({detail}). Mở bằng Excel, lưu lại thành .xlsx rồi nạp lại."
        ) from None


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _uncached_formulas(path: Path, sheets: list[str]) -> dict[str, dict[tuple[int, int], tuple[str, str | None]]]:
    """Per sheet, the cells (0-based row, column) holding a formula whose value Excel never cached or
    whose value is an error, with the formula's text and the error ("#N/A"). calamine reads such a
    cell as empty; the reason must say why."""
    out: dict[str, dict[tuple[int, int], tuple[str, str | None]]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            book = ET.fromstring(zf.read("xl/workbook.xml"))
            rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels}
            for sh in book.iter(f"{_MAIN_NS}sheet"):
                name = sh.get("name")
                target = targets.get(sh.get(f"{_REL_NS}id"), "")
                if name not in sheets or not target:
                    continue
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                with zf.open(part) as fh:
                    if not _has_formula(fh):
                        continue
                with zf.open(part) as fh:
                    out[name] = _formula_cells(fh)
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return out  # the workbook was read already; this only sharpens the reasons
    return out


def _has_formula(fh) -> bool:
    tail = b""
    while chunk := fh.read(1 << 22):
        if b"<f" in tail + chunk or b":f>" in tail + chunk or b":f " in tail + chunk:
            return True
        tail = chunk[-8:]
    return False


def _formula_cells(fh) -> dict[tuple[int, int], tuple[str, str | None]]:
    cells: dict[tuple[int, int], tuple[str, str | None]] = {}
    for _, el in ET.iterparse(fh):
        if el.tag != f"{_MAIN_NS}c":
            continue
        f, v = el.find(f"{_MAIN_NS}f"), el.find(f"{_MAIN_NS}v")
        value = (v.text or "").strip() if v is not None else ""
        error = value if el.get("t") == "e" and value else None
        if f is not None and (not value or error):
            m = _CELL_REF.match(el.get("r", ""))
            if m:
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                cells[(int(m.group(2)) - 1, col - 1)] = ("=" + (f.text or "(công thức dùng chung)"), error)
        el.clear()
    return cells


def decode_bytes(raw: bytes, name: str) -> str:
    """Text of a CSV (see decode_text)."""
    return decode_text(raw, name)[0]


def decode_text(raw: bytes, name: str) -> tuple[str, list[str]]:
    """(text, warnings) of a CSV: UTF-8 (with or without BOM), UTF-16 (with or without BOM), else the
    legacy Vietnamese code pages — TCVN3 (.VnTime) bytes, or Windows-1258 — line by line when a file
    mixes UTF-8 lines with legacy ones (rows pasted in from another file)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", name), []
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _strict(raw, utf16, name), [f"{name}: file UTF-16 không có BOM, đã đọc theo {utf16.upper()}."]
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = body.splitlines(keepends=True)
    legacy = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    codec = _legacy_codec([lines[i] for i in legacy[:500]])
    label = "TCVN3 (.VnTime)" if codec == "latin-1" else "Windows-1258"
    if all(lines[i].isascii() for i in set(range(len(lines))) - set(legacy)):
        return _strict(body, codec, name), []
    shown = ", ".join(str(i + 1) for i in legacy[:10]) + (" …" if len(legacy) > 10 else "")
    text = "".join(line.decode(codec) if i in set(legacy) else line.decode("utf-8") for i, line in enumerate(lines))
    return text, [
        f"{name}: file trộn hai bảng mã: {len(legacy)} dòng theo {label} (dòng {shown}), còn lại UTF-8; đã đọc từng "
        "dòng theo bảng mã của nó. Nên lưu lại toàn bộ file dạng 'CSV UTF-8'."
    ]


def _strict(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise LoadError(
            f"{name}: không nhận ra bảng mã của file CSV. Lưu lại bằng Excel: 'CSV UTF-8 (Comma delimited)'."
        ) from None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _legacy_codec(lines: list[bytes]) -> str:
    """'latin-1' when the lines are TCVN3 bytes (the TCVN3 fixer reads them from Latin-1 text), else 'cp1258'."""
    tcvn3 = sum(looks_like_tcvn3(line.decode("latin-1")) for line in lines)
    try:
        b"".join(lines).decode("cp1258")
    except UnicodeDecodeError:
        return "latin-1"  # bytes Windows-1258 leaves undefined: not Windows-1258
    return "latin-1" if tcvn3 and tcvn3 * 2 >= sum(not line.isascii() for line in lines) else "cp1258"


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes fill one byte of most pairs, as in UTF-16 text."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if odd > 0.3 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


class CsvGrid(list):
    """The first rows of a CSV as a grid (for header detection) plus the text to read the rest fast."""

    def __init__(
        self, rows: list[list], text: str, delimiter: str, complete: bool, name: str = "", warnings=None
    ) -> None:
        super().__init__(rows)
        self.text, self.delimiter, self.complete = text, delimiter, complete
        self.name = name
        self.warnings: list[str] = warnings or []


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
    name = guard.display_name(path)
    raw = path.read_bytes()
    kind = guard.sniff(raw[: guard.HEAD_BYTES])
    if kind != "text":
        guard.refuse_content(path, kind, "csv")
    if not _utf16_without_bom(raw) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = raw[:65536]
        controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 11, 12, 13))
        if controls > 0.05 * len(head):
            raise LoadError(
                f"{name}: file chứa nhiều ký tự nhị phân, không phải CSV văn bản. Xuất lại từ Excel dạng CSV UTF-8."
            )
    text, warnings = decode_text(raw, name)
    if not text.strip(" \t\r\n\ufeff\x00"):
        raise LoadError(
            f"{name}: file không có nội dung (chỉ có khoảng trắng hoặc dấu BOM). Xuất lại file từ Excel rồi nạp lại."
        )
    delimiter = _delimiter(text[:20000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    head = [row for _, row in zip(range(HEADER_SCAN_ROWS + 1), reader)]
    return CsvGrid(head, text, delimiter, complete=len(head) <= HEADER_SCAN_ROWS, name=name, warnings=warnings)


def _csv_body(grid: CsvGrid, header_idx: int, width: int) -> list[list] | pa.Table:
    """Records after the header: an Arrow table read in C++ when the file is regular, else Python rows."""
    reader = csv.reader(io.StringIO(grid.text, newline=""), delimiter=grid.delimiter)
    for _ in range(header_idx + 1):
        next(reader, None)
    start = _line_offset(grid.text, reader.line_num)
    body = grid.text[start:]
    irregular = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=[f"c{j}" for j in range(width)], block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=grid.delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=lambda row: irregular.append(row) or "skip",
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"c{j}": pa.large_string() for j in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        irregular.append(True)
    base = reader.line_num  # lines before the body
    if not irregular:
        last = table.slice(table.num_rows - 1).to_pylist()[0].values() if table.num_rows else []
        if any("\n" in v or "\r" in v for v in last):  # the last record spans lines: was a quote left open?
            _records(grid, body, base)
        return table
    return _records(grid, body, base)  # ragged rows or odd quoting: the slow, forgiving reader keeps every row


def _records(grid: CsvGrid, body: str, base: int) -> list[list]:
    """The body's rows by the csv module; refuses a file whose last record opens a quote it never
    closes (every following line would silently fold into that one cell)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=grid.delimiter)
    rows, begin, last_begin = [], 0, 0
    for row in reader:
        rows.append(row)
        last_begin, begin = begin, reader.line_num
    tail = body[_line_offset(body, last_begin) :]
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=grid.delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise LoadError(
                f'{grid.name}: dấu ngoặc kép (") ở dòng {base + last_begin + 1} mở mà không đóng, nên mọi dòng sau '
                'đó bị gộp vào một ô. Sửa ô đó (thêm dấu " đóng hoặc xóa dấu mở) rồi lưu lại file.'
            ) from None
    return rows


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


def _find_header(grid: list[list], kinds: tuple[str, ...] = (MODELS, COMMENDATIONS)) -> tuple[int, str, int] | None:
    """(row index, sheet kind, matches) of the row that looks most like a header row."""
    best = None
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        for kind in kinds:
            hits = {match_header(kind, c) for c in row if c not in ("", None)} - {None}
            if len(hits) >= MIN_HEADER_MATCHES and (best is None or len(hits) > best[2]):
                best = (i, kind, len(hits))
    return best


def _header_rows(grid: list[list], idx: int, kind: str) -> tuple[list, int]:
    """The header row completed from a second header row just above or below it — the layout of a
    header with merged cells: 'Kết quả' merged over 'Đất hiến (m²)', 'Ngày công'… in the next row,
    'Tên mô hình' merged down over both rows — and the index of the last header row."""
    header, last = list(grid[idx]), idx

    def known(cells: list, j: int) -> bool:
        return j < len(cells) and cells[j] not in ("", None) and match_header(kind, cells[j]) is not None

    for nb in (idx - 1, idx + 1):
        if not 0 <= nb < len(grid):
            continue
        row = grid[nb]
        fill = {j: c for j, c in enumerate(row) if known(row, j) and not known(header, j)}
        if not fill:
            continue
        if nb > idx and any(row[j] not in ("", None) for j in range(min(len(row), len(header))) if known(header, j)):
            continue  # values under recognised columns: a data row, not part of the header
        header += [""] * (max(fill) + 1 - len(header))
        for j, c in fill.items():
            header[j] = c
        last = max(last, nb)
    return header, last


def _recognise(
    file: str, sheet: str, grid: list[list], warnings: list[str], others: list, formulas: dict | None = None
) -> RawSheet | None:
    named = _kind_from_sheet_name(sheet)
    found = _find_header(grid, (named,) if named else (MODELS, COMMENDATIONS))
    if named:  # the other sheet's table under this sheet's name
        other = _find_header(grid, tuple(k for k in SHEETS if k != named))
        if other is not None and (found is None or other[2] > found[2]):
            raise LoadError(
                f"{file}, sheet '{sheet}': sheet tên '{SHEET_TITLES[named]}' nhưng chứa bảng "
                f"'{SHEET_TITLES[other[1]]}'. Đổi tên sheet thành '{SHEET_TITLES[other[1]]}' (hoặc chép bảng sang đúng sheet)."
            )
    if found is None:
        if not named:
            return None
        rest = [n for n, _ in others if n != sheet]
        hint = (
            f" Nếu số liệu nằm ở sheet khác ({', '.join(repr(n) for n in rest[:5])}), chép sang sheet này."
            if rest
            else ""
        )
        raise LoadError(
            f"{file}, sheet '{sheet}': không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu. Dòng tiêu đề "
            f"phải có các cột như trong mẫu ({', '.join(c.header for c in required_columns(named))}).{hint}"
        )
    idx, kind, _ = found
    header, last = _header_rows(grid, idx, kind)
    columns: dict[int, str] = {}
    unknown = []
    seen: dict[str, int] = {}
    for j, cell in enumerate(header):
        if cell in ("", None):
            continue
        key = match_header(kind, cell)
        if key is None:
            if clean_text(cell):
                unknown.append(clean_text(cell)[:60])
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
        shown = ", ".join(unknown[:MAX_WARNED_COLUMNS])
        more = len(unknown) - MAX_WARNED_COLUMNS
        shown += f" … và {l10n.number(more)} cột khác" if more > 0 else ""
        warnings.append(f"{file}, sheet '{sheet}': bỏ qua cột không có trong mẫu: {shown}")
    title_text = " ".join(clean_text(c) for r in grid[:idx] for c in r if c not in ("", None))
    width = max(max(columns) + 1, len(header))
    if isinstance(grid, CsvGrid):
        body = _csv_body(grid, last, width)
    else:
        body = grid[last + 1 :]
    data = _table(body, columns, width, first_row=last + 2, ragged=isinstance(grid, CsvGrid))
    for c in SHEETS[kind]:
        if c.key not in data.columns:
            data[c.key] = None
    if data.empty:
        warnings.append(f"{file}, sheet '{sheet}': không có dòng số liệu nào dưới dòng tiêu đề.")
    uncached: dict[str, dict[int, str]] = {}
    errors: dict[str, dict[int, str]] = {}
    for (r, j), (text, error) in (formulas or {}).items():
        if j in columns and r > last:
            uncached.setdefault(columns[j], {})[r + 1] = text
            if error:
                errors.setdefault(columns[j], {})[r + 1] = error
    synthetic = fold(SYNTHETIC_MARK) in fold(title_text)
    return RawSheet(file, sheet, kind, data, unknown, synthetic, uncached, errors)


def _table(
    body: list[list] | pa.Table, columns: dict[int, str], width: int, first_row: int, ragged: bool = False
) -> pd.DataFrame:
    """The named columns of the body rows, blank rows dropped, with each row's spreadsheet number.

    With `ragged` (CSV), a row holding filled cells beyond the header's width gets them in EXTRA_COLUMN:
    the row is rejected, since its cells have most likely shifted (a delimiter typed inside a cell)."""
    if isinstance(body, pa.Table):
        cols = {key: body.column(j) for j, key in columns.items()}
        blank = None
        for j in range(body.num_columns):
            empty = pc.equal(pc.utf8_trim_whitespace(body.column(j)), "")
            blank = empty if blank is None else pc.and_(blank, empty)
        numbers = np.arange(first_row, first_row + body.num_rows)
        keep = pc.invert(blank) if blank is not None else None
        data = pd.DataFrame(
            {k: pd.Series(v.combine_chunks(), dtype=pd.ArrowDtype(pa.large_string())) for k, v in cols.items()}
        )
        if keep is not None:
            mask = (
                keep.to_numpy(zero_copy_only=False)
                if isinstance(keep, pa.Array)
                else keep.combine_chunks().to_numpy(zero_copy_only=False)
            )
            data, numbers = data[mask].reset_index(drop=True), numbers[mask]
        data["_row"] = numbers
        return data
    rows, numbers, extra = [], [], []
    for i, r in enumerate(body):
        if all(c in ("", None) or (isinstance(c, str) and not c.strip()) for c in r):
            continue
        rows.append([(r[j] if j < len(r) else "") for j in columns])
        numbers.append(first_row + i)
        if ragged:
            over = [c for c in r[width:] if isinstance(c, str) and c.strip()]
            extra.append(f"{len(r)} ô (tiêu đề {width} cột): " + " | ".join(over)[:200] if over else None)
    data = pd.DataFrame(rows, columns=list(columns.values()), dtype=object)
    if any(e is not None for e in extra):
        data[EXTRA_COLUMN] = pd.Series(extra, dtype=object)
    data["_row"] = numbers
    return data


def _col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s
