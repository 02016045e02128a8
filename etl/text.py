"""Text, number and date normalisation for Vietnamese submissions (pure functions)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

from dvk import text as vtext
from etl.errors import ParseError
from etl.tcvn3 import fix_tcvn3

# Characters people type that look like Đ/đ but are not (Icelandic eth) — always mean Đ here.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
# Characters never meant in a cell: C0/C1 controls other than tab and line breaks (NUL bytes,
# vertical tabs…), zero-width characters, and bidirectional formatting marks (U+202E turns
# "Hiến đất‮gnp.exe" into what reads as "…exe.png").
INVISIBLE_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x0C),
    (0x0E, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
)
# Spaces beyond ASCII (no-break, thin, ideographic, line separators…): all become one plain space —
# the fold's own list (dvk.text.SPACES) without its ASCII controls, which `\s` covers.
SPACE_RANGES = tuple(r for r in vtext.SPACES if r[0] >= 0xA0)


def char_class(ranges: tuple[tuple[int, int], ...], re2: bool = False) -> str:
    """A regex character class body for code point ranges, in Python's or (re2=True) Arrow's RE2 syntax."""
    esc = (lambda c: f"\\x{{{c:04x}}}") if re2 else (lambda c: f"\\U{c:08x}")
    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


_CONTROL = re.compile(f"[{char_class(INVISIBLE_RANGES)}]")
_SPACES = re.compile(f"[\\s{char_class(SPACE_RANGES)}]+")


def clean_text(value: object) -> str:
    """NFC text, TCVN3 mojibake converted, look-alike Đ fixed, controls dropped, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    s = value if isinstance(value, str) else _format_scalar(value)
    s = _CONTROL.sub("", s)
    s = fix_tcvn3(s)
    s = unicodedata.normalize("NFC", s).translate(_LOOKALIKES)
    return _SPACES.sub(" ", s).strip()


def _format_scalar(value: object) -> str:
    """Render a non-string cell (from Excel) the way a person would have typed it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def fold(value: object) -> str:
    """Matching key of a cleaned cell: dvk.text.fold_key, no case, marks, spaces or punctuation
    ("H. Thọ Xuân" → "hthoxuan")."""
    return _fold(value) if isinstance(value, str) else _fold(clean_text(value))


@lru_cache(maxsize=1 << 16)  # headers, districts and enumerations repeat in every file
def _fold(value: str) -> str:
    return vtext.fold_key(clean_text(value))


def ascii_name(value: str) -> str:
    """ASCII spelling of a cleaned cell with case and spaces kept ("Hoằng Hóa" → "Hoang Hoa")."""
    return vtext.unaccent(clean_text(value))


def slug(value: str) -> str:
    """File-name-safe ASCII slug of a cleaned cell ("Hoằng Hóa" → "hoang-hoa")."""
    return vtext.slug(clean_text(value))


_NUM_CHARS = re.compile(r"^[+-]?[0-9.,]+$")


# One separator followed by exactly three digits ("1.200", "1,200"): a thousands separator in one
# convention and a decimal point in the other. Everything else reads the same in both.
# Shapes only one convention writes: evidence of how a column (or a sheet) writes its numbers. A
# decimal point alone ("12.5") is no evidence: programs write it whatever the locale, beside
# Vietnamese thousands ("1.200") in the same file. Thousands commas are ("1,250.5", "1,200,000"), and
# so is a decimal comma ("12,5", "1.250,5", "1.200.000"), which no English writer uses.
AMBIGUOUS_NUMBER = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
VI_ONLY = re.compile(r"^(\d{1,3}(\.\d{3}){2,}(,\d+)?|\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})|0,\d+|\d{4,},\d+)$")
EN_ONLY = re.compile(r"^(\d{1,3}(,\d{3}){2,}(\.\d+)?|\d{1,3}(,\d{3})+\.\d+)$")
# A decimal point with no thousands ("12.5"): weaker evidence of English writing, used only when
# neither convention has shown itself (an English export with no number over 999,9).
DOT_DECIMAL = re.compile(r"^(\d+\.(\d{1,2}|\d{4,})|0\.\d+|\d{4,}\.\d+)$")


def parse_number(value: object, convention: str = "vi", integer: bool = False) -> float | None:
    """Number from a cell: Excel numbers as they are; text in Vietnamese ("1.200.000", "12,5") or English
    ("1,200,000", "12.5") writing. Only "1.200"/"1,200" depend on `convention` ('vi': dot for thousands,
    'en': comma for thousands); in an `integer` column both are twelve hundred."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError("không phải số")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None if math.isnan(value) else _raise("không phải số hữu hạn")
        return float(value)
    s = _SPACES.sub("", clean_text(value))
    if s in ("", "-", "–"):
        return None
    if not _NUM_CHARS.match(s):
        raise ParseError("không phải số (viết số không kèm đơn vị, ví dụ 1.200 hoặc 12,5)")
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("+-")
    if AMBIGUOUS_NUMBER.match(s):
        sep = s[-4]
        thousands = integer or (sep == "." if convention == "vi" else sep == ",")
        return sign * float(s.replace(sep, "" if thousands else "."))
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        if s.count(dec) > 1:
            raise ParseError("dấu thập phân không rõ ràng")
        s = s.replace(thou, "").replace(dec, ".")
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", s):
            raise ParseError("dấu phân cách hàng nghìn đặt sai chỗ")
        s = s.replace(sep, "")
    elif commas == 1:
        s = s.replace(",", ".")  # "12,5": a decimal comma ("12.5", "0.500", "1000.000" are decimals too)
    try:
        return sign * float(s)
    except ValueError as exc:  # e.g. "." alone
        raise ParseError("không phải số") from exc


