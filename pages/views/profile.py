"""Hồ sơ: one district (?district=399) against the province, or with the commune unit one 2025 commune
(?commune=14797) against the average commune, for the shared filters."""

from dataclasses import replace

import streamlit as st

from dvk import communes, l10n, periods, profile
from dvk.charts import PLOTLY_CONFIG, district_vs_province
from dvk.charts_trends import rank_history_figure
from dvk.svgmap import profile_links
from dvk.trends import placed_note, places
from dvk.ui import data, data_profile, data_trends, downloads, frame, pickers, tables
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
version = data.frame_banner()
f = frame.current()
# A pasted /profile?commune=… (no unit, no district) opens the commune profile: the unit follows it once.
if f.unit == "district" and "commune" in st.query_params and "district" not in st.query_params:
    if not st.session_state.get("_profile_opened"):
        st.session_state["_profile_opened"] = True
        st.query_params["unit"] = "commune"
        st.rerun()
st.session_state["_profile_opened"] = True
by_commune = f.unit == "commune"

if by_commune:
    commune_df = data.commune_list(version)
    known = commune_df["code"].tolist()
    if not known:
        st.title(t("Hồ sơ xã, phường"))
        st.info(t("Kho chưa có danh sách xã, phường."))
        st.stop()
    shown = communes.labels(commune_df, lang)
    default = profile.DEFAULT_COMMUNE if profile.DEFAULT_COMMUNE in known else known[0]
    wanted = st.query_params.get("commune", default)
    if wanted not in known:
        st.caption(t("Không có xã, phường mã {code}; hiển thị {name}.", code=wanted, name=shown[default]))
        wanted = default
    current = st.session_state.get("profile_commune", wanted)
    options = pickers.commune_search(commune_df, "profile_commune_q", [current] if current in known else [wanted])
    code = st.selectbox(
        t("Xã, phường"),
        options,
        index=options.index(current) if current in options else options.index(wanted),
        format_func=shown.get,
        key="profile_commune",
    )
    st.query_params["commune"] = code
    row = commune_df.set_index("code").loc[code]
    name = str(row["short_name"])
    st.title(t("Hồ sơ xã, phường: {commune}", commune=name))
    st.caption(t("{commune}, hình thành ngày 1/7/2025.", commune=shown[code]))
    unit, slug = "commune", "commune_profile"
    span_f = profile.since(f, data.coverage(version).first_year)  # the trend reaches back to 2016
    years = data_profile.commune_by_year(version, span_f, code)
    period = data_profile.commune_by_year(version, f, code)
    ranked, rank_status = data_profile.commune_ranking(version, f)
    history = data_profile.commune_rank_history(version, span_f, code)
    units = len(ranked)
    average = t("Trung bình một xã, phường (trong {n})", n=units)
    rank_title = t("Xếp hạng trong {n} xã, phường", n=units)
else:
    names = data.district_names(version)
    codes = [c for c in names if not (f.fold_dong_son and c == "405")]
    wanted = st.query_params.get("district", profile.DEFAULT_DISTRICT)
    if wanted not in codes:
        if "district" in st.query_params:
            st.caption(t("Không có huyện mã {code}; hiển thị Hoằng Hóa.", code=wanted))
        wanted = profile.DEFAULT_DISTRICT
    code = st.selectbox(t("Huyện"), codes, index=codes.index(wanted), format_func=names.get, key="profile_district")
    st.query_params["district"] = code
    name = names[code]
    st.title(t("Hồ sơ {district}", district=name))
    if f.fold_dong_son and code == "380":
        st.caption(t("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ; số liệu của Đông Sơn được cộng vào."))
    unit, slug = "district", "profile"
    years = period = data_profile.by_year(version, f, code)
    ranked, rank_status = data_trends.ranking(version, replace(f, districts=()), "n", "raw")
    history = data_profile.rank_history(version, f, code)
    units = len(ranked)
    average = t("Trung bình một huyện")
    rank_title = t("Xếp hạng trong tỉnh")

total, avg = period["n"].sum(), period["province_avg"].sum()
cmp = periods.compare(f, data.coverage(version))
if partial := periods.partial_note(f, cmp.coverage.through, lang):
    st.caption(partial)
