"""Every table on screen: the numbers stay numbers (the grid sorts them as numbers) and are drawn in
the language's format by a pandas Styler (dvk.formats); a missing value shows '–', never None or nan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvk.formats import MISSING, styler
from dvk.ui.i18n import lang as current_lang


def show(df: pd.DataFrame, key: str, *, lang: str | None = None, hide_index: bool = True, **kwargs):
    """st.dataframe of a table as shown (numbers with their decimals, dates dd/mm/yyyy), full width; returns
    st.dataframe's value (the selection, with on_select)."""
    return st.dataframe(
        styler(df, lang or current_lang()),
        hide_index=hide_index,
        width="stretch",
        key=key,
        placeholder=MISSING,
        **kwargs,
    )
