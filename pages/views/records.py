"""Danh sách: the models matching the shared filters — search without diacritics, sort, pages, one in detail."""

import streamlit as st

from dvk import records
from dvk.labels import md
from dvk.ui import data, downloads, frame, tables
from dvk.ui import data_records as rdata

lang = frame.lang()
en = lang == "en"
st.title("Models and examples" if en else "Danh sách mô hình, điển hình")
version = data.frame_banner()
f = frame.current()

c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
q = c1.text_input(
    "Search (no diacritics needed)" if en else "Tìm kiếm (gõ không dấu cũng được)",
    key="rec_q",
    placeholder="hien dat, Hoằng Tiến…",
    help="Searches name, host unit and commune." if en else "Tìm trong tên mô hình, đơn vị thực hiện và xã, phường.",
)
sort = c2.selectbox(
    "Sort by" if en else "Sắp xếp theo",
    list(records.SORTS),
    format_func=lambda k: records.SORTS[k].en if en else records.SORTS[k].vi,
    key="rec_sort",
)
reverse = c3.toggle("Reverse" if en else "Đảo chiều", key="rec_reverse")

total = rdata.records_count(version, f, q)
if total == 0:
    st.info(
        "No model matches these filters and search. Widen the period or clear the search."
        if en
        else "Không có mô hình nào khớp bộ lọc và từ khóa. Hãy mở rộng giai đoạn, bỏ bớt bộ lọc hoặc xóa từ khóa tìm kiếm."
    )
    st.stop()

pages = records.page_count(total)
if st.session_state.get("rec_page", 1) > pages:  # a narrower search leaves fewer pages
    st.session_state["rec_page"] = pages
page_no = st.number_input(
    f"Page (of {pages})" if en else f"Trang (trên {pages})", min_value=1, max_value=pages, step=1, key="rec_page"
)
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
    title="Models and examples" if en else "Danh sách mô hình, điển hình",
)
if not data.people_shown():
    st.caption("Individuals' names are withheld for your role." if en else "Tên cá nhân được ẩn với vai trò của bạn.")

names = dict(zip(df["model_id"], df["name"], strict=True))
model_id = st.selectbox(
    "Details of" if en else "Xem chi tiết",
    list(names),
    index=None,
    format_func=lambda m: f"{names[m]} ({m})",
    placeholder="Choose a model on this page" if en else "Chọn một mô hình trên trang này",
    key="rec_detail",
)
if model_id:
    record = rdata.record_detail(version, model_id)
    if record is None:
        st.info("This model is no longer in the warehouse." if en else "Mô hình này không còn trong kho dữ liệu.")
    else:
        st.subheader(md(record["name"]))
        st.caption(
            f"{'Source' if en else 'Nguồn'}: {md(record['source_file'])}, "
            f"{'sheet' if en else 'trang tính'} {md(record['source_sheet'])}, {'row' if en else 'dòng'} {record['source_row']}"
        )
        tables.show(records.detail_rows(record, lang), key="rec_fields")
        linked = rdata.record_commendations(version, model_id)
        st.markdown("**Commendations**" if en else "**Khen thưởng gắn với mô hình**")
        if linked.empty:
            st.caption(
                "No commendation linked to this model." if en else "Chưa có khen thưởng nào gắn với mô hình này."
            )
        else:
            tables.show(records.display_commendations(linked, lang), key="rec_commendations")
