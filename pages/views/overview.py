"""Tổng quan: a one-minute briefing — highlights, headline figures with change, a small map, top and
bottom districts, the newest typical examples."""

import streamlit as st

from dvk import commune_rank, completeness, geo, l10n, periods
from dvk.charts import choropleth
from dvk.maps import map_values
from dvk.metrics import MEASURES
from dvk.overview import district_year_table, highlights
from dvk.svgmap import profile_links, svg_choropleth
from dvk.trends import newest_table, ranking_table
from dvk.ui import data, data_overview, data_trends, downloads, frame, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
st.title(t("Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa"))
version = data.frame_banner()
f = frame.current()
cov = data.coverage(version)
figures = data.headline_comparison(version, f)  # the period against the previous one, compared where fair
now, cmp = figures.now, figures.comparison
reports = data_overview.period_completeness(version, f)  # units sent per reporting period (dvk.completeness)
single = f.year_from == f.year_to
marker = completeness.marker(reports, lang, single=single)
head, button = st.columns([3, 1], vertical_alignment="center")
head.caption(periods.period_caption(cmp, lang))
if marker:
    head.caption(t("Tình hình gửi báo cáo: {text}", text=marker))
with button:
    downloads.report_download(f, lang)
if not now["n"] and not now["commendations"]:
    st.info(
        t(
            "Không có mô hình, điển hình hay khen thưởng nào với bộ lọc đang chọn. Hãy mở rộng giai đoạn hoặc bỏ bớt bộ lọc."
        )
    )
    st.stop()

by_commune = f.unit == "commune"
if by_commune:
    ranked, _ = data_overview.commune_ranking(version, f, lang)
else:
    ranked, _ = data_trends.ranking(version, f, "n", "raw")
sentences = highlights(ranked, figures, data_overview.field_mix(version, f), lang)
with st.container(border=True):
    title = completeness.with_marker(t("Điểm nổi bật"), reports, lang, single=single)
    st.markdown("**" + title + "**\n\n" + "\n".join(f"- {s}" for s in sentences))

cards = [
    ("n", t("Mô hình, điển hình")),
    ("n_examples", t("Trong đó điển hình")),
    ("commendations", t("Lượt khen thưởng")),
    ("funds_million_vnd", t("Kinh phí huy động (triệu đồng)")),
    ("land_m2", t("Đất hiến (m²)")),
    ("workdays", t("Ngày công")),
]
for row in (cards[:3], cards[3:]):
    for col, (key, title) in zip(st.columns(3), row, strict=True):
        change = figures.changes[key]
        col.metric(
            title,
            l10n.number(now[key], lang=lang),
            periods.delta_text(change, lang),  # None (no arrow) where the comparison would mislead
            border=True,
            help=periods.change_help(cmp, change, lang),
        )
for note in periods.notes(cmp, lang):
    st.caption(note)
if marker:  # the figures and their changes are of an incomplete period: say so beside them
    st.caption(
        t(
            "Số liệu chưa đủ ({text}): các con số và mức tăng, giảm còn thay đổi khi các đơn vị còn lại gửi báo cáo.",
            text=marker,
        )
    )

left, right = st.columns([3, 2])
with left:
    st.subheader(t("Bản đồ mô hình, điển hình"))
    if by_commune:
        df, measure = map_values(data.commune_totals(version, f), "n")
        geojson, _ = data.boundary_geojson(version, "commune", geo.COMMUNE_VINTAGE, lang)
        by_unit = t("Mô hình, điển hình theo xã, phường, ")
        click = t("Bấm vào một xã, phường để mở hồ sơ; xem thêm chỉ số ở trang Bản đồ.")
    else:
        df, measure = map_values(data.district_totals(version, f), "n")
        geojson, _ = data.boundary_geojson(version, "district", geo.district_vintage(f.year_to), lang)
        by_unit = t("Mô hình, điển hình theo huyện, ")
        click = t("Bấm vào một huyện để mở hồ sơ; xem thêm chỉ số ở trang Bản đồ.")
    map_title = completeness.with_marker(
        periods.with_partial(by_unit + periods.span(f), f, cov.through, lang), reports, lang, single=single
    )
    link = profile_links(frame.link_query(f), key=f.unit)
    st.markdown(
        svg_choropleth(df, geojson, measure, lang, link=link, height=360, title=map_title),
        unsafe_allow_html=True,
    )  # SVG: no plotly.js on the first page
    st.caption(click)
    downloads.chart_downloads(
        lambda: choropleth(df, geojson, measure, "", lang, height=360),
        "overview",
        map_title,
        f,
        lang,
        key="overview_map",
        extra=t("ban-do"),
    )
with right:
    value_title = t("Mô hình, điển hình")
    k = min(5, len(ranked) // 2)
    top, bottom = commune_rank.top_bottom(ranked, 5) if by_commune else (ranked.head(k), ranked.tail(k))
    as_table = commune_rank.ranking_table if by_commune else ranking_table
    for key, title, rows in (
        ("top_table", t("Dẫn đầu"), top),
        ("bottom_table", t("Cuối bảng"), bottom),
    ):
        st.subheader(title)
        table = as_table(rows, value_title, 0, lang)
        tables.show(table, key=key)
        downloads.table_downloads(
            table,
            None,
            "rankings",
            f,
            lang,
            key=key,
            title=title,
            extra=t("dan-dau") if key == "top_table" else t("cuoi-bang"),
        )

st.subheader(t("Điển hình mới được công nhận"))
newest = data_overview.newest_examples(version, f)
if newest.empty:
    st.info(t("Không có điển hình nào với bộ lọc đang chọn."))
else:
    newest_shown = newest_table(newest, lang)
    tables.show(newest_shown, key="newest_table")
    downloads.table_downloads(
        newest_shown,
        None,
        "examples",
        f,
        lang,
        key="newest_table",
        title=t("Điển hình mới được công nhận"),
        extra=t("moi"),
    )

with st.expander(t("Số mô hình, điển hình theo huyện và năm (toàn bộ dữ liệu)")):
    by_year = district_year_table(data.counts_by_district_year(version), lang)
    tables.show(by_year, key="district_year_table", hide_index=False)
    downloads.table_downloads(
        by_year.reset_index(),
        None,
        "overview",
        f,
        lang,
        key="district_year_table",
        extra=t("huyen-nam"),
    )
st.caption(
    t(
        "Mô hình đếm theo năm công nhận; {commendations} lọc theo giai đoạn, cấp và huyện.",
        commendations=MEASURES["commendations"].label(lang).lower(),
    )
)
