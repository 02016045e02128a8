"""Hồ sơ huyện: one district (chosen by ?district=399) against the province, for the shared filters."""

from dataclasses import replace

import streamlit as st

from dvk import l10n, periods, profile
from dvk.charts import PLOTLY_CONFIG, district_vs_province
from dvk.charts_trends import rank_history_figure
from dvk.trends import places
from dvk.ui import data, data_profile, data_trends, downloads, frame, tables
from dvk.ui.frame import tr

lang = frame.lang()
version = data.frame_banner()
f = frame.current()
names = data.district_names(version)
codes = [c for c in names if not (f.fold_dong_son and c == "405")]
wanted = st.query_params.get("district", "399")
if wanted not in codes:
    if "district" in st.query_params:
        st.caption(
            tr(
                f"Không có huyện mã {wanted}; hiển thị Hoằng Hóa.",
                f"No district with code {wanted}; showing Hoằng Hóa.",
            )
        )
    wanted = "399"
code = st.selectbox(
    tr("Huyện", "District"), codes, index=codes.index(wanted), format_func=names.get, key="profile_district"
)
st.query_params["district"] = code
st.title(tr(f"Hồ sơ {names[code]}", f"{names[code]}: district profile"))
if f.fold_dong_son and code == "380":
    st.caption(
        tr(
            "Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ; số liệu của Đông Sơn được cộng vào.",
            "From 2025 TP Thanh Hóa includes the former Đông Sơn district; its figures are added in.",
        )
    )

years = data_profile.by_year(version, f, code)
total, avg = years["n"].sum(), years["province_avg"].sum()
ranked, rank_status = data_trends.ranking(version, replace(f, districts=()), "n", "raw")
cmp = periods.compare(f, data.coverage(version))
if partial := periods.partial_note(f, cmp.coverage.through, lang):
    st.caption(partial)
mine = ranked[ranked["code"] == code]
awards = data_profile.commendations(version, f, code)
awards_total = int(awards["total"].iloc[0]) if len(awards) else 0
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    tr("Mô hình, điển hình ", "Models and examples ") + periods.span(f),
    l10n.number(total, lang=lang),
    border=True,
)
c2.metric(tr("Trung bình một huyện", "Average district"), l10n.number(avg, 1, lang), border=True)
c3.metric(
    tr("Xếp hạng trong tỉnh", "Rank in the province"),
    f"{int(mine['rank'].iloc[0])}/{len(ranked)}" if len(mine) else "–",
    border=True,
    help=tr(
        "Theo số mô hình, điển hình trong giai đoạn; số bậc tăng, giảm so với giai đoạn trước (cùng ranh giới).",
        "By models and examples in the period; places gained or lost against the previous period (same boundaries).",
    )
    + ("" if rank_status in periods.COMPARED else " " + periods.reason(cmp, rank_status, lang)),
    delta=places(mine["change"].iloc[0] if len(mine) else None, lang),
)
c4.metric(tr("Lượt khen thưởng", "Commendations"), l10n.number(awards_total, lang=lang), border=True)
left, right = st.columns([3, 2])
trend_fig = district_vs_province(years, names[code], lang)
rank_fig = rank_history_figure(data_profile.rank_history(version, f, code), names[code], lang)
slug_extra = names[code]
with left:
    st.plotly_chart(trend_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_trend")
    downloads.chart_downloads(
        trend_fig,
        "profile",
        tr(f"{names[code]}: mô hình, điển hình theo năm", f"{names[code]}: models and examples by year"),
        f,
        lang,
        key="profile_trend",
        extra=slug_extra,
    )
with right:
    st.markdown(f"**{tr('Thứ hạng qua các năm', 'Rank year by year')}**")
    st.plotly_chart(rank_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_rank")
    downloads.chart_downloads(
        rank_fig,
        "profile",
        tr(f"{names[code]}: thứ hạng qua các năm", f"{names[code]}: rank year by year"),
        f,
        lang,
        key="profile_rank",
        extra=slug_extra + "-rank",
    )

fields = data_profile.by_field(version, f, code)
top = data_profile.top_models(version, f, code)
none = tr("Không có mô hình nào với bộ lọc đang chọn.", "No models match the filters.")
left, right = st.columns([1, 2])
with left:
    st.subheader(tr("Theo lĩnh vực", "By field"))
    if fields.empty:
        st.info(none)
    else:
        table = profile.shown(fields, lang)
        tables.show(table, key="profile_fields")
        downloads.table_downloads(table, None, "profile", f, lang, key="profile_fields", extra=slug_extra + "-field")
with right:
    st.subheader(tr("Mô hình, điển hình nhiều hộ hưởng lợi nhất", "Models and examples benefiting most households"))
    if top.empty:
        st.info(none)
    else:
        table = profile.shown(top, lang)
        tables.show(table, key="profile_top")
        downloads.table_downloads(table, None, "profile", f, lang, key="profile_top", extra=slug_extra + "-top")

st.subheader(tr("Khen thưởng", "Commendations"))
if awards.empty:
    st.info(
        tr(
            "Không có khen thưởng nào của huyện trong giai đoạn với bộ lọc đang chọn.",
            "The district has no commendations in the period for the chosen filters.",
        )
    )
else:
    table = profile.shown(awards, lang)
    tables.show(table, key="profile_awards")
    if awards_total > len(awards):
        st.caption(
            tr(
                f"{l10n.number(len(awards))} khen thưởng mới nhất trong {l10n.number(awards_total)}; tải về để có đủ.",
                f"The {len(awards)} newest of {l10n.number(awards_total, lang='en')} commendations; download them all.",
            )
        )
    every = data_profile.all_commendations(f, code, awards_total)  # read on the download's worker thread
    downloads.table_downloads(
        table, lambda: profile.shown(every(), lang), "commendations", f, lang, key="profile_awards", extra=slug_extra
    )
    st.caption(
        tr(
            "Khen thưởng được lọc theo giai đoạn và cấp; lĩnh vực, loại và chủ thể không áp dụng.",
            "Commendations follow the period and level filters; field, kind and host sector do not apply.",
        )
    )
