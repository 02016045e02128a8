"""Resolve the district and commune names people write to GSO codes."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from etl import reference
from etl.errors import ParseError
from etl.text import clean_text, fold

# Prefixes people put before a name, folded; longest first so "thanhpho" wins over "t…".
DISTRICT_PREFIXES = ("thanhpho", "thixa", "huyen", "quan", "tp", "tx", "h", "q")
DISTRICT_SUFFIXES = ("city", "town", "district", "cu")
COMMUNE_PREFIXES = ("thitran", "phuong", "xa", "tt", "p", "x")

# Spellings that are not just the name without its diacritics.
DISTRICT_ALIASES = {
    "Tĩnh Gia": "407",
    "Thanh Hoa City": "380",
    "TPTH": "380",
    "Sam Son City": "382",
    "Bim Son Town": "381",
    "Nghi Son Town": "407",
}

_OLD_DISTRICT_NOTE = re.compile(
    r"\((?:huyện|h\.|thị xã|tx|thành phố|tp)?\.?\s*([^()]*?)\s*(?:cũ)?\)\s*$", re.IGNORECASE
)


def exact_key(value: object) -> str:
    """Key that keeps diacritics (so Đông ≠ Đồng) but ignores case, spacing and punctuation."""
    s = clean_text(value).lower()
    return re.sub(r"[^0-9a-zà-ỹđ]", "", unicodedata.normalize("NFC", s))


class NameIndex:
    """Names → codes, matched first with diacritics, then without them when that is unambiguous."""

    def __init__(self, prefixes: tuple[str, ...], suffixes: tuple[str, ...] = ()) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, set[str]] = {}
        self.prefixes = prefixes
        self.suffixes = suffixes

    def add(self, name: str, code: str) -> None:
        """Register one spelling of a unit."""
        self.exact.setdefault(exact_key(name), code)
        self.folded.setdefault(fold(name), set()).add(code)

    def lookup(self, text: str) -> str | None:
        """The code a written name means, or None (unknown or ambiguous)."""
        for key, table in ((exact_key(text), "exact"), (fold(text), "folded")):
            for candidate in self._variants(key, table == "exact"):
                code = self._get(candidate, table)
                if code:
                    return code
        return None

    def _get(self, key: str, table: str) -> str | None:
        if table == "exact":
            return self.exact.get(key)
        codes = self.folded.get(key)
        return next(iter(codes)) if codes and len(codes) == 1 else None

    def _variants(self, key: str, exact: bool):
        yield key
        for suffix in self.suffixes:
            if key.endswith(suffix) and len(key) > len(suffix):
                yield key[: -len(suffix)]
        for prefix in self.prefixes:
            p = prefix if not exact else _EXACT_PREFIX.get(prefix, prefix)
            if key.startswith(p) and len(key) > len(p):
                yield from self._variants(key[len(p) :], exact)

    def keys(self) -> list[str]:
        """Folded keys, for suggestions."""
        return list(self.folded)


# Prefixes as written with diacritics, for the exact pass.
_EXACT_PREFIX = {
    "thanhpho": "thànhphố",
    "thixa": "thịxã",
    "huyen": "huyện",
    "quan": "quận",
    "thitran": "thịtrấn",
    "phuong": "phường",
    "xa": "xã",
}


@dataclass
class PlaceResolver:
    """District and new-commune look-ups built once from the reference tables."""

    districts: NameIndex = field(default_factory=lambda: NameIndex(DISTRICT_PREFIXES, DISTRICT_SUFFIXES))
    district_names: dict[str, str] = field(default_factory=dict)  # code → short name
    communes: NameIndex = field(default_factory=lambda: NameIndex(COMMUNE_PREFIXES))
    commune_names: dict[str, str] = field(default_factory=dict)  # code → full name
    commune_district: dict[str, str] = field(default_factory=dict)  # code → district code on 30 Jun 2025
    commune_former: dict[str, list[str]] = field(default_factory=dict)  # code → all former districts

    @classmethod
    def build(cls) -> PlaceResolver:
        """Resolver over the package-derived reference data."""
        r = cls()
        for d in reference.districts().itertuples():
            r.district_names[d.code] = d.short_name
            for name in (d.code, d.name, d.short_name, *d.former_names):
                r.districts.add(name, d.code)
        for alias, code in DISTRICT_ALIASES.items():
            r.districts.add(alias, code)
        for c in reference.communes_2025().itertuples():
            r.commune_names[c.code] = c.name
            r.commune_district[c.code] = c.district_code
            r.commune_former[c.code] = list(c.former_district_codes)
            for name in (c.code, c.name, c.short_name):
                r.communes.add(name, c.code)
        return r

    def district(self, value: object) -> str | None:
        """GSO code of a district name in any usual spelling; None when empty; ParseError with suggestions."""
        text = clean_text(value)
        if not text:
            return None
        code = self.districts.lookup(text)
        if code:
            return code
        raise ParseError(f"không nhận ra huyện{self._suggest(fold(text), self.districts, self.district_names)}")

    def commune(self, value: object) -> tuple[str | None, str | None]:
        """(2025 commune code, former district hinted in brackets) for a new commune name; None if not one."""
        text = clean_text(value)
        if not text:
            return None, None
        hint = None
        m = _OLD_DISTRICT_NOTE.search(text)
        if m:  # "xã Hoằng Tiến (huyện Hoằng Hóa cũ)"
            hint = self.districts.lookup(m.group(1))
            text = text[: m.start()].strip()
        return self.communes.lookup(text), hint

    def commune_suggestions(self, value: object) -> str:
        """' (gần giống: …)' for an unknown commune name."""
        return self._suggest(fold(value), self.communes, self.commune_names)

    @staticmethod
    def _suggest(key: str, index: NameIndex, names: dict[str, str]) -> str:
        keys = [k for k in index.keys() if not k.isdigit()]
        seen: list[str] = []
        for k in difflib.get_close_matches(key, keys, n=8, cutoff=0.6):
            for code in sorted(index.folded[k]):
                if names[code] not in seen:
                    seen.append(names[code])
        return f" (gần giống: {', '.join(seen[:3])})" if seen else ""
