"""Tổng quan: a one-minute briefing — highlights, headline figures with change, a small map, top and
bottom districts, the newest typical examples."""

import streamlit as st

from dvk import geo, l10n, periods
from dvk.charts import choropleth
from dvk.maps import map_values
from dvk.metrics import MEASURES
from dvk.overview import district_year_table, highlights
from dvk.svgmap import profile_links, svg_choropleth
from dvk.trends import newest_table, ranking_table
from dvk.ui import data, data_overview, data_trends, downloads, frame, tables
from dvk.ui.frame import tr

lang = frame.lang()
st.title(
    tr(
        "Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa",
        "“Skilled Mass Mobilization” movement — Thanh Hóa province",
    )
)
version = data.frame_banner()
f = frame.current()
cov = data.coverage(version)
figures = data.headline_comparison(version, f)  # the period against the previous one, compared where fair
now, cmp = figures.now, figures.comparison
head, button = st.columns([3, 1], vertical_alignment="center")
head.caption(periods.period_caption(cmp, lang))
with button:
    downloads.report_download(f, lang)
if not now["n"] and not now["commendations"]:
    st.info(
        tr(
            "Không có mô hình, điển hình hay khen thưởng nào với bộ lọc đang chọn. Hãy mở rộng giai đoạn hoặc bỏ bớt bộ lọc.",
            "No models, examples or commendations match the filters. Widen the period or clear some filters.",
        )
    )
    st.stop()

ranked, _ = data_trends.ranking(version, f, "n", "raw")
sentences = highlights(ranked, figures, data_overview.field_mix(version, f), lang)
with st.container(border=True):
    st.markdown(f"**{tr('Điểm nổi bật', 'Highlights')}**\n\n" + "\n".join(f"- {s}" for s in sentences))

cards = [
    ("n", tr("Mô hình, điển hình", "Models and examples")),
    ("n_examples", tr("Trong đó điển hình", "Of which typical examples")),
    ("commendations", tr("Lượt khen thưởng", "Commendations")),
    ("funds_million_vnd", tr("Kinh phí huy động (triệu đồng)", "Money mobilised (million VND)")),
    ("land_m2", tr("Đất hiến (m²)", "Land donated (m²)")),
    ("workdays", tr("Ngày công", "Working days")),
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

left, right = st.columns([3, 2])
with left:
    st.subheader(tr("Bản đồ mô hình, điển hình", "Models and examples by district"))
    vintage = geo.district_vintage(f.year_to)
    df, measure = map_values(data.district_totals(version, f), "n")
    geojson, _ = data.boundary_geojson(version, "district", vintage, lang)
    map_title = periods.with_partial(
        tr("Mô hình, điển hình theo huyện, ", "Models and examples by district, ") + periods.span(f),
        f,
        cov.through,
        lang,
    )
    st.markdown(
        svg_choropleth(
            df, geojson, measure, lang, link=profile_links(frame.link_query(f)), height=360, title=map_title
        ),
        unsafe_allow_html=True,
    )  # SVG: no plotly.js on the first page
    st.caption(
        tr(
            "Bấm vào một huyện để mở hồ sơ; xem thêm chỉ số ở trang Bản đồ.",
            "Click a district to open its profile; more measures on the Map page.",
        )
    )
    downloads.chart_downloads(
        lambda: choropleth(df, geojson, measure, "", lang, height=360),
        "overview",
        map_title,
        f,
        lang,
        key="overview_map",
        extra=tr("ban-do", "map"),
    )
with right:
    value_title = tr("Mô hình, điển hình", "Models and examples")
    k = min(5, len(ranked) // 2)
    for key, title, rows in (
        ("top_table", tr("Dẫn đầu", "Top districts"), ranked.head(k)),
        ("bottom_table", tr("Cuối bảng", "Bottom districts"), ranked.tail(k)),
    ):
        st.subheader(title)
        table = ranking_table(rows, value_title, 0, lang)
        tables.show(table, key=key)
        downloads.table_downloads(
            table,
            None,
            "rankings",
            f,
            lang,
            key=key,
            title=title,
            extra=tr("dan-dau" if key == "top_table" else "cuoi-bang", "top" if key == "top_table" else "bottom"),
        )

st.subheader(tr("Điển hình mới được công nhận", "Newest typical examples"))
newest = data_overview.newest_examples(version, f)
if newest.empty:
    st.info(tr("Không có điển hình nào với bộ lọc đang chọn.", "No typical examples match the filters."))
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
        title=tr("Điển hình mới được công nhận", "Newest typical examples"),
        extra=tr("moi", "newest"),
    )

with st.expander(
    tr(
        "Số mô hình, điển hình theo huyện và năm (toàn bộ dữ liệu)",
        "Models and examples by district and year (all data)",
    )
):
    by_year = district_year_table(data.counts_by_district_year(version), lang)
    tables.show(by_year, key="district_year_table", hide_index=False)
    downloads.table_downloads(
        by_year.reset_index(),
        None,
        "overview",
        f,
        lang,
        key="district_year_table",
        extra=tr("huyen-nam", "district-year"),
    )
st.caption(
    tr(
        f"Mô hình đếm theo năm công nhận; {MEASURES['commendations'].vi.lower()} lọc theo giai đoạn, cấp và huyện.",
        f"Models are counted by year recognised; {MEASURES['commendations'].en.lower()} follow the period, level and district filters.",
    )
)
