"""Where the warehouse lives: one setting shared by the ETL and the app."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "warehouse.duckdb"
# The warehouse layout the code expects; bump when etl/schema.sql, etl/aggregates.sql or the stored
# macros (dvk.text.create_fold_macro) change.
# A load rebuilds an older warehouse even when no file changed; the app asks for that load.
SCHEMA_VERSION = "15"  # 15: commendations.model_kind; 14: models.newest_key; 13: no primary-key indexes on models and commendations (ids checked by the loader); 12: one-file loads cost what they change (etl.incremental): list orders from per-row columns and a gapped name rank, link keys;  11: submissions know their reporting unit, period, received date and attribution; 10: records placed in their 2025 commune (etl.crosswalk), crosswalk and commune_stats tables; 9: the fold macro stored, search_text folded by it, names in ICU vi order


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The warehouse path: explicit argument, else $DVK_DB, else data/warehouse.duckdb."""
    if override:
        return Path(override)
    env = os.environ.get("DVK_DB")
    return Path(env) if env else DEFAULT_DB


# The view a page opens with when its address names no period (dvk.periods.Coverage.default_period):
# the latest year whose data is complete, against the year before (the default), or the latest
# reporting period: the year of the newest data, even when it is not over (year to date).
LATEST_COMPLETE_YEAR = "latest_complete_year"
LATEST_PERIOD = "latest_reporting_period"
DEFAULT_VIEWS = (LATEST_COMPLETE_YEAR, LATEST_PERIOD)


def default_view() -> str:
    """The default view: $DVK_DEFAULT_VIEW when it names one of DEFAULT_VIEWS, else the latest complete year."""
    chosen = os.environ.get("DVK_DEFAULT_VIEW", "").strip()
    return chosen if chosen in DEFAULT_VIEWS else LATEST_COMPLETE_YEAR
