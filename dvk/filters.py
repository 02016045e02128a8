"""The filters every page shares, their URL form, and their SQL parameters (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from dvk.labels import codes

YEAR_MIN, YEAR_MAX = 2016, 2026
DISTRICT_CODES = tuple(str(c) for c in range(380, 408) if c != 383)

# URL key → (Filters attribute, allowed values)
LIST_KEYS = {
    "field": ("fields", tuple(codes("field"))),
    "kind": ("kinds", tuple(codes("kind"))),
    "sector": ("host_sectors", tuple(codes("host_sector"))),
    "level": ("levels", tuple(codes("level"))),
    "districts": ("districts", DISTRICT_CODES),  # plural: ?district= chooses the profile page's district
}


@dataclass(frozen=True)
class Filters:
    """What the user chose; an empty tuple means "all"."""

    year_from: int = YEAR_MIN
    year_to: int = YEAR_MAX
    fields: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())
    host_sectors: tuple[str, ...] = field(default=())
    levels: tuple[str, ...] = field(default=())
    districts: tuple[str, ...] = field(default=())

    @property
    def fold_dong_son(self) -> bool:
        """Đông Sơn (405) is shown inside TP Thanh Hóa (380) once the period reaches 2025."""
        return self.year_to >= 2025

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
            "fold_dong_son": self.fold_dong_son,
        }

    def commendation_params(self) -> dict:
        """The parameters that apply to commendations (field, kind and host sector describe models)."""
        p = self.params()
        return {k: p[k] for k in ("year_from", "year_to", "levels", "districts", "fold_dong_son")}

    def previous(self) -> Filters:
        """The period of equal length just before this one (for "change against previous period")."""
        n = self.year_to - self.year_from + 1
        return replace(self, year_from=self.year_from - n, year_to=self.year_from - 1)

    def to_query(self) -> dict[str, str]:
        """URL query parameters for a link that reopens this view (defaults left out)."""
        out: dict[str, str] = {}
        if self.year_from != YEAR_MIN:
            out["from"] = str(self.year_from)
        if self.year_to != YEAR_MAX:
            out["to"] = str(self.year_to)
        for key, (attr, _) in LIST_KEYS.items():
            values = getattr(self, attr)
            if values:
                out[key] = ",".join(values)
        return out


def from_query(query: Mapping[str, str]) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters; invalid values are dropped and described in the notes."""
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
        if YEAR_MIN <= year <= YEAR_MAX:
            values[attr] = year
        else:
            notes.append(f"{key}={raw}")
    for key, (attr, allowed) in LIST_KEYS.items():
        raw = query.get(key)
        if not raw:
            continue
        items = [v.strip() for v in str(raw).split(",") if v.strip()]
        good = tuple(dict.fromkeys(v for v in items if v in allowed))
        notes += [f"{key}={v}" for v in items if v not in allowed]
        if good:
            values[attr] = good
    f = Filters(**values)
    if f.year_from > f.year_to:
        notes.append(f"from={f.year_from}>to={f.year_to}")
        f = replace(f, year_from=f.year_to, year_to=f.year_from)
    return f, notes


FILTER_FIELDS = tuple(f.name for f in fields(Filters))
