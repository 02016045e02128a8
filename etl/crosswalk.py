"""Place every record in its 2025 commune: the official old→new table, and the order names are tried in.

The table is the `vietnamadminunits` package's data/converter_2025.json (read at load time): for
Thanh Hóa, 537 of the 547 units of early 2025 went whole to one new commune and 10 were split
between two or three, one flagged as the default. A written former name is resolved WITHIN its
former district (18 names repeat across districts; some differ only by accents), first with its
diacritics, then without them when that is unambiguous in the district. Former Đông Sơn (405)
communes are found whether the row says Đông Sơn or TP Thanh Hóa (380), which absorbed it.

Placement (models.commune_placement, commendations.commune_placement):
    named_2025     the row names a 2025 commune
    crosswalk      a former unit that went whole to one 2025 commune
    split_default  a former unit split between communes: placed in its default one
    unresolved     a name that is in neither list (or ambiguous): the record counts at district level
    not_named      no commune written

Order: a record from 1 Jul 2025 (decision date on or after it; without a date, year 2025 or later)
names a 2025 commune first, then a former one; an older record a former one first, then a 2025
one (people mix them). An analyst's alias ([commune_aliases] in config/vocabulary.toml) wins.
The step runs over the whole warehouse at every load (etl.load), so a rebuild or a new alias
re-places earlier rows too. The table's known imperfections (DOMAIN §5) are kept as published:
Quảng Cát goes whole to Quảng Phú (part went to Sầm Sơn), Đông Vệ whole to Hạc Thành.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from vietnamadminunits.database import query

from etl import reference
from etl.errors import LoadError, ParseError
from etl.places import PlaceResolver, exact_key
from etl.text import clean_text, fold
from etl.vocabulary import Vocabulary

PLACEMENTS = ("named_2025", "crosswalk", "split_default", "unresolved", "not_named")
PLACED = ("named_2025", "crosswalk", "split_default")
NEW_FROM_DATE = "2025-07-01"  # the 166 communes exist from this day
NEW_FROM_YEAR = 2025  # without a date, a record of this year or later names a 2025 commune first
COMMUNE_HEADER = "Xã"  # the commune column's header in load_warnings (etl.columns)
DISTRICT_LEVEL = "(tính ở cấp huyện)"  # what an unresolved name became
SOURCE = "vietnamadminunits 1.0.4 (MIT), data/converter_2025.json (Nghị quyết 1686/NQ-UBTVQH15)"

# "Xã Hoằng Tiến", "TT. Hà Trung", "P.Ba Đình", "X Quảng Phú": the type word or its abbreviation.
_TYPE_PREFIX = re.compile(r"^\s*(?:thị\s*trấn|thi\s*tran|phường|phuong|xã|xa|tt\.?|p\.|x\.|p\s|x\s)\s*", re.IGNORECASE)
_OLD_DISTRICT_NOTE = re.compile(r"\(([^()]*)\)\s*$")
# A district whose former units a row may name: TP Thanh Hóa took Đông Sơn's on 1 Jan 2025.
_ALSO = {"380": ("405",), "405": ("380",)}


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """One row per (former unit, 2025 commune it went to): the warehouse's `crosswalk` table."""
    conv = reference.converter_2025()
    new_code = {
        r["wardKey"]: r["wardCode"]
        for r in query(f"SELECT wardKey, wardCode FROM admin_units WHERE provinceCode = '{reference.PROVINCE_CODE}'")
    }
    wards = reference.legacy_wards().set_index("key")
    rows = []

    def add(old_key: str, code: str, default: bool, candidates: list[str]) -> None:
        w = wards.loc[old_key]
        rows.append(
            {
                "former_code": w["code"],
                "former_name": w["name"],
                "former_short_name": w["short_name"],
                "former_type": w["type"],
                "former_district_code": w["district_code"],
                "commune_code": code,
                "is_default": default,
                "split": len(candidates) > 1,
                "candidates": candidates,
                "source": SOURCE,
            }
        )

    for new_key, old_keys in conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhthanhhoa"].items():
        for old_key in old_keys:
            add(old_key, new_code[new_key], True, [new_code[new_key]])
    for old_key, targets in conv["DICT_PROVINCE_WARD_DIVIDED"]["tinhthanhhoa"].items():
        codes = [new_code[t["newWardKey"]] for t in targets]
        for t in targets:
            add(old_key, new_code[t["newWardKey"]], bool(t["isDefaultNewWard"]), codes)
    return pd.DataFrame(rows).sort_values(["former_code", "commune_code"], ignore_index=True)


def bare_name(text: str) -> str:
    """The name without its type word ("TT. Hà Trung" → "Hà Trung")."""
    return _TYPE_PREFIX.sub("", text, count=1).strip()


