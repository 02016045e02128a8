"""Read-only access to the warehouse file."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: readers never lock the ETL out, and never see a half load."""
    return duckdb.connect(str(path), read_only=True)


def query_df(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None):
    """Run one query on a fresh cursor (connections are not thread-safe) and fetch it whole."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params or {}).df()
    finally:
        cur.close()
