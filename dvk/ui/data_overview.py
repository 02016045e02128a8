"""Cached data for the overview page (first argument: the warehouse version)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dvk import clock, commune_rank, completeness, overview, reporting
from dvk.filters import Filters
from dvk.ui.data import con, protect


@st.cache_data(max_entries=64)
def field_mix(version: float, filters: Filters) -> pd.DataFrame:
    return overview.field_mix(con(), filters)


def newest_examples(version: float, filters: Filters) -> pd.DataFrame:
    """The newest typical examples, individuals' names withheld unless the reader may see them."""
    return protect(_newest_examples(version, filters))


@st.cache_data(max_entries=64)
def _newest_examples(version: float, filters: Filters) -> pd.DataFrame:
    return overview.newest_examples(con(), filters)


@st.cache_data(max_entries=64)
def commune_ranking(version: float, filters: Filters, lang: str) -> tuple[pd.DataFrame, str]:
    """The communes in scope ranked by the count, with their names in `lang` (dvk.commune_rank)."""
    ranked, status = commune_rank.ranking(con(), filters, "n")
    return commune_rank.with_names(ranked, lang), status


def period_completeness(version: float, filters: Filters) -> list[completeness.YearCompleteness]:
    """How complete each year of the period is (dvk.completeness), as of today; none without a valid
    config/reporting.toml (the status page says what is wrong with it)."""
    path = reporting.DEFAULT_PATH
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _period_completeness(version, filters, clock.today().isoformat(), stamp)


@st.cache_data(max_entries=64)
def _period_completeness(
    version: float, filters: Filters, today: str, config_stamp: float
) -> list[completeness.YearCompleteness]:
    try:
        cfg = reporting.load_config()
    except reporting.ReportingConfigError:
        return []
    return completeness.for_filters(con(), cfg, filters, dt.date.fromisoformat(today))
