"""Cached data for the trends and rankings pages (first argument: the warehouse version)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvk import periods, trends
from dvk.filters import Filters
from dvk.ui.data import commune_totals, con, district_totals, protect


@st.cache_data(max_entries=64)
def trend(
    version: float,
    filters: Filters,
    measure: str,
    dimension: str,
    view: str,
    compare: tuple[str, ...] = (),
    unit: str = "district",
) -> pd.DataFrame:
    """year, series, value for the chosen view (yearly, cumulative or yoy %; no yoy for a partial year);
    `compare`: districts, or 2025 communes when `unit` is 'commune'."""
    partial = periods.coverage(con()).partial_year
    return trends.apply_view(trends.trend(con(), filters, measure, dimension, compare, unit), view, partial)


@st.cache_data(max_entries=64)
def placed_share(version: float, filters: Filters) -> pd.DataFrame:
    """Per year up to 2025: the province's records for the filters and the share placed in a 2025 commune."""
    return trends.placed_share(con(), filters)


@st.cache_data(max_entries=64)
def ranking(version: float, filters: Filters, measure: str, per: str) -> tuple[pd.DataFrame, str]:
    """Districts (communes for unit=commune) ranked, with their rank change against the previous period where it is fair (dvk.periods status)."""
    return trends.ranking(con(), filters, measure, per)


@st.cache_data(max_entries=64)
def population_known(version: float, filters: Filters) -> int:
    """How many units in scope (districts, or communes for unit=commune) have a sourced population."""
    totals = commune_totals if filters.unit == "commune" else district_totals
    return trends.population_known(totals(version, filters))


def top_examples(version: float, filters: Filters, result: str) -> pd.DataFrame:
    """The leading typical examples, individuals' names withheld unless the reader may see them."""
    return protect(_top_examples(version, filters, result))


@st.cache_data(max_entries=64)
def _top_examples(version: float, filters: Filters, result: str) -> pd.DataFrame:
    return trends.top_examples(con(), filters, result)