# Words before a number that make it an estimate ("khoảng 200", "trên 1.000"): loaded, with a warning.
APPROX_WORDS = ("ước tính", "xấp xỉ", "khoảng", "chừng", "gần", "trên", "hơn", "ước", "~", "≈", ">", "≥")
_NUMBER_AND_UNIT = re.compile(r"^([+-]?\d[\d.,\s]*?)\s*([^\d\s.,].*)?$")


def split_unit(value: str, units: dict[str, float], main: str = "") -> tuple[str, float, bool]:
    """(number text, factor of its unit, estimate?) of a cell such as "khoảng 3.000 m2" or "1,5 tỷ đồng".

    `units` maps folded unit words to the factor into the column's unit (`main`, for the message); an
    unknown unit is a ParseError."""
    s = clean_text(value)
    approx = False
    low = s.lower()
    for word in APPROX_WORDS:
        if low.startswith(word) and s[len(word) : len(word) + 1] in ("", " ") + tuple("0123456789"):
            s, approx = s[len(word) :].strip(), True
            break
    m = _NUMBER_AND_UNIT.match(s)
    if not m:
        raise ParseError("không phải số (viết số, ví dụ 1.200 hoặc 12,5)")
    number, unit = m.group(1), (m.group(2) or "").strip()
    if not unit:
        return number, 1.0, approx
    factor = units.get(fold(unit))
    if factor is None:
        hint = f" (cột này tính bằng {main})" if main else ""
        raise ParseError(f"không phải số: không rõ đơn vị '{unit[:30]}'{hint}")
    return number, factor, approx


def _raise(reason: str):
    raise ParseError(reason)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_LEADING_DAY = re.compile(r"^(?:ngày|ngay|ng\.)\s*", re.IGNORECASE)
_YMD = re.compile(r"^(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|[/.\-,]\s*)(\d{4})$")


def parse_date(value: object) -> dt.date | None:
    """Date from a cell: Excel dates and serials; day first with / - or . and one- or two-digit day and month
    ("15/03/2023", "5-3-2023", "15.3.23", "ngày 15/3/2023"); year first ("2023-03-15", 2023/03/15);
    in words ("ngày 15 tháng 3 năm 2023")."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ParseError("không phải ngày (viết dd/mm/yyyy)")
    s = clean_text(value)
    if not s:
        return None
    s = _LEADING_DAY.sub("", s) if _DMY.match(_LEADING_DAY.sub("", s)) else s  # "ngày 15/3/2023"
    m = _DMY.match(s)
    if m:
        d, _, mth, y = m.groups()
        year = int(y) if len(y) == 4 else 2000 + int(y)  # "15/3/23": the movement began in 2009
        return _make_date(year, int(mth), int(d))
    m = _YMD.match(s)  # year first: 2023-03-15, 2023/03/15, 2023.03.15
    if m:
        return _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = _WORDS.match(ascii_name(s).lower())
    if m:
        d, mth, y = map(int, m.groups())
        return _make_date(y, mth, d)
    if re.fullmatch(r"\d{5}", s):
        return parse_date(float(s))
    raise ParseError("không phải ngày (viết dd/mm/yyyy, ví dụ 15/03/2023)")


def _make_date(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError as exc:
        raise ParseError(f"ngày không tồn tại ({d:02d}/{m:02d}/{y})") from exc


def parse_year(value: object) -> int | None:
    """Year from a cell: 2023, 2023.0, "2023", "năm 2023", or a date."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None
        if float(value).is_integer():
            return int(value)
        raise ParseError("năm phải là số nguyên")
    s = clean_text(value)
    if not s:
        return None
    m = re.fullmatch(r"(?:năm\s*)?(\d{4})", s, flags=re.IGNORECASE)
    if m:
        return int(m.group(1))
    try:
        return parse_date(s).year  # a full date where only the year was asked for
    except ParseError:
        raise ParseError("không phải năm (viết 4 chữ số, ví dụ 2023)") from None
