"""Cached data for the overview page (first argument: the warehouse version)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvk import commune_rank, overview
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
