"""Dân vận khéo dashboard — entry point (`streamlit run app.py`): frame, shared filters, navigation."""

from pathlib import Path

import streamlit as st

from dvk.ui import frame

st.set_page_config(page_title="Dân vận khéo — Thanh Hóa", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")

frame.sidebar()
en = frame.lang() == "en"
nav = st.navigation(
    [
        st.Page("pages/views/overview.py", title="Overview" if en else "Tổng quan", icon=":material/dashboard:", default=True),
        st.Page("pages/views/map.py", title="Map" if en else "Bản đồ", icon=":material/map:", url_path="map"),
    ]
)
nav.run()
