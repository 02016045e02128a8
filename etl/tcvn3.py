"""Detect and repair TCVN3 (ABC, .VnTime) text that was decoded as Latin-1/cp1252."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks in TCVN3 byte order within each vowel row: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# One row per vowel: (letter, its own byte or None when it is ASCII, bytes of its five toned forms).
# TCVN 5712:1993 VN3 has no uppercase toned letters: .VnTimeH fonts draw these lowercase codes as caps.
_VOWEL_ROWS: tuple[tuple[str, int | None, tuple[int, int, int, int, int]], ...] = (
    ("a", None, (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", 0xA8, (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", 0xA9, (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", None, (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", 0xAA, (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", None, (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", None, (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", 0xAB, (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", 0xAC, (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", None, (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", 0xAD, (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", None, (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_OTHER_BYTES = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xAE: "đ"}


def _build_table() -> dict[int, str]:
    """TCVN3 byte → Unicode letter for all 74 code points VN3 assigns above ASCII."""
    table = dict(_OTHER_BYTES)
    for letter, own, toned in _VOWEL_ROWS:
        if own is not None:
            table[own] = letter
        for byte, mark in zip(toned, _TONES):
            table[byte] = unicodedata.normalize("NFC", letter + mark)
    return table


TCVN3_TABLE: dict[int, str] = _build_table()
# VN3 leaves 0x80–0x9F unassigned, so a cp1252 and a Latin-1 reading of its letters agree:
# the mojibake character for byte b is always chr(b) and one table serves both.
_TRANSLATE = str.maketrans({chr(b): u for b, u in TCVN3_TABLE.items()})
_SOURCE = frozenset(chr(b) for b in TCVN3_TABLE)

# Ambiguous sources are Latin-1 letters that Unicode Vietnamese also uses (ó, â, Ê, Ð as a Đ look-alike…);
# alone they prove nothing, so only the remaining symbols and foreign letters count as evidence.
_AMBIGUOUS = frozenset("áâãèéêìíòóôõùúýÈÉÊÌÒÓÔÝÐ")
_MARKERS = _SOURCE - _AMBIGUOUS
# Characters Unicode Vietnamese has and TCVN3 mojibake cannot: precomposed letters and combining marks.
_VIET_UNICODE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u0300-\u036f\u1ea0-\u1ef9]")
# Latin-1 letters VN3 leaves unassigned; mojibake never contains them, Unicode Vietnamese often does.
_LEFTOVER = frozenset("ÀÁÂÃÄÅÍÙÚÛàðÿº")
_WORD = re.compile("[A-Za-z" + "".join(re.escape(c) for c in sorted(_SOURCE)) + "]+")

# Toned vowel → toneless vowel, so syllable shape can be checked on the bare letters.
_UNTONE = str.maketrans(
    {unicodedata.normalize("NFC", letter + mark): letter for letter, _, _ in _VOWEL_ROWS for mark in _TONES}
)
_TONED = frozenset(chr(code) for code in _UNTONE)
# Vowel clusters Vietnamese syllables allow; foreign words rarely convert into one of these.
_NUCLEI = (
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "oo",
    "ôi",
    "ơi",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ưu",
    "ươ",
    "yê",
    "iêu",
    "oai",
    "oao",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "uya",
    "uyê",
    "uyu",
    "ươi",
    "ươu",
    "yêu",
)
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
    "(?:ch|ng|nh|[cmnpt])?"
)


def tcvn3_to_unicode(s: str) -> str:
    """Reinterpret every TCVN3 mojibake character as its Vietnamese letter (NFC)."""
    return unicodedata.normalize("NFC", s.translate(_TRANSLATE))


def _is_syllable(word: str) -> bool:
    """True when a converted word has the shape of one Vietnamese syllable with at most one tone."""
    word = word.lower()
    if sum(c in _TONED for c in word) > 1:
        return False
    return _SYLLABLE.fullmatch(word.translate(_UNTONE)) is not None


def looks_like_tcvn3(s: str) -> bool:
    """Conservative test: the text is TCVN3 mojibake and converts to plausible Vietnamese."""
    # Cheap exits first: most cells are ASCII or proper Unicode without any marker character.
    if s.isascii() or _MARKERS.isdisjoint(s):
        return False
    if _VIET_UNICODE.search(s) or not _LEFTOVER.isdisjoint(s):
        return False
    words = [w for w in _WORD.findall(s) if not w.isascii()]
    # A marker counts only inside a word, so "3×4", "© 2020" or a lone "«" are not evidence.
    evidence = [w for w in words if len(w) > 1 and not _MARKERS.isdisjoint(w)]
    if not evidence:
        return False
    valid = {w for w in words if _is_syllable(tcvn3_to_unicode(w))}
    strong = {w for w in evidence if w in valid}
    # One two-letter word is too weak ("50 µm" would read "àm"); want a longer word or two different ones.
    if len(strong) < 2 and not any(len(w) > 2 for w in strong):
        return False
    # Tolerate the odd typo in long text.
    return sum(w in valid for w in words) >= 0.8 * len(words)


SHORT_CELL = 80  # longer TCVN3 text has letters only TCVN3 writes (markers), and looks_like_tcvn3 sees them


def looks_like_short_tcvn3(s: str) -> bool:
    """A short cell of TCVN3 inside a Unicode sheet ("Quan Hãa"): only letters both encodings share (no
    TCVN3-only marker, which looks_like_tcvn3 weighs),
    no letter only Unicode Vietnamese has, and every non-ASCII word a non-word as written but a
    Vietnamese syllable once converted. Real Unicode text ("Quan Hóa", "Hòa", "José") is left alone."""
    if s.isascii() or len(s) > SHORT_CELL or not _MARKERS.isdisjoint(s):  # markers: looks_like_tcvn3 decides
        return False
    if not all(c.isascii() or c in _SOURCE for c in s):  # a letter only Unicode has: real Unicode text
        return False
    words = [w for w in _WORD.findall(s) if not w.isascii()]
    return bool(words) and all(
        len(w) > 1 and re.search("[A-Za-z]", w) and not _is_syllable(w) and _is_syllable(tcvn3_to_unicode(w))
        for w in words
    )


@lru_cache(maxsize=1 << 16)  # names of units, villages and people repeat across a load's files
def fix_tcvn3(s: str) -> str:
    """Convert s from TCVN3 mojibake when it clearly is some, else return it unchanged."""
    return tcvn3_to_unicode(s) if looks_like_tcvn3(s) or looks_like_short_tcvn3(s) else s


def fix_tcvn3_grid(grid: list[list]) -> list[list]:
    """Convert a whole sheet typed in TCVN3: one clearly detected cell marks the sheet, then every
    cell that could be TCVN3 (mapped characters, no real Vietnamese letters) is converted — short
    cells such as "Kinh tÕ" are too weak to detect alone but are TCVN3 in such a sheet."""
    texts = (c for row in grid[:500] for c in row if isinstance(c, str) and not c.isascii())
    if not any(looks_like_tcvn3(c) for c in texts):
        return grid

    def fix(c: object) -> object:
        if not isinstance(c, str) or c.isascii() or _SOURCE.isdisjoint(c) or _VIET_UNICODE.search(c):
            return c
        if not _MARKERS.isdisjoint(c):
            return tcvn3_to_unicode(c)
        # Only ambiguous characters (ê, ô, Õ…): convert when that turns non-words into words,
        # so a Unicode header such as "Tên mô hình" in the same sheet stays as it is.
        words = [w for w in _WORD.findall(c) if not w.isascii()]
        before = all(_is_syllable(w) for w in words)
        after = all(_is_syllable(tcvn3_to_unicode(w)) for w in words)
        return tcvn3_to_unicode(c) if after and not before else c

    return [[fix(c) for c in row] for row in grid]
