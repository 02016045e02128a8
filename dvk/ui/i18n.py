"""The session's language and the one-line chooser between a Vietnamese and an English text."""

from __future__ import annotations

import streamlit as st


def lang() -> str:
    """The current language: 'vi' (default) or 'en' (the switch can be clicked off: keep the last one)."""
    chosen = st.session_state.get("lang")
    if chosen in ("vi", "en"):
        st.session_state["_lang"] = chosen
        return chosen
    return st.session_state.get("_lang", "vi")


def tr(vi: str, en: str) -> str:
    """The text in the current language (page bodies keep both spellings side by side)."""
    return en if lang() == "en" else vi
