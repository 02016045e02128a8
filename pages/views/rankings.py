"""Xếp hạng: districts (or the 166 communes, by the shared unit) ranked by a measure (raw or normalised) with
rank change, and the leading typical examples."""

import streamlit as st

from dvk import periods
from dvk.charts import PLOTLY_CONFIG
from dvk.charts_trends import ranking_bars
from dvk.metrics import MEASURES, PER, UNIT_MEASURES
from dvk.trends import RESULTS, decimals_for, examples_table, most_improved, per_choices, per_notes, ranking_table
from dvk.ui import data, data_trends, downloads, frame, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
views = {"rank": t("Bảng xếp hạng"), "improved": t("Tiến bộ nhiều nhất")}

version = data.frame_banner()
f = frame.current()
unit = f.unit  # the shared unit switch: the districts, or the 166 communes of 2025
st.title(t("Xếp hạng các xã, phường") if unit == "commune" else t("Xếp hạng các huyện"))
cmp = periods.compare(f, data.coverage(version))
through = cmp.coverage.through

known = data_trends.population_known(version, f)
c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    t("Chỉ số"),
    list(UNIT_MEASURES),
    key="rank_measure",
    format_func=lambda k: MEASURES[k].label(lang),
)
additive = MEASURES[measure].additive
pers = per_choices(measure, unit, known)
per = c2.radio(t("Tính"), pers, key="rank_per", format_func=lambda p: PER[p].label(lang))
view = c3.radio(t("Xem"), list(views), key="rank_view", format_func=views.get)
if not additive:
    c2.caption(t("Tỷ lệ phần trăm đã là số tương đối nên không chia thêm theo xã hay theo dân số."))
elif unit == "commune":
    pass  # per_notes below
elif not known:
    c2.caption(t("Không xếp hạng được trên 10.000 dân: chưa có số dân có nguồn của huyện nào trong phạm vi đang chọn."))
elif per == "per_10k":
    c2.caption(
        t.n(
            "Trên 10.000 dân chỉ xếp {n} huyện có số dân có nguồn (Tổng điều tra dân số 2019).",
            "Trên 10.000 dân chỉ xếp {n} huyện có số dân có nguồn (Tổng điều tra dân số 2019).",
            known,
        )
    )

if additive:
    for note in per_notes(data.unit_totals(version, f), unit, per, known, lang):
        c2.caption(note)
m = MEASURES[measure]
value_title = m.title(lang, per)
decimals = decimals_for(measure, per)
ranked, status = data_trends.ranking(version, f, measure, per)
compared = status in periods.COMPARED
shown = most_improved(ranked) if view == "improved" else ranked
if partial := periods.partial_note(f, through, lang):
    st.caption(partial)
prev_words = periods.name(cmp.previous, lang, lower=True)
if compared:
    if status == periods.SAME_MONTHS:
        st.caption(t("Thay đổi hạng so với cùng kỳ {p} (tính trên cùng ranh giới).", p=prev_words))
    else:
        st.caption(t("Thay đổi hạng so với {p} (tính trên cùng ranh giới).", p=prev_words))
    if status == periods.SAME_MONTHS:
        st.caption(periods.reason(cmp, status, lang))
else:
    st.caption(periods.reason(cmp, status, lang))  # why there is no ▲/▼
if shown.empty:
    if compared:
        none_up = t("Không xã, phường nào tăng hạng so với giai đoạn trước.")
        st.info(none_up if unit == "commune" else t("Không huyện nào tăng hạng so với giai đoạn trước."))
    else:
        no_cmp = t("Không xem được xã, phường tiến bộ nhiều nhất khi không so sánh hạng.")
        st.info(no_cmp if unit == "commune" else t("Không xem được huyện tiến bộ nhiều nhất khi không so sánh hạng."))
else:
    left, right = st.columns([3, 2])
    table = ranking_table(shown, value_title, decimals, lang)
    bars = ranking_bars(shown, value_title, decimals, lang)
    title = periods.with_partial(f"{views[view]}: {value_title}, {periods.span(f)}", f, through, lang)
    with left:
        tables.show(table, key="rank_table")
        downloads.table_downloads(table, None, "rankings", f, lang, key="rank_table", title=title)
    with right:
        st.plotly_chart(bars, config=PLOTLY_CONFIG, width="stretch", key="rank_chart")
        downloads.chart_downloads(bars, "rankings", title, f, lang, key="rank_chart", table=table)

examples_words = t("Điển hình tiêu biểu")
st.subheader(examples_words)
result = st.selectbox(
    t("Xếp theo kết quả"),
    list(RESULTS),
    key="rank_result",
    format_func=lambda k: RESULTS[k].title(lang),
)
examples = data_trends.top_examples(version, f, result)
if examples.empty:
    st.info(t("Không có điển hình nào có số liệu này với bộ lọc đang chọn."))
else:
    r = RESULTS[result]
    title = r.title(lang)
    shown_examples = examples_table(examples, title, r.decimals, lang)
    tables.show(shown_examples, key="examples_table")
    downloads.table_downloads(
        shown_examples,
        None,
        "examples",
        f,
        lang,
        key="examples_table",
        title=periods.with_partial(f"{examples_words}: {title}, {periods.span(f)}", f, through, lang),
    )
