"""How complete a period's data is: of the units expected to report (dvk.reporting), how many have sent
their report for it (dvk.reporting_status) — "số liệu của 135/166 đơn vị".

How a dashboard period (whole years) maps to reporting periods, one year at a time:

- a year before the cycle's first year (config/reporting.toml `first_year`) or after this year has no
  reporting period: nothing is claimed for it, and it carries no marker;
- otherwise the year's figures are judged by the latest of its periods already past due (the annual
  report "YYYY-N" once 15 November has passed, else the half-year report "YYYY-H1" once 15 June has
  passed); while none is due yet, by the year's first period, said to be not yet due;
- a period to which no submission is attributed at all says "chưa có số liệu theo đơn vị báo cáo"
  (the data may well be there, loaded from files that name no unit or period: 0/166 would be false);
- a period where every expected unit has sent is complete and carries no marker.

For a range of years each year is judged on its own, and the marker names the incomplete years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from dvk import l10n, queries
from dvk.filters import Filters
from dvk.i18n import translator
from dvk.reporting import KINDS_ORDER, Period, ReportingConfig
from dvk.reporting_status import LATE, MISSING, ON_TIME, WAITING, status


@dataclass(frozen=True)
class YearCompleteness:
    """The reporting period one year of figures is judged by, and how many expected units have sent it."""

    year: int
    period: Period
    due: bool  # the period's due date has passed
    expected: int
    sent: int  # on time or late
    late: int
    missing: int  # past due and not sent
    waiting: int  # not due yet and not sent
    files: int  # submissions attributed to the period (any unit, expected or not)
    units: pd.DataFrame  # dvk.reporting_status.status rows: code, name, kind, state, days_late, ...

    @property
    def attributed(self) -> bool:
        """Whether any submission names this period (else nothing can be said per unit)."""
        return self.files > 0

    @property
    def complete(self) -> bool:
        return self.attributed and self.sent == self.expected


def period_for_year(cfg: ReportingConfig, year: int, today: dt.date) -> tuple[Period, bool] | None:
    """(the period the year's figures are judged by, whether it is past due), or None outside the cycle."""
    if year < cfg.first_year or year > today.year:
        return None
    year_periods = sorted((p for p in cfg.periods(year) if p.year == year), key=lambda p: p.due)
    if not year_periods:
        return None
    past = [p for p in year_periods if p.due < today]
    return (past[-1], True) if past else (year_periods[0], False)


def for_year(
    con: duckdb.DuckDBPyConnection, cfg: ReportingConfig, year: int, today: dt.date
) -> YearCompleteness | None:
    """How complete the year's figures are (None when the year lies outside the reporting cycle)."""
    chosen = period_for_year(cfg, year, today)
    if chosen is None:
        return None
    period, due = chosen
    units = status(con, cfg, period, today)
    files = int(queries.run(con, "period_submissions", period=period.code)["files"].iloc[0])
    states = units["state"]
    return YearCompleteness(
        year=year,
        period=period,
        due=due,
        expected=len(units),
        sent=int(states.isin([ON_TIME, LATE]).sum()),
        late=int((states == LATE).sum()),
        missing=int((states == MISSING).sum()),
        waiting=int((states == WAITING).sum()),
        files=files,
        units=units,
    )


def for_filters(
    con: duckdb.DuckDBPyConnection, cfg: ReportingConfig | None, f: Filters, today: dt.date
) -> list[YearCompleteness]:
    """Each year of the period inside the reporting cycle, oldest first (none without a configuration)."""
    if cfg is None:
        return []
    out = (for_year(con, cfg, y, today) for y in range(f.year_from, f.year_to + 1))
    return [c for c in out if c is not None]


def incomplete(items: list[YearCompleteness]) -> list[YearCompleteness]:
    return [c for c in items if not c.complete]


def _one(c: YearCompleteness, lang: str) -> str:
    t = translator(lang)
    if not c.attributed:
        return t("chưa có số liệu theo đơn vị báo cáo")
    text = t.n(
        "số liệu của {sent}/{expected} đơn vị",
        "số liệu của {sent}/{expected} đơn vị",
        c.expected,
        sent=l10n.number(c.sent, 0, lang),
        expected=l10n.number(c.expected, 0, lang),
    )
    return text if c.due else text + ", " + t("chưa đến hạn báo cáo")


def marker(items: list[YearCompleteness], lang: str = "vi", *, single: bool = False) -> str | None:
    """'số liệu của 135/166 đơn vị' for one incomplete year (`single`: the period is that one year),
    '2025: số liệu của 135/166 đơn vị; 2026: chưa có số liệu theo đơn vị báo cáo' for a range; None
    when every year judged is complete (or none is)."""
    bad = incomplete(items)
    if not bad:
        return None
    if single and len(items) == 1:
        return _one(bad[0], lang)
    return "; ".join(f"{c.year}: {_one(c, lang)}" for c in bad)


def with_marker(text: str, items: list[YearCompleteness], lang: str = "vi", *, single: bool = False) -> str:
    """`text` followed by the completeness marker in brackets when a year is incomplete."""
    note = marker(items, lang, single=single)
    return f"{text} ({note})" if note else text


def kind_counts(c: YearCompleteness) -> list[tuple[str, int, int, int, int]]:
    """(kind, expected, sent, late, not sent) per kind of unit present, local units first."""
    out = []
    for kind in KINDS_ORDER:
        part = c.units[c.units["kind"] == kind]
        if len(part):
            sent = int(part["state"].isin([ON_TIME, LATE]).sum())
            out.append((kind, len(part), sent, int((part["state"] == LATE).sum()), len(part) - sent))
    return out


def not_sent(c: YearCompleteness) -> pd.DataFrame:
    """The expected units that have not sent the period's report (missing or not yet due), by kind then code."""
    rows = c.units[~c.units["state"].isin([ON_TIME, LATE])]
    order = {k: i for i, k in enumerate(KINDS_ORDER)}
    return rows.assign(_k=rows["kind"].map(order)).sort_values(["_k", "code"]).drop(columns="_k")


def late(c: YearCompleteness) -> pd.DataFrame:
    """The units that sent late, longest delay first."""
    return c.units[c.units["state"] == LATE].sort_values(["days_late", "code"], ascending=[False, True])
