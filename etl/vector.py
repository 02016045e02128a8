"""Column-at-a-time versions of the text and number rules in etl.text, on Arrow arrays.

A 100× sample has millions of rows: per-cell Python would dominate the load. Here the common
cases run in Arrow's C++ kernels, and only the distinct values that need judgement (TCVN3
mojibake, odd number formats, dates, enumerations, places) go through the Python rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.tcvn3 import _MARKERS, fix_tcvn3
from etl.text import INVISIBLE_RANGES, SPACE_RANGES, ParseError, _format_scalar, char_class, parse_number

_CONTROL_RE = f"[{char_class(INVISIBLE_RANGES, re2=True)}]"
_SPACE_RE = f"[\\s{char_class(SPACE_RANGES, re2=True)}]+"
# Where NFC can change a string: combining marks, Hangul jamo, canonical singletons (Ω, K, Å, CJK
# compatibility ideographs), and the look-alike Đ.
_NFC_UNSTABLE_RE = r"[\p{M}\x{00d0}\x{00f0}\x{0189}\x{1100}-\x{11ff}\x{2126}\x{212a}\x{212b}\x{f900}-\x{faff}\x{0340}\x{0341}\x{0343}\x{0374}\x{037e}\x{0387}]"
_MARKER_RE = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in sorted(_MARKERS)) + "]"


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
    if _any(legacy):  # rare: only cells with TCVN3-only characters go through Python
        idx = np.flatnonzero(legacy.to_numpy(zero_copy_only=False))
        values = arr.to_pylist()
        for i in idx:
            values[i] = fix_tcvn3(values[i])
        arr = pa.array(values, type=pa.large_string())
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
# (tests/test_properties.py checks it).
_PLAIN = r"^\d+(\.\d+)?$"
_VN_THOUSANDS = r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$"  # not "0.500": that is a decimal
_VN_DECIMAL = r"^\d+,\d+$"


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(float64 with NaN for blanks, reasons) for a numeric column, Vietnamese formats included."""
    n = len(values)
    out = np.full(n, np.nan)
    why = np.empty(n, dtype=object)
    if values.dtype == object:  # from Excel: numbers arrive as numbers, the rest as text
        objs = values.to_numpy(dtype=object)
        is_num = np.fromiter((type(v) in (int, float) for v in objs), dtype=bool, count=n)
        out[is_num] = objs[is_num].astype(float)
        rest = ~is_num
        if not rest.any():
            return out, why
        text = clean_text(to_text(pd.Series(np.where(rest, objs, None), dtype=object)))
    else:  # CSV text
        rest = np.ones(n, dtype=bool)
        text = clean_text(to_text(values))
    text = pc.replace_substring_regex(text, pattern=r"\s", replacement="")
    plain = pc.fill_null(pc.match_substring_regex(text, pattern=_PLAIN), False)
    vn = pc.fill_null(
        pc.or_(
            pc.match_substring_regex(text, pattern=_VN_THOUSANDS), pc.match_substring_regex(text, pattern=_VN_DECIMAL)
        ),
        False,
    )
    # "1.200" is one thousand two hundred in Vietnamese, so it must not take the plain path.
    plain = pc.and_(plain, pc.invert(vn))
    conv = pc.if_else(plain, text, pa.scalar(None, text.type))
    vn_text = pc.replace_substring(
        pc.replace_substring(text, pattern=".", replacement=""), pattern=",", replacement="."
    )
    conv = pc.if_else(vn, vn_text, conv)
    fast = pc.cast(conv, pa.float64()).to_numpy(zero_copy_only=False)
    done = np.asarray(pc.or_(plain, vn).to_numpy(zero_copy_only=False), dtype=bool)
    out[done] = fast[done]
    others = pc.if_else(pc.or_(plain, vn), pa.scalar(None, text.type), text)
    vals, reasons = map_distinct(others, parse_number)
    bad = reasons != None  # noqa: E711 — element-wise on an object array
    ok = ~pd.isna(vals) & ~bad
    out[ok] = vals[ok].astype(float)
    why[bad] = reasons[bad]
    return out, why
