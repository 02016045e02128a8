"""Pickers a page draws itself (the shared filters are the frame's): a 2025 commune found by a search
that ignores diacritics, offered in the sidebar's order (by former district) with its former district."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from dvk import communes
from dvk.ui.i18n import translator


def commune_search(
    df: pd.DataFrame, key: str, keep: Iterable[str] = (), pool: Iterable[str] | None = None
) -> list[str]:
    """Draw a search box (its folded text narrows the options: "hac thanh" finds Hạc Thành; the pickers'
    own search matches labels literally) and return the codes it leaves, in the list's order: those of
    `pool` (all communes when None) that match, and always the `keep` ones (the chosen)."""
    t = translator()
    q = st.text_input(t("Tìm xã, phường (gõ không dấu được)"), key=key, placeholder=t("ví dụ: hac thanh"))
    kept = set(keep)
    allowed = set(df["code"]) if pool is None else set(pool)
    found = set(communes.search(df, q))
    return [c for c in df["code"] if c in kept or (c in found and c in allowed)]
