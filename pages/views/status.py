"""Tiến độ báo cáo: for a chosen period, every unit that must report and whether it has (analysts and admins)."""

import streamlit as st

from dvk import l10n
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
st.caption(t("{name}, hạn nộp {due}", name=p.kind.label(lang), due=l10n.date(p.due, lang)))
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

tab_list, tab_matrix, tab_history = st.tabs([t("Danh sách"), t("Ma trận theo kỳ"), t("Lịch sử một đơn vị")])


def unit_history(unit: str, key: str) -> None:
    """A unit's submissions across periods."""
    hist = sdata.history(version, unit)
    if hist.empty:
        st.info(t("Đơn vị này chưa có file nào được nạp."))
    else:
        tables.show(rs.history_display(t, hist), key=key)


with tab_list:
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1.4], vertical_alignment="bottom")
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
    names = data.district_names(version)
    in_use = sorted({d for ds in df["districts"] for d in ds})
    districts = c3.multiselect(
        t("Huyện cũ"),
        in_use,
        format_func=lambda c: names.get(c, c),
        key="st_districts",
        placeholder=t("Tất cả"),
        help=t("Các xã, phường hình thành từ huyện cũ này (và chính huyện, ở các kỳ trước 1/7/2025)."),
    )
    rejects_only = c4.toggle(t("Có dòng bị loại"), key="st_rejects")
    chosen = rs.filtered(df, states, kinds, rejects_only, districts)
    shown = rs.display(t, chosen)
    event = tables.show(shown, key="st_table", on_select="rerun", selection_mode="single-row")
    st.caption(t("Chọn một dòng để xem lịch sử gửi báo cáo của đơn vị đó."))
    todo = rs.display(t, rs.filtered(df, [rs.MISSING, rs.LATE], kinds, False, districts))
    downloads.table_downloads(
        todo, None, "status", f, lang, key="st_todo", title=t("Đơn vị chưa gửi, gửi muộn"), extra=period
    )
    st.download_button(
        t("CSV nhắc báo cáo (trộn thư)"),
        data=lambda: rs.reminders_csv(t, rs.filtered(df, [], kinds, False, districts), p),
        file_name=t("nhac-bao-cao") + f"-{period}.csv",
        mime="text/csv",
        on_click="ignore",
        key="st_reminders",
        icon=":material/mail:",
        help=t(
            "Mỗi đơn vị chưa gửi, gửi muộn hoặc có dòng bị loại một dòng: mã, tên, liên hệ, kỳ, hạn nộp, "
            "tình trạng, nội dung nhắc. CSV UTF-8 có BOM, dùng cho trộn thư (Mail Merge)."
        ),
    )
    picked = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if picked:
        row = chosen.iloc[picked[0]]
        st.subheader(t("Lịch sử gửi báo cáo: {unit}", unit=f"{row['name']} ({row['code']})"))
        unit_history(row["code"], key="st_picked_history")

with tab_matrix:
    shown_periods = sdata.last_periods(period)
    cfg = sdata.config()
    grid = sdata.matrix(version, shown_periods)
    grid = rs.filtered(grid, [], kinds, False, districts)  # the list's kind and district filters
    st.caption(rs.matrix_legend(t))
    tables.show(rs.matrix_display(t, grid, [cfg.period(c) for c in shown_periods]), key="st_matrix")

with tab_history:
    units = dict(zip(df["code"], df["name"]))
    unit = st.selectbox(
        t("Đơn vị"),
        list(units),
        format_func=lambda c: f"{units[c]} ({c})",
        index=None,
        key="st_unit",
        placeholder=t("Chọn đơn vị"),
    )
    if unit:
        unit_history(unit, key="st_history")
