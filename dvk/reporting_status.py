"""Reporting status of a period: every unit expected to report (dvk.reporting) against the submissions
attributed to it (etl.attribution), with its state — on time, late by N days, missing, not yet due —
and the rejected rows of what it sent.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dvk.i18n import Translator
from dvk.reporting import COMMUNE, DISTRICT, PROVINCIAL, Period, ReportingConfig

ON_TIME, LATE, MISSING, WAITING = "on_time", "late", "missing", "waiting"
STATES = (ON_TIME, LATE, MISSING, WAITING)
KINDS = (DISTRICT, COMMUNE, PROVINCIAL)


def status(con: duckdb.DuckDBPyConnection, cfg: ReportingConfig, period: Period, today: dt.date) -> pd.DataFrame:
    """One row per expected unit: code, name, kind, contact, files, received_on (first), days_late,
    rows_read, rejected, state."""
    districts = con.execute("SELECT code, name, valid_to FROM districts").df()
    communes = con.execute("SELECT code, name FROM communes").df()
    units = cfg.expected_units(period, districts, communes)
    subs = con.execute(
        "SELECT reporting_unit AS code, count(*) AS files, min(coalesce(received_on, CAST(loaded_at AS DATE))) "
        "AS received_on, sum(rows_read)::BIGINT AS rows_read, sum(rejected)::BIGINT AS rejected "
        "FROM submissions WHERE reporting_period = $p AND reporting_unit IS NOT NULL GROUP BY ALL",
        {"p": period.code},
    ).df()
    out = units.merge(subs, on="code", how="left")
    out["files"] = out["files"].fillna(0).astype(int)
    out["rows_read"] = out["rows_read"].fillna(0).astype(int)
    out["rejected"] = out["rejected"].fillna(0).astype(int)
    received = [r.date() if pd.notna(r) else None for r in pd.to_datetime(out["received_on"])]
    out["received_on"] = received
    late = [(r - period.due).days if r is not None else None for r in received]
    out["days_late"] = [d if d is not None and d > 0 else 0 for d in late]
    out["state"] = [
        (LATE if d > 0 else ON_TIME) if d is not None else (WAITING if today <= period.due else MISSING) for d in late
    ]
    return out[
        ["code", "name", "kind", "contact", "files", "received_on", "days_late", "rows_read", "rejected", "state"]
    ]


def filtered(df: pd.DataFrame, states: list[str], kinds: list[str], rejects_only: bool = False) -> pd.DataFrame:
    """The rows in the chosen states and kinds of unit (an empty choice keeps all); with rejects_only,
    the units whose files had rejected rows."""
    keep = df["rejected"] > 0 if rejects_only else pd.Series(True, index=df.index)
    if states:
        keep &= df["state"].isin(states)
    if kinds:
        keep &= df["kind"].isin(kinds)
    return df[keep]


def unattributed(con: duckdb.DuckDBPyConnection) -> int:
    """Submissions whose unit or period the loader could not tell."""
    return con.execute("SELECT count(*) FROM submissions WHERE attribution = 'unattributed'").fetchone()[0]


def kind_label(t: Translator, kind: str) -> str:
    return {
        DISTRICT: t("huyện, thị xã, thành phố"),
        COMMUNE: t("xã, phường"),
        PROVINCIAL: t("cơ quan cấp tỉnh"),
    }[kind]


def state_label(t: Translator, state: str) -> str:
    return {
        ON_TIME: t("Đúng hạn"),
        LATE: t("Gửi muộn"),
        MISSING: t("Chưa gửi"),
        WAITING: t("Chưa đến hạn"),
    }[state]


def counts_line(t: Translator, df: pd.DataFrame, kind: str) -> str:
    """'135/166 xã, phường đã gửi; 9 gửi muộn; 31 chưa gửi' for one kind of unit."""
    part = df[df["kind"] == kind]
    sent = int(part["state"].isin([ON_TIME, LATE]).sum())
    return t(
        "{sent}/{total} {kind} đã gửi; {late} gửi muộn; {missing} chưa gửi",
        sent=sent,
        total=len(part),
        kind=kind_label(t, kind),
        late=int((part["state"] == LATE).sum()),
        missing=len(part) - sent,
    )


def display(t: Translator, df: pd.DataFrame) -> pd.DataFrame:
    """The status table with readable headers and labels (the page's table and its downloads)."""
    return pd.DataFrame(
        {
            t("Mã"): df["code"],
            t("Đơn vị"): df["name"],
            t("Loại đơn vị"): [kind_label(t, k) for k in df["kind"]],
            t("Tình trạng"): [state_label(t, s) for s in df["state"]],
            t("Ngày nhận"): [r.strftime("%d/%m/%Y") if r is not None else "" for r in df["received_on"]],
            t("Số ngày muộn"): df["days_late"],
            t("Số file"): df["files"],
            t("Dòng đã đọc"): df["rows_read"],
            t("Dòng bị loại"): df["rejected"],
            t("Liên hệ"): df["contact"],
        }
    )
