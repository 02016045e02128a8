"""Dữ liệu: where the numbers come from — sample data, recent loads, boundaries in use, rejected rows and the
load's warnings (analysts)."""

import streamlit as st

from dvk import l10n, records
from dvk.ui import auth, boundary_upload, data, downloads, frame, tables, upload
from dvk.ui import data_records as rdata

lang = frame.lang()
en = lang == "en"
st.title("Data" if en else "Dữ liệu")
version = data.frame_banner()
f = frame.current()
upload.done_message()

if data.meta(version).get("synthetic") == "true":
    st.info(records.SYNTHETIC_NOTE_EN if en else records.SYNTHETIC_NOTE_VI, icon="ℹ️")

st.subheader("Recent loads" if en else "Các lần nạp gần nhất")
runs = rdata.etl_runs(version)
if runs.empty:
    st.info("No load recorded yet." if en else "Chưa có lần nạp nào.")
else:
    shown_runs = records.display_runs(runs, lang)
    tables.show(shown_runs, key="runs_table")
    downloads.table_downloads(shown_runs, None, "data", f, lang, key="runs_table")

st.subheader("Boundaries in use" if en else "Ranh giới đang dùng")
bounds = rdata.boundaries_in_use(version)
if bounds.empty:
    st.info("No boundaries stored." if en else "Kho chưa có ranh giới.")
else:
    tables.show(records.display_boundaries(bounds, lang), key="bounds_table")

if auth.allowed("boundaries"):
    boundary_upload.section()

if auth.allowed("upload"):
    upload.section(f)

st.subheader("Rejected rows" if en else "Dòng bị loại")
auth.require("rejects")  # raw cell values can hold personal data: analysts only (the page ends here otherwise)
c1, c2, c3 = st.columns(3)
files = rdata.reject_files(version)
file = c1.selectbox(
    "File" if en else "Tệp",
    ["", *files],
    key="rej_file",
    format_func=lambda v: v or ("All files" if en else "Tất cả các tệp"),
)
kind = c2.selectbox(
    "Kind" if en else "Loại",
    ["", *records.REJECT_KINDS],
    key="rej_kind",
    format_func=lambda v: records.REJECT_KINDS[v][en] if v else ("All" if en else "Tất cả"),
)
reason = c3.text_input("Reason contains" if en else "Lý do có chứa", key="rej_reason", placeholder="khong nhan ra…")
n_rejects = rdata.rejects_count(version, file, kind, reason)
if n_rejects == 0:
    st.info("No rejected row matches." if en else "Không có dòng bị loại nào khớp.")
else:
    pages = records.page_count(n_rejects, records.REJECTS_PAGE_SIZE)
    if st.session_state.get("rej_page", 1) > pages:  # a narrower filter leaves fewer pages
        st.session_state["rej_page"] = pages
    page_no = 1
    if pages > 1:
        page_no = int(
            st.number_input(
                f"Page (of {pages})" if en else f"Trang (trên {pages})",
                min_value=1,
                max_value=pages,
                step=1,
                key="rej_page",
            )
        )
    rej = rdata.rejects_page(version, file, kind, reason, page_no, records.REJECTS_PAGE_SIZE)
    note = (
        " — the downloads of all matching records hold every one."
        if en
        else " — tải «tất cả bản ghi khớp bộ lọc» để có đủ."
    )
    if pages > 1:
        st.caption(records.rejects_summary(n_rejects, page_no, len(rej), lang) + note)
    else:
        st.caption(f"{l10n.number(n_rejects, lang=lang)} {'rejected cells' if en else 'ô bị loại'}")
    shown_rejects = records.display_rejects(rej, lang)
    tables.show(shown_rejects, key="rejects_table")
    every = rdata.all_rejects(file, kind, reason)  # read on the download's worker thread, when clicked
    everything = None if pages == 1 else (lambda: records.display_rejects(every(), lang))
    downloads.table_downloads(shown_rejects, everything, "rejects", f, lang, key="rejects_table")

st.subheader("Loaded with a warning" if en else "Nạp kèm cảnh báo")
st.caption(
    "These rows count. A listed value the loader did not recognise is kept as “Unclassified”; teach it the "
    "form in config/vocabulary.toml and load again."
    if en
    else "Các dòng này vẫn được tính. Giá trị không nhận ra được ghi là “Chưa phân loại”; thêm cách viết đó vào "
    "config/vocabulary.toml rồi nạp lại."
)
warn_counts = rdata.warning_counts(version, file)
if warn_counts.empty:
    st.info("No warning." if en else "Không có cảnh báo nào.")
else:
    shown_warnings = records.display_warnings(warn_counts, lang)
    tables.show(shown_warnings, key="warnings_table")

    every_warning = rdata.all_warnings(file)  # read on the download's worker thread, when clicked
    downloads.table_downloads(
        shown_warnings,
        lambda: records.display_warnings(every_warning(), lang),
        "warnings",
        f,
        lang,
        key="warnings_table",
    )
