"""Periods: how far the data goes, the default view, fair comparisons, and the words for all three.

The warehouse records at each load the day its data runs to (meta `data_through`, see
etl.load). A year after that day's year holds no data; that day's own year is *partial* unless
the day is 31 December. From this and the years present follow:

- the years a period may take (first to last year present, within 2009..this year);
- the default view (the latest complete year against the year before, or the latest year with
  data, by the setting dvk.config.default_view());
- whether a change against the previous period means anything (`compare`): models carry only
  a year, so a period with a partial year is not compared ("year to date is not comparable");
  commendations carry a decision date, so both sides are counted to the same day of their last
  year ("the same months"); a previous period the data does not fully cover is never compared.

Every function that writes a period returns Vietnamese or English (`lang`), for the pages, the
exports' stamp and the report alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from dvk import clock, config, l10n, queries
from dvk.filters import FIRST_YEAR, Filters
from dvk.i18n import translator

# How a change against the previous period can be shown.
OK = "ok"  # both periods complete and covered
SAME_MONTHS = "same_months"  # counted on both sides to the same day of the last year (commendations)
YTD = "ytd"  # the period is not over and the measure has no date: not comparable
UNCOVERED = "uncovered"  # the previous period is not (fully) covered by the data
EMPTY = "empty"  # covered, but nothing matches the filters in the previous period
COMPARED = (OK, SAME_MONTHS)


# ---------------------------------------------------------------- how far the data goes


@dataclass(frozen=True)
class Coverage:
    """The years present in the warehouse and the day its data runs to."""

    first_year: int | None = None  # the first year with a model or a commendation
    last_year: int | None = None  # the last one
    through: dt.date | None = None  # meta data_through: the data is complete up to this day

    def years(self) -> tuple[int, int]:
        """The years a period may take: the first to the last year present, within 2009..this year."""
        this_year = clock.current_year()
        if self.first_year is None:
            return this_year, this_year
        hi = min(max(self.last_year, FIRST_YEAR), this_year)
        return min(max(self.first_year, FIRST_YEAR), hi), hi

    @property
    def partial_year(self) -> int | None:
        """The year the data stops in, when it stops before 31 December."""
        day = self.through
        return day.year if day is not None and (day.month, day.day) != (12, 31) else None

    def complete(self, year: int) -> bool:
        """Whether the data of `year` is complete (without a data_through: every year before this one)."""
        if self.through is None:
            return year < clock.current_year()
        return year < self.through.year or (year == self.through.year and self.partial_year is None)

    def covers(self, f: Filters) -> bool:
        """Whether every year of the period lies between the first year loaded and data_through."""
        if self.first_year is None or self.through is None:
            return False
        return self.first_year <= f.year_from and f.year_to <= self.through.year

    def default_period(self, view: str | None = None) -> tuple[int, int]:
        """The period a page opens with: the latest complete year (default), or the latest year with data."""
        lo, hi = self.years()
        if (view or config.default_view()) == config.LATEST_PERIOD:
            return hi, hi
        done = [y for y in range(hi, lo - 1, -1) if self.complete(y)]
        year = done[0] if done else hi
        return year, year


def parse_day(text: str | None) -> dt.date | None:
    """A stored ISO date ('2026-11-30'), or None."""
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def coverage(con: duckdb.DuckDBPyConnection) -> Coverage:
    """The warehouse's years and data_through."""
    row = queries.run(con, "coverage").iloc[0]
    first, last = row["first_year"], row["last_year"]
    return Coverage(
        first_year=None if pd.isna(first) else int(first),
        last_year=None if pd.isna(last) else int(last),
        through=parse_day(row["through"]),
    )


# ---------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Comparison:
    """A period and the one just before it, on the same boundaries, and how each kind of figure compares."""

    current: Filters
    previous: Filters
    models: str  # OK | YTD | UNCOVERED
    commendations: str  # OK | SAME_MONTHS | YTD | UNCOVERED
    cut: str | None  # 'MM-DD': for SAME_MONTHS, both sides' last year counted to this day
    coverage: Coverage

    def status(self, on_models: bool) -> str:
        return self.models if on_models else self.commendations


def compare(f: Filters, cov: Coverage) -> Comparison:
    """How the period compares with the previous one of equal length (one rule for every page and file)."""
    prev = f.previous()  # on the same boundaries (dvk.filters.same_boundaries)
    f = replace(f, fold=prev.fold)
    cut = None
    if not cov.covers(prev):
        models = commendations = UNCOVERED
    elif cov.complete(f.year_to):
        models = commendations = OK
    elif f.year_to == cov.partial_year:
        models, commendations = YTD, SAME_MONTHS
        cut = f"{cov.through:%m-%d}"
    else:  # the period reaches past the data
        models = commendations = YTD
    return Comparison(f, prev, models, commendations, cut, cov)


