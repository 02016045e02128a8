"""Xu hướng: yearly totals of one measure for the shared filters, by a dimension or for up to five districts."""

import streamlit as st

from dvk import periods
from dvk.charts import PLOTLY_CONFIG
from dvk.charts_trends import trend_figure
from dvk.metrics import MEASURES, MODEL_MEASURES
from dvk.trends import DIMENSIONS, MAX_COMPARE, VIEWS, series_table, trend_window
from dvk.ui import data, data_trends, downloads, frame, tables

lang = frame.lang()
T = {
    "vi": {
        "title": "Xu hướng theo năm",
        "table": "Bảng số liệu",
        "measure": "Chỉ số",
        "dimension": "Chia theo",
        "view": "Cách xem",
        "compare": f"So sánh huyện (tối đa {MAX_COMPARE})",
        "pick": "Chọn huyện",
        "dims": {
            "none": "Không chia",
            "field": "Lĩnh vực",
            "kind": "Loại",
            "host_sector": "Chủ thể",
            "level": "Cấp công nhận",
        },
        "views": {"yearly": "Từng năm", "cumulative": "Lũy kế", "yoy": "Thay đổi so với năm trước (%)"},
        "compare_note": "Đang so sánh huyện: mỗi đường là một huyện, không chia theo chiều khác.",
        "fold": "Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ (kể cả số liệu các năm trước trong giai đoạn).",
        "yoy_note": "Năm đầu giai đoạn và năm liền sau một năm bằng 0 không có tỷ lệ thay đổi.",
        "window": "Một năm chưa cho thấy xu hướng: biểu đồ gồm cả các năm trước, {p}.",
        "yoy_partial": "Năm {y} chưa đủ năm nên không tính thay đổi so với năm trước (chỉ phản ánh các tháng còn thiếu).",
    },
    "en": {
        "title": "Trends by year",
        "table": "Data table",
        "measure": "Measure",
        "dimension": "Break down by",
        "view": "View",
        "compare": f"Compare districts (up to {MAX_COMPARE})",
        "pick": "Choose districts",
        "dims": {
            "none": "No breakdown",
            "field": "Field",
            "kind": "Kind",
            "host_sector": "Host sector",
            "level": "Recognition level",
        },
        "views": {"yearly": "Yearly", "cumulative": "Cumulative", "yoy": "Change on previous year (%)"},
        "compare_note": "Comparing districts: one line per district, no other breakdown.",
        "fold": "From 2025 Thanh Hóa city includes former Đông Sơn district (earlier years of the period too).",
        "yoy_note": "The first year and a year after a zero year have no change.",
        "window": "One year shows no trend: the chart includes the years before it, {p}.",
        "yoy_partial": "{y} is not over, so it has no change on the previous year (it would only show the missing months).",
    },
}[lang]

st.title(T["title"])
version = data.frame_banner()
chosen = frame.current()
cov = data.coverage(version)
# A single year is drawn with the years before it (a trend needs a few points).
f = trend_window(chosen, cov.first_year) if chosen.year_from == chosen.year_to else chosen
names = data.district_names(version)
choices = [c for c in (f.districts or names) if not (f.fold_dong_son and c == "405")]

c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    T["measure"],
    list(MODEL_MEASURES),
    key="trend_measure",
    format_func=lambda k: MEASURES[k].vi if lang == "vi" else MEASURES[k].en,
)
compare = st.multiselect(
    T["compare"],
    choices,
    max_selections=MAX_COMPARE,
    key="trend_compare",
    format_func=lambda c: names.get(c, c),
    placeholder=T["pick"],
)
dimension = c2.selectbox(
    T["dimension"], DIMENSIONS, key="trend_dimension", format_func=T["dims"].get, disabled=bool(compare)
)
view = c3.radio(T["view"], VIEWS, key="trend_view", format_func=T["views"].get, horizontal=True)

df = data_trends.trend(version, f, measure, dimension, view, tuple(compare))
through = cov.through
partial = periods.partial_mark(f, through, lang)  # the last point, when the data stops inside its year
fig = trend_figure(df, MEASURES[measure], "district" if compare else dimension, view, lang, names, partial)
st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key="trend_chart")
shown_dimension = "district" if compare else dimension
table = series_table(df, shown_dimension, 1 if view == "yoy" else MEASURES[measure].decimals, lang, names)
m = MEASURES[measure]
title = periods.with_partial(
    f"{m.vi if lang == 'vi' else m.en} — {T['views'][view].lower()}, {periods.span(f)}", f, through, lang
)
downloads.chart_downloads(fig, "trends", title, f, lang, key="trend_chart", table=table)
with st.expander(T["table"]):
    tables.show(table, key="trend_table")
    downloads.table_downloads(table, None, "trends", f, lang, key="trend_table", title=title)
note = periods.partial_note(f, through, lang)
notes = [T["window"].format(p=periods.span(f))] if f != chosen else []
notes += [note] if note else []
notes += [T["compare_note"]] if compare else []
notes += [T["fold"]] if f.fold_dong_son and "380" in (compare or choices) else []
notes += [T["yoy_note"]] if view == "yoy" else []
notes += [T["yoy_partial"].format(y=partial[0])] if view == "yoy" and partial else []
for note in notes:
    st.caption(note)
