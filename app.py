"""Dân vận khéo dashboard — entry point (`streamlit run app.py`): page frame and navigation."""

import streamlit as st

st.set_page_config(page_title="Dân vận khéo — Thanh Hóa", page_icon=":material/groups:", layout="wide")

nav = st.navigation(
    [
        st.Page("pages/overview.py", title="Tổng quan", icon=":material/dashboard:", default=True, url_path="overview"),
        st.Page("pages/map.py", title="Bản đồ", icon=":material/map:", url_path="map"),
    ]
)
nav.run()
