"""Turn a raw sheet into clean typed rows (an Arrow table), rejected cells and warnings, with reasons.

A row is rejected only when it cannot be counted: no name, no place that resolves, no valid year,
an impossible number. Everything else loads; what the loader had to decide (a listed value it does
not know, kept as "Chưa phân loại"; an ambiguous number; an unreadable date…) is a warning.

Columns are processed whole (etl.vector): text rules run in Arrow kernels, and the rules that
need judgement run once per distinct value, so a 100,000-row sheet with a few hundred distinct
districts or years costs a few hundred Python calls, not 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dvk import clock, l10n
from dvk.labels import UNCLASSIFIED
from etl.columns import SHEETS, Column
from etl.errors import ParseError
from etl.headers import EXTRA_COLUMN, RawSheet
from etl.places import PlaceResolver
from etl.text import clean_text, fold, parse_date, parse_year
from etl.vector import clean_text as clean_array
from etl.vector import map_distinct, parse_numbers, to_text
from etl.vocabulary import Vocabulary, load_vocabulary

MIN_YEAR = 2009  # the national movement began in 2009
MAX_PLACE_LEN = 200  # longer than any district or commune name with its notes

REJECT_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]
WARNING_COLUMNS = ["file", "sheet", "row", "column", "value", "became", "reason"]
ARROW_TYPES = {
    "text": pa.large_string(),
    "enum": pa.large_string(),
    "year": pa.int32(),
    "int": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
}
FORMULA_REASON = "ô chứa công thức nhưng không có giá trị lưu sẵn (mở file bằng Excel để Excel tính, rồi lưu lại)"
FORMULA_ERROR = "ô chứa công thức cho kết quả lỗi ({err}): sửa công thức trong Excel, hoặc ghi giá trị, rồi lưu lại"
EMPTY_VI = "(để trống)"
_UNKNOWN = "\x00unknown"  # a listed value the vocabulary does not know (kept as UNCLASSIFIED, with a warning)
CONVENTION_WORDS = {
    "vi": "cách viết số Việt Nam (dấu chấm phân cách hàng nghìn, dấu phẩy thập phân)",
    "en": "cách viết số tiếng Anh (dấu phẩy phân cách hàng nghìn, dấu chấm thập phân)",
}


def _parser(col: Column, current_year: int) -> Callable[[str], object]:
    """The rule for one cell value (already clean text) of a year or date column."""

    def year(v: str) -> int:
        y = parse_year(v)
        if not MIN_YEAR <= y <= current_year:
            raise ParseError(f"năm ngoài khoảng {MIN_YEAR}–{current_year}")
        return y

    def date(v: str) -> dt.date:
        d = parse_date(v)
        if not dt.date(MIN_YEAR, 1, 1) <= d <= dt.date(current_year, 12, 31):
            raise ParseError(f"ngày ngoài khoảng {MIN_YEAR}–{current_year}")
        return d

    return {"year": year, "date": date}[col.type]


def _decide(vi: int, en: int) -> str | None:
    return "vi" if vi > en else "en" if en > vi else None


class _Notes:
    """Problems (the row is rejected) and warnings (the row loads) found in a sheet, column by column."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.bad = np.zeros(n, dtype=bool)
        self.problems: list[tuple[np.ndarray, str, np.ndarray]] = []  # (mask, column key, reasons)
        self.warnings: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []  # (mask, key, reasons, became)

    def _full(self, v) -> np.ndarray:
        return v if isinstance(v, np.ndarray) else np.full(self.n, v, dtype=object)

    def reject(self, mask: np.ndarray, key: str, reasons) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.problems.append((mask, key, self._full(reasons)))
            self.bad |= mask

    def warn(self, mask: np.ndarray, key: str, became, reasons) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.warnings.append((mask, key, self._full(reasons), self._full(became)))

    def rejected_for(self, key: str) -> np.ndarray:
        """Rows already rejected for this column (a value that did not parse is not also 'missing')."""
        mask = np.zeros(self.n, dtype=bool)
        for m, k, _ in self.problems:
            if k == key:
                mask |= m
        return mask