@dataclass(frozen=True)
class Former:
    """A former unit as the table holds it."""

    code: str
    name: str
    district_code: str
    commune_code: str  # its 2025 commune (the default one when split)
    split: bool


class Crosswalk:
    """Former units per former district, looked up by name with and without diacritics."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.units: dict[str, Former] = {}
        self.exact: dict[tuple[str, str], set[str]] = {}
        self.folded: dict[tuple[str, str], set[str]] = {}
        self.names: dict[str, list[str]] = {}  # district → short names, for suggestions
        for r in frame[frame["is_default"]].itertuples():
            self.units[r.former_code] = Former(
                r.former_code, r.former_name, r.former_district_code, r.commune_code, bool(r.split)
            )
            self.names.setdefault(r.former_district_code, []).append(r.former_short_name)
            for name in (r.former_name, r.former_short_name, r.former_code):
                self.exact.setdefault((r.former_district_code, exact_key(name)), set()).add(r.former_code)
                self.folded.setdefault((r.former_district_code, fold(name)), set()).add(r.former_code)

    @classmethod
    def build(cls) -> Crosswalk:
        return cls(table())

    def lookup(self, district: str, text: str) -> tuple[Former | None, str]:
        """(the former unit a name means in `district`, '') or (None, why not) — never a guess."""
        districts = (district, *_ALSO.get(district, ()))
        keys = [text, bare_name(text)]
        for index, key_of in ((self.exact, exact_key), (self.folded, fold)):
            for d in districts:  # the row's own district first, then the one merged into/from it
                for k in dict.fromkeys(key_of(t) for t in keys if t):
                    codes = index.get((d, k))
                    if codes and len(codes) == 1:
                        return self.units[next(iter(codes))], ""
                    if codes:
                        names = ", ".join(sorted(self.units[c].name for c in codes))
                        return None, f"viết không dấu trùng nhiều đơn vị của huyện ({names}): ghi đủ dấu"
        return None, ""

    def suggest(self, district: str, text: str) -> str:
        """' (gần giống: …)' among the district's former units."""
        names = [n for d in (district, *_ALSO.get(district, ())) for n in self.names.get(d, [])]
        by_fold = {fold(n): n for n in names}
        close = difflib.get_close_matches(fold(bare_name(text)), list(by_fold), n=3, cutoff=0.75)
        return f" (gần giống: {', '.join(by_fold[k] for k in close)})" if close else ""


@dataclass(frozen=True)
class Placed:
    """Where one record lands."""

    commune_code: str | None
    placement: str
    former_code: str | None = None
    reason: str | None = None  # for an unresolved name: why, in the warning


class Placer:
    """Resolves (district, written commune, is-the-record-from-July-2025) to a placement."""

    def __init__(self, places: PlaceResolver, crosswalk: Crosswalk, vocab: Vocabulary | None = None) -> None:
        self.places = places
        self.crosswalk = crosswalk
        self.aliases: dict[tuple[str, str], tuple[str, str]] = {}  # (district, folded name) → (kind, code)
        self.district_full = dict(zip(reference.districts()["code"], reference.districts()["name"]))
        for district_text, written, target in vocab.commune_aliases if vocab else ():
            self._alias(district_text, written, target, vocab.source)

    def _alias(self, district_text: str, written: str, target: str, source: str) -> None:
        fix = (
            f'{source}: [commune_aliases] "{district_text} | {written}" = "{target}": {{why}}. Ghi "huyện | tên như '
            'trong file" = "mã hoặc tên xã cũ (trước 7/2025) hay xã mới", rồi nạp lại.'
        )
        try:
            district = self.places.district(district_text)
        except ParseError as exc:
            raise LoadError(fix.format(why=str(exc))) from None
        if district is None:
            raise LoadError(fix.format(why="thiếu huyện"))
        target_s = clean_text(target)
        if target_s in self.crosswalk.units:
            found = ("former", target_s)
        elif target_s in self.places.commune_names:
            found = ("new", target_s)
        else:
            former, _ = self.crosswalk.lookup(district, target_s)
            new, _ = self.places.commune(target_s)
            if former is not None:
                found = ("former", former.code)
            elif new is not None:
                found = ("new", new)
            else:
                raise LoadError(fix.format(why="không tìm thấy xã đích trong bảng chuyển đổi hay danh sách 166 xã"))
        self.aliases[(district, fold(written))] = found

    def place(self, district: str, written: object, new_first: bool) -> Placed:
        """The placement of one record (see the module's docstring for the order)."""
        text = clean_text(written)
        if not text:
            return Placed(None, "not_named")
        alias = self.aliases.get((district, fold(text)))
        if alias is not None:
            kind, code = alias
            return self._former(self.crosswalk.units[code]) if kind == "former" else Placed(code, "named_2025")
        m = _OLD_DISTRICT_NOTE.search(text)
        bare = text[: m.start()].strip() if m else text  # "Đông Ninh (Đông Sơn cũ)": the district is known
        tries = (self._new, self._old) if new_first else (self._old, self._new)
        why = ""
        for attempt in tries:
            placed, reason = attempt(district, text, bare)
            if placed is not None:
                return placed
            if reason:  # ambiguous without diacritics: a guess in the other list would be no better
                why = reason
                break
        name = self.district_full.get(district, district)  # "Thành phố Thanh Hóa", not the province's name
        if not why:
            why = (
                f"không có trong danh sách xã/phường của {name} trước 7/2025 (bảng chuyển đổi 2025) cũng như 166 "
                "xã/phường mới; có thể là xã đã sáp nhập 2019–2021"
            ) + self.crosswalk.suggest(district, bare)
        return Placed(
            None,
            "unresolved",
            None,
            f"{why}; bản ghi được tính ở cấp huyện. Thêm vào [commune_aliases] trong config/vocabulary.toml để gắn xã",
        )

    def _former(self, unit: Former) -> Placed:
        return Placed(unit.commune_code, "split_default" if unit.split else "crosswalk", unit.code)

    def _old(self, district: str, text: str, bare: str) -> tuple[Placed | None, str]:
        unit, why = self.crosswalk.lookup(district, bare)
        return (self._former(unit) if unit else None), why

    def _new(self, district: str, text: str, bare: str) -> tuple[Placed | None, str]:
        code, _ = self.places.commune(text)
        if code is None:
            return None, ""
        # The 2025 commune must lie where the record's district was (or the district it merged into).
        rollup = {district, reference_merged(district)}
        if rollup & set(self.places.commune_former[code]) or self.places.commune_district[code] in rollup:
            return Placed(code, "named_2025"), ""
        return None, ""


