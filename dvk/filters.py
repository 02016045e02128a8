"""The filters every page shares, their URL form, and their SQL parameters (no Streamlit here)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields, replace

from dvk import clock
from dvk.i18n import translator
from dvk.labels import codes

FIRST_YEAR = 2009  # the national movement began in 2009 (etl.validate.MIN_YEAR: the loader's lower limit)
FOLD_FROM = 2025  # 1 Jan 2025: Đông Sơn (405) merged into TP Thanh Hóa (380)
DISTRICT_CODES = tuple(str(c) for c in range(380, 408) if c != 383)
UNITS = ("district", "commune")  # the unit a page counts by: the districts before 7/2025, or the 2025 communes
COMMUNE_CODE = re.compile(r"\d{5}")  # a GSO commune code (the warehouse's `communes` table holds the valid ones)

# URL key → (Filters attribute, allowed values)
LIST_KEYS = {
    "field": ("fields", tuple(codes("field"))),
    "kind": ("kinds", tuple(codes("kind"))),
    "sector": ("host_sectors", tuple(codes("host_sector"))),
    "level": ("levels", tuple(codes("level"))),
    "districts": ("districts", DISTRICT_CODES),  # plural: ?district= chooses the profile page's district
    # plural too (?commune= is the commune profile's); the 2025 communes come from the warehouse
    # (from_query's `communes`), None here
    "communes": ("communes", None),
}
UNIT_KEY = "unit"  # ?unit=commune (the district is the default and left out); not the recognition level's `level`


@dataclass(frozen=True)
class Filters:
    """What the user chose; an empty tuple means "all". The default period is every year the loader accepts."""

    year_from: int = FIRST_YEAR
    year_to: int = field(default_factory=clock.current_year)
    fields: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())
    host_sectors: tuple[str, ...] = field(default=())
    levels: tuple[str, ...] = field(default=())
    districts: tuple[str, ...] = field(default=())
    communes: tuple[str, ...] = field(default=())  # 2025 commune codes (models.commune_code)
    unit: str = "district"  # UNITS: what the pages count by (the filters above apply in both)
    # The boundaries the period is counted on when it is one side of a comparison (see same_boundaries);
    # None: its own (Đông Sơn inside TP Thanh Hóa once the period reaches 2025). Not part of the URL.
    fold: bool | None = None

    @property
    def fold_dong_son(self) -> bool:
        """Whether Đông Sơn (405) is counted inside TP Thanh Hóa (380)."""
        return self.fold if self.fold is not None else self.year_to >= FOLD_FROM

    def params(self) -> dict:
        """Named SQL parameters; lists are VARCHAR[] and an empty list means no restriction."""
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "fields": list(self.fields),
            "kinds": list(self.kinds),
            "host_sectors": list(self.host_sectors),
            "levels": list(self.levels),
            "districts": list(self.districts),
            "communes": list(self.communes),
            "fold_dong_son": self.fold_dong_son,
        }

    def commendation_params(self) -> dict:
        """The parameters that apply to commendations (field, kind and host sector describe models)."""
        p = self.params()
        return {k: p[k] for k in ("year_from", "year_to", "levels", "districts", "communes", "fold_dong_son")}

    def previous(self) -> Filters:
        """The period of equal length just before this one (for "change against previous period"),
        counted on the same boundaries as this one."""
        n = self.year_to - self.year_from + 1
        return same_boundaries(self, replace(self, year_from=self.year_from - n, year_to=self.year_from - 1))[1]

    def to_query(self, default: tuple[int, int] | None = None) -> dict[str, str]:
        """URL query parameters for a link that reopens this view; the period is left out when it is
        `default` (the view a page opens with, decided by the data), and so are empty lists."""
        out: dict[str, str] = {}
        if (self.year_from, self.year_to) != (default or (FIRST_YEAR, clock.current_year())):
            out["from"], out["to"] = str(self.year_from), str(self.year_to)
        for key, (attr, _) in LIST_KEYS.items():
            values = getattr(self, attr)
            if values:
                out[key] = ",".join(values)
        if self.unit != "district":
            out[UNIT_KEY] = self.unit
        return out


def same_boundaries(a: Filters, b: Filters) -> tuple[Filters, Filters]:
    """The two sides of a comparison on one set of boundaries: if either period reaches 2025, Đông Sơn
    is counted inside TP Thanh Hóa on both sides (the 26 units of 2025), else on its own on both."""
    fold = a.fold_dong_son or b.fold_dong_son
    return replace(a, fold=fold), replace(b, fold=fold)


def filter_label(key: str, lang: str = "vi") -> str:
    """The name of one filter as the sidebar and every export write it: 'period' or a LIST_KEYS key."""
    t = translator(lang)
    return {
        "period": t("Giai đoạn (năm công nhận)"),
        "field": t("Lĩnh vực"),
        "kind": t("Loại"),
        "sector": t("Chủ thể"),
        "level": t("Cấp công nhận"),
        "districts": t("Huyện"),
        "communes": t.p("bộ lọc", "Xã, phường"),
        "unit": t("Đơn vị"),
    }[key]


def unit_label(unit: str, lang: str = "vi") -> str:
    """The name of one choice of the unit switch (UNITS)."""
    t = translator(lang)
    return {"district": t("Huyện (trước 7/2025)"), "commune": t("Xã, phường (từ 7/2025)")}[unit]


def all_chosen(lang: str = "vi") -> str:
    """What a filter with nothing chosen stands for ('Tất cả' / 'All')."""
    t = translator(lang)
    return t("Tất cả")


def from_query(
    query: Mapping[str, str],
    years: tuple[int, int] | None = None,
    default: tuple[int, int] | None = None,
    lang: str = "vi",
    communes: Collection[str] | None = None,
) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters; invalid values are dropped and described in the notes.

    `years` is the range a period may take (the data's, see dvk.periods.Coverage.years; default
    every year the loader accepts); a year outside it is noted as such. Without `from` and `to` the
    period is `default` (the data's default view); with one of them, the other is the range's end.
    `communes` are the 2025 commune codes a `communes=` value may name (the warehouse's `communes`
    table); without them any five-digit code is accepted. An unknown `unit` is noted and the district kept.
    """
    lo, hi = years or (FIRST_YEAR, clock.current_year())
    notes: list[str] = []
    values: dict = {}
    for key, attr in (("from", "year_from"), ("to", "year_to")):
        raw = query.get(key)
        if raw is None:
            continue
        try:
            year = int(str(raw))
        except ValueError:
            notes.append(f"{key}={raw}")
            continue
        if lo <= year <= hi:
            values[attr] = year
        else:
            t = translator(lang)
            outside = t("ngoài các năm có số liệu {a}–{b}", a=lo, b=hi)
            notes.append(f"{key}={raw} ({outside})")
    if not values:
        values["year_from"], values["year_to"] = default or (lo, hi)
    values.setdefault("year_from", lo)
    values.setdefault("year_to", hi)
    for key, (attr, allowed) in LIST_KEYS.items():
        raw = query.get(key)
        if not raw:
            continue
        items = [v.strip() for v in str(raw).split(",") if v.strip()]
        if allowed is None:  # the communes: the warehouse's codes, or any code of the right form

            def ok(v: str) -> bool:
                return v in communes if communes is not None else bool(COMMUNE_CODE.fullmatch(v))

        else:

            def ok(v: str, allowed=allowed) -> bool:
                return v in allowed

        good = tuple(dict.fromkeys(v for v in items if ok(v)))
        notes += [f"{key}={v}" for v in items if not ok(v)]
        if good:
            values[attr] = good
    unit = query.get(UNIT_KEY)
    if unit is not None:
        if str(unit) in UNITS:
            values["unit"] = str(unit)
        else:
            notes.append(f"{UNIT_KEY}={unit}")
    f = Filters(**values)
    if f.year_from > f.year_to:
        notes.append(f"from={f.year_from}>to={f.year_to}")
        f = replace(f, year_from=f.year_to, year_to=f.year_from)
    return f, notes


FILTER_FIELDS = tuple(f.name for f in fields(Filters) if f.name != "fold")
