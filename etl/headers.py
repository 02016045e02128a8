"""Recognise a sheet's table in its grid: the header row found, columns named, rows numbered, cells untouched.

The grid comes from etl.readers (text repaired by etl.tcvn3); the sheet it gives goes to etl.validate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dvk import l10n
from etl.columns import (
    COMMENDATIONS,
    HEADER_SCAN_ROWS,
    MODELS,
    PLACE_KEYS,
    SHEET_TITLES,
    SHEETS,
    kind_from_sheet_name,
    match_header,
    required_columns,
)
from etl.errors import LoadError
from etl.text import clean_text, fold

MIN_HEADER_MATCHES = 3
SYNTHETIC_MARK = "DỮ LIỆU MẪU TỔNG HỢP"
MAX_WARNED_COLUMNS = 10  # unknown columns named in a warning; the rest are counted
EXTRA_COLUMN = "_extra"  # a CSV row's filled cells beyond the header's width (rejected with the row)


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
    # The template's header fields, read from any sheet of the file (declared_fields): "unit"/"period" → text.
    declared: dict[str, str] = field(default_factory=dict)


DECLARED_FIELDS = {"unit": "Đơn vị báo cáo", "period": "Kỳ báo cáo"}  # the template's two header fields
# The Commission's receipt date, entered in the file by the analyst for a file that came by post or
# e-mail (like the "ĐẾN" stamp on a paper document); not in the template, which the units fill in.
RECEIVED_FIELD = {"received": "Ngày nhận"}
DECLARED_SCAN_ROWS = 12


def declared_fields(grids: list) -> dict[str, str]:
    """The unit and period a file declares (and the date it was received): a cell 'Đơn vị báo cáo' (or
    'Kỳ báo cáo', 'Ngày nhận') in the first rows of any sheet, its value after a colon in the same cell or in the next filled cell of the row."""
    labels = {fold(v): k for k, v in {**DECLARED_FIELDS, **RECEIVED_FIELD}.items()}
    out: dict[str, str] = {}
    for _, grid in grids:
        for row in list(grid[:DECLARED_SCAN_ROWS]):
            cells = [clean_text(c) if c not in (None,) else "" for c in row]
            for j, cell in enumerate(cells):
                head, _, tail = cell.partition(":")
                key = labels.get(fold(head).strip(" *"))
                if key is None or key in out:
                    continue
                value = tail.strip() or next((c for c in cells[j + 1 :] if c), "")
                if value:
                    out[key] = value
    return out


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


def recognise(
    file: str, sheet: str, grid: list[list], warnings: list[str], others: list, formulas: dict | None = None
) -> RawSheet | None:
    """The sheet's table, None for a sheet without one (unless its name says it holds one: LoadError)."""
    named = kind_from_sheet_name(sheet)
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
    # A CSV's grid (etl.readers.CsvGrid) holds the first rows only and reads the records below the header itself.
    lazy = hasattr(grid, "body")
    body = grid.body(last, width) if lazy else grid[last + 1 :]
    data = _table(body, columns, width, first_row=last + 2, ragged=lazy)
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