def validate(
    sheet: RawSheet, places: PlaceResolver, current_year: int | None = None, vocab: Vocabulary | None = None
) -> tuple[pa.Table, pd.DataFrame, pd.DataFrame]:
    """(clean rows, rejects, warnings) for one sheet; a rejected row is rejected whole, every problem listed."""
    current_year = current_year or clock.current_year()  # the province's year, not the server's
    vocab = vocab or load_vocabulary()
    raw = sheet.data
    n = len(raw)
    rows = raw["_row"].to_numpy()
    out: dict[str, pa.Array] = {}
    notes = _Notes(n)

    def formula(key: str) -> tuple[np.ndarray, np.ndarray]:
        """Cells of a column holding a formula with no value Excel computed, or an error as its value
        (they read as empty), and the reason for each."""
        cells = sheet.formulas.get(key)
        if not cells:
            return np.zeros(n, dtype=bool), np.full(n, FORMULA_REASON, dtype=object)
        why = np.full(n, FORMULA_REASON, dtype=object)
        for r, err in sheet.formula_errors.get(key, {}).items():
            why[rows == r] = FORMULA_ERROR.format(err=err)
        return np.isin(rows, list(cells)), why

    cols = SHEETS[sheet.kind]
    # Numbers first: how the sheet writes them is decided by every numeric column's unambiguous cells.
    numbers = {
        c.key: parse_numbers(raw[c.key], "vi", c.type == "int" or c.whole, {fold(u): f for u, f in c.units}, c.unit)
        for c in cols
        if c.type in ("number", "int")
    }
    sheet_votes = tuple(map(sum, zip(*(n.votes for n in numbers.values())))) if numbers else (0, 0, 0)

    texts: dict[str, pa.Array] = {}
    for col in cols:
        uncached, fwhy = formula(col.key)
        if col.type in ("number", "int"):
            _numbers(col, numbers[col.key], sheet_votes, uncached, fwhy, notes, out)
            present = pc.is_valid(out[col.key]).to_numpy(zero_copy_only=False)
        elif col.type in ("text", "commune"):
            text = clean_array(to_text(raw[col.key]))
            texts[col.key] = text
            too_long = np.asarray(
                pc.fill_null(pc.greater(pc.utf8_length(text), col.max_len), False).to_numpy(zero_copy_only=False),
                dtype=bool,
            )
            if col.type == "commune" or col.required:  # a name or place this long is not one: cells have slipped
                notes.reject(too_long, col.key, f"quá dài (tối đa {l10n.number(col.max_len)} ký tự)")
                if col.type == "commune":
                    continue
            elif too_long.any():
                notes.warn(too_long, col.key, f"cắt còn {l10n.number(col.max_len)} ký tự", "quá dài")
                text = pc.if_else(pa.array(too_long), pc.utf8_slice_codeunits(text, 0, col.max_len), text)
            out[col.key] = text
            present = pc.is_valid(text).to_numpy(zero_copy_only=False)
            if not col.required:
                notes.warn(uncached & ~np.asarray(present, dtype=bool), col.key, EMPTY_VI, fwhy)
        elif col.type == "enum":
            # Few distinct values: clean and read each distinct raw value once.
            text = to_text(raw[col.key])
            texts[col.key] = text
            read = vocab.issuer if col.key == "issuer" else (lambda v, e=col.enum: vocab.code(e, v))
            codes, _ = map_distinct(text, lambda v, read=read: (read(c) or _UNKNOWN) if (c := clean_text(v)) else None)
            if col.key == "issuer":  # free text: the body and level are read from its words; the text is kept
                cleaned, _ = map_distinct(text, lambda v: clean_text(v) or None)
                out["issuer_text"] = pa.array(cleaned.tolist(), type=pa.large_string())
            unknown = codes == _UNKNOWN
            given = codes != None  # noqa: E711 — element-wise
            missing = ~given & (col.required | uncached)
            codes = np.where(unknown | missing, UNCLASSIFIED.code, codes)
            notes.warn(
                unknown,
                col.key,
                UNCLASSIFIED.vi,
                "không có trong danh mục (thêm cách viết này vào config/vocabulary.toml)",
            )
            notes.warn(missing & uncached, col.key, UNCLASSIFIED.vi, fwhy)
            notes.warn(missing & ~uncached, col.key, UNCLASSIFIED.vi, "bỏ trống")
            out[col.key] = pa.array(codes.tolist(), type=pa.large_string())
            continue
        else:
            # Few distinct values: clean and parse each distinct raw value once.
            text = to_text(raw[col.key])
            texts[col.key] = text
            if col.type == "district":
                continue
            parse = _parser(col, current_year)
            values, reasons = map_distinct(text, lambda v, parse=parse: parse(c) if (c := clean_text(v)) else None)
            failed = reasons != None  # noqa: E711
            if col.required:
                notes.reject(failed, col.key, reasons)
            else:  # an optional date that cannot be read: the row still counts, by its year
                notes.warn(failed, col.key, EMPTY_VI, reasons)
                notes.warn(uncached, col.key, EMPTY_VI, fwhy)
            out[col.key] = pa.array(values.tolist(), type=ARROW_TYPES[col.type])
            present = pc.is_valid(out[col.key]).to_numpy(zero_copy_only=False)
        if col.required:
            absent = ~np.asarray(present, dtype=bool) & ~notes.rejected_for(col.key)
            notes.reject(absent & uncached, col.key, fwhy)
            notes.reject(absent & ~uncached, col.key, "bắt buộc, không được để trống")

    if "host_sector" in out and "host_unit" in out:
        _refine_sector(out, vocab)

    if EXTRA_COLUMN in raw:  # a CSV row with filled cells beyond the header (see etl.headers._table)
        extra = raw[EXTRA_COLUMN].to_numpy(dtype=object)
        notes.reject(
            np.array([e is not None for e in extra], dtype=bool),
            EXTRA_COLUMN,
            "dòng có nhiều ô hơn dòng tiêu đề: các ô có thể đã lệch cột (dấu phân cách trong một ô không đặt trong "
            "ngoặc kép). Đặt ô đó trong ngoặc kép hoặc xóa các ô thừa",
        )

    # Places: the pair (Huyện, Xã) decides the district; resolved once per distinct pair.
    pair = pc.binary_join_element_wise(
        pc.fill_null(texts["district"], ""), pc.fill_null(texts["commune"], ""), pa.scalar("\x1f", pa.large_string())
    )
    # rsplit: the commune text is clean, but the raw district text may itself hold a \x1f.
    resolved, _ = map_distinct(pair, lambda p: _resolve_place(p.rsplit("\x1f", 1), places))
    filled = [r if r is not None else (None, None, None, None) for r in resolved]
    dcode, _commune, pcol, preason = (
        (np.array(x, dtype=object) for x in zip(*filled)) if n else (np.empty(0, dtype=object),) * 4
    )
    for key in ("district", "commune"):
        at_fault = pcol == key
        uncached, fwhy = formula(key)
        notes.reject(at_fault & uncached, key, fwhy)
        notes.reject(at_fault & ~uncached, key, preason)
    # The 2025 commune (commune_code) is placed after the insert, over the whole warehouse, by
    # etl.crosswalk: a name is read as a former or a 2025 commune by the record's date.
    out["district_code"] = pa.array(dcode.tolist(), type=pa.large_string())
    out["commune"] = texts["commune"]
    out["source_row"] = pa.array(rows, type=pa.int32())

    clean = pa.table(out).filter(pa.array(~notes.bad))
    kept = [(m & ~notes.bad, k, r, b) for m, k, r, b in notes.warnings]  # a rejected row's warnings only distract
    return (
        clean,
        _report(sheet, raw, notes.problems, REJECT_COLUMNS),
        _report(sheet, raw, [w for w in kept if w[0].any()], WARNING_COLUMNS),
    )


