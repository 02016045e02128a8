"""The Data page's coverage section: how the records were placed in the 2025 communes, per year, the
names that were not (to add as aliases), and the commune population upload (etl.api)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dvk import placement
from dvk.charts import PLOTLY_CONFIG
from dvk.config import db_path
from dvk.filters import Filters
from dvk.ui import downloads, tables
from dvk.ui.data import con
from dvk.ui.i18n import lang, translator
from etl import api
from etl.api import LoadError


@st.cache_data(max_entries=8)
def available(version: float) -> bool:
    return placement.available(con())


@st.cache_data(max_entries=8)
def by_year(version: float) -> pd.DataFrame:
    return placement.by_year(con())


@st.cache_data(max_entries=8)
def unresolved(version: float) -> pd.DataFrame:
    return placement.unresolved(con())


def section(version: float, f: Filters) -> None:
    """Placement per year (table and stacked bar) and the unresolved names with their alias lines."""
    t, language = translator(), lang()
    st.subheader(t("Xếp bản ghi vào xã, phường mới (từ 1/7/2025)"))
    if not available(version):
        st.info(
            t(
                "Chưa có: kho dữ liệu được nạp trước khi bản ghi được xếp vào xã mới. "
                "Hãy nạp lại bằng trình nạp hiện tại (make load)."
            )
        )
        return
    years = by_year(version)
    if years.empty:
        st.info(t("Chưa có bản ghi nào."))
        return
    st.caption(
        t(
            "Mỗi năm: phần bản ghi (mô hình và khen thưởng) đã xếp vào một xã mới — ghi tên xã mới hoặc qua bảng "
            "chuyển đổi xã cũ → xã mới —, thuộc đơn vị bị chia nên xếp vào xã mặc định, không xác định được "
            "(chỉ tính cấp huyện) và không ghi xã."
        )
    )
    shown = placement.year_table(years, language)
    tables.show(shown, key="placement_table")
    downloads.table_downloads(shown, None, "data", f, language, key="placement_table", extra=t("xep-xa"))
    st.plotly_chart(placement.figure(years, language), config=PLOTLY_CONFIG, width="stretch", key="placement_bar")

    names = unresolved(version)
    st.markdown("**" + t("Tên xã chưa xác định được") + "**")
    if names.empty:
        st.info(t("Mọi tên xã đã ghi đều xác định được."))
        return
    st.caption(
        t(
            'Thêm mỗi tên vào mục [commune_aliases] của {file} theo mẫu "huyện | tên như đã ghi" = "tên xã '
            '(mới hoặc cũ)", rồi nạp lại.',
            file=placement.ALIASES_FILE,
        )
    )
    shown_names = placement.unresolved_table(names, language)
    tables.show(shown_names, key="unresolved_table")
    downloads.table_downloads(shown_names, None, "data", f, language, key="unresolved_table", extra=t("xa-chua-xep"))


def population_upload() -> None:
    """A commune population CSV (code or name, population, year, source) loaded through etl.api."""
    t = translator()
    st.subheader(t("Dân số các xã, phường mới"))
    st.caption(
        t("Tệp CSV UTF-8 với các cột: code (hoặc name), population, year, source. Không có số dân thì để trống.")
    )
    file = st.file_uploader(t("Tệp dân số (CSV)"), type=["csv"], key="pop_file")
    if file is None or not st.button(t("Nạp dân số"), key="pop_load"):
        return
    folder = Path(tempfile.mkdtemp(prefix="dvk-pop-"))
    try:
        path = folder / "dan-so.csv"
        path.write_bytes(file.getvalue())
        st.success(api.load_denominators(path, db_path()))
    except LoadError as e:
        st.error(str(e))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
