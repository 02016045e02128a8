"""Dân vận khéo dashboard — entry point (`streamlit run app.py`)."""

from __future__ import annotations

import streamlit as st

from dvk.config import db_path
from dvk.db import connect, query_df

st.set_page_config(page_title="Dân vận khéo — Thanh Hóa", page_icon="🏛️", layout="wide")


def vn_int(n: float) -> str:
    """12345 → '12.345' (Vietnamese thousands separator)."""
    return f"{int(n):,}".replace(",", ".")


db = db_path()
st.title("Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa")
if not db.exists():
    st.info(
        "Chưa có kho dữ liệu. Chạy `make run` (tạo dữ liệu mẫu và nạp) hoặc "
        "`python -m etl load THƯ_MỤC_FILE_NỘP` rồi tải lại trang."
    )
    st.stop()

con = connect(db)
meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
if meta.get("synthetic") == "true":
    st.warning(
        "**Dữ liệu mẫu tổng hợp** — các con số trên trang này do máy tạo ra để minh họa, "
        "không phải số liệu thật của các đơn vị.",
        icon="⚠️",
    )
with st.sidebar:
    st.caption(f"Lần nạp gần nhất: {meta.get('last_load', '—')[:16]}")

by_year = query_df(
    con,
    """SELECT d.short_name AS district, m.year, m.n FROM (
           SELECT coalesce(di.merged_into, a.district_code) AS code, a.year, sum(a.n) AS n
           FROM agg_models a JOIN districts di ON di.code = a.district_code GROUP BY ALL) m
       JOIN districts d ON d.code = m.code""",
)
if by_year.empty:
    st.info("Kho dữ liệu chưa có mô hình nào. Nạp file nộp bằng `python -m etl load`.")
    st.stop()
total = int(by_year["n"].sum())
st.metric("Mô hình, điển hình đã nạp", vn_int(total))
table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
table["Tổng"] = table.sum(axis=1)
table = table.sort_values("Tổng", ascending=False)
table.index.name = "Huyện (ranh giới 2025)"
table.columns = [str(c) for c in table.columns]
st.subheader("Số mô hình, điển hình theo huyện và năm công nhận")
st.dataframe(table.map(vn_int), use_container_width=True)
rejected = con.execute("SELECT count(DISTINCT (file, sheet, \"row\")) FROM rejects").fetchone()[0]
st.caption(f"Dòng bị loại khi nạp: {vn_int(rejected)} (xem bảng `rejects` hoặc data/rejects/).")
