"""Dữ liệu: where the numbers come from — sample data, recent loads, boundaries in use, rejected rows and the
load's warnings (analysts)."""

import streamlit as st

from dvk import records
from dvk.ui import auth, boundary_upload, data, data_coverage, downloads, frame, tables, upload
from dvk.ui import data_records as rdata
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
st.title(t("Dữ liệu"))
version = data.frame_banner()
f = frame.current()
upload.done_message()

if data.meta(version).get("synthetic") == "true":
    st.info(records.synthetic_note(lang), icon="ℹ️")

st.subheader(t("Các lần nạp gần nhất"))
runs = rdata.etl_runs(version)
if runs.empty:
    st.info(t("Chưa có lần nạp nào."))
else:
    shown_runs = records.display_runs(runs, lang)
    tables.show(shown_runs, key="runs_table")
    downloads.table_downloads(shown_runs, None, "data", f, lang, key="runs_table")

st.subheader(t("Ranh giới đang dùng"))
bounds = rdata.boundaries_in_use(version)
if bounds.empty:
    st.info(t("Kho chưa có ranh giới."))
else:
    tables.show(records.display_boundaries(bounds, lang), key="bounds_table")

if auth.allowed("boundaries"):
    boundary_upload.section()
    data_coverage.population_upload()

if auth.allowed("upload"):
    upload.section(f)

st.subheader(t("Dòng bị loại"))
auth.require("rejects")  # raw cell values can hold personal data: analysts only (the page ends here otherwise)
c1, c2, c3 = st.columns(3)
files = rdata.reject_files(version)
file = c1.selectbox(
    t("Tệp"),
    ["", *files],
    key="rej_file",
    format_func=lambda v: v or t("Tất cả các tệp"),
)
kind = c2.selectbox(
    t("Loại"),
    ["", *records.REJECT_KINDS],
    key="rej_kind",
    format_func=lambda v: records.reject_kind(v, lang) if v else t("Tất cả"),
)
reason = c3.text_input(t("Lý do có chứa"), key="rej_reason", placeholder="khong nhan ra…")
n_rejects = rdata.rejects_count(version, file, kind, reason)
if n_rejects == 0:
    st.info(t("Không có dòng bị loại nào khớp."))
else:
    pages = records.page_count(n_rejects, records.REJECTS_PAGE_SIZE)
    if st.session_state.get("rej_page", 1) > pages:  # a narrower filter leaves fewer pages
        st.session_state["rej_page"] = pages
    page_no = 1
    if pages > 1:
        page_no = int(
            st.number_input(
                t("Trang (trên {pages})", pages=pages),
                min_value=1,
                max_value=pages,
                step=1,
                key="rej_page",
            )
        )
    rej = rdata.rejects_page(version, file, kind, reason, page_no, records.REJECTS_PAGE_SIZE)
    note = " — " + t("tải «tất cả bản ghi khớp bộ lọc» để có đủ.")
    if pages > 1:
        st.caption(records.rejects_summary(n_rejects, page_no, len(rej), lang) + note)
    else:
        st.caption(t.n("{n} ô bị loại", "{n} ô bị loại", n_rejects))
    shown_rejects = records.display_rejects(rej, lang)
    tables.show(shown_rejects, key="rejects_table")
    every = rdata.all_rejects(file, kind, reason)  # read on the download's worker thread, when clicked
    everything = None if pages == 1 else (lambda: records.display_rejects(every(), lang))
    downloads.table_downloads(shown_rejects, everything, "rejects", f, lang, key="rejects_table")

st.subheader(t("Nạp kèm cảnh báo"))
st.caption(
    t(
        "Các dòng này vẫn được tính. Giá trị không nhận ra được ghi là “Chưa phân loại”; thêm cách viết đó vào "
        "config/vocabulary.toml rồi nạp lại."
    )
)
warn_counts = rdata.warning_counts(version, file)
if warn_counts.empty:
    st.info(t("Không có cảnh báo nào."))
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

data_coverage.section(version, f)  # last: the tables above keep their places on the page
