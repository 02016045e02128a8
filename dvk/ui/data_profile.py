"""Cached data for the profile page, of a district or a 2025 commune (lists of records leave through data.protect)."""

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
def by_field(version: float, filters: Filters, code: str, unit: str = "district") -> pd.DataFrame:
    return profile.by_field(con(), filters, code, unit)


def top_models(version: float, filters: Filters, code: str, unit: str = "district") -> pd.DataFrame:
    """The unit's models benefiting most households (individuals' names as the reader may see them)."""
    return protect(_top_models(version, filters, code, unit))


@st.cache_data(max_entries=64)
def _top_models(version: float, filters: Filters, code: str, unit: str) -> pd.DataFrame:
    return profile.top_models(con(), filters, code, unit)


@st.cache_data(max_entries=64)
def rank_history(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.rank_history(con(), filters, district)


def commendations(version: float, filters: Filters, code: str, unit: str = "district") -> pd.DataFrame:
    """The unit's newest commendations (individuals' names as the reader may see them)."""
    return protect(_commendations(version, filters, code, unit))


@st.cache_data(max_entries=64)
def _commendations(version: float, filters: Filters, code: str, unit: str) -> pd.DataFrame:
    return profile.commendations(con(), filters, code, unit=unit)


def all_commendations(filters: Filters, code: str, total: int, unit: str = "district") -> Callable[[], pd.DataFrame]:
    """A function (for a download's worker thread: no Streamlit inside) that reads all the unit's
    commendations for the filters, protected for the reader asking now."""
    db, shown, language = con(), people_shown(), lang()
    return lambda: privacy.protect(profile.commendations(db, filters, code, limit=total, unit=unit), language, shown)


# ---------------------------------------------------------------- a 2025 commune


@st.cache_data(max_entries=64)
def commune_by_year(version: float, filters: Filters, commune: str) -> pd.DataFrame:
    return profile.commune_by_year(con(), filters, commune)


@st.cache_data(max_entries=64)
def commune_rank_history(version: float, filters: Filters, commune: str) -> pd.DataFrame:
    return profile.commune_rank_history(con(), filters, commune)


@st.cache_data(max_entries=64)
def commune_ranking(version: float, filters: Filters) -> tuple[pd.DataFrame, str]:
    """Every 2025 commune ranked by models and examples, with the rank change where fair (dvk.periods status)."""
    return profile.commune_ranking(con(), filters)


@st.cache_data(max_entries=64)
def formed_from(version: float, commune: str) -> tuple[pd.DataFrame, bool]:
    """The former units (or only the former districts) a 2025 commune was formed from."""
    return profile.formed_from(con(), commune)
