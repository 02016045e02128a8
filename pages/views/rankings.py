"""Xếp hạng: districts ranked by a measure (raw or normalised) with rank change, and the leading typical examples."""

import streamlit as st

from dvk import periods
from dvk.charts import PLOTLY_CONFIG
from dvk.charts_trends import ranking_bars
from dvk.metrics import MEASURES, UNIT_MEASURES
from dvk.trends import RESULTS, decimals_for, examples_table, most_improved, ranking_table
from dvk.ui import data, data_trends, downloads, frame, tables

lang = frame.lang()
T = {
    "vi": {
        "title": "Xếp hạng các huyện",
        "measure": "Chỉ số",
        "per": "Tính",
        "view": "Xem",
        "pers": {"raw": "Tổng số", "per_commune": "Bình quân một xã, phường", "per_10k": "Trên 10.000 dân"},
        "views": {"rank": "Bảng xếp hạng", "improved": "Tiến bộ nhiều nhất"},
        "no_pop": "Không xếp hạng được trên 10.000 dân: chưa có số dân có nguồn của huyện nào trong phạm vi đang chọn.",
        "some_pop": "Trên 10.000 dân chỉ xếp {k} huyện có số dân có nguồn (Tổng điều tra dân số 2019).",
        "prev": "Thay đổi hạng so với {p} (tính trên cùng ranh giới).",
        "prev_same": "Thay đổi hạng so với cùng kỳ {p} (tính trên cùng ranh giới).",
        "none_improved": "Không huyện nào tăng hạng so với giai đoạn trước.",
        "not_compared": "Không xem được huyện tiến bộ nhiều nhất khi không so sánh hạng.",
        "examples": "Điển hình tiêu biểu",
        "result": "Xếp theo kết quả",
        "no_examples": "Không có điển hình nào có số liệu này với bộ lọc đang chọn.",
        "per_commune_unit": "/xã",
        "share": "Tỷ lệ phần trăm đã là số tương đối nên không chia thêm theo xã hay theo dân số.",
        "per_10k_unit": "/10.000 dân",
    },
    "en": {
        "title": "District rankings",
        "measure": "Measure",
        "per": "Count",
        "view": "Show",
        "pers": {"raw": "Total", "per_commune": "Per commune", "per_10k": "Per 10,000 residents"},
        "views": {"rank": "Ranking", "improved": "Most improved"},
        "no_pop": "Per 10,000 residents is unavailable: no district in scope has a sourced population.",
        "some_pop": "Per 10,000 residents ranks only the {k} districts with a sourced population (2019 census).",
        "prev": "Rank change against {p} (on the same boundaries).",
        "prev_same": "Rank change against the same months of {p} (on the same boundaries).",
        "none_improved": "No district moved up against the previous period.",
        "not_compared": "Most improved needs a rank change, and ranks are not compared here.",
        "examples": "Leading typical examples",
        "result": "Rank by result",
        "no_examples": "No typical example has this figure for the chosen filters.",
        "per_commune_unit": "/commune",
        "share": "A percentage is already relative, so it is not divided per commune or per resident.",
        "per_10k_unit": "/10,000 residents",
    },
}[lang]

st.title(T["title"])
version = data.frame_banner()
f = frame.current()
cmp = periods.compare(f, data.coverage(version))
through = cmp.coverage.through

known = data_trends.population_known(version, f)
c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    T["measure"],
    list(UNIT_MEASURES),
    key="rank_measure",
    format_func=lambda k: MEASURES[k].vi if lang == "vi" else MEASURES[k].en,
)
additive = MEASURES[measure].additive
pers = ["raw", "per_commune"] + (["per_10k"] if known else []) if additive else ["raw"]
per = c2.radio(T["per"], pers, key="rank_per", format_func=T["pers"].get)
view = c3.radio(T["view"], list(T["views"]), key="rank_view", format_func=T["views"].get)
if not additive:
    c2.caption(T["share"])
elif not known:
    c2.caption(T["no_pop"])
elif per == "per_10k":
    c2.caption(T["some_pop"].format(k=known))

m = MEASURES[measure]
unit = (m.unit_vi if lang == "vi" else m.unit_en) + {
    "raw": "",
    "per_commune": T["per_commune_unit"],
    "per_10k": T["per_10k_unit"],
}[per]
value_title = f"{m.vi if lang == 'vi' else m.en} ({unit})"
decimals = decimals_for(measure, per)
ranked, status = data_trends.ranking(version, f, measure, per)
compared = status in periods.COMPARED
shown = most_improved(ranked) if view == "improved" else ranked
if partial := periods.partial_note(f, through, lang):
    st.caption(partial)
prev_words = periods.name(cmp.previous, lang, lower=True)
if compared:
    st.caption((T["prev_same"] if status == periods.SAME_MONTHS else T["prev"]).format(p=prev_words))
    if status == periods.SAME_MONTHS:
        st.caption(periods.reason(cmp, status, lang))
else:
    st.caption(periods.reason(cmp, status, lang))  # why there is no ▲/▼
if shown.empty:
    st.info(T["none_improved"] if compared else T["not_compared"])
else:
    left, right = st.columns([3, 2])
    table = ranking_table(shown, value_title, decimals, lang)
    bars = ranking_bars(shown, value_title, decimals, lang)
    title = periods.with_partial(f"{T['views'][view]}: {value_title}, {periods.span(f)}", f, through, lang)
    with left:
        tables.show(table, key="rank_table")
        downloads.table_downloads(table, None, "rankings", f, lang, key="rank_table", title=title)
    with right:
        st.plotly_chart(bars, config=PLOTLY_CONFIG, width="stretch", key="rank_chart")
        downloads.chart_downloads(bars, "rankings", title, f, lang, key="rank_chart", table=table)

st.subheader(T["examples"])
result = st.selectbox(
    T["result"],
    list(RESULTS),
    key="rank_result",
    format_func=lambda k: (
        f"{RESULTS[k].vi if lang == 'vi' else RESULTS[k].en} "
        f"({RESULTS[k].unit_vi if lang == 'vi' else RESULTS[k].unit_en})"
    ),
)
examples = data_trends.top_examples(version, f, result)
if examples.empty:
    st.info(T["no_examples"])
else:
    r = RESULTS[result]
    title = f"{r.vi if lang == 'vi' else r.en} ({r.unit_vi if lang == 'vi' else r.unit_en})"
    shown_examples = examples_table(examples, title, r.decimals, lang)
    tables.show(shown_examples, key="examples_table")
    downloads.table_downloads(
        shown_examples,
        None,
        "examples",
        f,
        lang,
        key="examples_table",
        title=periods.with_partial(f"{T['examples']}: {title}, {periods.span(f)}", f, through, lang),
    )
