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