def _numbers(col: Column, nums, sheet_votes, uncached, fwhy, notes: _Notes, out: dict) -> None:
    """One numeric column: values in the sheet's convention, impossible ones rejected, guesses warned."""
    vi, en, dots = nums.votes
    # The column's own unambiguous cells decide, else the sheet's; failing both, a decimal point
    # somewhere says English; else Vietnamese. Settled only when unambiguous cells all agree.
    convention = _decide(vi, en) or _decide(*sheet_votes[:2]) or ("en" if dots or sheet_votes[2] else "vi")
    own = (vi, en) if vi or en else sheet_votes[:2]
    settled = bool(own[0]) != bool(own[1])
    values = nums.in_english() if convention == "en" else nums.values
    unreadable = nums.reasons != None  # noqa: E711 — element-wise
    notes.warn(unreadable, col.key, EMPTY_VI, np.where(unreadable, nums.reasons, None))
    notes.warn(uncached, col.key, EMPTY_VI, fwhy)
    notes.reject(values < 0, col.key, "không được âm")
    huge = (np.isinf(values) | (values > col.max_value)) if col.max_value else np.isinf(values)
    notes.reject(
        huge & (values > 0),
        col.key,
        f"quá lớn (tối đa {l10n.number(col.max_value or 0)}): kiểm tra lại đơn vị và số chữ số",
    )
    unusable = huge | np.isinf(values)
    if col.type == "int":
        frac = ~np.isnan(values) & ~unusable & (np.mod(np.nan_to_num(values, posinf=0, neginf=0), 1) != 0)
        notes.reject(frac, col.key, "phải là số nguyên")
        unusable |= frac
    ok = ~np.isnan(values) & ~unusable

    def shown(mask: np.ndarray) -> np.ndarray:
        return np.array([l10n.number(v, None) if m else None for v, m in zip(values, mask)], dtype=object)

    if not settled:
        amb = nums.ambiguous & ok
        reason = f"số viết chưa rõ quy ước: đã đọc theo {CONVENTION_WORDS[convention]}; nếu sai, sửa ô"
        notes.warn(amb, col.key, shown(amb), reason)
    approx = nums.approximate & ok
    notes.warn(approx, col.key, shown(approx), "số ước lượng ('khoảng', 'trên'…): nạp con số ghi trong ô")
    # Values of rejected cells are dropped before the cast (an int64 cannot hold 1e30).
    values = np.where(unusable, np.nan, values)
    out[col.key] = pa.array(values, type=pa.float64(), from_pandas=True)
    if col.type == "int":
        out[col.key] = pc.cast(out[col.key], pa.int64())


