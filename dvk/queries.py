"""Read queries: each takes a connection and named parameters, runs one .sql file, returns a DataFrame."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from dvk.filters import Filters
from dvk.metrics import MEASURES
from dvk.orders import order_sql

SQL_DIR = Path(__file__).parent / "sql"


_MEASURE = re.compile(r"\{measure:(\w+)\}")
_ORDER = re.compile(r"\{order:(\w+)(?::(\w+))?\}")


@cache
def sql(name: str) -> str:
    """The text of dvk/sql/<name>.sql, each `{measure:key}` replaced by that measure's SQL aggregate
    (dvk.metrics.MEASURES: the one place a measure's expression is written) and each `{order:key}` or
    `{order:key:alias}` by that list order's ORDER BY terms (dvk.orders.ORDERS)."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    text = _MEASURE.sub(lambda m: f"({MEASURES[m[1]].expression})", text)
    return _ORDER.sub(lambda m: order_sql(m[1], m[2] or ""), text)


def run(con: duckdb.DuckDBPyConnection, name: str, *, fill: dict[str, str] | None = None, **params) -> pd.DataFrame:
    """Run dvk/sql/<name>.sql with named parameters on its own cursor and fetch the result whole.

    `fill` replaces `{placeholder}`s in the text with SQL the caller took from an allow-list (a
    column name, an ORDER BY clause) — never with user text, which always goes in `params`."""
    text = sql(name)
    for key, value in (fill or {}).items():
        text = text.replace("{" + key + "}", value)
    cur = con.cursor()
    try:
        return cur.execute(text, params).df()
    finally:
        cur.close()


def district_totals(
    con: duckdb.DuckDBPyConnection, filters: Filters, *, fold_dong_son: bool | None = None
) -> pd.DataFrame:
    """Per district-level unit of the period's boundaries (Đông Sơn folded from 2025): code, name,
    commune_count, population, selected and every measure (NULL for units the district filter leaves out)."""
    params = filters.params()
    if fold_dong_son is not None:
        params["fold_dong_son"] = fold_dong_son
    return run(con, "district_totals", **params)


def commune_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per 2025 commune: code, name, short_name, main_district_code, area_km2, population (the latest
    loaded, NaN where none), selected and every measure over the records placed in it (NULL for
    communes the filters leave out)."""
    df = run(con, "commune_totals", **filters.params())
    pop = commune_population(con)
    return df.merge(pop, on="code", how="left") if not pop.empty else df.assign(population=float("nan"))


def commune_population(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """code, population, population_year, population_source of the communes with a loaded population
    (none before the warehouse has a commune_stats table)."""
    if not table_exists(con, "commune_stats"):
        return pd.DataFrame(columns=["code", "population", "population_year", "population_source"])
    stats = run(con, "commune_stats")  # one denominators query (dvk.communes.commune_stats reads it too)
    cols = ["code", "population", "population_year", "population_source"]
    return stats.loc[stats["population"].notna(), cols].reset_index(drop=True)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the warehouse has table `name` (one a newer load adds)."""
    return bool(run(con, "table_exists", table=name)["present"].iloc[0])


def unmapped_count(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """Records matching the filters that a commune map cannot place."""
    return int(run(con, "unmapped_count", **filters.params())["n"].iloc[0])


def commune_placed(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int]:
    """(models placed in a 2025 commune, all models) for the filters."""
    row = run(con, "unmapped_count", **filters.params()).iloc[0]
    return int(row["total"] - row["n"]), int(row["total"])


def headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float]:
    """Headline figures for the filters."""
    return run(con, "headline", **filters.params()).iloc[0].to_dict()


def boundaries(con: duckdb.DuckDBPyConnection, *, level: str, vintage: str) -> pd.DataFrame:
    """Stored polygons (WKB) of one level and vintage."""
    return run(con, "boundaries", level=level, vintage=vintage)
