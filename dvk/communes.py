"""Commune-level reads for the Data page: how records were placed in the 2025 communes, the names
that were not, and the denominators. Query functions take a connection and return a DataFrame."""

from __future__ import annotations

import duckdb
import pandas as pd

from dvk import queries

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
