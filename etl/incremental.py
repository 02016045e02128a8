"""A load that costs what it changes: the bookkeeping of what one load touched, and the derived tables
brought up to date for those cells only (issue 15).

A full rebuild (etl.warehouse with `incremental=False`: a schema change, a new vocabulary,
`python -m etl load --rebuild`) recomputes every derived table from all the rows. Any other load
applies its files to a byte copy of the warehouse and then:

- before removing the rows of the files it replaces, notes their cells (record, district as filed,
  year) in `touched` and their ids in `gone` (`note_removed`);
- after inserting, notes the cells of the rows it added or brought back (`note_added`: rows whose
  order columns are not filled yet, etl.warehouse.fill_order);
- recomputes the pre-aggregates of those cells only (`aggregates_sql`: every aggregate is a sum over rows
  grouped by keys that include the district as filed and the year, so a cell outside `touched` has
  the same rows as before and the same value);
- checks the invariants on the touched rows and the totals (etl.warehouse.check with `scoped`).

The list orders need nothing more than the new rows' own columns and their name rank (etl/ranks.py),
and a commendation's link only changes for the commendations of the touched rows, those whose model
went, and those naming a model that came (etl.load._link_commendations).
"""

from __future__ import annotations

import re

import duckdb

_RECORDS = {"models": ("model_id", "year_recognized"), "commendations": ("commendation_id", "year")}


def start(con: duckdb.DuckDBPyConnection) -> None:
    """The empty bookkeeping tables of one load."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE touched (record VARCHAR, district_code VARCHAR, year INTEGER); "
        "CREATE OR REPLACE TEMP TABLE gone (record VARCHAR, id VARCHAR)"
    )


def note_removed(con: duckdb.DuckDBPyConnection, files: str) -> None:
    """Note the cells and ids of the rows of the files in temp table `files` (column f), before they go."""
    for table, (id_col, year) in _RECORDS.items():
        con.execute(
            f"INSERT INTO touched SELECT DISTINCT '{table}', district_code, {year} FROM {table} "
            f"WHERE source_file IN (SELECT f FROM {files})"
        )
        con.execute(
            f"INSERT INTO gone SELECT '{table}', {id_col} FROM {table} WHERE source_file IN (SELECT f FROM {files})"
        )


def note_added(con: duckdb.DuckDBPyConnection) -> None:
    """Note the cells of the rows added or brought back by this load (their order columns still empty)."""
    for table, (_, year) in _RECORDS.items():
        con.execute(
            f"INSERT INTO touched SELECT DISTINCT '{table}', district_code, {year} FROM {table} WHERE code_2025 IS NULL"
        )
    con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT * FROM touched")


_TOUCHED = re.compile(r"\{touched:(\w+):(\w+)\}")
_TOUCHED_YEARS = re.compile(r"\{touched_years:(\w+)\}")
_TABLE = re.compile(r"CREATE OR REPLACE TABLE (\w+) AS\n(.*?);\n", re.S)


def aggregates_sql(text: str, incremental: bool) -> str:
    """etl/aggregates.sql for a full rebuild (every {touched…} TRUE) or, incremental, each table's
    touched cells deleted and recomputed (the macros are created either way)."""
    if not incremental:
        return _TOUCHED_YEARS.sub("TRUE", _TOUCHED.sub("TRUE", text))

    def cells(record: str, col: str) -> str:
        return (
            f"({col} IN (SELECT year FROM touched WHERE record = '{record}') AND (district_code, {col}) IN "
            f"(SELECT district_code, year FROM touched WHERE record = '{record}'))"
        )

    def table(m: re.Match) -> str:
        name, select = m[1], m[2]
        if (t := _TOUCHED.search(select)) is not None:
            gone = cells(t[1], "year")
        elif _TOUCHED_YEARS.search(select):
            gone = "year IN (SELECT year FROM touched)"
        else:
            raise ValueError(f"etl/aggregates.sql: {name} names no touched cells")
        select = _TOUCHED_YEARS.sub(
            lambda y: f"{y[1]} IN (SELECT year FROM touched)", _TOUCHED.sub(lambda c: cells(c[1], c[2]), select)
        )
        return f"DELETE FROM {name} WHERE {gone};\nINSERT INTO {name} BY NAME\n{select};\n"

    return _TABLE.sub(table, text)
