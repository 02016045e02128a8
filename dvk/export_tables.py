"""Tables as files analysts open in Excel: CSV (UTF-8 with BOM) and XLSX, with no formula ever run.

Formula injection. A spreadsheet runs a cell that starts with = + - @ (and, after a tab or
carriage return, the same). In CSV the only defence is in the text: such a cell gets a leading
apostrophe (`neutralise`). In XLSX every text cell is written as a string (xlsxwriter's
`strings_to_formulas` is off, so nothing becomes a formula) and a hostile one also carries
Excel's "quote prefix" style — the ' an Excel user types — so the cell shows exactly what was
submitted and stays text even when someone edits it. Numbers are never touched.

Number formats. An XLSX file stores format codes in Excel's invariant syntax ("#,##0.0": ','
groups thousands, '.' marks decimals) and Excel draws them with the separators of the reader's
regional settings: on a Vietnamese Windows 1234.5 shows as 1.234,5, on an English one as
1,234.5, and the cell stays a number either way. Writing the Vietnamese separators into the code
itself would not work (Excel would read '.' as the decimal point), so the codes below are the
invariant ones. Years and row numbers get "0" (no grouping: 2023, not 2.023), dates dd/mm/yyyy.

CSV keeps numbers machine-readable ('.' decimals, no grouping); a Vietnamese Excel that expects
';' between fields should open the XLSX instead, which is what the buttons say.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import xlsxwriter

from dvk import l10n
from dvk.i18n import translator
from dvk.text import fold

HOSTILE_START = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff".encode()
INT_FORMAT, PLAIN_INT_FORMAT = l10n.excel_format(0), l10n.excel_format(0, grouped=False)  # "#,##0", "0"
DATE_FORMAT, DATETIME_FORMAT = l10n.EXCEL_DATE, l10n.EXCEL_DATETIME  # dd/mm/yyyy [hh:mm]
MIN_WIDTH, MAX_WIDTH = 6, 60
# Integer columns shown without grouping — years, row numbers, load runs — by header folded to ASCII.
_PLAIN_INT = re.compile(r"^(nam|year)\b|^(dong|row|lan nap|run|load run)$")
EXCEL_MAX_ROWS = 1_048_575  # below the header row


def is_hostile(value: object) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    return isinstance(value, str) and value.startswith(HOSTILE_START)


def neutralise(value: object) -> object:
    """Text a spreadsheet could run gets a leading apostrophe; anything else comes back unchanged."""
    return "'" + value if is_hostile(value) else value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every hostile text cell and header neutralised; numeric columns untouched."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM (Excel then reads Vietnamese correctly), CRLF rows, formulas neutralised."""
    text = neutralise_frame(df).to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d")
    return CSV_BOM + text.encode("utf-8")


def is_plain_int(header: str) -> bool:
    """Whether an integer column is a year, row number or load run (shown without grouping), by its
    folded header ('Năm công nhận' → 'nam cong nhan')."""
    return bool(_PLAIN_INT.search(fold(header)))


def fewest_decimals(values: pd.Series, most: int = 2) -> int:
    """The fewest decimals (≤ most) that show every value of a float column exactly."""
    v = values.dropna().astype(float).to_numpy()
    for d in range(most + 1):
        if np.allclose(v * 10**d, np.round(v * 10**d), rtol=0, atol=1e-6):
            return d
    return most


def number_format(name: str, values: pd.Series) -> str | None:
    """The Excel format code of a column: None for text, '0' for years/rows/codes, '#,##0[.0…]' else."""
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_datetime64_any_dtype(values):
        times = values.dropna()
        has_time = bool(len(times)) and bool((times.dt.normalize() != times).any())
        return DATETIME_FORMAT if has_time else DATE_FORMAT
    if not pd.api.types.is_numeric_dtype(values):
        return None
    if pd.api.types.is_integer_dtype(values) or fewest_decimals(values) == 0:
        return PLAIN_INT_FORMAT if is_plain_int(name) else INT_FORMAT
    return l10n.excel_format(fewest_decimals(values))


def _width(name: str, values: pd.Series) -> float:
    sample = values.head(500).map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
    longest = max([len(str(name)), *sample.map(len)]) if len(sample) else len(str(name))
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _sheet_name(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet1"


def _cell(sheet, row: int, col: int, value, fmt, text_fmt, hostile_fmt) -> None:
    """Write one value as what it is: blank, number, date or text (never a formula)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        if math.isinf(float(value)):
            sheet.write_string(row, col, str(value), text_fmt)
        else:
            sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime().replace(tzinfo=None), fmt)
    else:
        text = str(value)
        sheet.write_string(row, col, text, hostile_fmt if is_hostile(text) else text_fmt)


def to_xlsx_bytes(
    df: pd.DataFrame,
    stamp_rows: Iterable[tuple[str, str]] = (),
    *,
    title: str = "",
    number_formats: dict[str, str] | None = None,
    lang: str = "vi",
) -> bytes:
    """A workbook: the table (bold frozen header, filter buttons, widths, number formats) and a
    second sheet with the title, the filters in words, the source, the date and the row count."""
    total = len(df)
    df = df.head(EXCEL_MAX_ROWS)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    t = translator(lang)
    data_name, filters_name = t("Dữ liệu"), t("Bộ lọc")
    head = {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "text_wrap": True, "valign": "top"}
    header, hostile_header = wb.add_format(head), wb.add_format(head | {"quote_prefix": True})
    text_fmt = wb.add_format({"valign": "top"})
    hostile_fmt = wb.add_format({"valign": "top", "quote_prefix": True})
    sheet = wb.add_worksheet(_sheet_name(data_name))
    formats = number_formats or {}
    for c, name in enumerate(df.columns):
        values = df[name]
        code = formats.get(name) or number_format(str(name), values)
        fmt = wb.add_format({"num_format": code, "valign": "top"}) if code else text_fmt
        sheet.write_string(0, c, str(name), hostile_header if is_hostile(str(name)) else header)
        sheet.set_column(c, c, _width(str(name), values))
        for r, value in enumerate(values.tolist(), start=1):
            _cell(sheet, r, c, value, fmt, text_fmt, hostile_fmt)
    sheet.freeze_panes(1, 0)
    if len(df.columns):
        sheet.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)

    meta = wb.add_worksheet(_sheet_name(filters_name))
    bold = wb.add_format({"bold": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    item, value_word, contents = t("Mục"), t("Giá trị"), t("Nội dung")
    rows = [(item, value_word)] + ([(contents, title)] if title else []) + list(stamp_rows)
    for r, (k, v) in enumerate(rows):
        meta.write_string(r, 0, str(k), header if r == 0 else bold)
        meta.write_string(r, 1, str(v), header if r == 0 else (hostile_fmt if is_hostile(str(v)) else wrap))
    meta.write_string(len(rows), 0, t("Số dòng"), bold)
    meta.write_number(len(rows), 1, total, wb.add_format({"num_format": INT_FORMAT, "align": "left"}))
    if total > len(df):
        note = t(
            "Excel chỉ chứa được {n} dòng: tệp này có {n} dòng đầu trong tổng số {total}; tải CSV để có đủ.",
            n=l10n.number(len(df), 0, lang),
            total=l10n.number(total, 0, lang),
        )
        meta.write_string(len(rows) + 1, 1, note, wrap)
    meta.set_column(0, 0, 28)
    meta.set_column(1, 1, 90)
    wb.close()
    return buf.getvalue()
