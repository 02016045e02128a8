"""Bản đồ: a choropleth of one measure per district (or per 2025 commune) for the shared filters."""

import streamlit as st

from dvk import geo
from dvk.charts import PLOTLY_CONFIG, choropleth
from dvk.metrics import MEASURES, fmt_number
from dvk.ui import data, frame

st.title("Bản đồ mô hình, điển hình")
version = data.frame_banner()
f = frame.current()

key = st.selectbox("Chỉ số", list(MEASURES), format_func=lambda k: MEASURES[k].vi, key="measure")
measure = MEASURES[key]
levels = {"district": "Huyện (đơn vị cấp huyện cũ)", "commune": "Xã, phường (từ 1/7/2025)"}
if geo.commune_level_allowed(f.year_from):
    level = st.radio("Cấp", list(levels), format_func=levels.get, horizontal=True, key="level")
else:
    level = "district"
    st.caption("Bản đồ cấp xã chỉ có cho giai đoạn từ năm 2025 (166 xã, phường mới từ 1/7/2025).")

if level == "district":
    vintage = geo.district_vintage(f.year_to)
    df = data.district_totals(version, f)
    shape_note = (
        "27 đơn vị cấp huyện trước 2025 (Đông Sơn riêng)" if vintage == "2024"
        else "26 đơn vị cấp huyện năm 2025 (Đông Sơn đã nhập vào TP Thanh Hóa; số liệu sau 1/7/2025 tính theo huyện cũ)"
    )
else:
    vintage = geo.COMMUNE_VINTAGE
    df = data.commune_totals(version, f)
    shape_note = "166 xã, phường từ 1/7/2025"
geojson, source = data.boundary_geojson(version, level, vintage)
title = f"{measure.vi} ({measure.unit_vi}), {f.year_from}–{f.year_to}"
event = st.plotly_chart(
    choropleth(df, geojson, measure, title), config=PLOTLY_CONFIG, width="stretch", key="map",
    on_select="rerun", selection_mode="points",
)
points = event.selection.points if event and event.selection else []
if level == "district":
    if points:  # a click on a district opens its profile
        st.switch_page("pages/views/profile.py", query_params={"district": points[0]["location"], **f.to_query()})
    st.caption("Bấm vào một huyện để mở hồ sơ của huyện đó.")
st.caption(f"Ranh giới: {shape_note}; nguồn: {source}.")
if level == "commune":
    missing = data.unmapped_count(version, f)
    if missing:
        st.caption(
            f"{fmt_number(missing)} mô hình trong giai đoạn không ghi xã, phường mới nên không hiện trên bản đồ cấp xã "
            "(xem bản đồ cấp huyện)."
        )
