"""Read an admitted submission (xlsx/csv) into grids of cells: the bytes decoded, the cells untouched.

A file reaches a reader only after etl.guard has admitted it (etl.submission runs the stages in
order); what the grids mean (which row is the header, which column is which) is etl.headers' job.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from etl.columns import GUIDE_SHEET, HEADER_SCAN_ROWS, kind_from_sheet_name
from etl.errors import LoadError, display_name
from etl.tcvn3 import looks_like_tcvn3

# A cell may be as long as a file (a 1 MB description is rejected as too long, not a crash).
csv.field_size_limit(2**31 - 1)

Grids = list[tuple[str, list[list]]]
Formulas = dict[str, dict[tuple[int, int], tuple[str, str | None]]]


def read_grids(path: Path, fmt: str) -> tuple[Grids, Formulas, list[str]]:
    """(sheet name → grid, uncached formulas per sheet, warnings) of a file admitted as `fmt` ('xlsx' or
    'csv'). A CSV's grid holds its first rows and reads the rest when asked (CsvGrid.body)."""
    if fmt == "xlsx":
        grids = _excel_grids(path)
        return grids, _uncached_formulas(path, [n for n, g in grids if g]), []
    grid = _csv_grid(path)
    return [(path.stem, grid)], {}, list(grid.warnings)


def _excel_grids(path: Path) -> list[tuple[str, list[list]]]:
    """Each sheet's cells from A1 (calamine reads the values Excel cached; formulas are never run)."""
    from python_calamine import CalamineWorkbook

    name = display_name(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        # Read only the template-named sheets when there are some: the others are never used.
        # The guide sheet is read too: the template's header fields (unit, period) are on it.
        wanted = (
            [n for n in names if kind_from_sheet_name(n) or n == GUIDE_SHEET]
            if any(map(kind_from_sheet_name, names))
            else names
        )
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

    def body(self, header_idx: int, width: int) -> list[list] | pa.Table:
        """The records after the header row (see _csv_body)."""
        return _csv_body(self, header_idx, width)

    def all_rows(self) -> list[list]:
        """Every row of the file, the header's and the title's included (for a whole-file repair)."""
        return list(csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter))


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
    name = display_name(path)
    raw = path.read_bytes()
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
