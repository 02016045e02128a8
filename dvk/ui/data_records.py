"""Cached row-level reads for the "Danh sách" and "Dữ liệu" pages (same pattern as dvk.ui.data).

Records leave through data.protect (dvk.privacy) for the reader asking; a reader who may not see
individuals' personal data cannot find an individual's record by searching for the name either.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dvk import privacy, records
from dvk.filters import Filters
from dvk.ui.data import con, people_shown, protect
from dvk.ui.i18n import lang


def records_count(version: float, filters: Filters, q: str) -> int:
    """How many models match the filters and the search (a search the reader may make)."""
    return _records_count(version, filters, q, people_shown())


@st.cache_data(max_entries=64)
def _records_count(version: float, filters: Filters, q: str, people: bool) -> int:
    return records.count(con(), filters, q, people=people)


def records_page(version: float, filters: Filters, q: str, sort: str, reverse: bool, page_no: int) -> pd.DataFrame:
    """One page of the models, as the reader may see them."""
    people = people_shown()
    return protect(_records_page(version, filters, q, sort, reverse, page_no, people))


@st.cache_data(max_entries=64)
def _records_page(
    version: float, filters: Filters, q: str, sort: str, reverse: bool, page_no: int, people: bool
) -> pd.DataFrame:
    return records.page(con(), filters, q, sort=sort, reverse=reverse, page_no=page_no, people=people)


def all_records(filters: Filters, q: str, sort: str, reverse: bool, total: int) -> Callable[[], pd.DataFrame]:
    """A function (for a download's worker thread: no Streamlit inside) that reads every matching
    model in the chosen order, protected for the reader asking now."""
    db, people, language = con(), people_shown(), lang()

    def read() -> pd.DataFrame:
        every = records.page(db, filters, q, sort=sort, reverse=reverse, page_size=max(total, 1), people=people)
        return privacy.protect(every, language, people)

    return read


def record_detail(version: float, model_id: str) -> dict | None:
    """Every field of one model, as the reader may see them."""
    return privacy.protect_record(_record_detail(version, model_id), lang(), people_shown())


@st.cache_data(max_entries=64)
def _record_detail(version: float, model_id: str) -> dict | None:
    return records.detail(con(), model_id)


def record_commendations(version: float, model_id: str) -> pd.DataFrame:
    """The commendations linked to one model, as the reader may see them."""
    return protect(_record_commendations(version, model_id))


@st.cache_data(max_entries=64)
def _record_commendations(version: float, model_id: str) -> pd.DataFrame:
    return records.commendations(con(), model_id)


@st.cache_data(max_entries=8)
def etl_runs(version: float) -> pd.DataFrame:
    return records.etl_runs(con())


@st.cache_data(max_entries=8)
def reject_files(version: float) -> list[str]:
    return records.reject_files(con())


def all_rejects(file: str, kind: str, reason: str) -> Callable[[], pd.DataFrame]:
    """A function (for a download's worker thread) that reads every matching rejected cell (the
    page checks the role first: raw cells are for analysts)."""
    db = con()
    return lambda: records.rejects(db, file=file, kind=kind, reason=reason)


@st.cache_data(max_entries=64)
def rejects_page(version: float, file: str, kind: str, reason: str, page_no: int, size: int) -> pd.DataFrame:
    return records.rejects(con(), file=file, kind=kind, reason=reason, limit=size, offset=(page_no - 1) * size)


@st.cache_data(max_entries=64)
def rejects_count(version: float, file: str, kind: str, reason: str) -> int:
    return records.rejects_count(con(), file=file, kind=kind, reason=reason)


@st.cache_data(max_entries=16)
def warning_counts(version: float, file: str) -> pd.DataFrame:
    return records.warning_counts(con(), file=file)


def all_warnings(file: str) -> Callable[[], pd.DataFrame]:
    """A function (for a download's worker thread) that reads every warning of a file ('' = all;
    the page checks the role first: raw cells are for analysts)."""
    db = con()
    return lambda: records.warnings(db, file=file)


@st.cache_data(max_entries=8)
def boundaries_in_use(version: float) -> pd.DataFrame:
    return records.boundaries_in_use(con())
