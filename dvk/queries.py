"""Read queries: each takes a connection and named parameters, runs one .sql file, returns a DataFrame."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"


@cache
def sql(name: str) -> str:
    """The text of dvk/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run dvk/sql/<name>.sql with named parameters on its own cursor and fetch the result whole."""
    cur = con.cursor()
    try:
        return cur.execute(sql(name), params).df()
    finally:
        cur.close()


def district_totals(con: duckdb.DuckDBPyConnection, *, year_from: int, year_to: int) -> pd.DataFrame:
    """Per-district totals on the boundaries in force for the period (Đông Sơn folded from 2025)."""
    return run(con, "district_totals", year_from=year_from, year_to=year_to, fold_dong_son=year_to >= 2025)


def commune_totals(con: duckdb.DuckDBPyConnection, *, year_from: int, year_to: int) -> pd.DataFrame:
    """Per-2025-commune totals for records that name a new commune."""
    return run(con, "commune_totals", year_from=year_from, year_to=year_to)


def unmapped_count(con: duckdb.DuckDBPyConnection, *, year_from: int, year_to: int) -> int:
    """Records of the period a commune map cannot place."""
    return int(run(con, "unmapped_count", year_from=year_from, year_to=year_to)["n"].iloc[0])


def boundaries(con: duckdb.DuckDBPyConnection, *, level: str, vintage: str) -> pd.DataFrame:
    """Stored polygons (WKB) of one level and vintage."""
    return run(con, "boundaries", level=level, vintage=vintage)
