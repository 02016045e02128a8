"""Danh sách: the models matching the shared filters — search without diacritics, sort, pages, one in detail."""

import streamlit as st

from dvk import records
from dvk.labels import md
from dvk.ui import data, downloads, frame, tables
from dvk.ui import data_records as rdata
from dvk.ui.i18n import translator

lang = frame.lang()
t = translator()
st.title(t("Danh sách mô hình, điển hình"))
version = data.frame_banner()
f = frame.current()

c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
q = c1.text_input(
    t("Tìm kiếm (gõ không dấu cũng được)"),
    key="rec_q",
    placeholder="hien dat, Hoằng Tiến…",
    help=t("Tìm trong tên mô hình, đơn vị thực hiện và xã, phường."),
)
sort = c2.selectbox(
    t("Sắp xếp theo"),
    list(records.SORTS),
    format_func=lambda k: records.sort_label(k, lang),
    key="rec_sort",
)
reverse = c3.toggle(t("Đảo chiều"), key="rec_reverse")

total = rdata.records_count(version, f, q)
if total == 0:
    st.info(
        t(
            "Không có mô hình nào khớp bộ lọc và từ khóa. Hãy mở rộng giai đoạn, bỏ bớt bộ lọc hoặc xóa từ khóa tìm kiếm."
        )
    )
    st.stop()

pages = records.page_count(total)
if st.session_state.get("rec_page", 1) > pages:  # a narrower search leaves fewer pages
    st.session_state["rec_page"] = pages
page_no = st.number_input(t("Trang (trên {pages})", pages=pages), min_value=1, max_value=pages, step=1, key="rec_page")
df = rdata.records_page(version, f, q, sort, reverse, int(page_no))  # individuals' names as this reader may see them
st.caption(records.summary(total, int(page_no), len(df), lang))
shown = records.display_list(df, lang)
tables.show(shown, key="rec_table")
every = rdata.all_records(f, q, sort, reverse, total)  # read on the download's worker thread, when clicked
downloads.table_downloads(
    shown,
    lambda: records.display_list(every(), lang),
    "records",
    f,
    lang,
    key="rec_table",
    title=t("Danh sách mô hình, điển hình"),
)
if not data.people_shown():
    st.caption(t("Tên cá nhân được ẩn với vai trò của bạn."))

names = dict(zip(df["model_id"], df["name"], strict=True))
model_id = st.selectbox(
    t("Xem chi tiết"),
    list(names),
    index=None,
    format_func=lambda m: f"{names[m]} ({m})",
    placeholder=t("Chọn một mô hình trên trang này"),
    key="rec_detail",
)
if model_id:
    record = rdata.record_detail(version, model_id)
    if record is None:
        st.info(t("Mô hình này không còn trong kho dữ liệu."))
    else:
        st.subheader(md(record["name"]))
        st.caption(
            t(
                "Nguồn: {file}, trang tính {sheet}, dòng {row}",
                file=md(record["source_file"]),
                sheet=md(record["source_sheet"]),
                row=record["source_row"],
            )
        )
        tables.show(records.detail_rows(record, lang), key="rec_fields")
        linked = rdata.record_commendations(version, model_id)
        st.markdown("**" + t("Khen thưởng gắn với mô hình") + "**")
        if linked.empty:
            st.caption(t("Chưa có khen thưởng nào gắn với mô hình này."))
        else:
            tables.show(records.display_commendations(linked, lang), key="rec_commendations")