def commendations_to_date(
    con: duckdb.DuckDBPyConnection, f: Filters, cut: str | None, *, by_commune: bool = False
) -> pd.DataFrame:
    """code, n: the period's commendations per district (per 2025 commune with `by_commune`), the last
    year's only up to day `cut` ('MM-DD') of that year (rows without a decision date left out of it);
    every row when `cut` is None."""
    unit = {"unit": "commune_code" if by_commune else "code"}
    return queries.run(con, "commendations_to_date", fill=unit, **f.commendation_params(), cut=cut)


@dataclass(frozen=True)
class Change:
    """One headline figure and what it is compared with."""

    now: float  # the figure for the period, as shown
    before: float | None  # the previous period's figure it is compared with (None: not compared)
    status: str
    now_compared: float | None = None  # the period's figure on the compared basis (same months), if not `now`

    @property
    def delta(self) -> float | None:
        if self.before is None:
            return None
        return (self.now if self.now_compared is None else self.now_compared) - self.before

    @property
    def pct(self) -> float | None:
        return None if self.delta is None or not self.before else self.delta / self.before * 100


@dataclass(frozen=True)
class Headline:
    """The headline figures of a period with their changes against the previous period."""

    comparison: Comparison
    now: dict[str, float]
    before: dict[str, float]
    changes: dict[str, Change]


HEADLINE_KEYS = ("n", "n_examples", "commendations", "funds_million_vnd", "land_m2", "workdays")


def headline(con: duckdb.DuckDBPyConnection, f: Filters) -> Headline:
    """Headline figures of the period and the previous one, compared only where that is fair."""
    cmp = compare(f, coverage(con))
    now, before = queries.headline(con, cmp.current), queries.headline(con, cmp.previous)
    changes = {}
    for key in HEADLINE_KEYS:
        status = cmp.status(key != "commendations")
        value = float(now[key] or 0)
        if status not in COMPARED:
            changes[key] = Change(value, None, status)
        elif status == SAME_MONTHS:
            a = float(commendations_to_date(con, cmp.current, cmp.cut)["n"].sum())
            b = float(commendations_to_date(con, cmp.previous, cmp.cut)["n"].sum())
            changes[key] = Change(value, b, status, now_compared=a)
        else:
            changes[key] = Change(value, float(before[key] or 0), status)
    return Headline(cmp, now, before, changes)


# ---------------------------------------------------------------- words


def span(f: Filters) -> str:
    """'2026' for one year, '2021–2023' for a range."""
    return str(f.year_from) if f.year_from == f.year_to else f"{f.year_from}–{f.year_to}"


def name(f: Filters, lang: str = "vi", lower: bool = False) -> str:
    """'Năm 2026' / 'Giai đoạn 2021–2023' in Vietnamese, '2026' / '2021–2023' in English."""
    t = translator(lang)
    if f.year_from == f.year_to:
        return t("năm {span}", span=span(f)) if lower else t("Năm {span}", span=span(f))
    return t("giai đoạn {span}", span=span(f)) if lower else t("Giai đoạn {span}", span=span(f))


def versus(f: Filters, prev: Filters, lang: str = "vi") -> str:
    """'Năm 2025, so với năm 2024' / '2025, compared with 2024'."""
    t = translator(lang)
    return t("{period}, so với {before}", period=name(f, lang), before=name(prev, lang, lower=True))


def partial_note(f: Filters, through: dt.date | None, lang: str = "vi") -> str | None:
    """'2026: số liệu đến 30/11/2026' / '2026: data to 30 Nov 2026' when the period holds the year the
    data stops in (or reaches past the data); None for a complete period."""
    if through is None or f.year_to < through.year:
        return None
    t = translator(lang)
    day = l10n.date(through, lang, style="prose")
    if f.year_to == through.year:
        if (through.month, through.day) == (12, 31):
            return None
        return t("{year}: số liệu đến {day}", year=through.year, day=day)
    return t("số liệu chỉ đến {day}", day=day)  # the period reaches past the data


def partial_mark(f: Filters, through: dt.date | None, lang: str = "vi") -> tuple[int, str] | None:
    """(the partial year, its marker) when the period holds the year the data stops in, for a chart's point."""
    note = partial_note(f, through, lang)
    return (through.year, note) if note and f.year_to == through.year else None


def with_partial(text: str, f: Filters, through: dt.date | None, lang: str = "vi") -> str:
    """`text` followed by the partial-year marker in brackets when the period needs it: 'Năm 2026 (số liệu
    đến 30/11/2026)', 'Giai đoạn 2021–2026 (2026: số liệu đến 30/11/2026)'."""
    note = partial_note(f, through, lang)
    if note and f.year_from == f.year_to and note.startswith(f"{f.year_to}: "):
        note = note.split(": ", 1)[1]  # one year: its number is already in the text
    return f"{text} ({note})" if note else text


def default_reason(cov: Coverage, lang: str = "vi", view: str | None = None) -> str:
    """Why the default view is that year: 'năm gần nhất có đủ số liệu (số liệu đến 30/11/2026)'."""
    t = translator(lang)
    latest = (view or config.default_view()) == config.LATEST_PERIOD
    why = t("năm có số liệu mới nhất") if latest else t("năm gần nhất có đủ số liệu")
    if cov.through:
        why += " (" + t("số liệu đến {day}", day=l10n.date(cov.through, lang, style="prose")) + ")"
    return why


