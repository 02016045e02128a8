"""The one text fold (in Python and as the warehouse's SQL macro `fold`) and Vietnamese alphabetical order.

Rules of `fold`, the same in Python and SQL: Đ/đ (and the look-alikes Ð ð Ɖ) become d; every mark
(tones, and the vowel marks of ă â ê ô ơ ư) is removed; lower case; runs of white space become one
space, none at either end. Punctuation and digits are kept: a search for "100%" or "Đ/c" means
them. Where punctuation must not matter (matching headers and enumerations, file names) `words`
splits the fold into its ASCII words, and `fold_key` and `slug` join them.

Names are sorted in Vietnamese alphabetical order (a < ă < â < b … d < đ …, tones a secondary
difference: a < à < ả < ã < á < ạ, then lower before upper case): in SQL `ORDER BY x COLLATE vi`
(DuckDB's ICU, part of the duckdb wheel), in Python `vi_key`, which orders names as ICU does.
The ETL and dvk share this module; it imports no other module of either (etl imports dvk core, never
the reverse: nothing in dvk imports etl).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# Đ/đ and the letters people type for them (Icelandic eth, African D), case kept.
_D = str.maketrans("ĐđÐðƉ", "DdDdD")
# White space as Python's str.isspace() knows it (RE2's \s is ASCII only, so the SQL spells it out).
SPACES = (
    (0x09, 0x0D),
    (0x1C, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
_SPACE_RUN = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in SPACES) + "]+")
_SPACE_RUN_RE2 = "[" + "".join(f"\\x{{{a:04x}}}-\\x{{{b:04x}}}" for a, b in SPACES) + "]+"
_WORD = re.compile(r"[0-9a-z]+")


def unaccent(text: str) -> str:
    """The text without marks and with Đ/đ as D/d, case and spacing kept ("Đông Sơn" → "Dong Son")."""
    s = unicodedata.normalize("NFD", str(text).translate(_D))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.category(c).startswith("M")))


def fold(text: object) -> str:
    """Lower case without marks, đ → d, white space collapsed ("  Hiến   ĐẤT " → "hien dat"); None → ""."""
    if text is None:
        return ""
    return _SPACE_RUN.sub(" ", unaccent(str(text)).lower()).strip(" ")


def words(text: object) -> list[str]:
    """The ASCII words of the fold: punctuation, spaces and other scripts dropped ("H. Thọ Xuân" → h, tho, xuan)."""
    return _WORD.findall(fold(text))


def fold_key(text: object) -> str:
    """A matching key: the fold's words run together ("H. Thọ Xuân" → "hthoxuan")."""
    return "".join(words(text))


def slug(text: object) -> str:
    """A file-name-safe ASCII slug: the fold's words joined by hyphens ("Xếp hạng Đông Sơn" → "xep-hang-dong-son")."""
    return "-".join(words(text))


def fold_sql(arg: str = "s") -> str:
    """The SQL expression of `fold` applied to the SQL expression `arg` (NULL stays NULL)."""
    return (
        f"trim(regexp_replace(lower(strip_accents(translate({arg}, 'ĐđÐðƉ', 'DdDdD'))), '{_SPACE_RUN_RE2}', ' ', 'g'))"
    )


def create_fold_macro(con: duckdb.DuckDBPyConnection, *, temp: bool = False) -> None:
    """Define the SQL macro fold(s) with `fold`'s rules: in the connection's database (the ETL stores it in
    the warehouse, where every reader's cursor sees it), or with temp=True for this connection only."""
    con.execute(f"CREATE OR REPLACE {'TEMP ' if temp else ''}MACRO fold(s) AS {fold_sql('s')}")


# --- Vietnamese alphabetical order (ICU's `vi` collation) ---------------------------------------------

# Primary order: ICU's for white space and ASCII punctuation, then digits, then the Vietnamese alphabet
# (with f, j, w, z where the Latin alphabet has them).
_PRIMARY = {
    c: i for i, c in enumerate(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
}
# Base letter + vowel mark → a letter of its own (primary).
_LETTERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones, the secondary order: none < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _weights(ch: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) of one character."""
    if ch.isspace():
        return 0, 0, 0
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    low = base.lower()
    tertiary = 0 if base == low else 1
    secondary = 0
    if low == "ð":  # the eth typed for đ: ICU sorts it as a d with a lesser difference
        low, secondary = "d", 6
    for m in marks:
        if (low, m) in _LETTERS:
            low = _LETTERS[low, m]
        else:
            secondary = secondary * 16 + _TONES.get(m, 7)  # other marks (ç, ë…): after the tones
    primary = _PRIMARY.get(low)
    if primary is None:  # other scripts and symbols: after the Vietnamese alphabet, by code point
        primary = len(_PRIMARY) + ord(low)
    return primary, secondary, tertiary


def vi_key(text: object) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A sort key that orders names as `ORDER BY name COLLATE vi` does: letters first (a < ă < â, d < đ),
    then tones (a < à < ả < ã < á < ạ), then case (lower first)."""
    w = [_weights(c) for c in unicodedata.normalize("NFC", "" if text is None else str(text))]
    return tuple(p for p, _, _ in w), tuple(s for _, s, _ in w), tuple(t for _, _, t in w)


def vi_names(column):
    """A pandas `sort_values(key=…)`: a column called "name" in Vietnamese order (vi_key), others as they are."""
    return column.map(vi_key) if column.name == "name" else column
