"""Cached reads for the reporting status page (dvk.reporting_status over the current warehouse)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dvk import clock, reporting, reporting_status
from dvk.ui import data


@st.cache_data(max_entries=4)
def _config(stamp: float) -> reporting.ReportingConfig:
    return reporting.load_config()


def config() -> reporting.ReportingConfig:
    """config/reporting.toml, read again when it changes (ReportingConfigError for a broken file)."""
    path = reporting.DEFAULT_PATH
    return _config(path.stat().st_mtime if path.exists() else 0.0)


def period_codes() -> list[str]:
    """The periods to choose from, newest first (through next year)."""
    return [p.code for p in reversed(config().periods(clock.today().year + 1))]


def default_period() -> str:
    """The latest period already due (else the first one)."""
    today = clock.today()
    due = [p for p in config().periods(today.year + 1) if p.due <= today]
    return (due[-1] if due else config().periods(today.year + 1)[0]).code


def status(version: float | None, period: str) -> pd.DataFrame:
    """Every expected unit of the period with its state (as of today)."""
    return _status(version, period, clock.today().isoformat())


@st.cache_data(max_entries=16)
def _status(version: float | None, period: str, today_iso: str) -> pd.DataFrame:
    cfg = config()
    return reporting_status.status(data.con(), cfg, cfg.period(period), dt.date.fromisoformat(today_iso))


@st.cache_data(max_entries=4)
def unattributed(version: float | None) -> int:
    return reporting_status.unattributed(data.con())


def last_periods(period: str, n: int = 4) -> list[str]:
    """The chosen period and the n-1 before it, oldest first (the matrix's columns)."""
    codes = list(reversed(period_codes()))
    i = codes.index(period) if period in codes else len(codes) - 1
    return codes[max(0, i - n + 1) : i + 1]


def matrix(version: float | None, periods: list[str]) -> pd.DataFrame:
    """Units × periods (dvk.reporting_status.matrix) as of today."""
    return _matrix(version, tuple(periods), clock.today().isoformat())


@st.cache_data(max_entries=8)
def _matrix(version: float | None, periods: tuple[str, ...], today_iso: str) -> pd.DataFrame:
    cfg = config()
    return reporting_status.matrix(data.con(), cfg, [cfg.period(p) for p in periods], dt.date.fromisoformat(today_iso))


@st.cache_data(max_entries=32)
def history(version: float | None, unit: str) -> pd.DataFrame:
    """One unit's submissions across periods."""
    return reporting_status.history(data.con(), unit)
