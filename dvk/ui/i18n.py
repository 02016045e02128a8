"""The session's language and its translator (dvk.i18n): `t = translator()` … `t("Vietnamese text")`."""

from __future__ import annotations

import streamlit as st

from dvk import i18n


def lang() -> str:
    """The current language: 'vi' (default) or 'en' (the switch can be clicked off: keep the last one)."""
    chosen = st.session_state.get("lang")
    if chosen in ("vi", "en"):
        st.session_state["_lang"] = chosen
        return chosen
    return st.session_state.get("_lang", "vi")


def translator() -> i18n.Translator:
    """The translator of the session's language."""
    return i18n.translator(lang())
