"""Benchmark: generate and load the synthetic sample at several scales; DuckDB's read_csv as the floor.

    .venv/bin/python bench/bench_load.py [--scales 1 10 100] [--format csv|mixed|xlsx]

For each scale it prints: generation time, load time and rows/s of `etl.load` into a fresh
warehouse, and the time DuckDB's own `read_csv` takes to read the same CSV rows (all as text, no
checks) into a new database file — the floor no Python loader can beat. The ratio load/floor is the figure to watch
(target at 100×: ≤ 5). The floor is only measured for CSV files, so the default format is csv.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.load import load  # noqa: E402, I001
from etl.sample import generate  # noqa: E402, I001

OUT = ROOT / "bench" / "out"


def floor_seconds(files: list[Path], db: Path) -> tuple[float, int]:
    """Time DuckDB loading every CSV's data rows (after the title rows), as text, into a new file."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    start = time.perf_counter()
    con = duckdb.connect(str(db))
    rows = 0
    for kind in ("mo-hinh", "khen-thuong"):
        group = [f for f in files if kind in f.name]
        con.execute(f'CREATE TABLE "{kind}" (line INTEGER)')
        for i, f in enumerate(group):
            # Title rows above the header differ per file: find the header line like the loader does.
            with open(f, encoding="utf-8-sig", errors="replace") as fh:
                head = [next(fh, "") for _ in range(10)]
            skip = next((j for j, line in enumerate(head) if line.count(",") >= 5), 0)
            src = f"read_csv('{f}', skip={skip}, header=true, all_varchar=true, ignore_errors=true)"
            if i == 0:
                con.execute(f'DROP TABLE "{kind}"; CREATE TABLE "{kind}" AS SELECT * FROM {src}')
            else:
                con.execute(f'INSERT INTO "{kind}" BY NAME SELECT * FROM {src}')
        rows += con.execute(f'SELECT count(*) FROM "{kind}"').fetchone()[0]
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - start, rows


def run(scale: float, fmt: str) -> None:
    folder = OUT / f"sample-x{scale:g}-{fmt}"
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    files = generate(folder, seed=2026, scale=scale, fmt=fmt)
    gen = time.perf_counter() - t0
    db = OUT / f"warehouse-x{scale:g}-{fmt}.duckdb"
    for p in OUT.glob(db.name + "*"):
        p.unlink()
    t0 = time.perf_counter()
    summary = load([folder], db, progress=lambda _m: None)
    took = time.perf_counter() - t0
    print(f"scale {scale:g}× ({fmt}): {len(files)} files, {summary.rows_read:,} rows")
    print(f"  generate: {gen:8.1f} s")
    print(
        f"  load:     {took:8.1f} s  = {summary.rows_read / took:,.0f} rows/s "
        f"(loaded {summary.rows_loaded:,}, rejected {summary.rows_rejected:,})"
    )
    csvs = [f for f in files if f.suffix == ".csv"]
    if csvs and fmt == "csv":
        fl, rows = floor_seconds(csvs, OUT / f"floor-x{scale:g}.duckdb")
        print(f"  floor:    {fl:8.1f} s  = {rows / fl:,.0f} rows/s (DuckDB read_csv into a new file, {rows:,} rows)")
        print(f"  load / floor = {took / fl:.1f}×")
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", nargs="+", type=float, default=[1, 10, 100])
    ap.add_argument("--format", default="csv", choices=["csv", "mixed", "xlsx"])
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for s in args.scales:
        run(s, args.format)


if __name__ == "__main__":
    main()