def same_months(f: Filters, cut: str, lang: str = "vi") -> str:
    """The stretch a side of a same-months comparison covers: 'tháng 1–11/2026' / 'Jan–Nov 2026',
    'tháng 1/2025–11/2026' for a range, '1/1–15/11/2026' when the day is not a month's end."""
    month, day = (int(p) for p in cut.split("-"))
    y0, y1 = f.year_from, f.year_to
    month_end = day >= calendar.monthrange(y1, month)[1]
    if lang == "en":
        m = l10n.month_abbr(month, "en")
        if month_end:
            if y0 == y1:
                return f"{m} {y1}" if month == 1 else f"Jan–{m} {y1}"
            return f"Jan {y0}–{m} {y1}"
        return f"1 Jan–{day} {m} {y1}" if y0 == y1 else f"1 Jan {y0}–{day} {m} {y1}"
    if month_end:
        if y0 == y1:
            return f"tháng {month}/{y1}" if month == 1 else f"tháng 1–{month}/{y1}"
        return f"tháng 1/{y0}–{month}/{y1}"
    return f"1/1–{day}/{month}/{y1}" if y0 == y1 else f"1/1/{y0}–{day}/{month}/{y1}"


def reason(cmp: Comparison, status: str, lang: str = "vi") -> str | None:
    """Why a change is or is not shown, in one sentence (None for a plain comparison)."""
    t = translator(lang)
    cov, prev, f = cmp.coverage, cmp.previous, cmp.current
    before = name(prev, lang, lower=True)
    if status == OK:
        return None
    if status == SAME_MONTHS:
        a, b = same_months(f, cmp.cut, lang), same_months(prev, cmp.cut, lang)
        return t("Khen thưởng so sánh cùng kỳ: {a} với {b}.", a=a, b=b)
    if status == YTD:
        day = l10n.date(cov.through, lang, style="prose") if cov.through else "—"
        if f.year_to != cov.partial_year:
            return t("Chưa so sánh được: số liệu chỉ đến {day}.", day=day)
        return t(
            "Số liệu từ đầu năm chưa so sánh được: năm {year} mới có số liệu đến {day}, mà mô hình chỉ ghi "
            "năm công nhận nên không tách được cùng kỳ {before}.",
            year=f.year_to,
            day=day,
            before=before,
        )
    if status == EMPTY:
        return t("Không so sánh: {before} không có số liệu với bộ lọc đang chọn.", before=before)
    # UNCOVERED
    start = cov.first_year
    if start is None:
        return t("Không so sánh: kho chưa có số liệu.")
    if start > prev.year_to:
        return t("Không so sánh: {before} không có số liệu (số liệu có từ năm {start}).", before=before, start=start)
    return t("Không so sánh: {before} chỉ có một phần số liệu (số liệu có từ năm {start}).", before=before, start=start)


def notes(cmp: Comparison, lang: str = "vi") -> list[str]:
    """The reasons that apply to a headline (models first, then commendations), each once."""
    out: list[str] = []
    for status in (cmp.models, cmp.commendations):
        text = reason(cmp, status, lang)
        if text and text not in out:
            out.append(text)
    return out


def period_caption(cmp: Comparison, lang: str = "vi") -> str:
    """The line above a page's figures: 'Năm 2025, so với năm 2024 — năm gần nhất có đủ số liệu (số liệu
    đến 30/11/2026)' for the default view, else the pair with the partial-year marker when it applies."""
    f, cov = cmp.current, cmp.coverage
    text = versus(f, cmp.previous, lang)
    if (f.year_from, f.year_to) == cov.default_period():
        return f"{text} — {default_reason(cov, lang)}"
    note = partial_note(f, cov.through, lang)
    return f"{text} · {note}" if note else text


def delta_text(change: Change, lang: str = "vi") -> str | None:
    """The change as a metric shows it ('+12', '-3', '+5 (cùng kỳ)'); None where there is nothing fair to show."""
    delta = change.delta
    if delta is None or not change.before:
        return None
    text = l10n.signed(delta, 0, lang)
    if change.status == SAME_MONTHS:
        t = translator(lang)
        text += " (" + t("cùng kỳ") + ")"
    return text


def change_help(cmp: Comparison, change: Change, lang: str = "vi") -> str:
    """What a metric's change is measured against, or why there is none."""
    t = translator(lang)
    before = name(cmp.previous, lang, lower=True)
    if change.status in COMPARED and change.before == 0:
        if change.status == SAME_MONTHS:
            window = same_months(cmp.previous, cmp.cut, lang)
            return t("Không tính thay đổi: cùng kỳ {before} ({window}) bằng 0.", before=before, window=window)
        return t("Không tính thay đổi: {before} bằng 0.", before=before)
    if change.status == OK:
        return t("Thay đổi so với {before} (cùng độ dài, cùng ranh giới).", before=before)
    return reason(cmp, change.status, lang) or ""
