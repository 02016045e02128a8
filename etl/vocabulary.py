"""The words submissions use for listed values, read from config/vocabulary.toml (data, not code).

Enumerations are matched on folded text (etl.text.fold: no case, diacritics or punctuation).
Issuers are free text: their level and body are read from words, matched as whole words with
their vowel shapes kept (so "sở" is not "số") but tone marks ignored (old "uỷ" = new "ủy").
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from dvk.labels import ENUMS, ISSUER_LEVEL, UNCLASSIFIED
from etl.errors import VocabularyError
from etl.text import clean_text, fold

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "vocabulary.toml"
LEVEL_ORDER = ("xa", "huyen", "tinh", "trung_uong")  # lowest first: the lowest level named wins
BODY_ORDER = ("ban_dan_van", "mttq", "party", "government")
MAX_REMEMBERED = 200_000
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def path() -> Path:
    """The vocabulary file in use: $DVK_VOCABULARY, else config/vocabulary.toml."""
    return Path(os.environ.get("DVK_VOCABULARY") or DEFAULT_PATH)


def word_key(text: str) -> tuple[str, ...]:
    """Whole words, lower case, tone marks dropped but vowel shapes and đ kept ("Sở" → ("sơ",))."""
    s = unicodedata.normalize("NFD", clean_text(text).lower())
    s = unicodedata.normalize("NFC", "".join(c for c in s if c not in _TONES))
    return tuple(re.findall(r"[0-9a-zà-ỹđ\u00c0-\u024f]+", s))


def ascii_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The same words without any diacritics ("sơ" → "so")."""
    return tuple(fold(w) for w in words)


@dataclass(frozen=True)
class Phrases:
    """Word sequences to find in a text, each with the value it stands for; longest first."""

    items: tuple[tuple[tuple[str, ...], str], ...] = ()

    @classmethod
    def of(cls, table: dict[str, list[str]]) -> Phrases:
        items = [(word_key(p), value) for value, phrases in table.items() for p in phrases]
        return cls(tuple(sorted((i for i in items if i[0]), key=lambda i: -len(i[0]))))

    @cached_property
    def _by_first(self) -> dict[tuple[bool, str], list[tuple[int, tuple[str, ...], str]]]:
        """(plain?, first word) → (order, phrase, value): the phrases that can start at a word."""
        index: dict[tuple[bool, str], list] = {}
        for order, (phrase, value) in enumerate(self.items):
            for plain, p in ((False, phrase), (True, ascii_words(phrase))):
                index.setdefault((plain, p[0]), []).append((order, p, value))
        return index

    def find(self, words: tuple[str, ...], consume: bool = False) -> list[str]:
        """The values whose phrases occur in `words` as whole words (words without any diacritics are
        matched against the phrases without theirs). With `consume`, a longer phrase hides the words
        it covers from shorter ones ("thị xã" is a district word, not "xã")."""
        plain = all(w.isascii() for w in words)
        text = ascii_words(words) if plain else words
        hits = []  # (order, start, length, value): phrases in the order of self.items (longest first)
        for i, w in enumerate(text):
            for order, p, value in self._by_first.get((plain, w), ()):
                if text[i : i + len(p)] == p:
                    hits.append((order, i, len(p), value))
        hits.sort()
        found: list[str] = []
        taken = [False] * len(text)
        seen: set[int] = set()
        for order, i, n, value in hits:
            if order in seen or (consume and any(taken[i : i + n])):
                continue
            seen.add(order)
            found.append(value)
            if consume:
                taken[i : i + n] = [True] * n
        return found


@dataclass(frozen=True)
class Vocabulary:
    """Written forms → codes, per enumerated column, with the issuer and host-unit word rules."""

    forms: dict[str, dict[str, str]]
    unit_sectors: Phrases = field(default_factory=Phrases)
    issuer_levels: Phrases = field(default_factory=Phrases)
    issuer_bodies: Phrases = field(default_factory=Phrases)
    district_names: frozenset[str] = frozenset()  # folded short names: a place names the district level
    # [commune_aliases] "district | written name" = "former unit or 2025 commune" (etl.crosswalk resolves them)
    commune_aliases: tuple[tuple[str, str, str], ...] = ()
    source: str = ""
    fingerprint: str = ""  # sha256 of the file: a load re-reads unclassified cells when it changes
    # Answers already given (issuers and host units repeat across a load's files).
    _seen: dict = field(default_factory=dict, compare=False, repr=False)

    def code(self, enum: str, text: str) -> str | None:
        """The code a written value means, or None when the vocabulary does not know it."""
        table = self.forms[enum]
        key = fold(text)
        if key in table:
            return table[key]
        bare = fold(re.sub(r"\([^()]*\)", " ", text))  # "Kinh tế (trồng trọt)"
        if bare in table:
            return table[bare]
        if enum == "form":  # "Bằng khen của Chủ tịch UBND tỉnh": the form, then its issuer
            return next((o.code for o in ENUMS["form"] if key.startswith(fold(o.vi))), None)
        return None

    def issuer(self, text: str) -> str | None:
        """The issuing body's code, read from its words; None when the level cannot be told."""
        key = ("issuer", text)
        if key not in self._seen:
            self._remember(key, self._issuer(text))
        return self._seen[key]

    def _remember(self, key: tuple[str, str], value: str | None) -> None:
        if len(self._seen) > MAX_REMEMBERED:  # a server loading for months: keep the memory bounded
            self._seen.clear()
        self._seen[key] = value

    def _issuer(self, text: str) -> str | None:
        known = self.code("issuer", text)
        if known is not None:
            return known
        words = word_key(text)
        levels = set(self.issuer_levels.find(words, consume=True))
        if not levels:
            key = fold(text)
            if any(name in key for name in self.district_names):
                levels = {"huyen"}
            elif "thanhhoa" in key:
                levels = {"tinh"}
            else:
                return None
        level = next(lv for lv in LEVEL_ORDER if lv in levels)
        bodies = set(self.issuer_bodies.find(words))
        body = next((b for b in BODY_ORDER if b in bodies), "other")
        if level == "trung_uong":
            return "ban_dan_van_tw" if body == "ban_dan_van" else "trung_uong_khac"
        if level == "tinh":
            return {
                "ban_dan_van": "ban_dan_van_tinh_uy",
                "mttq": "ubmttq_tinh",
                "party": "ban_thuong_vu_tinh_uy",
                "government": "chu_tich_ubnd_tinh",
            }.get(body, "so_nganh_tinh")
        return "cap_huyen" if level == "huyen" else "cap_xa"

    def sector_from_unit(self, host_unit: str) -> str | None:
        """The mass organisation a host unit's name shows ("Chi hội Phụ nữ thôn 2" → hoi_phu_nu)."""
        key = ("unit", host_unit)
        if key not in self._seen:
            found = self.unit_sectors.find(word_key(host_unit))
            self._remember(key, found[0] if found else None)
        return self._seen[key]


