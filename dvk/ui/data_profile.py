"""Cached data for the district profile page (lists of records leave through data.protect)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dvk import privacy, profile
from dvk.filters import Filters
from dvk.ui.data import con, people_shown, protect
from dvk.ui.i18n import lang


@st.cache_data(max_entries=64)
def by_year(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.by_year(con(), filters, district)


@st.cache_data(max_entries=64)
def by_field(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.by_field(con(), filters, district)


def top_models(version: float, filters: Filters, district: str) -> pd.DataFrame:
    """The district's models benefiting most households (individuals' names as the reader may see them)."""
    return protect(_top_models(version, filters, district))


@st.cache_data(max_entries=64)
def _top_models(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.top_models(con(), filters, district)


@st.cache_data(max_entries=64)
def rank_history(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.rank_history(con(), filters, district)


def commendations(version: float, filters: Filters, district: str) -> pd.DataFrame:
    """The district's newest commendations (individuals' names as the reader may see them)."""
    return protect(_commendations(version, filters, district))


@st.cache_data(max_entries=64)
def _commendations(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.commendations(con(), filters, district)


def all_commendations(filters: Filters, district: str, total: int) -> Callable[[], pd.DataFrame]:
    """A function (for a download's worker thread: no Streamlit inside) that reads all the district's
    commendations for the filters, protected for the reader asking now."""
    db, shown, language = con(), people_shown(), lang()
    return lambda: privacy.protect(profile.commendations(db, filters, district, limit=total), language, shown)
