"""Column-at-a-time versions of the text and number rules in etl.text, on Arrow arrays.

A 100× sample has millions of rows: per-cell Python would dominate the load. Here the common
cases run in Arrow's C++ kernels, and only the distinct values that need judgement (TCVN3
mojibake, odd number formats, dates, enumerations, places) go through the Python rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.tcvn3 import _MARKERS, _SOURCE, SHORT_CELL, fix_tcvn3
from etl.text import (
    AMBIGUOUS_NUMBER,
    DOT_DECIMAL,
    EN_ONLY,
    INVISIBLE_RANGES,
    SPACE_RANGES,
    VI_ONLY,
    ParseError,
    _format_scalar,
    char_class,
    parse_number,
    split_unit,
)


def _ranges(points) -> tuple[tuple[int, int], ...]:
    """Sorted code points as (first, last) runs."""
    runs: list[list[int]] = []
    for p in sorted(points):
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return tuple((a, b) for a, b in runs)


_CONTROL_RE = f"[{char_class(INVISIBLE_RANGES, re2=True)}]"
_SPACE_RE = f"[\\s{char_class(SPACE_RANGES, re2=True)}]+"
# Where NFC can change a string: combining marks, Hangul jamo, canonical singletons (Ω, K, Å, CJK
# compatibility ideographs), and the look-alike Đ.
_NFC_UNSTABLE_RE = r"[\p{M}\x{00d0}\x{00f0}\x{0189}\x{1100}-\x{11ff}\x{2126}\x{212a}\x{212b}\x{f900}-\x{faff}\x{0340}\x{0341}\x{0343}\x{0374}\x{037e}\x{0387}]"
_MARKER_RE = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in sorted(_MARKERS)) + "]"
_SHORT_SHARED_RE = (  # ASCII and the letters TCVN3 shares with Unicode only, as code point ranges
    "^[\\x{0000}-\\x{007f}" + char_class(_ranges(ord(c) for c in _SOURCE), re2=True) + f"]{{1,{SHORT_CELL}}}$"
)


def to_text(values: pd.Series) -> pa.Array:
    """Cells as an Arrow string array: Excel numbers and dates written as a person would, blanks null."""
    if isinstance(values.dtype, pd.ArrowDtype) or isinstance(values.dtype, pd.StringDtype) or values.dtype == "str":
        arr = pa.array(values, from_pandas=True)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        arr = arr.cast(pa.large_string())
    else:
        objs = values.to_numpy(dtype=object)
        out = [
            v
            if type(v) is str
            else (None if v is None or (isinstance(v, float) and math.isnan(v)) else _format_scalar(v))
            for v in objs
        ]
        arr = pa.array(out, type=pa.large_string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.large_string()), arr)


_TRICKY_SPACE_RE = f"\\s\\s|^\\s|\\s$|[\\t\\n\\r\\x{{0b}}\\x{{0c}}{char_class(SPACE_RANGES, re2=True)}]"


def _any(mask: pa.Array) -> bool:
    return bool(pc.any(mask).as_py())


def clean_text(arr: pa.Array) -> pa.Array:
    """etl.text.clean_text for a whole column; empty results become null.

    Each step first asks whether any cell needs it: most columns are already clean, and a
    match is several times cheaper than a rewrite."""
    if _any(pc.match_substring_regex(arr, pattern=_CONTROL_RE)):
        arr = pc.replace_substring_regex(arr, pattern=_CONTROL_RE, replacement="")
    legacy = pc.fill_null(pc.match_substring_regex(arr, pattern=_MARKER_RE), False)
    # A short TCVN3 cell may hold only letters Unicode Vietnamese shares ("Quan Hãa"): short cells made
    # of ASCII and such letters are asked too (etl.tcvn3.looks_like_short_tcvn3 decides).
    short = pc.and_(
        pc.invert(pc.fill_null(pc.string_is_ascii(arr), True)),
        pc.fill_null(pc.less_equal(pc.utf8_length(arr), SHORT_CELL), False),
    )
    if _any(short):  # only the short non-ASCII cells are matched (descriptions are long)
        subset = pc.match_substring_regex(pc.filter(arr, short), pattern=_SHORT_SHARED_RE)
        shared = pc.replace_with_mask(pa.array(np.zeros(len(arr), dtype=bool)), short, subset)
        legacy = pc.or_(legacy, shared)
    if _any(legacy):  # only cells that may be TCVN3 go through Python, each distinct one once
        enc = pc.dictionary_encode(pc.filter(arr, legacy))
        fixed = [fix_tcvn3(v) for v in enc.dictionary.to_pylist()]
        if fixed != enc.dictionary.to_pylist():
            replacements = pc.take(pa.array(fixed, type=arr.type), enc.indices)
            arr = pc.replace_with_mask(arr, legacy, replacements)
    ascii_ = pc.fill_null(pc.string_is_ascii(arr), True)
    if not pc.all(ascii_).as_py():
        # NFC only where it can change something (most Vietnamese text is already NFC).
        odd = pc.fill_null(pc.match_substring_regex(arr, pattern=_NFC_UNSTABLE_RE), False)
        if _any(odd):
            fixed = pc.utf8_normalize(arr, form="NFC")
            fixed = pc.replace_substring(fixed, pattern="\u00d0", replacement="\u0110")
            fixed = pc.replace_substring(fixed, pattern="\u00f0", replacement="\u0111")
            fixed = pc.replace_substring(fixed, pattern="\u0189", replacement="\u0110")
            arr = pc.if_else(odd, fixed, arr)
    if _any(pc.fill_null(pc.match_substring_regex(arr, pattern=_TRICKY_SPACE_RE), False)):
        arr = pc.replace_substring_regex(arr, pattern=_SPACE_RE, replacement=" ")
        arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)


def map_distinct(arr: pa.Array, fn: Callable[[str], object]) -> tuple[np.ndarray, np.ndarray]:
    """fn over the distinct non-null values: (results, reasons) as object arrays; reason None when fine."""
    enc = pc.dictionary_encode(arr)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks()
    uniques = enc.dictionary.to_pylist()
    res = np.empty(len(uniques) + 1, dtype=object)
    why = np.empty(len(uniques) + 1, dtype=object)
    for i, v in enumerate(uniques):
        try:
            res[i] = fn(v)
        except ParseError as exc:
            why[i] = str(exc)
    idx = enc.indices.fill_null(len(uniques)).to_numpy(zero_copy_only=False)
    return res[idx], why[idx]


# Number shapes Arrow can convert alone: plain integers/decimals, Vietnamese thousands dots
# ("1.200.000"), a decimal comma ("12,5") or both ("1.250,5"). They must agree with etl.text.parse_number
# (tests/test_properties.py checks it). "1.200" / "1,200" (AMBIGUOUS) depend on the convention.
_PLAIN = r"^\d+(\.\d+)?$"
_VN_THOUSANDS = r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$"  # not "0.500": that is a decimal
_VN_DECIMAL = r"^\d+,\d+$"
_AMBIGUOUS = AMBIGUOUS_NUMBER.pattern
_NUMBER_ONLY = r"^[+-]?[0-9.,\s]*$"


@dataclass
class Numbers:
    """A numeric column read: values (NaN when blank or unreadable), why a cell could not be read, and
    which cells were read by the chosen convention (ambiguous) or written as estimates."""

    values: np.ndarray
    reasons: np.ndarray
    ambiguous: np.ndarray
    approximate: np.ndarray
    votes: tuple[int, int, int] = (0, 0, 0)  # cells only Vietnamese / only English write, plain decimals
    english: np.ndarray | None = None  # the ambiguous cells read the English way ("1,200" → 1200), else NaN

    def in_english(self) -> np.ndarray:
        """The values with the ambiguous cells read the English way."""
        if self.english is None:
            return self.values
        return np.where(self.ambiguous & ~np.isnan(self.english), self.english, self.values)


def parse_numbers(
    values: pd.Series,
    convention: str = "vi",
    integer: bool = False,
    units: dict[str, float] | None = None,
    main_unit: str = "",
) -> Numbers:
    """A numeric column, Vietnamese and English writing, units and estimates ("khoảng 3.000 m2") included."""
    n = len(values)
    out = np.full(n, np.nan)
    why = np.empty(n, dtype=object)
    amb = np.zeros(n, dtype=bool)
    approx = np.zeros(n, dtype=bool)
    if values.dtype == object:  # from Excel: numbers arrive as numbers, the rest as text
        objs = values.to_numpy(dtype=object)
        is_num = np.fromiter((type(v) in (int, float) for v in objs), dtype=bool, count=n)
        out[is_num] = objs[is_num].astype(float)
        rest = ~is_num
        if not rest.any():
            return Numbers(out, why, amb, approx)  # Excel numbers: no writing to tell conventions apart
        text = clean_text(to_text(pd.Series(np.where(rest, objs, None), dtype=object)))
    else:  # CSV text
        text = clean_text(to_text(values))
    factor = np.ones(n)
    worded = pc.invert(pc.fill_null(pc.match_substring_regex(text, pattern=_NUMBER_ONLY), True))
    if _any(worded):  # a unit or an estimate word: split it off, once per distinct cell
        cells = pc.if_else(worded, text, pa.scalar(None, text.type))
        split, reasons = map_distinct(cells, lambda v: split_unit(v, units or {}, main_unit))
        idx = np.flatnonzero(worded.to_numpy(zero_copy_only=False))
        bad = idx[reasons[idx] != None]  # noqa: E711 — element-wise
        why[bad] = reasons[bad]
        numbers = np.empty(len(idx), dtype=object)  # the number part of each worded cell (None: unreadable)
        for k, i in enumerate(idx):
            if reasons[i] is None:
                numbers[k], factor[i], approx[i] = split[i]
        text = pc.replace_with_mask(text, worded, pa.array(numbers.tolist(), type=text.type))
    text = pc.replace_substring_regex(text, pattern=r"\s", replacement="")
    ambiguous = pc.fill_null(pc.match_substring_regex(text, pattern=_AMBIGUOUS), False)
    plain = pc.fill_null(pc.match_substring_regex(text, pattern=_PLAIN), False)
    vn = pc.fill_null(
        pc.or_(
            pc.match_substring_regex(text, pattern=_VN_THOUSANDS), pc.match_substring_regex(text, pattern=_VN_DECIMAL)
        ),
        False,
    )
    # "1.200" and "1,200" take the convention's path, never the plain or Vietnamese one.
    plain = pc.and_(plain, pc.invert(pc.or_(vn, ambiguous)))
    vn = pc.and_(vn, pc.invert(ambiguous))
    conv = pc.if_else(plain, text, pa.scalar(None, text.type))
    vn_text = pc.replace_substring(
        pc.replace_substring(text, pattern=".", replacement=""), pattern=",", replacement="."
    )
    conv = pc.if_else(vn, vn_text, conv)
    if integer:
        amb_text = pc.replace_substring_regex(text, pattern="[.,]", replacement="")
    elif convention == "en":
        amb_text = pc.replace_substring(text, pattern=",", replacement="")
    else:
        amb_text = vn_text
    conv = pc.if_else(ambiguous, amb_text, conv)
    fast = pc.cast(conv, pa.float64()).to_numpy(zero_copy_only=False)
    done = np.asarray(pc.or_(pc.or_(plain, vn), ambiguous).to_numpy(zero_copy_only=False), dtype=bool)
    out[done] = fast[done]
    others = pc.if_else(pc.or_(pc.or_(plain, vn), ambiguous), pa.scalar(None, text.type), text)
    vals, reasons = map_distinct(others, lambda v: parse_number(v, convention, integer))
    bad = reasons != None  # noqa: E711 — element-wise on an object array
    ok = ~pd.isna(vals) & ~bad
    out[ok] = vals[ok].astype(float)
    why[bad] = reasons[bad]
    scaled = factor != 1.0
    out[scaled] = np.round(out[scaled] * factor[scaled], 9)
    english = None
    if not integer:  # whole-number columns read "1,200" as twelve hundred in either convention
        amb |= np.asarray(ambiguous.to_numpy(zero_copy_only=False), dtype=bool)
        if amb.any() and convention == "vi":
            amb_only = pc.if_else(
                ambiguous, pc.replace_substring(text, pattern=",", replacement=""), pa.scalar(None, text.type)
            )
            english = pc.cast(amb_only, pa.float64())
            english = np.where(amb, english.to_numpy(zero_copy_only=False) * factor, np.nan)
    return Numbers(out, why, amb, approx, _votes(text), english)


def _votes(text: pa.Array) -> tuple[int, int, int]:
    """(Vietnamese, English, plain decimal) cells of a column's number text: shapes only one convention
    writes ("1.250,5" / "1,250.5"), and decimals with a point ("12.5"), weaker evidence of English."""
    if not _any(pc.fill_null(pc.match_substring_regex(text, pattern=r"\d[.,]\d"), False)):
        return 0, 0, 0

    def count(pattern: re.Pattern) -> int:
        hits = pc.fill_null(pc.match_substring_regex(text, pattern=pattern.pattern), False)
        return int(pc.sum(hits.cast(pa.int64())).as_py() or 0)

    return count(VI_ONLY), count(EN_ONLY), count(DOT_DECIMAL)
