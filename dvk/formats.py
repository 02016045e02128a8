"""Tables as shown: numbers stay numbers; each column says how it is shown, and only the screen,
the Word report and the HTML export turn it into text.

A table builder (dvk.trends.ranking_table, dvk.records.display_list…) returns numbers, years as
integers and dates as dates, and records the decimals of its number columns with `with_decimals`
(in `DataFrame.attrs`, which pandas carries through copies, renames and pickling). The screen
draws it through a pandas Styler (`styler`), the report and HTML print `as_text`, and the XLSX
export writes the numbers with the matching Excel formats (`excel_formats`). A number column
without an entry shows integers grouped (years, ranks and row numbers plain) and floats with the
fewest decimals (≤ 2) that show them exactly. A missing value is MISSING ('–') as text; in a file
it is an empty cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from dvk import l10n
from dvk.export_tables import fewest_decimals, is_plain_int

MISSING = "–"
_KEY = "dvk_decimals"


def with_decimals(df: pd.DataFrame, decimals: Mapping[str, int]) -> pd.DataFrame:
    """The frame, saying how many decimals each of these number columns shows (kept with the frame)."""
    df.attrs[_KEY] = {**df.attrs.get(_KEY, {}), **{str(k): int(v) for k, v in decimals.items()}}
    return df


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def column_decimals(df: pd.DataFrame) -> dict[str, int | None]:
    """Decimals of every number column (None: a plain integer such as a year, rank or row number)."""
    given = df.attrs.get(_KEY, {})
    out: dict[str, int | None] = {}
    for col in df.columns:
        values = df[col]
        if not _is_number(values):
            continue
        if str(col) in given:
            out[col] = given[str(col)]
        elif pd.api.types.is_integer_dtype(values) or fewest_decimals(values) == 0:
            out[col] = None if is_plain_int(col) else 0
        else:
            out[col] = fewest_decimals(values)
    return out


def _has_time(values: pd.Series) -> bool:
    times = pd.to_datetime(values.dropna())
    return bool(len(times)) and bool((times.dt.normalize() != times).any())


def number_text(value, decimals: int | None, lang: str = "vi") -> str:
    """One number as shown: '1.234,5' (vi) / '1,234.5' (en); a plain integer as digits; MISSING if none."""
    if value is None or pd.isna(value):
        return MISSING
    if decimals is None:
        return l10n.number(int(value), 0, lang, grouped=False)
    return l10n.number(float(value), decimals, lang)


def _day(value: dt.date, lang: str) -> str:
    return l10n.date(value.date() if isinstance(value, dt.datetime) else value, lang)


def _formatters(df: pd.DataFrame, lang: str) -> dict:
    fmt: dict = {}
    for col, d in column_decimals(df).items():
        fmt[col] = lambda v, d=d: number_text(v, d, lang)
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            write = l10n.datetime if _has_time(df[col]) else _day
            fmt[col] = lambda v, w=write: MISSING if pd.isna(v) else w(v, lang)
        elif df[col].dtype == object and df[col].map(lambda v: isinstance(v, dt.date)).any():
            fmt[col] = lambda v: l10n.date(v, lang) if isinstance(v, dt.date) else (MISSING if pd.isna(v) else v)
    return fmt


def styler(df: pd.DataFrame, lang: str = "vi") -> Styler | pd.DataFrame:
    """The frame for the screen: numbers and dates in the language's format, the data still numbers
    (the grid sorts them as numbers); a frame of text only comes back as it is."""
    fmt = _formatters(df, lang)
    return df.style.format(fmt, na_rep=MISSING) if fmt else df


def as_text(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Every cell as shown, as text (for the Word report and the HTML export)."""
    fmt = _formatters(df, lang)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        f = fmt.get(col)
        out[col] = [f(v) if f else (MISSING if _missing(v) else str(v)) for v in df[col]]
    return out


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value))


def rounded(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every float column rounded to the decimals it shows, whole numbers as integers
    (what the files hold: 4, not 4.0)."""
    out = df.copy()
    for col, d in column_decimals(df).items():
        if pd.api.types.is_float_dtype(out[col]) and (d is None or d == 0):
            out[col] = out[col].round().astype("Int64")
        elif d is not None and pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(d)
    return out


def excel_formats(df: pd.DataFrame) -> dict[str, str]:
    """Excel number formats of the number columns, from their decimals ('0', '#,##0', '#,##0.0'…)."""
    out = {}
    for col, d in column_decimals(df).items():
        out[col] = l10n.excel_format(0, grouped=False) if d is None else l10n.excel_format(d)
    return out
