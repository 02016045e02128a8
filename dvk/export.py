"""What every export carries: the filters in words, the source and date stamp, and a safe file name.

Tables are written by dvk.export_tables, charts by dvk.export_charts, the periodic report by
dvk.report; all three take their words from here so that a file says the same as the screen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from dvk import clock, l10n, periods, queries
from dvk.filters import LIST_KEYS, Filters, all_chosen, filter_label, unit_label
from dvk.i18n import translator
from dvk.labels import label
from dvk.text import slug as ascii_slug  # 'Xếp hạng Đông Sơn' → 'xep-hang-dong-son'

# What an exported file is named after, per page and per object on it: key → (Vietnamese, English).
SLUGS: dict[str, tuple[str, str]] = {
    "overview": ("tong-quan", "overview"),
    "map": ("ban-do", "map"),
    "trends": ("xu-huong", "trends"),
    "rankings": ("xep-hang-huyen", "district-rankings"),
    "examples": ("dien-hinh-tieu-bieu", "typical-examples"),
    "profile": ("ho-so-huyen", "district-profile"),
    "commune_profile": ("ho-so-xa-phuong", "commune-profile"),
    "records": ("danh-sach-mo-hinh", "models-list"),
    "commendations": ("khen-thuong", "commendations"),
    "data": ("du-lieu-nap", "data-loads"),
    "status": ("tien-do-bao-cao", "reporting-status"),
    "rejects": ("dong-bi-loai", "rejected-rows"),
    "report": ("bao-cao-dinh-ky", "periodic-report"),
}

# Filters attribute → enumeration in dvk.labels (districts take their names from the warehouse).
_ENUM_OF = {"fields": "field", "kinds": "kind", "host_sectors": "host_sector", "levels": "level"}
# (Filters attribute, dvk.filters.filter_label key) in the sidebar's order
_ORDER = tuple((attr, key) for key, (attr, _) in LIST_KEYS.items())

MAX_NAME = 120  # characters: far below Windows' 255 and leaves room for a folder path
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def period_text(filters: Filters) -> str:
    """'2021–2023', or '2023' for a single year (dvk.periods.span)."""
    return periods.span(filters)


def _values(filters: Filters, attr: str, names: dict[str, str], lang: str) -> list[str]:
    codes = getattr(filters, attr)
    if attr in ("districts", "communes"):  # names: district and commune codes (3 and 5 digits) never collide
        return [names.get(c, c) for c in codes]
    return [label(_ENUM_OF[attr], c, lang) for c in codes]


def describe_filters(
    filters: Filters, names: dict[str, str], lang: str = "vi", through: dt.date | None = None
) -> list[tuple[str, str]]:
    """Every filter as (name, chosen values in words); 'Tất cả'/'All' where nothing is chosen. The
    period carries the partial-year marker when the data (running to `through`) does not fill it."""
    rows = [(filter_label("period", lang), periods.with_partial(period_text(filters), filters, through, lang))]
    rows.append((filter_label("unit", lang), unit_label(filters.unit, lang)))
    for attr, key in _ORDER:
        values = _values(filters, attr, names, lang)
        rows.append((filter_label(key, lang), ", ".join(values) if values else all_chosen(lang)))
    return rows


def filters_line(filters: Filters, names: dict[str, str], lang: str = "vi", through: dt.date | None = None) -> str:
    """One line for a chart or report: the period (with the partial-year marker), then only the
    filters that narrow it."""
    t = translator(lang)
    parts = [periods.with_partial(periods.name(filters, lang), filters, through, lang)]
    if filters.unit != "district":  # the district is the default unit, said only when it is not
        parts.append(f"{filter_label('unit', lang)}: {unit_label(filters.unit, lang)}")
    for attr, key in _ORDER:
        values = _values(filters, attr, names, lang)
        if values:
            parts.append(f"{filter_label(key, lang)}: {', '.join(values)}")
    if len(parts) == 1:
        parts.append(t("không lọc thêm"))
    return "; ".join(parts)


def warehouse_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The warehouse's meta table as a dict (synthetic flag, last load, schema version)."""
    df = queries.run(con, "meta")
    return dict(zip(df["key"], df["value"], strict=True))


