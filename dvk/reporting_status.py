"""Reporting status of a period: every unit expected to report (dvk.reporting) against the submissions
attributed to it (etl.attribution), with its state — on time, late by N days, missing, not yet due —
and the rejected rows of what it sent; the matrix of units × periods, a unit's history, and the
reminder list for mail merge.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dvk import export_tables, l10n, queries
from dvk.i18n import Translator
from dvk.reporting import COMMUNE, DISTRICT, PROVINCIAL, Period, ReportingConfig

ON_TIME, LATE, MISSING, WAITING = "on_time", "late", "missing", "waiting"
STATES = (ON_TIME, LATE, MISSING, WAITING)
KINDS = (DISTRICT, COMMUNE, PROVINCIAL)


def status(con: duckdb.DuckDBPyConnection, cfg: ReportingConfig, period: Period, today: dt.date) -> pd.DataFrame:
    """One row per expected unit: code, name, kind, contact, files, received_on (first), days_late,
    rows_read, rejected, state, districts (a commune's former districts, a district's own code)."""
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
    former = dict(queries.run(con, "status_former_districts").itertuples(index=False))
    out["districts"] = [
        list(former.get(c, [])) if k == COMMUNE else [c] if k == DISTRICT else []
        for c, k in zip(out["code"], out["kind"])
    ]
    return out[
        [
            "code",
            "name",
            "kind",
            "contact",
            "files",
            "received_on",
            "days_late",
            "rows_read",
            "rejected",
            "state",
            "districts",
        ]
    ]


def filtered(
    df: pd.DataFrame,
    states: list[str],
    kinds: list[str],
    rejects_only: bool = False,
    districts: list[str] | None = None,
) -> pd.DataFrame:
    """The rows in the chosen states and kinds of unit (an empty choice keeps all); with rejects_only,
    the units whose files had rejected rows; with districts, the communes formed from (and the
    district-level units that are) one of those former districts."""
    keep = df["rejected"] > 0 if rejects_only else pd.Series(True, index=df.index)
    if states:
        keep &= df["state"].isin(states)
    if kinds:
        keep &= df["kind"].isin(kinds)
    if districts:
        want = set(districts)
        keep &= df["districts"].map(lambda ds: bool(want.intersection(ds)))
    return df[keep]


def matrix(con: duckdb.DuckDBPyConnection, cfg: ReportingConfig, periods: list[Period], today: dt.date) -> pd.DataFrame:
    """Units × periods: one row per unit expected in any of the periods (code, name, kind, districts),
    and per period code two columns: '<code>' the state (None where the unit was not expected) and
    '<code>|days' the days late."""
    rows: dict[str, dict] = {}
    for p in periods:
        for r in status(con, cfg, p, today).itertuples(index=False):
            row = rows.setdefault(r.code, {"code": r.code, "name": r.name, "kind": r.kind, "districts": r.districts})
            row[p.code], row[f"{p.code}|days"] = r.state, r.days_late
    out = pd.DataFrame(list(rows.values()), columns=["code", "name", "kind", "districts"])
    for p in periods:
        out[p.code] = [rows[c].get(p.code) for c in out["code"]]
        out[f"{p.code}|days"] = [rows[c].get(f"{p.code}|days", 0) for c in out["code"]]
    order = {k: i for i, k in enumerate(KINDS)}
    return out.sort_values(["kind", "code"], key=lambda s: s.map(order) if s.name == "kind" else s).reset_index(
        drop=True
    )


MATRIX_MARKS = {ON_TIME: "✓", MISSING: "✗", WAITING: "…"}


def matrix_cell(state: str | None, days: int) -> str:
    """A matrix cell: ✓ on time, '+N' late by N days, ✗ missing, … not yet due, '–' not expected."""
    if state is None or pd.isna(state):
        return "–"
    return f"+{days}" if state == LATE else MATRIX_MARKS[state]


def matrix_display(t: Translator, df: pd.DataFrame, periods: list[Period]) -> pd.DataFrame:
    """The matrix with readable headers and one mark per cell (matrix_cell)."""
    out = pd.DataFrame(
        {t("Mã"): df["code"], t("Đơn vị"): df["name"], t("Loại đơn vị"): [kind_label(t, k) for k in df["kind"]]}
    )
    for p in periods:
        out[p.code] = [matrix_cell(s, 0 if pd.isna(d) else int(d)) for s, d in zip(df[p.code], df[f"{p.code}|days"])]
    return out


def matrix_legend(t: Translator) -> str:
    return t("✓ đúng hạn · +N gửi muộn N ngày · ✗ chưa gửi · … chưa đến hạn · – không phải báo cáo kỳ này")


def history(con: duckdb.DuckDBPyConnection, unit: str) -> pd.DataFrame:
    """A unit's submissions across periods: source_file, reporting_period, received_on, rows_read,
    rejected, attribution (newest period first)."""
    df = queries.run(con, "status_history", unit=unit)
    df["received_on"] = [r.date() if pd.notna(r) else None for r in pd.to_datetime(df["received_on"])]
    return df


def attribution_label(t: Translator, source: str) -> str:
    return {
        "header": t("ô Đơn vị/Kỳ báo cáo trong file"),
        "file_name": t("tên file"),
        "rows": t("địa bàn các dòng"),
        "command_line": t("người nạp chọn"),
        "unattributed": t("chưa rõ"),
    }.get(source, source)


def history_display(t: Translator, df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("File"): df["source_file"],
            t("Kỳ báo cáo"): df["reporting_period"],
            t("Ngày nhận"): [_day(r, t.lang) for r in df["received_on"]],
            t("Dòng đã đọc"): df["rows_read"],
            t("Dòng bị loại"): df["rejected"],
            t("Xác định đơn vị, kỳ theo"): [attribution_label(t, a) for a in df["attribution"]],
        }
    )


def _day(value, lang: str) -> str:
    return l10n.date(pd.Timestamp(value).date(), lang) if value is not None and pd.notna(value) else ""


def reminders(t: Translator, df: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One row per unit to remind — missing, late, or with rejected rows to correct — for a mail merge:
    unit code, name, contact, period, due date, state, days late, what is missing, rejected rows."""
    todo = df[df["state"].isin([MISSING, LATE]) | (df["rejected"] > 0)]
    due = l10n.date(period.due, t.lang)

    def what(state: str, days: int, rejected: int) -> str:
        parts = []
        if state == MISSING:
            parts.append(t("chưa gửi báo cáo kỳ {period} (hạn {due})", period=period.code, due=due))
        elif state == LATE:
            parts.append(t.n("gửi muộn {n} ngày", "gửi muộn {n} ngày", days))
        if rejected:
            parts.append(t.n("{n} dòng bị loại cần sửa và gửi lại", "{n} dòng bị loại cần sửa và gửi lại", rejected))
        return "; ".join(parts)

    return pd.DataFrame(
        {
            t("Mã đơn vị"): todo["code"],
            t("Tên đơn vị"): todo["name"],
            t("Liên hệ"): todo["contact"],
            t("Kỳ báo cáo"): period.code,
            t("Hạn nộp"): due,
            t("Tình trạng"): [state_label(t, s) for s in todo["state"]],
            t("Số ngày muộn"): todo["days_late"],
            t("Nội dung nhắc"): [
                what(s, int(d), int(r)) for s, d, r in zip(todo["state"], todo["days_late"], todo["rejected"])
            ],
            t("Dòng bị loại cần sửa"): todo["rejected"],
        }
    ).reset_index(drop=True)


def reminders_csv(t: Translator, df: pd.DataFrame, period: Period) -> bytes:
    """The reminder list as CSV, UTF-8 with a BOM (Excel's and Word's mail merge read it)."""
    return export_tables.to_csv_bytes(reminders(t, df, period))


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
            t("Ngày nhận"): [_day(r, t.lang) for r in df["received_on"]],
            t("Số ngày muộn"): df["days_late"],
            t("Số file"): df["files"],
            t("Dòng đã đọc"): df["rows_read"],
            t("Dòng bị loại"): df["rejected"],
            t("Liên hệ"): df["contact"],
        }
    )
