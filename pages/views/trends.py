"""Xu hướng: yearly totals of one measure for the shared filters, by a dimension or for up to five
districts (or, with the commune unit, five 2025 communes back to 2016)."""

import streamlit as st

from dvk import communes, periods
from dvk.charts import PLOTLY_CONFIG
from dvk.charts_trends import trend_figure
from dvk.metrics import MEASURES, MODEL_MEASURES
from dvk.trends import DIMENSIONS, MAX_COMPARE, VIEWS, placed_note, series_table, trend_window
from dvk.ui import data, data_trends, downloads, frame, pickers, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
dims = {
    "none": t("Không chia"),
    "field": t("Lĩnh vực"),
    "kind": t("Loại"),
    "host_sector": t("Chủ thể"),
    "level": t("Cấp công nhận"),
}
views = {"yearly": t("Từng năm"), "cumulative": t("Lũy kế"), "yoy": t("Thay đổi so với năm trước (%)")}

st.title(t("Xu hướng theo năm"))
version = data.frame_banner()
chosen = frame.current()
cov = data.coverage(version)
# A single year is drawn with the years before it (a trend needs a few points).
f = trend_window(chosen, cov.first_year) if chosen.year_from == chosen.year_to else chosen
by_commune = f.unit == "commune"
if by_commune:
    commune_df = data.commune_list(version)
    names = communes.names(commune_df)
    picked = communes.labels(commune_df, lang)
    kept = st.session_state.get("trend_compare_communes", [])
    choices = pickers.commune_search(commune_df, "trend_commune_q", kept, f.communes or None)
else:
    names = data.district_names(version)
    choices = [c for c in (f.districts or names) if not (f.fold_dong_son and c == "405")]

c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    t("Chỉ số"),
    list(MODEL_MEASURES),
    key="trend_measure",
    format_func=lambda k: MEASURES[k].label(lang),
)
if by_commune:
    compare = st.multiselect(
        t("So sánh xã, phường (tối đa {n})", n=MAX_COMPARE),
        choices,
        max_selections=MAX_COMPARE,
        key="trend_compare_communes",
        format_func=lambda c: picked.get(c, c),
        placeholder=t("Chọn xã, phường"),
    )
else:
    compare = st.multiselect(
        t("So sánh huyện (tối đa {n})", n=MAX_COMPARE),
        choices,
        max_selections=MAX_COMPARE,
        key="trend_compare",
        format_func=lambda c: names.get(c, c),
        placeholder=t("Chọn huyện"),
    )
series_kind = f.unit if compare else None  # the compared units' kind, or None: series by the dimension
dimension = c2.selectbox(
    t("Chia theo"), DIMENSIONS, key="trend_dimension", format_func=dims.get, disabled=bool(compare)
)
view = c3.radio(t("Cách xem"), VIEWS, key="trend_view", format_func=views.get, horizontal=True)

df = data_trends.trend(version, f, measure, dimension, view, tuple(compare), f.unit)
through = cov.through
partial = periods.partial_mark(f, through, lang)  # the last point, when the data stops inside its year
shown_dimension = series_kind or dimension
fig = trend_figure(df, MEASURES[measure], shown_dimension, view, lang, names, partial)
st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key="trend_chart")
table = series_table(df, shown_dimension, 1 if view == "yoy" else MEASURES[measure].decimals, lang, names)
m = MEASURES[measure]
title = periods.with_partial(f"{m.label(lang)} — {views[view].lower()}, {periods.span(f)}", f, through, lang)
downloads.chart_downloads(fig, "trends", title, f, lang, key="trend_chart", table=table)
with st.expander(t("Bảng số liệu")):
    tables.show(table, key="trend_table")
    downloads.table_downloads(table, None, "trends", f, lang, key="trend_table", title=title)
note = periods.partial_note(f, through, lang)
notes = (
    [t("Một năm chưa cho thấy xu hướng: biểu đồ gồm cả các năm trước, {p}.", p=periods.span(f))] if f != chosen else []
)
notes += [note] if note else []
notes += (
    [t("Đang so sánh huyện: mỗi đường là một huyện, không chia theo chiều khác.")] if compare and not by_commune else []
)
notes += (
    [t("Đang so sánh xã, phường (đơn vị từ 7/2025): mỗi đường là một xã, phường, không chia theo chiều khác.")]
    if compare and by_commune
    else []
)
notes += (
    [t("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ (kể cả số liệu các năm trước trong giai đoạn).")]
    if not by_commune and f.fold_dong_son and "380" in (compare or choices)
    else []
)
placed = data_trends.placed_share(version, f) if compare and by_commune else None
notes += [n for n in [placed_note(placed, lang)] if n] if placed is not None else []
notes += [t("Năm đầu giai đoạn và năm liền sau một năm bằng 0 không có tỷ lệ thay đổi.")] if view == "yoy" else []
notes += (
    [
        t(
            "Năm {y} chưa đủ năm nên không tính thay đổi so với năm trước (chỉ phản ánh các tháng còn thiếu).",
            y=partial[0],
        )
    ]
    if view == "yoy" and partial
    else []
)
for note in notes:
    st.caption(note)
