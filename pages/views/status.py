"""Tiến độ báo cáo: for a chosen period, every unit that must report and whether it has (analysts and admins)."""

import streamlit as st

from dvk import reporting_status as rs
from dvk.reporting import KINDS_ORDER
from dvk.ui import auth, data, downloads, frame, tables
from dvk.ui import data_status as sdata
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
st.title(t("Tiến độ báo cáo"))
version = data.frame_banner()
f = frame.current()
auth.require("status")

codes = sdata.period_codes()
default = sdata.default_period()
period = st.selectbox(t("Kỳ báo cáo"), codes, index=codes.index(default) if default in codes else 0, key="st_period")
p = sdata.config().period(period)
st.caption(
    t("{name}, hạn nộp {due}", name=p.kind.name if lang == "vi" else p.kind.name_en, due=p.due.strftime("%d/%m/%Y"))
)
df = sdata.status(version, period)
for kind in KINDS_ORDER:
    if (df["kind"] == kind).any():
        st.markdown("**" + rs.counts_line(t, df, kind) + "**")
if n := sdata.unattributed(version):
    st.caption(
        t.n(
            "{n} file chưa rõ đơn vị hoặc kỳ báo cáo (nạp lại với --unit/--period).",
            "{n} file chưa rõ đơn vị hoặc kỳ báo cáo (nạp lại với --unit/--period).",
            n,
        )
    )

c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
states = c1.multiselect(
    t("Tình trạng"),
    list(rs.STATES),
    format_func=lambda s: rs.state_label(t, s),
    key="st_states",
    placeholder=t("Tất cả"),
)
kinds = c2.multiselect(
    t("Loại đơn vị"),
    [k for k in KINDS_ORDER if (df["kind"] == k).any()],
    format_func=lambda k: rs.kind_label(t, k),
    key="st_kinds",
    placeholder=t("Tất cả"),
)
rejects_only = c3.toggle(t("Có dòng bị loại"), key="st_rejects")
shown = rs.display(t, rs.filtered(df, states, kinds, rejects_only))
tables.show(shown, key="st_table")
todo = rs.display(t, rs.filtered(df, [rs.MISSING, rs.LATE], kinds))
downloads.table_downloads(
    todo, None, "status", f, lang, key="st_todo", title=t("Đơn vị chưa gửi, gửi muộn"), extra=period
)
