"""Hồ sơ huyện: one district (chosen by ?district=399) against the province, for the shared filters."""

from dataclasses import replace

import streamlit as st

from dvk.charts import PLOTLY_CONFIG, district_vs_province
from dvk.charts_trends import rank_history_figure
from dvk.labels import label
from dvk.metrics import fmt_number
from dvk.records import hide_people
from dvk.trends import places
from dvk.ui import auth, data, data_profile, data_trends, frame
from dvk.ui.frame import tr

lang = frame.lang()
version = data.frame_banner()
f = frame.current()
names = data.district_names(version)
codes = [c for c in names if not (f.fold_dong_son and c == "405")]
wanted = st.query_params.get("district", "399")
if wanted not in codes:
    if "district" in st.query_params:
        st.caption(tr(f"Không có huyện mã {wanted}; hiển thị Hoằng Hóa.", f"No district with code {wanted}; showing Hoằng Hóa."))
    wanted = "399"
code = st.selectbox(tr("Huyện", "District"), codes, index=codes.index(wanted), format_func=names.get, key="profile_district")
st.query_params["district"] = code
st.title(tr(f"Hồ sơ {names[code]}", f"{names[code]}: district profile"))
if f.fold_dong_son and code == "380":
    st.caption(tr("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ; số liệu của Đông Sơn được cộng vào.",
                  "From 2025 TP Thanh Hóa includes the former Đông Sơn district; its figures are added in."))

years = data_profile.by_year(version, f, code)
total, avg = years["n"].sum(), years["province_avg"].sum()
ranked, _ = data_trends.ranking(version, replace(f, districts=()), "n", "raw")
mine = ranked[ranked["code"] == code]
awards = data_profile.commendations(version, f, code)
if not auth.allowed("personal_names"):
    awards = hide_people(awards, lang)
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr(f"Mô hình, điển hình {f.year_from}–{f.year_to}", f"Models and examples {f.year_from}–{f.year_to}"),
          fmt_number(total, lang=lang), border=True)
c2.metric(tr("Trung bình một huyện", "Average district"), fmt_number(avg, 1, lang), border=True)
c3.metric(tr("Xếp hạng trong tỉnh", "Rank in the province"),
          f"{int(mine['rank'].iloc[0])}/{len(ranked)}" if len(mine) else "–", border=True,
          help=tr("Theo số mô hình, điển hình trong giai đoạn; số bậc tăng, giảm so với giai đoạn trước.",
                  "By models and examples in the period; places gained or lost against the previous period."),
          delta=places(mine["change"].iloc[0] if len(mine) else None, lang))
c4.metric(tr("Lượt khen thưởng", "Commendations"), fmt_number(len(awards), lang=lang), border=True)
left, right = st.columns([3, 2])
left.plotly_chart(district_vs_province(years, names[code], lang), config=PLOTLY_CONFIG, width="stretch", key="profile_trend")
right.markdown(f"**{tr('Thứ hạng qua các năm', 'Rank year by year')}**")
right.plotly_chart(rank_history_figure(data_profile.rank_history(version, f, code), names[code], lang),
                   config=PLOTLY_CONFIG, width="stretch", key="profile_rank")

fields = data_profile.by_field(version, f, code)
top = data_profile.top_models(version, f, code)
left, right = st.columns([1, 2])
left.subheader(tr("Theo lĩnh vực", "By field"))
if fields.empty:
    left.info(tr("Không có mô hình nào với bộ lọc đang chọn.", "No models match the filters."))
else:
    left.dataframe(
        fields.assign(field=fields["field"].map(lambda c: label("field", c, lang)), n=fields["n"].map(fmt_number))
        .rename(columns={"field": tr("Lĩnh vực", "Field"), "n": tr("Số mô hình", "Models")}),
        hide_index=True, width="stretch",
    )
right.subheader(tr("Mô hình, điển hình nhiều hộ hưởng lợi nhất", "Models and examples benefiting most households"))
if top.empty:
    right.info(tr("Không có mô hình nào với bộ lọc đang chọn.", "No models match the filters."))
else:
    right.dataframe(
        top.assign(kind=top["kind"].map(lambda c: label("kind", c, lang)), field=top["field"].map(lambda c: label("field", c, lang)),
                   level=top["level"].map(lambda c: label("level", c, lang)))
        .rename(columns={"name": tr("Tên mô hình", "Name"), "kind": tr("Loại", "Kind"), "field": tr("Lĩnh vực", "Field"),
                         "year": tr("Năm", "Year"), "level": tr("Cấp", "Level"),
                         "households_benefited": tr("Hộ hưởng lợi", "Households benefiting"),
                         "funds_million_vnd": tr("Kinh phí (triệu đồng)", "Money (million VND)")}),
        hide_index=True, width="stretch",
    )

st.subheader(tr("Khen thưởng", "Commendations"))
if awards.empty:
    st.info(tr("Không có khen thưởng nào của huyện trong giai đoạn với bộ lọc đang chọn.",
               "The district has no commendations in the period for the chosen filters."))
else:
    st.dataframe(
        awards.assign(**{c: awards[c].map(lambda v, c=c: label(c, v, lang)) for c in ("form", "issuer", "level", "recipient_kind")},
                      year=awards["year"].astype(str))
        .rename(columns={"year": tr("Năm", "Year"), "form": tr("Hình thức", "Form"), "issuer": tr("Cấp khen", "Issued by"),
                         "level": tr("Cấp", "Level"), "recipient_kind": tr("Đối tượng", "Recipient"),
                         "recipient_name": tr("Tên tập thể, cá nhân", "Recipient name"),
                         "decision_no": tr("Số quyết định", "Decision no."), "decision_date": tr("Ngày quyết định", "Decision date"),
                         "model_name": tr("Mô hình, điển hình", "Model or example")}),
        hide_index=True, width="stretch", key="profile_awards",
    )
    st.caption(tr("Khen thưởng được lọc theo giai đoạn và cấp; lĩnh vực, loại và chủ thể không áp dụng.",
                  "Commendations follow the period and level filters; field, kind and host sector do not apply."))
