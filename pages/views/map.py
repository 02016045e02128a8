"""Bản đồ: a choropleth of one measure per district (or per 2025 commune) for the shared filters."""

import streamlit as st

from dvk import geo
from dvk.charts import PLOTLY_CONFIG, choropleth
from dvk.metrics import MEASURES, fmt_number
from dvk.ui import data, frame
from dvk.ui.frame import tr

lang = frame.lang()
st.title(tr("Bản đồ mô hình, điển hình", "Map of models and examples"))
version = data.frame_banner()
f = frame.current()

key = st.selectbox(tr("Chỉ số", "Measure"), list(MEASURES), format_func=lambda k: tr(MEASURES[k].vi, MEASURES[k].en), key="measure")
measure = MEASURES[key]
levels = {"district": tr("Huyện (đơn vị cấp huyện cũ)", "Districts (former district level)"),
          "commune": tr("Xã, phường (từ 1/7/2025)", "Communes (from 1 Jul 2025)")}
if geo.commune_level_allowed(f.year_from):
    level = st.radio(tr("Cấp", "Level"), list(levels), format_func=levels.get, horizontal=True, key="level")
else:
    level = "district"
    st.caption(tr("Bản đồ cấp xã chỉ có cho giai đoạn từ năm 2025 (166 xã, phường mới từ 1/7/2025).",
                  "A commune map exists only for periods from 2025 (the 166 communes of 1 Jul 2025)."))

if level == "district":
    vintage = geo.district_vintage(f.year_to)
    df = data.district_totals(version, f)
    shape_note = (
        tr("27 đơn vị cấp huyện trước 2025 (Đông Sơn riêng)", "27 district-level units before 2025 (Đông Sơn separate)")
        if vintage == "2024"
        else tr("26 đơn vị cấp huyện năm 2025 (Đông Sơn đã nhập vào TP Thanh Hóa; số liệu sau 1/7/2025 tính theo huyện cũ)",
                "26 district-level units of 2025 (Đông Sơn inside TP Thanh Hóa; records after 1 Jul 2025 counted in their former district)")
    )
else:
    vintage = geo.COMMUNE_VINTAGE
    df = data.commune_totals(version, f)
    shape_note = tr("166 xã, phường từ 1/7/2025", "the 166 communes of 1 Jul 2025")
geojson, source = data.boundary_geojson(version, level, vintage)
title = f"{tr(measure.vi, measure.en)} ({tr(measure.unit_vi, measure.unit_en)}), {f.year_from}–{f.year_to}"
event = st.plotly_chart(
    choropleth(df, geojson, measure, title, lang), config=PLOTLY_CONFIG, width="stretch", key="map",
    on_select="rerun", selection_mode="points",
)
points = event.selection.points if event and event.selection else []
if level == "district":
    if points:  # a click on a district opens its profile
        st.switch_page("pages/views/profile.py", query_params={"district": points[0]["location"], **f.to_query()})
    st.caption(tr("Bấm vào một huyện để mở hồ sơ của huyện đó.", "Click a district to open its profile."))
st.caption(tr(f"Ranh giới: {shape_note}; nguồn: {source}.", f"Boundaries: {shape_note}; source: {source}."))
if level == "commune":
    missing = data.unmapped_count(version, f)
    if missing:
        st.caption(tr(
            f"{fmt_number(missing)} mô hình trong giai đoạn không ghi xã, phường mới nên không hiện trên bản đồ cấp xã "
            "(xem bản đồ cấp huyện).",
            f"{fmt_number(missing, lang='en')} models of the period name no 2025 commune and are not on the commune map "
            "(see the district map).",
        ))
