"""Benchmark: chart exports (PNG cold and warm, SVG, HTML), table exports and the periodic report.

    .venv/bin/python bench/bench_export.py [--db PATH] [--runs 7] [--cold-runs 3]

Warehouse: --db, else bench/out/export/warehouse.duckdb built from the synthetic sample at 1×
(`python -m etl sample --format csv` then `python -m etl load`), rebuilt when its schema version
is not the code's.

What is timed (wall clock, in this process):

* PNG cold — a new renderer (dvk.render.Renderer: headless Chromium through kaleido) started and
  one PNG (scale 2) rendered, the browser closed after; what the first export after a server
  start costs when nothing warmed the browser up.
* PNG warm / SVG warm — the same renderer kept open (as the app keeps it): the median of --runs.
  Targets (issue 5): warm PNG ≤ 1 s.
* HTML — the self-contained page (plotly.js inline), no browser involved.
* CSV / XLSX — every model of 2016–2026 (the Records page's "all matching records").
* Report — `dvk.report.build_report` for one year with the map and trend pictures: cold (new
  renderer) and warm (median). Target: ≤ 10 s.

Figures are printed and written as JSON to bench/out/export-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dvk import export, export_charts, export_tables, geo, queries, records, render, report  # noqa: E402
from dvk.charts import choropleth  # noqa: E402
from dvk.charts_trends import ranking_bars  # noqa: E402
from dvk.config import SCHEMA_VERSION  # noqa: E402
from dvk.filters import Filters  # noqa: E402
from dvk.maps import map_values  # noqa: E402
from dvk.trends import ranking  # noqa: E402

OUT = ROOT / "bench" / "out"
CACHE = OUT / "export"


def ensure_warehouse() -> Path:
    """The 1× sample warehouse, built with the project's CLI unless a current one is there."""
    db = CACHE / "warehouse.duckdb"
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
        if version and version[0] == SCHEMA_VERSION:
            return db
    CACHE.mkdir(parents=True, exist_ok=True)
    sample = CACHE / "sample"
    py = sys.executable
    print("building the 1× sample warehouse…", flush=True)
    subprocess.run(
        [py, "-m", "etl", "sample", "--out", str(sample), "--format", "csv"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for p in CACHE.glob("warehouse.duckdb*"):
        p.unlink()
    subprocess.run(
        [py, "-m", "etl", "load", "--db", str(db), str(sample)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return db


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median_of(fn, runs: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(runs))


def cold_png(fig, runs: int) -> float:
    """Median of: start a new browser, render one PNG, close it (the close is not timed)."""
    times = []
    size = {"width": int(fig.layout.width), "height": int(fig.layout.height)}
    for _ in range(runs):
        r = render.Renderer()
        seconds, _ = timed(lambda r=r: r.render(fig, "png", scale=2, **size))
        r.close()
        times.append(seconds)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()
    if not render.chromium_available():
        print("no Chromium: static exports cannot be timed (apt-get install chromium)", file=sys.stderr)
        return 1
    db = args.db or ensure_warehouse()
    con = duckdb.connect(str(db), read_only=True)
    f = Filters(year_from=2021, year_to=2023)
    stamp = export.stamp(f, export.district_names(con), export.warehouse_meta(con), "vi")
    values, measure = map_values(queries.district_totals(con, f), "n")
    boundaries = queries.boundaries(con, level="district", vintage=geo.district_vintage(f.year_to))
    ranked, _ = ranking(con, f, "n", "raw")
    figures = {
        "map": export_charts.figure_for_export(
            choropleth(values, geo.to_geojson(boundaries), measure, "", "vi"), "Bản đồ", stamp
        ),
        "bars": export_charts.figure_for_export(ranking_bars(ranked, "Mô hình", 0, "vi"), "Xếp hạng", stamp),
    }
    rows: list[tuple[str, float, str]] = []
    for name, fig in figures.items():
        rows.append((f"PNG cold, {name} (start browser + render)", cold_png(fig, args.cold_runs), ""))
    render.renderer().start()
    for name, fig in figures.items():
        export_charts.to_png(fig)  # one render to settle the tab
        warm = median_of(lambda fig=fig: export_charts.to_png(fig), args.runs)
        rows.append((f"PNG warm, {name}", warm, "target ≤ 1 s: " + ("ok" if warm <= 1 else "MISSED")))
        rows.append((f"SVG warm, {name}", median_of(lambda fig=fig: export_charts.to_svg(fig), args.runs), ""))
        rows.append((f"HTML, {name}", median_of(lambda fig=fig: export_charts.to_html(fig, "x", stamp), args.runs), ""))

    everything = Filters()
    total = records.count(con, everything)
    _, all_rows = timed(lambda: records.display_list(records.page(con, everything, page_size=total), "vi"))
    rows.append((f"CSV, all {total:,} models", median_of(lambda: export_tables.to_csv_bytes(all_rows), 3), ""))
    rows.append(
        (f"XLSX, all {total:,} models", median_of(lambda: export_tables.to_xlsx_bytes(all_rows, stamp.rows()), 3), "")
    )

    year = Filters(year_from=2023, year_to=2023)
    render.renderer().close()
    cold, _ = timed(lambda: report.build_report(con, year, "vi"))
    rows.append(
        ("Report 2023, cold (browser start included)", cold, "target ≤ 10 s: " + ("ok" if cold <= 10 else "MISSED"))
    )
    warm = median_of(lambda: report.build_report(con, year, "vi"), max(3, args.runs // 2))
    rows.append(("Report 2023, warm", warm, "target ≤ 10 s: " + ("ok" if warm <= 10 else "MISSED")))
    warm_all = median_of(lambda: report.build_report(con, everything, "vi"), 3)
    rows.append(("Report 2016–2026, warm", warm_all, ""))
    con.close()

    width = max(len(r[0]) for r in rows)
    print(f"\nwarehouse: {db}\n")
    print(f"{'what':<{width}}  seconds  note")
    for what, seconds, note in rows:
        print(f"{what:<{width}}  {seconds:7.3f}  {note}")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"export-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps([{"what": w, "seconds": round(s, 4), "note": n} for w, s, n in rows], indent=1))
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
