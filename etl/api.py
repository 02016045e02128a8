"""The ETL as the app uses it: preview and load submissions, import boundaries, the upload limits.

The Data page calls only this module (and catches LoadError); what lies behind it — the gate, the
readers, the warehouse's lifecycle — may change without the page knowing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from etl import guard
from etl.errors import LoadError
from etl.load import LoadSummary, load
from etl.warehouse import STEPS, Progress, stderr

DEFAULT_MAX_FILE_MB = guard.DEFAULT_MAX_FILE_MB

__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "LoadError",
    "LoadSummary",
    "import_boundaries",
    "load_denominators",
    "load",
    "load_share",
    "max_file_mb",
    "preview",
    "reporting_periods",
    "reporting_units",
]


READ_SHARE = 0.5  # the part of the bar the reading of the files fills; the steps after it share the rest
_READ = re.compile(r"\[(\d+)/(\d+)\]")


def load_share(message: str) -> float | None:
    """Where a progress line of a load (or preview) stands in it, 0–1: '[i/n] file: …' while the files
    are read (the first READ_SHARE of the bar), then each step of the build (etl.warehouse.STEPS) at its
    place in the order; None for a line that is not a step."""
    if m := _READ.match(message):
        return READ_SHARE * int(m[1]) / int(m[2])
    for i, (_, text) in enumerate(STEPS):
        if message.startswith(text.rstrip("…")):
            return READ_SHARE + (1 - READ_SHARE) * (i + 0.5) / len(STEPS)
    return None


def max_file_mb() -> float:
    """The size limit for one submission in MB ($DVK_MAX_FILE_MB, 20 by default); LoadError for a bad setting."""
    return guard.max_file_bytes() / 1024 / 1024


def preview(paths: Iterable[os.PathLike | str], db: os.PathLike | str, progress: Progress = stderr) -> LoadSummary:
    """What loading `paths` would do: the whole load built and checked, then thrown away (a dry run)."""
    return load(paths, db, progress=progress, dry_run=True)


def import_boundaries(path: Path, db: Path, level: str | None = None, allow_partial: bool = False, progress=print):
    """Read, match and store an official boundary file (etl.boundaries); LoadError when refused. Returns the
    match report."""
    from etl.boundaries import import_boundaries as run  # geopandas is loaded only when boundaries are

    return run(path, db, level=level, allow_partial=allow_partial, progress=progress)


def load_denominators(path: Path, db: Path) -> str:
    """Store a commune population CSV (code or name, population, year, source) in commune_stats; the
    load's report as text. LoadError when refused."""
    from etl.denominators import load_denominators as run

    return run(Path(path), Path(db), progress=lambda _m: None).text(Path(db))


def reporting_periods(last_year: int) -> list[str]:
    """The reporting period codes of config/reporting.toml through last_year, newest first (for --period)."""
    from dvk.reporting import load_config

    return [p.code for p in reversed(load_config().periods(last_year))]


def reporting_units(period: str | None) -> list[tuple[str, str]]:
    """(code, name) of the units that report for a period (every unit when it is None), for --unit."""
    from dvk.reporting import load_config
    from etl.attribution import units_for

    units = units_for(load_config(), period)
    return list(zip(units["code"].astype(str), units["name"]))