def reference_merged(district: str) -> str:
    """The district a district merged into (Đông Sơn 405 → 380), else itself."""
    return "380" if district == "405" else district


def place(con, placer: Placer, only_new: bool = False) -> int:
    """Place every stored record (models, commendations and their _held twins) and list the unresolved
    names in load_warnings (replacing the previous placement warnings). Returns how many are unresolved.
    With only_new (an incremental load, etl.incremental), only the rows the load adds are placed and
    their warnings added: the rows a load adds to models and commendations have no order columns yet
    (code_2025 NULL), those it holds back no placement."""
    new_first = {  # {a} is the table's alias
        "models": f"{{a}}year_recognized >= {NEW_FROM_YEAR}",
        "commendations": f"coalesce({{a}}decision_date >= DATE '{NEW_FROM_DATE}', {{a}}year >= {NEW_FROM_YEAR})",
    }

    def scope(h: str, a: str = "") -> str:
        if not only_new:
            return "TRUE"
        return f"{a}commune_placement IS NULL" if h else f"{a}code_2025 IS NULL"

    union = " UNION ".join(
        f"SELECT DISTINCT district_code, commune, {new_first[t].format(a='')} AS new_first FROM {t}{h} WHERE {scope(h)}"
        for t in new_first
        for h in ("", "_held")
    )
    keys = con.execute(union).fetchall()
    rows = []
    for district, commune, nf in keys:
        p = placer.place(district, commune, bool(nf))
        rows.append((district, commune, bool(nf), p.commune_code, p.placement, p.former_code, p.reason))
    frame = pd.DataFrame(
        rows, columns=["district_code", "commune", "new_first", "code", "placement", "former", "reason"]
    ).astype(object)
    con.register("placed_df", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE placed AS SELECT * FROM placed_df")
    con.unregister("placed_df")
    for t, nf in new_first.items():
        for h in ("", "_held"):
            con.execute(
                f"""UPDATE {t}{h} t SET commune_code = p.code, commune_placement = p.placement,
                       former_commune_code = p.former
                FROM placed p WHERE p.district_code = t.district_code AND {scope(h, "t.")}
                  AND p.commune IS NOT DISTINCT FROM t.commune AND p.new_first = ({nf.format(a="t.")})"""
            )
    if not only_new:
        con.execute(
            'DELETE FROM load_warnings WHERE "column" = $c AND became = $b', {"c": COMMUNE_HEADER, "b": DISTRICT_LEVEL}
        )
    n = 0
    for t, nf in new_first.items():
        n += con.execute(
            f"""INSERT INTO load_warnings
            SELECT t.run_id, t.source_file, t.source_sheet, t.source_row, $c, t.commune, $b, p.reason
            FROM {t} t JOIN placed p ON p.district_code = t.district_code AND p.commune = t.commune
                 AND p.new_first = ({nf.format(a="t.")})
            WHERE p.placement = 'unresolved' AND {scope("", "t.")}""",
            {"c": COMMUNE_HEADER, "b": DISTRICT_LEVEL},
        ).fetchone()[0]
    con.execute("DROP TABLE placed")
    return n
