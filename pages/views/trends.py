"""Xu hướng: yearly totals of one measure for the shared filters, by a dimension or for up to five districts."""

import streamlit as st

from dvk import periods
from dvk.charts import PLOTLY_CONFIG
from dvk.charts_trends import trend_figure
from dvk.metrics import MEASURES, MODEL_MEASURES
from dvk.trends import DIMENSIONS, MAX_COMPARE, VIEWS, series_table, trend_window
from dvk.ui import data, data_trends, downloads, frame, tables
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
names = data.district_names(version)
choices = [c for c in (f.districts or names) if not (f.fold_dong_son and c == "405")]

c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    t("Chỉ số"),
    list(MODEL_MEASURES),
    key="trend_measure",
    format_func=lambda k: MEASURES[k].label(lang),
)
compare = st.multiselect(
    t("So sánh huyện (tối đa {n})", n=MAX_COMPARE),
    choices,
    max_selections=MAX_COMPARE,
    key="trend_compare",
    format_func=lambda c: names.get(c, c),
    placeholder=t("Chọn huyện"),
)
dimension = c2.selectbox(
    t("Chia theo"), DIMENSIONS, key="trend_dimension", format_func=dims.get, disabled=bool(compare)
)
view = c3.radio(t("Cách xem"), VIEWS, key="trend_view", format_func=views.get, horizontal=True)

df = data_trends.trend(version, f, measure, dimension, view, tuple(compare))
through = cov.through
partial = periods.partial_mark(f, through, lang)  # the last point, when the data stops inside its year
fig = trend_figure(df, MEASURES[measure], "district" if compare else dimension, view, lang, names, partial)
st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key="trend_chart")
shown_dimension = "district" if compare else dimension
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
notes += [t("Đang so sánh huyện: mỗi đường là một huyện, không chia theo chiều khác.")] if compare else []
notes += (
    [t("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ (kể cả số liệu các năm trước trong giai đoạn).")]
    if f.fold_dong_son and "380" in (compare or choices)
    else []
)
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