def district_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """code → short name of every district-level unit."""
    df = queries.run(con, "district_names")
    return dict(zip(df["code"], df["short_name"], strict=True))


def unit_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """code → short name of every district-level unit and every 2025 commune (what `stamp` names)."""
    df = queries.run(con, "commune_list")
    return district_names(con) | dict(zip(df["code"], df["short_name"], strict=True))


def is_synthetic(meta: dict[str, str]) -> bool:
    """Whether the warehouse holds the generated sample rather than real submissions."""
    return meta.get("synthetic") == "true"


def source_text(meta: dict[str, str], lang: str = "vi") -> str:
    """'Kho dữ liệu Dân vận khéo, lần nạp 28/11/2026 17:27' (+ the synthetic-data warning)."""
    t = translator(lang)
    text = t("Kho dữ liệu Dân vận khéo")
    loaded = meta.get("last_load", "")
    if loaded:
        try:
            when = clock.local(loaded)  # stored with its offset; written in province time
            loaded = l10n.datetime(when, lang, style="stamp")
        except ValueError:
            pass
        text += ", " + t("lần nạp {when}", when=loaded)
    through = periods.parse_day(meta.get("data_through"))
    if through:
        text += ", " + t("số liệu đến {day}", day=l10n.date(through, lang, style="prose"))
    if is_synthetic(meta):
        text += " — " + t("DỮ LIỆU MẪU TỔNG HỢP, không phải số liệu thật")
    return text


@dataclass(frozen=True)
class Stamp:
    """The words an exported file carries besides its data: filters, source, date."""

    filters: tuple[tuple[str, str], ...]
    filters_line: str
    source: str
    date: str
    synthetic: bool
    lang: str = "vi"

    def lines(self) -> list[str]:
        """Three short lines for the foot of a chart or report."""
        t = translator(self.lang)
        filters, source, date = t("Bộ lọc"), t("Nguồn"), t("Ngày xuất")
        return [f"{filters}: {self.filters_line}", f"{source}: {self.source}", f"{date}: {self.date}"]

    def rows(self) -> list[tuple[str, str]]:
        """(name, value) rows for the filters sheet of a workbook."""
        t = translator(self.lang)
        return [*self.filters, (t("Nguồn"), self.source), (t("Ngày xuất"), self.date)]


def stamp(
    filters: Filters, names: dict[str, str], meta: dict[str, str], lang: str = "vi", today: dt.date | None = None
) -> Stamp:
    """The stamp of an export made today (province time) with these filters from this warehouse."""
    through = periods.parse_day(meta.get("data_through"))
    return Stamp(
        filters=tuple(describe_filters(filters, names, lang, through)),
        filters_line=filters_line(filters, names, lang, through),
        source=source_text(meta, lang),
        date=l10n.date(today or clock.today(), lang, style="stamp"),
        synthetic=is_synthetic(meta),
        lang=lang,
    )


def slug(key: str, lang: str = "vi") -> str:
    """The file-name stem of a page or object (see SLUGS), in the language."""
    vi, en = SLUGS[key]
    return en if lang == "en" else vi


def safe_filename(name: str, filters: Filters | None, ext: str, today: dt.date | None = None, extra: str = "") -> str:
    """'xep-hang-huyen_2021-2023_2026-11-28.xlsx': ASCII letters, digits, '-', '_' and one '.'.

    Nothing Windows rejects (<>:"/\\|?*, control characters, a trailing dot or space, CON/NUL/…),
    and at most MAX_NAME characters.
    """
    ext = re.sub(r"[^a-z0-9]", "", ext.lower()) or "bin"
    tail = [ascii_slug(extra)] if extra and ascii_slug(extra) else []
    if filters is not None:
        tail.append(period_text(filters).replace("–", "-"))
    tail.append((today or clock.today()).isoformat())
    rest = "_" + "_".join(tail)
    head = ascii_slug(name)[: MAX_NAME - len(rest) - len(ext) - 1].strip("-") or "xuat"
    stem = head + rest
    if stem.split(".")[0] in _WINDOWS_RESERVED:  # cannot happen with a date in the name; kept as a guard
        stem = f"_{stem}"
    return f"{stem}.{ext}"
