"""The province's clock (Asia/Ho_Chi_Minh): now, today and the current year, in one place.

Load times, "today", the current year (the loader's year limit, the filters' last year) and
export stamps all read this module, so they follow Thanh Hóa's calendar whatever the server's
zone is (UTC on a typical server: seven hours off, and the new year would start at 07:00).
Tests pin it with `pinned(...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pandas as pd

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_pinned: dt.datetime | None = None


def now() -> dt.datetime:
    """The current time in the province, with its offset (+07:00)."""
    return _pinned if _pinned is not None else dt.datetime.now(TZ)


def today() -> dt.date:
    """The province's date today."""
    return now().date()


def current_year() -> int:
    """The province's current year."""
    return today().year


@contextmanager
def pinned(when: dt.datetime | dt.date) -> Iterator[None]:
    """Inside the block the clock reads `when` (a date means its midnight; a naive time is province time)."""
    global _pinned
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time())
    before, _pinned = _pinned, (when.replace(tzinfo=TZ) if when.tzinfo is None else when.astimezone(TZ))
    try:
        yield
    finally:
        _pinned = before


def local(value: dt.datetime | str) -> dt.datetime:
    """A stored time (aware, or ISO text with an offset) in province time; a naive one is taken as province time."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(tzinfo=TZ) if when.tzinfo is None else when.astimezone(TZ)


def local_naive(col: pd.Series) -> pd.Series:
    """A column of zoned timestamps as province wall-clock times without a zone (for tables and Excel)."""
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        return col.dt.tz_convert(TZ).dt.tz_localize(None)
    return col
