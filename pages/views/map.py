"""Bản đồ: one measure per district (or per 2025 commune) for the shared filters, as a map, a chart and a table."""

import streamlit as st

from dvk import geo, l10n, periods
from dvk.charts import PLOTLY_CONFIG, choropleth
from dvk.charts_trends import ranking_bars
from dvk.maps import map_values, values_table
from dvk.metrics import MEASURES, PER, UNIT_MEASURES
from dvk.svgmap import profile_links, svg_choropleth
from dvk.text import vi_names
from dvk.trends import per_choices, per_notes
from dvk.ui import data, data_trends, downloads, frame, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
st.title(t("Bản đồ mô hình, điển hình"))
version = data.frame_banner()
f = frame.current()

level = frame.unit()  # the shared unit switch: districts, or the 166 communes for any period
c1, c2 = st.columns([2, 3])
key = c1.selectbox(
    t("Chỉ số"),
    list(UNIT_MEASURES),
    format_func=lambda k: MEASURES[k].label(lang),
    key="measure",
)
known = data_trends.population_known(version, f)
pers = per_choices(key, level, known)
per = c2.radio(t("Tính"), pers, key="map_per", format_func=lambda p: PER[p].label(lang))
if not MEASURES[key].additive:
    c2.caption(t("Tỷ lệ phần trăm đã là số tương đối nên không chia thêm."))
elif level == "commune":
    pass  # per_notes below
elif not known:
    c2.caption(t("Trên 10.000 dân: không có huyện nào trong phạm vi có số dân có nguồn."))
else:
    c2.caption(
        t.n(
            "Trên 10.000 dân chỉ tính cho {n} huyện có số dân có nguồn (Tổng điều tra dân số 2019); các huyện khác để xám.",
            "Trên 10.000 dân chỉ tính cho {n} huyện có số dân có nguồn (Tổng điều tra dân số 2019); các huyện khác để xám.",
            known,
        ),
    )

if level == "district":
    vintage = geo.district_vintage(f.year_to)
    totals = data.district_totals(version, f)
    shape_note = (
        t("27 đơn vị cấp huyện trước 2025 (Đông Sơn riêng)")
        if vintage == "2024"
        else t(
            "26 đơn vị cấp huyện năm 2025 (Đông Sơn đã nhập vào TP Thanh Hóa; số liệu sau 1/7/2025 tính theo huyện cũ)"
        )
    )
else:
    vintage = geo.COMMUNE_VINTAGE
    totals = data.commune_totals(version, f)
    shape_note = t("166 xã, phường từ 1/7/2025")
df, measure = map_values(totals, key, per)
for note in per_notes(totals, level, per, known, lang) if MEASURES[key].additive else ():
    c2.caption(note)
geojson, source = data.boundary_geojson(version, level, vintage, lang)
through = data.coverage(version).through
title = periods.with_partial(f"{measure.title(lang)}, {periods.span(f)}", f, through, lang)

value_title = measure.title(lang)
table = values_table(df, value_title, measure.decimals, lang)
# Map / Chart / Table over the same numbers. Only the open tab runs (and only its figure goes to the
# browser), so the map draws sooner; the open tab is in the address as ?view=map|chart|table.
views = {"map": t("Bản đồ"), "chart": t("Biểu đồ"), "table": t("Bảng")}
wanted = st.query_params.get("view", "map")


def remember_view() -> None:
    st.query_params["view"] = next(k for k, v in views.items() if v == st.session_state["map_view"])


tab_map, tab_chart, tab_table = st.tabs(
    list(views.values()), key="map_view", on_change=remember_view, default=views.get(wanted, views["map"])
)
if tab_map.open:
    with tab_map:
        # Drawn on the server as SVG (no plotly.js to fetch and start); the downloads still come from the plotly figure.
        st.markdown(f"**{title}**")
        links = profile_links(frame.link_query(f), key=level)  # a click opens the unit's profile
        st.markdown(svg_choropleth(df, geojson, measure, lang, link=links, title=title), unsafe_allow_html=True)
        if level == "district":
            st.caption(t("Bấm vào một huyện để mở hồ sơ của huyện đó."))
        else:
            st.caption(t("Bấm vào một xã, phường để mở hồ sơ của xã, phường đó."))
        downloads.chart_downloads(
            lambda: choropleth(df, geojson, measure, title, lang), "map", title, f, lang, key="map", table=table
        )
if tab_chart.open:
    with tab_chart:
        ranked = df.dropna(subset=["value"]).sort_values(["value", "name"], ascending=[False, True], key=vi_names)
        if ranked.empty:
            st.info(t("Không có đơn vị nào có số liệu này."))
        else:
            bars = ranking_bars(ranked, value_title, measure.decimals, lang)
            st.plotly_chart(bars, config=PLOTLY_CONFIG, width="stretch", key="map_bars")
            downloads.chart_downloads(bars, "map", title, f, lang, key="map_bars", table=table, extra=t("bieu-do"))
if tab_table.open:
    with tab_table:
        tables.show(table, key="map_table")
        downloads.table_downloads(table, None, "map", f, lang, key="map_table", title=title)

if partial := periods.partial_note(f, through, lang):
    st.caption(partial)
st.caption(t("Ranh giới: {shapes}; nguồn: {source}.", shapes=shape_note, source=source))
if key == "commendations":
    st.caption(
        t(
            "Khen thưởng được lọc theo giai đoạn, cấp và huyện; lĩnh vực, loại và chủ thể là thuộc tính của mô hình nên không áp dụng."
        )
    )
if level == "commune":
    placed, total = data.commune_placed(version, f)
    if total:
        st.caption(
            t(
                "Đã đặt được {share} mô hình của giai đoạn vào xã, phường mới; số còn lại chỉ tính ở cấp huyện.",
                share=l10n.percent(100 * placed / total, 0, lang),
            )
        )
