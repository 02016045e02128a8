"""The 2025 communes and wards as units a reader picks: the list (grouped by former district, in
Vietnamese order), a search that ignores diacritics, and a commune's name in a sentence.

The warehouse's `communes` table is the source (etl.reference builds it from the official lists);
records carry the 2025 commune in models.commune_code / commendations.commune_code. Also the Data
page's reads: how records were placed in the 2025 communes, the names that were not, the denominators.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from dvk import queries
from dvk.i18n import translator
from dvk.queries import run
from dvk.text import fold, vi_key

COLUMNS = (
    "code",
    "name",
    "short_name",
    "type",
    "former_district_codes",
    "main_district_code",
    "district_code",
    "main_district_name",
    "search",
)


def commune_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The 166 communes ordered by their main former district, then by name (both in Vietnamese order):
    code, name ("Phường Hạc Thành"), short_name ("Hạc Thành"), type (xa | phuong), former_district_codes
    (every former district it took wards from), main_district_code (the one it took most from; Đông Sơn's
    405 kept), district_code (the district it rolls up to), main_district_name ("TP Thanh Hóa") and
    search (the folded names a search matches: commune and former district)."""
    df = run(con, "commune_list")
    if df.empty:
        return commune_list_empty()
    df["former_district_codes"] = df["former_district_codes"].map(lambda v: tuple(str(c) for c in v))
    df["main_district_name"] = [
        _district(name, kind) for name, kind in zip(df["main_district_name"], df["main_district_type"], strict=True)
    ]
    df["search"] = [
        f"{fold(a)} {fold(b)} {fold(c)}"
        for a, b, c in zip(df["short_name"], df["name"], df["main_district_name"], strict=True)
    ]
    keys = [
        (vi_key(d), vi_key(s), c)
        for d, s, c in zip(df["main_district_name"], df["short_name"], df["code"], strict=True)
    ]
    order = sorted(range(len(df)), key=keys.__getitem__)
    return df.iloc[order][list(COLUMNS)].reset_index(drop=True)


def commune_list_empty() -> pd.DataFrame:
    """The list's columns without rows (no warehouse yet)."""
    return pd.DataFrame(columns=list(COLUMNS))


def _district(short_name, kind) -> str:
    """A former district as a label names it: "TP Thanh Hóa", "TX Nghi Sơn", "Hoằng Hóa" (a huyện)."""
    if short_name is None or pd.isna(short_name):
        return ""
    prefix = {"thanh_pho": "TP ", "thi_xa": "TX "}.get(kind, "")
    return prefix + str(short_name)


def label(row, lang: str = "vi") -> str:
    """A picker's label: the commune with its former district, "Hạc Thành (TP Thanh Hóa cũ)"."""
    t = translator(lang)
    if not row["main_district_name"]:
        return str(row["short_name"])
    return t("{commune} ({district} cũ)", commune=row["short_name"], district=row["main_district_name"])


def labels(df: pd.DataFrame, lang: str = "vi") -> dict[str, str]:
    """code → picker label, in the list's order."""
    return {row["code"]: label(row, lang) for _, row in df.iterrows()}


def search(df: pd.DataFrame, text: str | None) -> list[str]:
    """The codes (in the list's order) whose commune or former district name has, for every word of
    the folded text, a word that starts with it ("hac thanh" and "Hạc Th" find Hạc Thành, not Thạch
    Thành; "tp thanh hoa" the communes of the former TP Thanh Hóa)."""
    wanted = [w for w in fold(text).split(" ") if w and w != "cu"]  # "cũ" is the label's, not a name's
    if not wanted:
        return df["code"].tolist()
    return [
        c
        for c, s in zip(df["code"], df["search"], strict=True)
        if all(any(w.startswith(q) for w in s.split(" ")) for q in wanted)
    ]


def in_sentence(row, lang: str = "vi") -> str:
    """A commune as a sentence names it: "xã Hoằng Tiến", "phường Hạc Thành" (English: "Hoằng Tiến
    commune", "Hạc Thành ward")."""
    t = translator(lang)
    if row["type"] == "phuong":
        return t("phường {name}", name=row["short_name"])
    return t("xã {name}", name=row["short_name"])


def names(df: pd.DataFrame, codes: Iterable[str] | None = None) -> dict[str, str]:
    """code → short name (of `codes`, or of every commune)."""
    all_names = dict(zip(df["code"], df["short_name"], strict=True))
    return all_names if codes is None else {c: all_names.get(c, c) for c in codes}


# The placement kinds etl.crosswalk stores (models/commendations.commune_placement), in display order.
PLACEMENTS = ("named_2025", "crosswalk", "split_default", "unresolved", "not_named")
_COUNTS = ("placed", "split_default", "unresolved", "not_named")


def placement_by_year(con: duckdb.DuckDBPyConnection, record: str = "") -> pd.DataFrame:
    """Per year: records placed (named a 2025 commune, or a former unit that went whole to one),
    placed in the default commune of a split unit, unresolved (district level only) and not named,
    with each one's share of the year's records. `record`: 'models', 'commendations' or '' (both)."""
    if record not in ("", "models", "commendations"):
        raise ValueError(f"record must be 'models', 'commendations' or '', not {record!r}")
    df = queries.run(con, "placement_by_year", record=record)
    cols = ["placed", "named_2025", "crosswalk", "split_default", "unresolved", "not_named", "total"]
    df[cols] = df[cols].fillna(0).astype("int64")
    for c in _COUNTS:
        df[f"{c}_share"] = (df[c] / df["total"]).where(df["total"] > 0)
    return df


def unresolved_communes(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The written commune names not placed, most frequent first: district_code, district, written, n,
    first_year, last_year."""
    return queries.run(con, "unresolved_communes", limit=int(limit))


def commune_stats(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per 2025 commune: area_km2 (with area_source) and the latest loaded population (with its year and
    source; NULL where none is loaded)."""
    return queries.run(con, "commune_stats")


def district_name(short_name, kind) -> str:
    """A former district as the pickers name it ("TP Thanh Hóa", "TX Nghi Sơn", "Hoằng Hóa"), from its
    districts.short_name and districts.type."""
    return _district(short_name, kind)
