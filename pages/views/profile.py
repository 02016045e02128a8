"""Hồ sơ huyện: one district (chosen by ?district=399) against the province, for the shared filters."""

import streamlit as st

from dvk.charts import PLOTLY_CONFIG, district_vs_province
from dvk.labels import label
from dvk.metrics import fmt_number
from dvk.ui import data, data_profile, frame

version = data.frame_banner()
f = frame.current()
names = data.district_names(version)
codes = [c for c in names if not (f.fold_dong_son and c == "405")]
wanted = st.query_params.get("district", "399")
if wanted not in codes:
    if "district" in st.query_params:
        st.caption(f"Không có huyện mã {wanted}; hiển thị Hoằng Hóa.")
    wanted = "399"
code = st.selectbox("Huyện", codes, index=codes.index(wanted), format_func=names.get, key="profile_district")
st.query_params["district"] = code
st.title(f"Hồ sơ {names[code]}")
if f.fold_dong_son and code == "380":
    st.caption("Từ 2025 TP Thanh Hóa gồm cả huyện Đông Sơn cũ; số liệu của Đông Sơn được cộng vào.")

years = data_profile.by_year(version, f, code)
total, avg = years["n"].sum(), years["province_avg"].sum()
c1, c2 = st.columns(2)
c1.metric(f"Mô hình, điển hình {f.year_from}–{f.year_to}", fmt_number(total))
c2.metric("Trung bình một huyện", fmt_number(avg, 1))
st.plotly_chart(district_vs_province(years, names[code]), config=PLOTLY_CONFIG, width="stretch", key="profile_trend")

fields = data_profile.by_field(version, f, code)
top = data_profile.top_models(version, f, code)
left, right = st.columns([1, 2])
left.subheader("Theo lĩnh vực")
if fields.empty:
    left.info("Không có mô hình nào với bộ lọc đang chọn.")
else:
    left.dataframe(
        fields.assign(field=fields["field"].map(lambda c: label("field", c)), n=fields["n"].map(fmt_number))
        .rename(columns={"field": "Lĩnh vực", "n": "Số mô hình"}),
        hide_index=True, width="stretch",
    )
right.subheader("Mô hình, điển hình nhiều hộ hưởng lợi nhất")
if top.empty:
    right.info("Không có mô hình nào với bộ lọc đang chọn.")
else:
    right.dataframe(
        top.assign(kind=top["kind"].map(lambda c: label("kind", c)), field=top["field"].map(lambda c: label("field", c)),
                   level=top["level"].map(lambda c: label("level", c)))
        .rename(columns={"name": "Tên mô hình", "kind": "Loại", "field": "Lĩnh vực", "year": "Năm", "level": "Cấp",
                         "households_benefited": "Hộ hưởng lợi", "funds_million_vnd": "Kinh phí (triệu đồng)"}),
        hide_index=True, width="stretch",
    )
