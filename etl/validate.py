"""Turn a raw sheet into clean typed rows and a list of rejected cells with reasons.

Each column is parsed on its distinct values only (pd.factorize), so a 100,000-row sheet with
a few hundred distinct districts or years costs a few hundred parses, not 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from dvk.labels import ENUMS
from etl.columns import SHEETS, Column
from etl.places import PlaceResolver
from etl.readers import RawSheet
from etl.text import ParseError, clean_text, fold, parse_date, parse_number, parse_year

MIN_YEAR = 2009  # the national movement began in 2009

REJECT_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]


def _enum_lookup(enum: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for opt in ENUMS[enum]:
        for name in (opt.code, opt.vi, opt.en, *opt.aliases):
            table.setdefault(fold(name), opt.code)
    return table


ENUM_LOOKUP = {name: _enum_lookup(name) for name in ENUMS}


def _apply(values: pd.Series, fn: Callable[[object], object]) -> tuple[np.ndarray, np.ndarray]:
    """fn over the distinct values: (results, reasons) aligned with `values`; reason None when fine."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    res = np.empty(len(uniques) + 1, dtype=object)
    why = np.empty(len(uniques) + 1, dtype=object)
    for i, v in enumerate(uniques):
        try:
            res[i] = fn(v)
        except ParseError as exc:
            why[i] = str(exc)
    return res[codes], why[codes]  # the sentinel -1 picks the trailing empty slot


def _is_blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def _column_parser(col: Column, current_year: int) -> Callable[[object], object]:
    def text(v):
        s = clean_text(v)
        if len(s) > col.max_len:
            raise ParseError(f"quá dài ({len(s):,} ký tự, tối đa {col.max_len:,})".replace(",", "."))
        return s or None

    def enum(v):
        s = clean_text(v)
        if not s:
            return None
        code = ENUM_LOOKUP[col.enum].get(fold(s))
        if code is None:
            choices = " / ".join(o.vi for o in ENUMS[col.enum])
            raise ParseError(f"không có trong danh mục (chọn: {choices})")
        return code

    def year(v):
        y = parse_year(v)
        if y is not None and not MIN_YEAR <= y <= current_year:
            raise ParseError(f"năm ngoài khoảng {MIN_YEAR}–{current_year}")
        return y

    def number(v):
        x = parse_number(v)
        if x is not None and x < 0:
            raise ParseError("không được âm")
        if x is not None and col.type == "int":
            if not float(x).is_integer():
                raise ParseError("phải là số nguyên")
            return int(x)
        return x

    def date(v):
        d = parse_date(v)
        if d is not None and not dt.date(MIN_YEAR, 1, 1) <= d <= dt.date(current_year, 12, 31):
            raise ParseError(f"ngày ngoài khoảng {MIN_YEAR}–{current_year}")
        return d

    return {"text": text, "enum": enum, "year": year, "number": number, "int": number, "date": date}[col.type]


def validate(sheet: RawSheet, places: PlaceResolver, current_year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(clean rows, rejects) for one sheet; a row with any problem is rejected whole, every problem listed."""
    current_year = current_year or dt.date.today().year
    raw = sheet.data
    n = len(raw)
    out: dict[str, object] = {}
    problems: list[tuple[np.ndarray, str, np.ndarray]] = []  # (mask, header, reasons)
    bad = np.zeros(n, dtype=bool)
    header = {c.key: c.header for c in SHEETS[sheet.kind]}

    def note(mask: np.ndarray, key: str, reasons: np.ndarray | str) -> None:
        nonlocal bad
        if mask.any():
            r = np.full(n, reasons, dtype=object) if isinstance(reasons, str) else reasons
            problems.append((mask, key, r))
            bad |= mask

    for col in SHEETS[sheet.kind]:
        if col.type in ("district", "commune"):
            continue
        values, reasons = _apply(raw[col.key], _column_parser(col, current_year))
        note(reasons != None, col.key, reasons)  # noqa: E711 — element-wise on an object array
        if col.required:
            note((reasons == None) & pd.isna(pd.Series(values)).to_numpy(), col.key, "bắt buộc, không được để trống")  # noqa: E711
        out[col.key] = values

    # Places: the pair (Huyện, Xã) decides the district; resolved once per distinct pair.
    pairs = pd.Series(list(zip(raw["district"].map(clean_text), raw["commune"].map(clean_text))), dtype=object)
    resolved, _ = _apply(pairs, lambda p: _resolve_place(p, places))
    resolved = [r if r is not None else (None, None, None, None) for r in resolved]
    dcode, ccode, pcol, preason = (np.array(x, dtype=object) for x in zip(*resolved)) if n else (np.empty(0, dtype=object),) * 4
    for key in ("district", "commune"):
        mask = pcol == key
        note(mask, key, preason)
    out["district_code"] = dcode
    # A 2025 commune code only for records from 2025: before, a commune name is an old commune's,
    # which may share its name with a new one of a different extent.
    year_key = "year_recognized" if "year_recognized" in out else "year"
    years = pd.to_numeric(pd.Series(out[year_key], dtype=object), errors="coerce").to_numpy()
    out["commune_code"] = np.where(years >= 2025, ccode, None)
    out["commune"] = raw["commune"].map(clean_text).replace("", None).to_numpy(dtype=object)

    clean = pd.DataFrame(out)
    clean["source_row"] = raw["_row"].to_numpy()
    clean = clean.loc[~bad].reset_index(drop=True)

    rejects = []
    for mask, key, reasons in problems:
        idx = np.flatnonzero(mask)
        rejects.append(
            pd.DataFrame(
                {
                    "file": sheet.file,
                    "sheet": sheet.sheet,
                    "row": raw["_row"].to_numpy()[idx],
                    "column": header[key],
                    "value": [_show(v) for v in raw[key].to_numpy()[idx]],
                    "reason": reasons[idx],
                }
            )
        )
    rej = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=REJECT_COLUMNS)
    return clean, rej.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def _show(v: object) -> str:
    """The cell as the user typed it, shortened for the report."""
    s = "" if _is_blank(v) else clean_text(v)
    return s if len(s) <= 200 else s[:200] + "…"


def _resolve_place(pair: tuple[str, str], places: PlaceResolver):
    """(district code, 2025 commune code, column at fault, reason) for a (Huyện, Xã) pair."""
    district_text, commune_text = pair
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
            reason = "không nhận ra xã/phường mới (sau 1/7/2025) và cột Huyện để trống" + places.commune_suggestions(commune_text)
            return None, None, "commune", reason
        return None, None, "district", "thiếu Huyện (hoặc Xã/phường mới sau 1/7/2025)"
    return district, commune, None, None
