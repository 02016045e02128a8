"""Turn a raw sheet into clean typed rows (an Arrow table) and a list of rejected cells with reasons.

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

from dvk import clock
from dvk.labels import ENUMS
from etl.columns import SHEETS, Column
from etl.places import PlaceResolver
from etl.readers import EXTRA_COLUMN, RawSheet
from etl.text import ParseError, clean_text, fold, parse_date, parse_year
from etl.vector import clean_text as clean_array
from etl.vector import map_distinct, parse_numbers, to_text

MIN_YEAR = 2009  # the national movement began in 2009
NEW_COMMUNES_FROM = 2025  # a 2025 commune code only for records from this year on
MAX_PLACE_LEN = 200  # longer than any district or commune name with its notes

REJECT_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]
ARROW_TYPES = {
    "text": pa.large_string(),
    "enum": pa.large_string(),
    "year": pa.int32(),
    "int": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
}


def _enum_lookup(enum: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for opt in ENUMS[enum]:
        for name in (opt.code, opt.vi, opt.en, *opt.aliases):
            table.setdefault(fold(name), opt.code)
    return table


ENUM_LOOKUP = {name: _enum_lookup(name) for name in ENUMS}


def _parser(col: Column, current_year: int) -> Callable[[str], object]:
    """The rule for one cell value (already clean text) of a column."""

    def enum(v: str) -> str:
        code = ENUM_LOOKUP[col.enum].get(fold(v))
        if code is None:
            raise ParseError(f"không có trong danh mục (chọn: {' / '.join(o.vi for o in ENUMS[col.enum])})")
        return code

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

    return {"enum": enum, "year": year, "date": date}[col.type]


def _fmt(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def validate(sheet: RawSheet, places: PlaceResolver, current_year: int | None = None) -> tuple[pa.Table, pd.DataFrame]:
    """(clean rows, rejects) for one sheet; a row with any problem is rejected whole, every problem listed."""
    current_year = current_year or clock.current_year()  # the province's year, not the server's
    raw = sheet.data
    n = len(raw)
    out: dict[str, pa.Array] = {}
    problems: list[tuple[np.ndarray, str, np.ndarray]] = []  # (mask, column key, reasons)
    bad = np.zeros(n, dtype=bool)

    def note(mask: np.ndarray, key: str, reasons: np.ndarray | str) -> None:
        nonlocal bad
        if mask.any():
            problems.append((mask, key, np.full(n, reasons, dtype=object) if isinstance(reasons, str) else reasons))
            bad |= mask

    texts: dict[str, pa.Array] = {}
    for col in SHEETS[sheet.kind]:
        if col.type in ("number", "int"):
            values, reasons = parse_numbers(raw[col.key])
            note(reasons != None, col.key, reasons)  # noqa: E711 — element-wise
            note(values < 0, col.key, "không được âm")
            huge = (np.isinf(values) | (values > col.max_value)) if col.max_value else np.isinf(values)
            note(
                huge & (values > 0),
                col.key,
                f"quá lớn (tối đa {_fmt(col.max_value or 0)}): kiểm tra lại đơn vị và số chữ số",
            )
            unusable = huge | np.isinf(values)
            if col.type == "int":
                frac = ~np.isnan(values) & ~unusable & (np.mod(np.nan_to_num(values, posinf=0, neginf=0), 1) != 0)
                note(frac, col.key, "phải là số nguyên")
                unusable |= frac
            # Values of rejected cells are dropped before the cast (an int64 cannot hold 1e30).
            values = np.where(unusable, np.nan, values)
            out[col.key] = pa.array(values, type=pa.float64(), from_pandas=True)
            if col.type == "int":
                out[col.key] = pc.cast(out[col.key], pa.int64())
            present = ~np.isnan(values) | unusable
        elif col.type in ("text", "commune"):
            text = clean_array(to_text(raw[col.key]))
            texts[col.key] = text
            too_long = pc.fill_null(pc.greater(pc.utf8_length(text), col.max_len), False).to_numpy(zero_copy_only=False)
            note(np.asarray(too_long, dtype=bool), col.key, f"quá dài (tối đa {_fmt(col.max_len)} ký tự)")
            if col.type == "commune":
                continue
            out[col.key] = text
            present = pc.is_valid(text).to_numpy(zero_copy_only=False)
        else:
            # Few distinct values: clean and parse each distinct raw value once.
            text = to_text(raw[col.key])
            texts[col.key] = text
            if col.type == "district":
                continue
            parse = _parser(col, current_year)
            values, reasons = map_distinct(text, lambda v, parse=parse: parse(c) if (c := clean_text(v)) else None)
            note(reasons != None, col.key, reasons)  # noqa: E711
            out[col.key] = pa.array(values.tolist(), type=ARROW_TYPES[col.type])
            present = pc.is_valid(out[col.key]).to_numpy(zero_copy_only=False)
        if col.required:
            note(
                ~np.asarray(present, dtype=bool) & ~bad_for(problems, col.key, n),
                col.key,
                "bắt buộc, không được để trống",
            )

    if EXTRA_COLUMN in raw:  # a CSV row with filled cells beyond the header (see etl.readers._table)
        extra = raw[EXTRA_COLUMN].to_numpy(dtype=object)
        note(
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
    dcode, ccode, pcol, preason = (
        (np.array(x, dtype=object) for x in zip(*filled)) if n else (np.empty(0, dtype=object),) * 4
    )
    for key in ("district", "commune"):
        note(pcol == key, key, preason)
    year_key = "year_recognized" if "year_recognized" in out else "year"
    years = out[year_key].to_numpy(zero_copy_only=False)
    recent = np.nan_to_num(years.astype(float), nan=0) >= NEW_COMMUNES_FROM
    # Before 2025 a commune name is an old commune's, which may share its name with a new one.
    out["district_code"] = pa.array(dcode.tolist(), type=pa.large_string())
    out["commune_code"] = pa.array(np.where(recent, ccode, None).tolist(), type=pa.large_string())
    out["commune"] = texts["commune"]
    out["source_row"] = pa.array(raw["_row"].to_numpy(), type=pa.int32())

    keep = pa.array(~bad)
    clean = pa.table(out).filter(keep)
    return clean, _rejects(sheet, raw, problems)


def bad_for(problems: list[tuple[np.ndarray, str, np.ndarray]], key: str, n: int) -> np.ndarray:
    """Rows already rejected for this column (a value that did not parse is not also 'missing')."""
    mask = np.zeros(n, dtype=bool)
    for m, k, _ in problems:
        if k == key:
            mask |= m
    return mask


def _rejects(sheet: RawSheet, raw: pd.DataFrame, problems) -> pd.DataFrame:
    header = {c.key: c.header for c in SHEETS[sheet.kind]} | {EXTRA_COLUMN: "(ô thừa ngoài bảng)"}
    frames = []
    for mask, key, reasons in problems:
        idx = np.flatnonzero(mask)
        frames.append(
            pd.DataFrame(
                {
                    "file": sheet.file,
                    "sheet": sheet.sheet,
                    "row": raw["_row"].to_numpy()[idx],
                    "column": header[key],
                    "value": [_show(v) for v in raw[key].to_numpy(dtype=object)[idx]],
                    "reason": reasons[idx],
                }
            )
        )
    rej = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REJECT_COLUMNS)
    return rej.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


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
    if district is None:
        if commune_text:
            reason = "không nhận ra xã/phường mới (sau 1/7/2025) và cột Huyện để trống" + places.commune_suggestions(
                commune_text
            )
            return None, None, "commune", reason
        return None, None, "district", "thiếu Huyện (hoặc Xã/phường mới sau 1/7/2025)"
    return district, commune, None, None
