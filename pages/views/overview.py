"""Tổng quan: headline figures for the shared filters, with the change against the previous period."""

import streamlit as st

from dvk.metrics import fmt_number
from dvk.ui import data, frame

st.title("Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa")
version = data.frame_banner()
f = frame.current()
now, before = data.headline(version, f), data.headline(version, f.previous())
st.caption(f"Giai đoạn {f.year_from}–{f.year_to}, so với {f.previous().year_from}–{f.previous().year_to}")
cards = [
    ("n", "Mô hình, điển hình"),
    ("n_examples", "Trong đó điển hình"),
    ("funds_million_vnd", "Kinh phí huy động (triệu đồng)"),
    ("land_m2", "Đất hiến (m²)"),
    ("workdays", "Ngày công"),
]
for col, (key, title) in zip(st.columns(len(cards)), cards, strict=True):
    delta = now[key] - before[key]
    col.metric(title, fmt_number(now[key]), (("+" if delta >= 0 else "") + fmt_number(delta)) if before[key] else None)

by_year = data.counts_by_district_year(version)
if by_year.empty:
    st.info("Kho dữ liệu chưa có mô hình nào. Nạp file nộp bằng `python -m etl load`.")
    st.stop()
table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
table["Tổng"] = table.sum(axis=1)
table = table.sort_values("Tổng", ascending=False)
table.index.name = "Huyện (ranh giới 2025)"
table.columns = [str(c) for c in table.columns]
st.subheader("Số mô hình, điển hình theo huyện và năm công nhận (toàn bộ dữ liệu)")
st.dataframe(table.map(fmt_number), width="stretch")
