"""Tổng quan: what the warehouse holds, by district and year."""

import streamlit as st

from dvk.metrics import fmt_number
from dvk.ui import data

st.title("Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa")
version = data.frame_banner()
by_year = data.counts_by_district_year(version)
if by_year.empty:
    st.info("Kho dữ liệu chưa có mô hình nào. Nạp file nộp bằng `python -m etl load`.")
    st.stop()
st.metric("Mô hình, điển hình đã nạp", fmt_number(by_year["n"].sum()))
table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
table["Tổng"] = table.sum(axis=1)
table = table.sort_values("Tổng", ascending=False)
table.index.name = "Huyện (ranh giới 2025)"
table.columns = [str(c) for c in table.columns]
st.subheader("Số mô hình, điển hình theo huyện và năm công nhận")
st.dataframe(table.map(fmt_number), width="stretch")
