"""Tổng quan: headline figures for the shared filters, with the change against the previous period."""

import streamlit as st

from dvk.metrics import fmt_number
from dvk.ui import data, frame
from dvk.ui.frame import tr

lang = frame.lang()
st.title(tr("Phong trào thi đua “Dân vận khéo” — tỉnh Thanh Hóa", "“Skilled Mass Mobilization” movement — Thanh Hóa province"))
version = data.frame_banner()
f = frame.current()
prev = f.previous()
now, before = data.headline(version, f), data.headline(version, prev)
st.caption(tr(f"Giai đoạn {f.year_from}–{f.year_to}, so với {prev.year_from}–{prev.year_to}",
              f"Period {f.year_from}–{f.year_to}, compared with {prev.year_from}–{prev.year_to}"))
cards = [
    ("n", tr("Mô hình, điển hình", "Models and examples")),
    ("n_examples", tr("Trong đó điển hình", "Of which typical examples")),
    ("funds_million_vnd", tr("Kinh phí huy động (triệu đồng)", "Money mobilised (million VND)")),
    ("land_m2", tr("Đất hiến (m²)", "Land donated (m²)")),
    ("workdays", tr("Ngày công", "Working days")),
]
for col, (key, title) in zip(st.columns(len(cards)), cards, strict=True):
    delta = now[key] - before[key]
    shown = (("+" if delta >= 0 else "") + fmt_number(delta, lang=lang)) if before[key] else None
    col.metric(title, fmt_number(now[key], lang=lang), shown)

by_year = data.counts_by_district_year(version)
if by_year.empty:
    st.info(tr("Kho dữ liệu chưa có mô hình nào. Nạp file nộp bằng `python -m etl load`.",
               "The warehouse holds no models yet. Load submissions with `python -m etl load`."))
    st.stop()
table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
total = tr("Tổng", "Total")
table[total] = table.sum(axis=1)
table = table.sort_values(total, ascending=False)
table.index.name = tr("Huyện (ranh giới 2025)", "District (2025 boundaries)")
table.columns = [str(c) for c in table.columns]
st.subheader(tr("Số mô hình, điển hình theo huyện và năm công nhận (toàn bộ dữ liệu)",
                "Models and examples by district and year recognised (all data)"))
st.dataframe(table.map(lambda v: fmt_number(v, lang=lang)), width="stretch")
