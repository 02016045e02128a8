"""Numbers, percents and dates as a language writes them (Babel on the CLDR locales vi_VN and en).

The one place that turns a number or a date into text for a reader — screens, files, the Word
report, the ETL's messages — and the one source of the separators that charts (plotly) and Excel
formats are given. Vietnamese groups thousands with '.' and marks decimals with ','
(1.234,5); English the other way round (1,234.5). Dates are dd/MM/yyyy in both languages in
tables, files and messages; running English text writes the month's name (30 Nov 2026).

Parsing what submissions typed is not here: the loader reads numbers with its own per-file
conventions (etl/vector.parse_numbers), which Babel's parser cannot apply.
"""

from __future__ import annotations

import datetime as _dt
import decimal

from babel import dates as _dates
from babel import numbers as _numbers

LOCALES = {"vi": "vi_VN", "en": "en"}
MOST_DECIMALS = 6  # decimals=None shows as many as the value has, up to this many
GROUPED = "#,##0"  # CLDR pattern syntax, which is also Excel's invariant number-format syntax
PLAIN = "0"  # no grouping: years, ranks, row numbers (2023, not 2.023)
DATE, DATETIME = "dd/MM/yyyy", "dd/MM/yyyy HH:mm"
# Date patterns by use: cells of tables and files; running text; an export's stamp (English ISO, which
# no reader abroad takes for month/day).
DATE_STYLES = {
    "table": {"vi": DATE, "en": DATE},
    "prose": {"vi": DATE, "en": "d MMM y"},
    "stamp": {"vi": DATE, "en": "yyyy-MM-dd"},
}


def locale(lang: str) -> str:
    """The Babel locale of a language code ('vi' → 'vi_VN')."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; expected one of {tuple(LOCALES)}") from None


def pattern(decimals: int | None = 0, grouped: bool = True) -> str:
    """The number pattern: '#,##0' for 0 decimals, '#,##0.0' for 1, '#,##0.######' for None (as many
    as the value has). The same text is an Excel number format (Excel reads it with its own separators)."""
    head = GROUPED if grouped else PLAIN
    if decimals is None:
        return head + "." + "#" * MOST_DECIMALS
    return head + ("." + "0" * decimals if decimals else "")


def _decimal(x: float | int | decimal.Decimal, decimals: int | None) -> decimal.Decimal:
    """x as a Decimal rounded as it will be shown; a value that rounds to zero loses its sign (no '-0')."""
    d = x if isinstance(x, decimal.Decimal) else decimal.Decimal(str(x))
    places = MOST_DECIMALS if decimals is None else decimals
    if d.is_finite() and d.quantize(decimal.Decimal(1).scaleb(-places), decimal.ROUND_HALF_EVEN).is_zero():
        return decimal.Decimal(0)
    return d


def number(x: float | int, decimals: int | None = 0, lang: str = "vi", grouped: bool = True) -> str:
    """1234.5 → '1.234,5' (vi) / '1,234.5' (en) with decimals=1; decimals=None writes as many decimals
    as the value has, up to 6 (1,2 · 1.200 · 0,000001); a value that rounds to zero is '0', never '-0'."""
    return _numbers.format_decimal(_decimal(x, decimals), pattern(decimals, grouped), locale=locale(lang))


def signed(x: float | int, decimals: int | None = 0, lang: str = "vi") -> str:
    """A change: '+12', '-3,5', '0' (the sign of the value as rounded; the locale's plus and minus signs)."""
    d = _decimal(x, decimals)
    loc = locale(lang)
    text = number(abs(d), decimals, lang)
    if d.is_zero():
        return text
    return (_numbers.get_plus_sign_symbol(loc) if d > 0 else _numbers.get_minus_sign_symbol(loc)) + text


def percent(pct: float | int, decimals: int | None = 1, lang: str = "vi", sign: bool = False) -> str:
    """A value already in percent: 12.5 → '12,5%' (vi) / '12.5%' (en); sign=True for a change ('+12,5%')."""
    d = _decimal(pct, decimals)
    text = _numbers.format_percent(abs(d) / 100 if sign else d / 100, pattern(decimals) + "%", locale=locale(lang))
    if not sign or d.is_zero():
        return text
    return signed(d, decimals, lang)[0] + text


def decimal_symbol(lang: str) -> str:
    """',' in Vietnamese, '.' in English."""
    return _numbers.get_decimal_symbol(locale(lang))


def group_symbol(lang: str) -> str:
    """'.' in Vietnamese, ',' in English."""
    return _numbers.get_group_symbol(locale(lang))


def plotly_separators(lang: str) -> str:
    """plotly's layout.separators: the decimal mark then the thousands mark (',.' in Vietnamese)."""
    return decimal_symbol(lang) + group_symbol(lang)


def plotly_format(decimals: int = 0, sign: bool = False) -> str:
    """plotly's (d3) number format with grouping and `decimals` ('%{y:,.1f}', tickformat ',.1f'; sign=True:
    '+,.1f'); plotly draws it with the layout's separators (`plotly_separators`)."""
    return f"{'+' if sign else ''},.{max(decimals, 0)}f"


def excel_format(decimals: int = 0, grouped: bool = True) -> str:
    """An Excel number format ('#,##0.0'): written in Excel's invariant syntax, which Excel draws with
    the separators of the reader's regional settings (1.234,5 on a Vietnamese Windows)."""
    return pattern(decimals, grouped)


EXCEL_DATE, EXCEL_DATETIME = DATE.lower(), DATETIME.lower()  # Excel writes months mm (after hh: minutes)


def date(day: _dt.date, lang: str = "vi", style: str = "table") -> str:
    """'30/11/2026' in tables, files and messages (both languages); style='prose' for running text,
    where English writes the month ('30 Nov 2026'); style='stamp' for an export's stamp ('2026-11-30' in English)."""
    return _dates.format_date(day, DATE_STYLES[style][lang], locale=locale(lang))


def datetime(when: _dt.datetime, lang: str = "vi", style: str = "table") -> str:
    """'30/11/2026 17:27' (style as for `date`: '30 Nov 2026 17:27', '2026-11-30 17:27' in English)."""
    return date(when.date(), lang, style) + " " + _dates.format_time(when, "HH:mm", locale=locale(lang))


def month_abbr(month: int, lang: str = "en") -> str:
    """The month's short name: 11 → 'Nov' (en)."""
    return _dates.get_month_names("abbreviated", locale=locale(lang))[month]
