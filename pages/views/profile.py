"""Hồ sơ huyện: one district (chosen by ?district=399) against the province, for the shared filters."""

from dataclasses import replace

import streamlit as st

from dvk import l10n, periods, profile
from dvk.charts import PLOTLY_CONFIG, district_vs_province
from dvk.charts_trends import rank_history_figure
from dvk.trends import places
from dvk.ui import data, data_profile, data_trends, downloads, frame, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
version = data.frame_banner()
f = frame.current()
names = data.district_names(version)
codes = [c for c in names if not (f.fold_dong_son and c == "405")]
wanted = st.query_params.get("district", "399")
if wanted not in codes:
    if "district" in st.query_params:
        st.caption(t("Không có huyện mã {code}; hiển thị Hoằng Hóa.", code=wanted))
    wanted = "399"
code = st.selectbox(t("Huyện"), codes, index=codes.index(wanted), format_func=names.get, key="profile_district")
st.query_params["district"] = code
st.title(t("Hồ sơ {district}", district=names[code]))
if f.fold_dong_son and code == "380":
    st.caption(t("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ; số liệu của Đông Sơn được cộng vào."))

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
    t("Mô hình, điển hình ") + periods.span(f),
    l10n.number(total, lang=lang),
    border=True,
)
c2.metric(t("Trung bình một huyện"), l10n.number(avg, 1, lang), border=True)
c3.metric(
    t("Xếp hạng trong tỉnh"),
    f"{int(mine['rank'].iloc[0])}/{len(ranked)}" if len(mine) else "–",
    border=True,
    help=t("Theo số mô hình, điển hình trong giai đoạn; số bậc tăng, giảm so với giai đoạn trước (cùng ranh giới).")
    + ("" if rank_status in periods.COMPARED else " " + periods.reason(cmp, rank_status, lang)),
    delta=places(mine["change"].iloc[0] if len(mine) else None, lang),
)
c4.metric(t("Lượt khen thưởng"), l10n.number(awards_total, lang=lang), border=True)
left, right = st.columns([3, 2])
trend_fig = district_vs_province(years, names[code], lang)
rank_fig = rank_history_figure(data_profile.rank_history(version, f, code), names[code], lang)
slug_extra = names[code]
with left:
    st.plotly_chart(trend_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_trend")
    downloads.chart_downloads(
        trend_fig,
        "profile",
        t("{district}: mô hình, điển hình theo năm", district=names[code]),
        f,
        lang,
        key="profile_trend",
        extra=slug_extra,
    )
with right:
    st.markdown("**" + t("Thứ hạng qua các năm") + "**")
    st.plotly_chart(rank_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_rank")
    downloads.chart_downloads(
        rank_fig,
        "profile",
        t("{district}: thứ hạng qua các năm", district=names[code]),
        f,
        lang,
        key="profile_rank",
        extra=slug_extra + "-rank",
    )

fields = data_profile.by_field(version, f, code)
top = data_profile.top_models(version, f, code)
none = t("Không có mô hình nào với bộ lọc đang chọn.")
left, right = st.columns([1, 2])
with left:
    st.subheader(t("Theo lĩnh vực"))
    if fields.empty:
        st.info(none)
    else:
        table = profile.shown(fields, lang)
        tables.show(table, key="profile_fields")
        downloads.table_downloads(table, None, "profile", f, lang, key="profile_fields", extra=slug_extra + "-field")
with right:
    st.subheader(t("Mô hình, điển hình nhiều hộ hưởng lợi nhất"))
    if top.empty:
        st.info(none)
    else:
        table = profile.shown(top, lang)
        tables.show(table, key="profile_top")
        downloads.table_downloads(table, None, "profile", f, lang, key="profile_top", extra=slug_extra + "-top")

st.subheader(t("Khen thưởng"))
if awards.empty:
    st.info(t("Không có khen thưởng nào của huyện trong giai đoạn với bộ lọc đang chọn."))
else:
    table = profile.shown(awards, lang)
    tables.show(table, key="profile_awards")
    if awards_total > len(awards):
        st.caption(
            t(
                "{shown} khen thưởng mới nhất trong {total}; tải về để có đủ.",
                shown=l10n.number(len(awards), lang=lang),
                total=l10n.number(awards_total, lang=lang),
            )
        )
    every = data_profile.all_commendations(f, code, awards_total)  # read on the download's worker thread
    downloads.table_downloads(
        table, lambda: profile.shown(every(), lang), "commendations", f, lang, key="profile_awards", extra=slug_extra
    )
    st.caption(t("Khen thưởng được lọc theo giai đoạn và cấp; lĩnh vực, loại và chủ thể không áp dụng."))
