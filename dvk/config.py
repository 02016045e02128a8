"""Where the warehouse lives: one setting shared by the ETL and the app."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "warehouse.duckdb"
# The warehouse layout the code expects; bump when etl/schema.sql or etl/aggregates.sql change.
# A load rebuilds an older warehouse even when no file changed; the app asks for that load.
SCHEMA_VERSION = "7"


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The warehouse path: explicit argument, else $DVK_DB, else data/warehouse.duckdb."""
    if override:
        return Path(override)
    env = os.environ.get("DVK_DB")
    return Path(env) if env else DEFAULT_DB