_CACHE: dict[tuple[str, float], Vocabulary] = {}


def load_vocabulary(file: Path | None = None) -> Vocabulary:
    """The vocabulary in `file` (default: path()); re-read when the file changes. VocabularyError if unusable."""
    file = Path(file or path())
    try:
        stamp = file.stat().st_mtime
    except OSError:
        raise VocabularyError(
            f"{file}: không tìm thấy file từ vựng. Khôi phục config/vocabulary.toml (hoặc sửa biến DVK_VOCABULARY)."
        ) from None
    cached = _CACHE.get((str(file), stamp))
    if cached is not None:
        return cached
    try:
        raw = file.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VocabularyError(
            f'{file}: file từ vựng sai cú pháp ({exc}). Mỗi dòng viết dạng "cách viết" = "mã", rồi nạp lại.'
        ) from None
    vocab = _build(data, str(file), hashlib.sha256(raw).hexdigest())
    _CACHE.clear()
    _CACHE[(str(file), stamp)] = vocab
    return vocab


def _build(data: dict, source: str, fingerprint: str = "") -> Vocabulary:
    from etl import reference  # reference data is only needed to build, not to import this module

    forms: dict[str, dict[str, str]] = {}
    for enum, options in ENUMS.items():
        valid = {o.code for o in options} | {UNCLASSIFIED.code}
        table: dict[str, str] = {}
        for o in (*options, UNCLASSIFIED):
            for name in (o.code, o.vi, o.en):
                table.setdefault(fold(name), o.code)
        for written, code in (data.get(enum) or {}).items():
            if code not in valid:
                raise VocabularyError(
                    f'{source}: [{enum}] "{written}" = "{code}": mã \'{code}\' không có trong danh mục '
                    f"(các mã: {', '.join(sorted(valid))}). Sửa dòng đó rồi nạp lại."
                )
            if fold(written):
                table[fold(written)] = code
        forms[enum] = table
    sectors = _table(data, "host_sector_from_unit", {o.code for o in ENUMS["host_sector"]}, source)
    levels = _table(data, "issuer_levels", set(LEVEL_ORDER), source)
    bodies = _table(data, "issuer_bodies", set(BODY_ORDER), source)
    districts = frozenset(
        k for k in (fold(n) for n in reference.districts()["short_name"]) if k and k != "thanhhoa" and len(k) > 3
    )
    assert set(ISSUER_LEVEL) <= {o.code for o in ENUMS["issuer"]}
    return Vocabulary(
        forms,
        Phrases.of(sectors),
        Phrases.of(levels),
        Phrases.of(bodies),
        districts,
        _commune_aliases(data, source),
        source,
        fingerprint,
    )


def _commune_aliases(data: dict, source: str) -> tuple[tuple[str, str, str], ...]:
    """[commune_aliases] as (district, written name, target); the names are resolved by etl.crosswalk."""
    out = []
    for key, target in (data.get("commune_aliases") or {}).items():
        parts = [p.strip() for p in key.split("|")]
        if len(parts) != 2 or not all(parts) or not isinstance(target, str) or not target.strip():
            raise VocabularyError(
                f'{source}: [commune_aliases] "{key}" = …: cần dạng "huyện | tên xã như trong file" = "xã đích" '
                '(ví dụ "Hoằng Hóa | Hoằng Xuyên" = "Hoằng Hợp"). Sửa dòng đó rồi nạp lại.'
            )
        out.append((parts[0], parts[1], target.strip()))
    return tuple(out)


def _table(data: dict, section: str, valid: set[str], source: str) -> dict[str, list[str]]:
    table = data.get(section) or {}
    for key, words in table.items():
        if key not in valid or not isinstance(words, list):
            raise VocabularyError(
                f"{source}: [{section}] {key} = …: cần một trong {', '.join(sorted(valid))} với danh sách từ "
                '(ví dụ hoi_phu_nu = ["phụ nữ"]). Sửa dòng đó rồi nạp lại.'
            )
    return table
