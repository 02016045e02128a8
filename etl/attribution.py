"""Which unit sent a submission, for which reporting period — and how the loader knows.

In order, the first that tells wins (for the unit and the period separately; the submission's
`attribution` is the last source used, 'unattributed' when the unit or the period stays unknown):
1. header — the template's fields "Đơn vị báo cáo" / "Kỳ báo cáo" (etl.headers.declared_fields);
2. file_name — a period code ("2025-H1", "2025_H1") or a year in the name (a year alone: that year's last
   period, the annual report), and a token that is the code of a unit expected for that period
   ("2019_407_nghi-son.xlsx" → district 407); the name words ("nghi-son") are matched to a unit's
   name only when the name holds no number code (a code of a unit that no longer reports, like a
   former district in 2026, leaves the unit to the rows);
3. rows — every loaded row in one unit of the period's level (one district, or one 2025 commune);
4. command_line — `--unit` / `--period` given to `python -m etl load`.
The received date: the one given to the load (`--received`, the upload's date), else the file's
"Ngày nhận" field, else the day of the load.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dvk.reporting import ReportingConfig
from etl import reference
from etl.text import fold

SOURCES = ("header", "file_name", "rows", "command_line")


@dataclass
class Attribution:
    unit: str | None = None
    period: str | None = None
    unit_source: str | None = None
    period_source: str | None = None
    received: dt.date | None = None  # the file's "Ngày nhận" (dd/mm/yyyy), if it has one

    @property
    def source(self) -> str:
        if not (self.unit and self.period):
            return "unattributed"
        return max(self.unit_source, self.period_source, key=SOURCES.index)


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return reference.districts(), reference.communes_2025()


def units_for(cfg: ReportingConfig, period: str | None) -> pd.DataFrame:
    """The units expected for a period code; every unit of every level when the period is unknown."""
    districts, communes = _tables()
    p = cfg.period(period) if period else None
    if p is not None:
        return cfg.expected_units(p, districts, communes)
    frames = [
        pd.DataFrame({"code": districts["code"], "name": districts["name"]}),
        pd.DataFrame({"code": communes["code"], "name": communes["name"]}),
        pd.DataFrame({"code": [b.code for b in cfg.provincial], "name": [b.name for b in cfg.provincial]}),
    ]
    return pd.concat(frames, ignore_index=True)


def from_file(cfg: ReportingConfig, declared: dict[str, str], file_name: str) -> Attribution:
    """What the header fields and the file name tell (the rows and the command line come later: finish)."""
    a = Attribution(received=_date(declared.get("received", "")))
    if declared.get("period") and (p := cfg.period(declared["period"].split(" ")[0])):
        a.period, a.period_source = p.code, "header"
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    tokens = [t for t in re.split(r"[_\s.]+", stem) if t]
    if a.period is None:
        pairs = [f"{x}-{y}" for x, y in zip(tokens, tokens[1:])]  # "2025_H1" as well as "2025-H1"
        for tok in [*tokens, *pairs]:
            if p := cfg.period(tok):
                a.period, a.period_source = p.code, "file_name"
                break
        else:
            year = next((int(t) for t in tokens if re.fullmatch(r"20\d\d", t)), None)
            if year is not None and cfg.kinds:
                last = max(cfg.kinds, key=lambda k: (k.due_month, k.due_day))
                a.period, a.period_source = cfg.period(f"{year}-{last.code}").code, "file_name"
    units = units_for(cfg, a.period)
    if declared.get("unit") and (u := cfg.find_unit(declared["unit"], units)):
        a.unit, a.unit_source = u, "header"
        return a
    codes = set(units["code"].astype(str))
    for tok in tokens:
        if tok in codes and not (a.period and tok == a.period[:4]):
            a.unit, a.unit_source = tok, "file_name"
            return a
    if any(re.fullmatch(r"\d{3,5}", t) and not re.fullmatch(r"20\d\d", t) for t in tokens):
        return a  # a number code of a unit not expected for the period: the rows will tell
    words = {fold(t.replace("-", " ")) for t in tokens if not t.isdigit()}
    for code, name in zip(units["code"].astype(str), units["name"]):
        short = re.sub(r"^(xã|phường|huyện|thị xã|thành phố|thị trấn)\s+", "", str(name), flags=re.IGNORECASE)
        if fold(short) in words:
            a.unit, a.unit_source = code, "file_name"
            return a
    return a


def _date(text: str) -> dt.date | None:
    """A date written dd/mm/yyyy (or yyyy-mm-dd), else None."""
    m = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text) or re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if len(m.group(3)) == 4 else (m.group(3), m.group(2), m.group(1))
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def finish(
    cfg: ReportingConfig,
    a: Attribution,
    districts_in_rows: set[str],
    communes_in_rows: set[str],
    unit: str | None = None,
    period: str | None = None,
) -> Attribution:
    """Complete an attribution from the rows' places, then from the command line's --unit/--period."""
    if a.period is None and period and (p := cfg.period(period)):
        a.period, a.period_source = p.code, "command_line"
    if a.unit is None and a.period:
        level = cfg.unit_kind(cfg.period(a.period))
        places = districts_in_rows if level == "district" else communes_in_rows if level == "commune" else set()
        places = {str(c) for c in places if c is not None}
        if len(places) == 1 and (code := next(iter(places))) in set(units_for(cfg, a.period)["code"].astype(str)):
            a.unit, a.unit_source = code, "rows"
    if a.unit is None and unit:
        u = cfg.find_unit(unit, units_for(cfg, a.period))
        if u:
            a.unit, a.unit_source = u, "command_line"
    return a
