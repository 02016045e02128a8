"""Where one page's render time goes: each SQL query it runs (ms, rows) and, optionally, a call tree.

    .venv/bin/python bench/profile_page.py PAGE [--scale 100] [--warm] [--runs 3] [--tree]

Renders pages/views/PAGE.py after the frame with AppTest, on the warehouse bench/bench_pages.py
built for that scale (bench/out/pages/warehouse-x<scale>.duckdb; or --db), after
`st.cache_data.clear()` (cold, the default) or with caches filled (--warm). Every query sent
through the cached connection is timed (execute and fetch apart) and named after its
dvk/sql/*.sql file. --tree adds a pyinstrument call tree of the script thread when pyinstrument
is importable (e.g. `pip install --target /tmp/pyi pyinstrument` and PYTHONPATH=/tmp/pyi).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / "out" / "pages"
LOG: list[tuple[str, float, float, int]] = []  # (query, execute ms, fetch ms, rows)


def sql_names() -> dict[str, str]:
    """First line of each dvk/sql file → its name (queries are recognised by their first line)."""
    out = {}
    for p in sorted((ROOT / "dvk" / "sql").glob("*.sql")):
        text = p.read_text(encoding="utf-8").strip()
        if text:
            out[text.splitlines()[0].strip()] = p.stem
    return out


NAMES = sql_names()


def name_of(sql: str) -> str:
    first = sql.strip().splitlines()[0].strip() if sql.strip() else ""
    return NAMES.get(first) or " ".join(sql.split())[:60]


class TimedCursor:
    """A DuckDB cursor/connection that logs how long each query takes to run and to fetch."""

    def __init__(self, real):
        self._real = real
        self._pending: tuple[str, float] | None = None

    def cursor(self):
        return TimedCursor(self._real.cursor())

    def execute(self, sql, params=None):
        t0 = time.perf_counter()
        self._real.execute(sql, params) if params is not None else self._real.execute(sql)
        self._pending = (name_of(sql), (time.perf_counter() - t0) * 1000)
        return self

    def _fetch(self, how: str, *a):
        t0 = time.perf_counter()
        result = getattr(self._real, how)(*a)
        took = (time.perf_counter() - t0) * 1000
        name, ran = self._pending or ("?", 0.0)
        self._pending = None
        rows = len(result) if hasattr(result, "__len__") else 1
        LOG.append((name, ran, took, rows))
        return result

    def df(self):
        return self._fetch("df")

    def fetchall(self):
        return self._fetch("fetchall")

    def fetchone(self):
        return self._fetch("fetchone")

    def fetchdf(self):
        return self._fetch("fetchdf")

    def __getattr__(self, attr):
        return getattr(self._real, attr)


SCRIPT = """
import runpy, sys
sys.path.insert(0, {root!r})
{start}
try:
    from dvk.ui import frame
    frame.sidebar()
    runpy.run_path({page!r}, run_name="__main__")
finally:
    {stop}
"""
TREE_START = "from pyinstrument import Profiler\n_p = Profiler(interval=0.0005)\n_p.start()"
TREE_STOP = "_p.stop(); open({out!r}, 'w').write(_p.output_text(unicode=True, show_all=False))"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", help="overview, map, trends, rankings, profile, records, data")
    ap.add_argument("--scale", type=float, default=100)
    ap.add_argument("--db", type=Path, help="warehouse (default: the one bench_pages.py built for --scale)")
    ap.add_argument("--warm", action="store_true", help="caches filled instead of cleared")
    ap.add_argument("--runs", type=int, default=3, help="runs; the per-query figures are from the last one")
    ap.add_argument("--tree", action="store_true", help="pyinstrument call tree of the last run")
    args = ap.parse_args()

    db = args.db or CACHE / f"warehouse-x{args.scale:g}.duckdb"
    if not db.exists():
        raise SystemExit(f"{db} not found: run bench/bench_pages.py first (it builds the warehouses)")
    os.environ["DVK_DB"] = str(db)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dvk.ui import data

    real_connection = data._connection
    data._connection = lambda path, version: TimedCursor(real_connection(path, version))

    page = str(ROOT / "pages" / "views" / f"{args.page}.py")
    tree_file = ROOT / "bench" / "out" / f"tree-{args.page}.txt"
    plain = SCRIPT.format(root=str(ROOT), page=page, start="", stop="pass")
    tree = SCRIPT.format(root=str(ROOT), page=page, start=TREE_START, stop=TREE_STOP.format(out=str(tree_file)))

    first = AppTest.from_string(plain, default_timeout=600)
    first.run()  # imports, connection, AppTest's component scan: not timed
    registry = getattr(first, "_bidi_component_manager", None)
    times = []
    for i in range(args.runs):
        last = i == args.runs - 1
        at = AppTest.from_string(tree if (last and args.tree) else plain, default_timeout=600)
        if registry is not None:
            at._bidi_component_manager = registry
        if not args.warm:
            st.cache_data.clear()
        LOG.clear()
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            print("page raised:", at.exception[0].message)
    mode = "warm" if args.warm else "cold"
    print(
        f"{args.page} at {args.scale:g}× ({mode}): AppTest.run() {statistics.median(times):.1f} ms median "
        f"({', '.join(f'{t:.0f}' for t in times)})"
    )
    total_q = sum(r + f for _, r, f, _ in LOG)
    print(f"queries of the last run: {len(LOG)}, {total_q:.1f} ms in DuckDB (execute + fetch)")
    print(f"  {'query':<34}{'execute ms':>11}{'fetch ms':>10}{'rows':>9}")
    for name, ran, took, rows in sorted(LOG, key=lambda x: -(x[1] + x[2])):
        print(f"  {name:<34}{ran:>11.1f}{took:>10.1f}{rows:>9,}")
    if args.tree:
        if tree_file.exists():
            print(tree_file.read_text())
        else:
            print("no call tree: pyinstrument is not importable (see the module docstring)")


if __name__ == "__main__":
    main()