def _refine_sector(out: dict[str, pa.Array], vocab: Vocabulary) -> None:
    """A host sector written as the generic "Đoàn thể" takes the organisation the host unit names."""
    sector = out["host_sector"].to_numpy(zero_copy_only=False)
    generic = sector == "doan_the"
    if not generic.any():
        return
    units = pc.if_else(pa.array(generic), out["host_unit"], pa.scalar(None, pa.large_string()))
    found, _ = map_distinct(units, vocab.sector_from_unit)
    refined = generic & (found != None)  # noqa: E711
    out["host_sector"] = pa.array(np.where(refined, found, sector).tolist(), type=pa.large_string())


def _report(sheet: RawSheet, raw: pd.DataFrame, notes: list, columns: list[str]) -> pd.DataFrame:
    """Rejected cells (mask, key, reasons) or warnings (mask, key, reasons, became) as report rows,
    by row and column. Only the noted cells are read (a sheet can have 100,000 rows)."""
    header = {c.key: c.header for c in SHEETS[sheet.kind]} | {EXTRA_COLUMN: "(ô thừa ngoài bảng)"}
    numbers = raw["_row"].to_numpy()
    parts: dict[str, list] = {c: [] for c in columns}
    for mask, key, reasons, *became in notes:
        idx = np.flatnonzero(mask)
        rows = numbers[idx]
        formulas = sheet.formulas.get(key, {})
        cells = raw[key].iloc[idx].tolist()
        parts["row"] += rows.tolist()
        parts["column"] += [header[key]] * len(idx)
        # A formula is shown as text with a leading apostrophe: never something a spreadsheet runs.
        parts["value"] += ["'" + formulas[r][:200] if r in formulas else _show(v) for v, r in zip(cells, rows)]
        parts["reason"] += reasons[idx].tolist()
        if became:
            parts["became"] += became[0][idx].tolist()
    n = len(parts["row"])
    parts["file"], parts["sheet"] = [sheet.file] * n, [sheet.sheet] * n
    rep = pd.DataFrame({c: pd.Series(parts[c], dtype="int64" if c == "row" else object) for c in columns})
    return rep.sort_values(["row", "column"], kind="stable").reset_index(drop=True) if n else rep


def _show(v: object) -> str:
    """The cell as the user typed it, shortened for the report (cut before cleaning: cells can be megabytes)."""
    s = clean_text(v[:1000] if isinstance(v, str) else v)
    return s if len(s) <= 200 and not (isinstance(v, str) and len(v) > 1000) else s[:200] + "…"


def _resolve_place(pair: list[str], places: PlaceResolver):
    """(district code, 2025 commune code, column at fault, reason) for a (Huyện, Xã) pair."""
    district_text, commune_text = pair
    if len(district_text) > MAX_PLACE_LEN:  # no place name is this long; matching it would only cost time
        return None, None, "district", "không nhận ra huyện (ô quá dài)"
    if len(commune_text) > MAX_PLACE_LEN:
        return None, None, "commune", "không nhận ra xã/phường (ô quá dài)"
    district = commune = None
    if district_text:
        try:
            district = places.district(district_text)
        except ParseError as exc:
            return None, None, "district", str(exc)
    if commune_text:
        commune, hint = places.commune(commune_text)
        if commune is not None:
            former = places.commune_former[commune]
            if district is None:
                district = hint if hint in former else places.commune_district[commune]
                district = "380" if district == "405" and hint is None else district
            elif district not in former and places.commune_district[commune] != district:
                commune = None  # an old commune that shares its name with a new one elsewhere
        elif district is None and hint is not None:
            district = hint  # "Đông Ninh (Đông Sơn)": a former commune, placed by the district in brackets
    if district is None:
        if commune_text:
            reason = "không nhận ra xã/phường mới (sau 1/7/2025) và cột Huyện để trống" + places.commune_suggestions(
                commune_text
            )
            return None, None, "commune", reason
        return None, None, "district", "thiếu Huyện (hoặc Xã/phường mới sau 1/7/2025)"
    return district, commune, None, None