mine = ranked[ranked["code"] == code]
awards = data_profile.commendations(version, f, code, unit)
awards_total = int(awards["total"].iloc[0]) if len(awards) else 0
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    t("Mô hình, điển hình ") + periods.span(f),
    l10n.number(total, lang=lang),
    border=True,
)
c2.metric(average, l10n.number(avg, 2 if by_commune else 1, lang), border=True)  # a commune's average is small
c3.metric(
    rank_title,
    f"{int(mine['rank'].iloc[0])}/{units}" if len(mine) else "–",
    border=True,
    help=t("Theo số mô hình, điển hình trong giai đoạn; số bậc tăng, giảm so với giai đoạn trước (cùng ranh giới).")
    + ("" if rank_status in periods.COMPARED else " " + periods.reason(cmp, rank_status, lang)),
    delta=places(mine["change"].iloc[0] if len(mine) else None, lang),
)
c4.metric(t("Lượt khen thưởng"), l10n.number(awards_total, lang=lang), border=True)
if by_commune:
    st.caption(
        t(
            "Trung bình một xã, phường: các mô hình, điển hình đã gắn vào xã, phường mới chia đều cho {n} xã, phường "
            "của tỉnh; hạng tính trong cả {n} (bằng số thì cùng hạng).",
            n=units,
        )
    )
left, right = st.columns([3, 2])
trend_fig = district_vs_province(years, name, lang, average)
rank_fig = rank_history_figure(history, name, lang)
with left:
    st.plotly_chart(trend_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_trend")
    downloads.chart_downloads(
        trend_fig,
        slug,
        t("{district}: mô hình, điển hình theo năm", district=name),
        f,
        lang,
        key="profile_trend",
        extra=name,
    )
with right:
    st.markdown("**" + t("Thứ hạng qua các năm") + "**")
    st.plotly_chart(rank_fig, config=PLOTLY_CONFIG, width="stretch", key="profile_rank")
    downloads.chart_downloads(
        rank_fig,
        slug,
        t("{district}: thứ hạng qua các năm", district=name),
        f,
        lang,
        key="profile_rank",
        extra=name + "-rank",
    )
if by_commune:
    st.caption(
        t("Biểu đồ từ năm {y} đến hết giai đoạn.", y=span_f.year_from)
        + " "
        + (placed_note(data_trends.placed_share(version, span_f), lang) or "")
    )

fields = data_profile.by_field(version, f, code, unit)
top = data_profile.top_models(version, f, code, unit)
none = t("Không có mô hình nào với bộ lọc đang chọn.")
left, right = st.columns([1, 2])
with left:
    st.subheader(t("Theo lĩnh vực"))
    if fields.empty:
        st.info(none)
    else:
        table = profile.shown(fields, lang)
        tables.show(table, key="profile_fields")
        downloads.table_downloads(table, None, slug, f, lang, key="profile_fields", extra=name + "-field")
with right:
    st.subheader(t("Mô hình, điển hình nhiều hộ hưởng lợi nhất"))
    if top.empty:
        st.info(none)
    else:
        table = profile.shown(top, lang)
        tables.show(table, key="profile_top")
        downloads.table_downloads(table, None, slug, f, lang, key="profile_top", extra=name + "-top")

st.subheader(t("Khen thưởng"))
if awards.empty:
    st.info(
        t("Không có khen thưởng nào của xã, phường trong giai đoạn với bộ lọc đang chọn.")
        if by_commune
        else t("Không có khen thưởng nào của huyện trong giai đoạn với bộ lọc đang chọn.")
    )
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
    every = data_profile.all_commendations(f, code, awards_total, unit)  # read on the download's worker thread
    downloads.table_downloads(
        table, lambda: profile.shown(every(), lang), "commendations", f, lang, key="profile_awards", extra=name
    )
    st.caption(t("Khen thưởng được lọc theo giai đoạn và cấp; lĩnh vực, loại và chủ thể không áp dụng."))

if by_commune:
    st.subheader(t("Hình thành từ"))
    formed, wards_known = data_profile.formed_from(version, code)
    link = profile_links(frame.link_query(replace(f, unit="district", communes=())))
    lines = profile.formed_from_html(formed, link, lang, f.fold_dong_son)
    st.markdown("\n".join(f"- {line}" for line in lines), unsafe_allow_html=True)
    st.caption(
        t("Mỗi huyện cũ mở hồ sơ huyện đó (số liệu trước 7/2025).")
        + ("" if wards_known else " " + t("Kho chưa có bảng xã, phường cũ → mới: chỉ ghi các huyện cũ."))
    )
