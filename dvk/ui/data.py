"""Cached warehouse access for the pages: one read-only connection, reopened when a load swaps the file.

Every read that can hold an individual's personal data (dvk.privacy) leaves the data layer through
`protect`, for the person asking: the caches hold the warehouse's rows, what a page receives is what
its reader may see. Pages never read the warehouse themselves (tests/test_structure.py checks it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dvk import clock, communes, geo, l10n, periods, privacy, queries
from dvk.config import SCHEMA_VERSION, db_path
from dvk.db import connect, reader_path
from dvk.filters import Filters
from dvk.ui import auth
from dvk.ui.i18n import lang, translator


def warehouse_version() -> float | None:
    """The warehouse file's modification time (None when there is none): part of every cache key."""
    path = db_path()
    return path.stat().st_mtime if path.exists() else None


@st.cache_resource(max_entries=2)
def _connection(path: str, version: float):
    """One connection per warehouse version, opened under a name of its own (see dvk.db.reader_path)."""
    return connect(reader_path(Path(path)))


def con():
    """The read-only connection to the current warehouse file."""
    return _connection(str(db_path()), warehouse_version())


def people_shown() -> bool:
    """Whether the person asking may see individuals' personal data (role action `personal_names`)."""
    return auth.allowed(privacy.ACTION)


def protect(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as the person asking may see it (dvk.privacy.protect for their role and language)."""
    return privacy.protect(df, lang(), people_shown())


@st.cache_data(max_entries=64)
def meta(version: float) -> dict[str, str]:
    """The warehouse's meta table (synthetic flag, last load)."""
    return dict(queries.run(con(), "meta")[["key", "value"]].itertuples(index=False))


@st.cache_data(max_entries=8)
def coverage(version: float) -> periods.Coverage:
    """The years present and the day the data runs to (the filters' range, the default view)."""
    return periods.coverage(con())


@st.cache_data(max_entries=64)
def headline_comparison(version: float, filters: Filters) -> periods.Headline:
    """The period's headline figures and their changes, compared only where that is fair."""
    return periods.headline(con(), filters)


@st.cache_data(max_entries=64)
def district_totals(version: float, filters: Filters) -> pd.DataFrame:
    return queries.district_totals(con(), filters)


@st.cache_data(max_entries=64)
def commune_totals(version: float, filters: Filters) -> pd.DataFrame:
    return queries.commune_totals(con(), filters)


def unit_totals(version: float, filters: Filters) -> pd.DataFrame:
    """The totals of the filters' unit (commune_totals for unit=commune, else district_totals)."""
    return commune_totals(version, filters) if filters.unit == "commune" else district_totals(version, filters)


@st.cache_data(max_entries=64)
def unmapped_count(version: float, filters: Filters) -> int:
    return queries.unmapped_count(con(), filters)


@st.cache_data(max_entries=64)
def commune_placed(version: float, filters: Filters) -> tuple[int, int]:
    """(models placed in a 2025 commune, all models) for the filters."""
    return queries.commune_placed(con(), filters)


@st.cache_data(max_entries=64)
def headline(version: float, filters: Filters) -> dict[str, float]:
    return queries.headline(con(), filters)


@st.cache_data(max_entries=8)
def boundary_geojson(version: float, level: str, vintage: str, lang: str = "vi") -> tuple[dict, str]:
    """(GeoJSON, source in words) for one level and vintage, built once per warehouse file."""
    frame = queries.boundaries(con(), level=level, vintage=vintage)
    return geo.to_geojson(frame), geo.describe_source(frame, lang)


@st.cache_data(max_entries=8)
def counts_by_district_year(version: float) -> pd.DataFrame:
    return queries.run(con(), "counts_by_district_year")


def frame_banner() -> float | None:
    """Synthetic-data banner and freshness in the sidebar; returns the warehouse version, or stops the page."""
    t = translator()
    version = warehouse_version()
    if version is None:
        st.info(
            t(
                "Chưa có kho dữ liệu. Chạy `make run` (tạo dữ liệu mẫu và nạp) hoặc "
                "`python -m etl load THƯ_MỤC_FILE_NỘP` rồi tải lại trang."
            )
        )
        st.stop()
    m = meta(version)
    if m.get("schema_version") != SCHEMA_VERSION:
        st.error(
            t(
                "Kho dữ liệu được tạo bởi phiên bản cũ của chương trình. Chạy `make load` "
                "(hoặc `python -m etl load THƯ_MỤC_FILE_NỘP`) để dựng lại, rồi tải lại trang."
            )
        )
        st.stop()
    if m.get("synthetic") == "true":
        st.warning(
            t(
                "**Dữ liệu mẫu tổng hợp** — các con số do máy tạo ra để minh họa, không phải số liệu thật của các đơn vị."
            ),
            icon="⚠️",
        )
    st.sidebar.caption(t("Lần nạp gần nhất") + f": {_load_time(m.get('last_load'))}")
    return version


def _load_time(stored: str | None) -> str:
    """The last load in province time: '01/12/2026 16:45'."""
    try:
        when = clock.local(stored)
    except (TypeError, ValueError):
        return "—"
    return l10n.datetime(when, lang(), style="stamp")


@st.cache_data(max_entries=8)
def district_names(version: float) -> dict[str, str]:
    """code → short name of every district-level unit."""
    df = queries.run(con(), "district_names")
    return dict(zip(df["code"], df["short_name"], strict=True))


@st.cache_data(max_entries=8)
def commune_list(version: float) -> pd.DataFrame:
    """The 166 communes of 2025 in the pickers' order (dvk.communes.commune_list)."""
    return communes.commune_list(con())


@st.cache_data(max_entries=8)
def unit_names(version: float) -> dict[str, str]:
    """code → short name of every district-level unit and every 2025 commune (for the exports' filters line)."""
    return district_names(version) | communes.names(commune_list(version))
