"""Cached data for the district profile page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvk import profile
from dvk.filters import Filters
from dvk.ui.data import con


@st.cache_data(max_entries=64)
def by_year(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.by_year(con(), filters, district)


@st.cache_data(max_entries=64)
def by_field(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.by_field(con(), filters, district)


@st.cache_data(max_entries=64)
def top_models(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.top_models(con(), filters, district)


@st.cache_data(max_entries=64)
def rank_history(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.rank_history(con(), filters, district)


@st.cache_data(max_entries=64)
def commendations(version: float, filters: Filters, district: str) -> pd.DataFrame:
    return profile.commendations(con(), filters, district)
