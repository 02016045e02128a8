"""Measures named once: each one's SQL expression, labels, unit and decimals, for maps, charts,
tables, exports and the warehouse's SQL macros.

A measure's `sql` is its aggregate over the rows of the aggregate tables (agg_models and the
filtered_* macros of etl/aggregates.sql: one row per district, year, kind, level… with `n` and the
summed results); a dvk/sql file writes `{measure:n_provincial}` where it needs one, and
dvk.queries.sql puts the expression in. The words the measures share — which levels are
provincial, which kinds are typical examples, how Đông Sơn folds into TP Thanh Hóa — are SQL
macros defined here (MACROS) and stored in the warehouse by the ETL (`macro_sql`), so the .sql files,
etl/aggregates.sql and anyone opening the warehouse call the same `is_provincial(level)`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

# Recognition levels counted as "provincial level or above", and the kinds that are typical examples.
PROVINCIAL_LEVELS = ("tinh", "trung_uong")
EXAMPLE_KINDS = ("dien_hinh_tap_the", "dien_hinh_ca_nhan")


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


# SQL macros the warehouse holds (created before etl/aggregates.sql): name → (parameters, body).
MACROS: dict[str, tuple[tuple[str, ...], str]] = {
    "is_provincial": (("level",), f"level IN {_sql_list(PROVINCIAL_LEVELS)}"),
    "is_example": (("kind",), f"kind IN {_sql_list(EXAMPLE_KINDS)}"),
    # The district on the period's boundaries: from 2025 (fold_dong_son) Đông Sơn (405) is part of
    # TP Thanh Hóa (380): `merged_into` is districts.merged_into, or a row's stored code_2025.
    "on_boundaries": (
        ("fold_dong_son", "district_code", "merged_into"),
        "CASE WHEN fold_dong_son AND merged_into IS NOT NULL THEN merged_into ELSE district_code END",
    ),
    # Recognition levels from the highest: central 0, provincial 1, district 2, anything else 3 (dvk.orders).
    "level_order": (
        ("level",),
        "CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END",
    ),
    # A share in percent of a count; NULL where there is nothing to share.
    "share_pct": (("part", "whole"), "CASE WHEN whole > 0 THEN 100.0 * coalesce(part, 0) / whole END"),
}


def macro_sql() -> str:
    """CREATE OR REPLACE MACRO statements for MACROS (run by the ETL in the warehouse it builds)."""
    return "".join(
        f"CREATE OR REPLACE MACRO {name}({', '.join(params)}) AS {body};\n" for name, (params, body) in MACROS.items()
    )


@dataclass(frozen=True)
class Measure:
    """One measure a page can show."""

    column: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    decimals: int = 0
    additive: bool = True  # a sum over records (a share is not: it cannot be divided per commune or summed)
    on_models: bool = True  # counted on models (commendations are their own table)
    sql: str = ""  # the aggregate over the aggregate tables' rows (default: sum of the column)
    by_unit: bool = True  # totalled per district and commune (the map and the ranking offer it)

    @property
    def expression(self) -> str:
        """The measure's SQL aggregate."""
        return self.sql or f"sum({self.column})"

    def label(self, lang: str = "vi") -> str:
        """The measure's name in the language."""
        return self.en if lang == "en" else self.vi

    def unit(self, lang: str = "vi") -> str:
        """The measure's unit in the language."""
        return self.unit_en if lang == "en" else self.unit_vi

    def title(self, lang: str = "vi", per: str = "raw") -> str:
        """An axis or column title: 'Đất hiến (m²)', 'Land donated (m²/commune)'."""
        return f"{self.label(lang)} ({self.unit(lang)}{PER[per].suffix(lang)})"


MEASURES = {
    "n": Measure("n", "Mô hình, điển hình", "Models and examples", "mô hình", "models", sql="sum(n)"),
    "n_provincial": Measure(
        "n_provincial",
        "Được công nhận cấp tỉnh trở lên",
        "Recognised at provincial level or above",
        "mô hình",
        "models",
        sql="sum(n) FILTER (WHERE is_provincial(level))",
    ),
    "share_provincial": Measure(
        "share_provincial",
        "Tỷ lệ được công nhận cấp tỉnh trở lên",
        "Share recognised at provincial level or above",
        "%",
        "%",
        decimals=1,
        additive=False,
        sql="share_pct(sum(n) FILTER (WHERE is_provincial(level)), sum(n))",
    ),
    "commendations": Measure(
        "commendations",
        "Khen thưởng",
        "Commendations",
        "lượt khen thưởng",
        "commendations",
        on_models=False,
        sql="sum(n)",  # over agg_commendations' rows
    ),
    "funds_million_vnd": Measure(
        "funds_million_vnd", "Kinh phí huy động", "Money mobilised", "triệu đồng", "million VND"
    ),
    "land_m2": Measure("land_m2", "Đất hiến", "Land donated", "m²", "m²"),
    "workdays": Measure("workdays", "Ngày công", "Working days", "ngày công", "working days"),
    # A result of single records (rankings' typical examples, lists), not totalled per unit.
    "households_benefited": Measure(
        "households_benefited", "Hộ hưởng lợi", "Households benefiting", "hộ", "households", by_unit=False
    ),
}

# Measures totalled per district-level unit and commune (the map's and the ranking's choices).
UNIT_MEASURES = tuple(k for k, m in MEASURES.items() if m.by_unit)

# Measures that add up over the rows of agg_models (trend lines and per-year series).
MODEL_MEASURES = tuple(k for k, m in MEASURES.items() if m.additive and m.on_models and m.by_unit)


@dataclass(frozen=True)
class Per:
    """One way a measure can be divided: its name and the suffix its unit takes."""

    vi: str
    en: str
    suffix_vi: str
    suffix_en: str

    def label(self, lang: str = "vi") -> str:
        """The division's name in the language."""
        return self.en if lang == "en" else self.vi

    def suffix(self, lang: str = "vi") -> str:
        """What the unit gains ('/xã', '/10,000 residents')."""
        return self.suffix_en if lang == "en" else self.suffix_vi


PER = {
    "raw": Per("Tổng số", "Total", "", ""),
    "per_commune": Per("Bình quân một xã, phường", "Per commune", "/xã", "/commune"),
    "per_10k": Per("Trên 10.000 dân", "Per 10,000 residents", "/10.000 dân", "/10,000 residents"),
    "per_km2": Per("Trên 1 km²", "Per km²", "/km²", "/km²"),
}


def normalised(measure: Measure, per: str) -> Measure:
    """The measure as shown when divided `per` commune, 10,000 residents or km²: unit and decimals follow."""
    if per == "raw":
        return measure
    p = PER[per]
    return replace(measure, unit_vi=measure.unit_vi + p.suffix_vi, unit_en=measure.unit_en + p.suffix_en, decimals=2)


def rank(values: pd.Series) -> pd.Series:
    """1 for the largest; ties share the best rank; NaN stays unranked."""
    return values.rank(ascending=False, method="min").astype("Int64")
