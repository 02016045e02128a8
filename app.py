"""Dân vận khéo dashboard — entry point (`streamlit run app.py`): frame, shared filters, navigation."""

from pathlib import Path

import streamlit as st

from dvk.ui import auth, frame
from dvk.ui.i18n import translator

st.set_page_config(
    page_title="Dân vận khéo — Thanh Hóa",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

filters = frame.sidebar()  # before st.navigation: the filters keep their state across pages
t = translator()
pages = [
    st.Page("pages/views/overview.py", title=t("Tổng quan"), icon=":material/dashboard:", default=True),
    st.Page("pages/views/map.py", title=t("Bản đồ"), icon=":material/map:", url_path="map"),
    st.Page("pages/views/trends.py", title=t("Xu hướng"), icon=":material/trending_up:", url_path="trends"),
    st.Page(
        "pages/views/rankings.py",
        title=t("Xếp hạng"),
        icon=":material/leaderboard:",
        url_path="rankings",
    ),
    st.Page(
        "pages/views/profile.py",
        title=t("Hồ sơ xã, phường") if filters.unit == "commune" else t("Hồ sơ huyện"),  # follows the unit
        icon=":material/location_city:",
        url_path="profile",
    ),
    st.Page(
        "pages/views/records.py",
        title=t("Danh sách"),
        icon=":material/table_rows:",
        url_path="records",
    ),
    *(  # analysts and admins (dvk.roles action "status")
        [st.Page("pages/views/status.py", title=t("Tiến độ báo cáo"), icon=":material/fact_check:", url_path="status")]
        if auth.allowed("status")
        else []
    ),
    st.Page("pages/views/data.py", title=t("Dữ liệu"), icon=":material/database:", url_path="data"),
]
nav = st.navigation(pages, position="hidden")
frame.nav_links(pages)
nav.run()
