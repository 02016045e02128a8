"""Read-only access to the warehouse file."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: readers never lock the ETL out, and never see a half load."""
    return duckdb.connect(str(path), read_only=True)

