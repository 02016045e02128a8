"""District profile queries: one district against the province, for the shared filters."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dvk import overview
from dvk.filters import Filters
from dvk.queries import run


def _params(filters: Filters, district: str) -> dict:
    """The filters' parameters with the profile's district in place of the district filter."""
    params = filters.params() | {"district": district}
    del params["districts"]
    return params


def by_year(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n (the district), province_avg (mean over the period's district-level units)."""
    return run(con, "profile_by_year", **_params(filters, district))


def by_field(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """field, n for the district."""
    return overview.field_mix(con, replace(filters, districts=(district,)))


def top_models(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """The district's ten models/examples with the most households benefiting."""
    return run(con, "profile_top_models", **_params(filters, district))


def rank_history(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n, rank, units: the district's place among the period's units in each year."""
    return run(con, "profile_rank_history", **_params(filters, district))


def commendations(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """The district's commendations in the period, newest first."""
    params = filters.commendation_params() | {"district": district}
    del params["districts"]
    return run(con, "profile_commendations", **params)
