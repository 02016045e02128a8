"""Cached row-level reads for the "Danh sách" and "Dữ liệu" pages (same pattern as dvk.ui.data)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvk import records
from dvk.filters import Filters
from dvk.ui.data import con


@st.cache_data(max_entries=64)
def records_count(version: float, filters: Filters, q: str) -> int:
    return records.count(con(), filters, q)


@st.cache_data(max_entries=64)
def records_page(version: float, filters: Filters, q: str, sort: str, reverse: bool, page_no: int) -> pd.DataFrame:
    return records.page(con(), filters, q, sort=sort, reverse=reverse, page_no=page_no)


@st.cache_data(max_entries=64)
def record_detail(version: float, model_id: str) -> dict | None:
    return records.detail(con(), model_id)


@st.cache_data(max_entries=64)
def record_commendations(version: float, model_id: str) -> pd.DataFrame:
    return records.commendations(con(), model_id)


@st.cache_data(max_entries=8)
def etl_runs(version: float) -> pd.DataFrame:
    return records.etl_runs(con())


@st.cache_data(max_entries=8)
def reject_files(version: float) -> list[str]:
    return records.reject_files(con())


@st.cache_data(max_entries=64)
def rejects_page(version: float, file: str, kind: str, reason: str, page_no: int, size: int) -> pd.DataFrame:
    return records.rejects(con(), file=file, kind=kind, reason=reason, limit=size, offset=(page_no - 1) * size)


@st.cache_data(max_entries=64)
def rejects_count(version: float, file: str, kind: str, reason: str) -> int:
    return records.rejects_count(con(), file=file, kind=kind, reason=reason)


@st.cache_data(max_entries=16)
def warning_counts(version: float, file: str) -> pd.DataFrame:
    return records.warning_counts(con(), file=file)


@st.cache_data(max_entries=8)
def boundaries_in_use(version: float) -> pd.DataFrame:
    return records.boundaries_in_use(con())
