"""Benchmark: the cost of loading ONE district file into warehouses of growing size (issue 15).

    .venv/bin/python bench/bench_one_file.py [--scales 1 10 100] [--runs 3] [--no-rebuild]

For each scale a base warehouse is built once from the synthetic csv sample (`python -m etl sample
--format csv --scale S`, then `python -m etl load`) and cached in bench/out/onefile/ (gitignored);
a cached base of an older schema is brought up to date with `python -m etl load --rebuild`. Then,
each on a fresh copy of the base, it times `python -m etl load` in a new process (process start
included, as an analyst's command or the Data page's upload waits):

  new          a new district file of 200 rows (one .xlsx, models and commendations sheets: the
               sample generator's 1× file of district 391 for 2024, another seed, under a file name
               the base does not hold)
  replacement  its models sheet as the csv of the name the base's own 2024 file of district 391 has
               (that file's rows, 100× as many in the 100× base, are replaced)
  again        the same new file loaded a second time (unchanged: nothing to do)
  rebuild      the new file with --rebuild (the whole warehouse re-ranked and re-aggregated: what a
               schema change triggers)

Targets (issue 15): the one-file load at the largest scale within 2× of the same load at the
smallest, and under 5 s at 1× on this machine. Prints one line per case and scale, the median of
--runs runs (and the fastest), then the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_pages import warehouse_schema  # noqa: E402  (the schema a cached warehouse records)

CACHE = ROOT / "bench" / "out" / "onefile"
TARGET_SCALING = 2.0
TARGET_1X_S = 5.0


def _run(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    return time.perf_counter() - t0


def base_warehouse(scale: float) -> Path:
    """The cached base warehouse of the csv sample at `scale` (built, or rebuilt to the current schema)."""
    from dvk.config import SCHEMA_VERSION

    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"warehouse-x{scale:g}.duckdb"
    if db.exists():
        have = warehouse_schema(db)
        if have == SCHEMA_VERSION:
            print(f"[x{scale:g}] reusing {db.relative_to(ROOT)}", flush=True)
            return db
        if have is not None:
            took = _run(["load", "--rebuild", "--db", str(db)])
            print(f"[x{scale:g}] brought {db.name} from schema {have} to {SCHEMA_VERSION}: {took:.0f} s", flush=True)
            return db
    sample = CACHE / f"sample-x{scale:g}"
    shutil.rmtree(sample, ignore_errors=True)
    for p in CACHE.glob(db.name + "*"):
        p.unlink()
    t0 = time.perf_counter()
    _run(["sample", "--out", str(sample), "--scale", f"{scale:g}", "--format", "csv"])
    took = _run(["load", "--db", str(db), str(sample)])
    shutil.rmtree(sample, ignore_errors=True)
    print(f"[x{scale:g}] built {db.relative_to(ROOT)} in {time.perf_counter() - t0:.0f} s (load {took:.0f} s)")
    return db


def district_files(out: Path) -> tuple[Path, Path]:
    """The new file (xlsx, both sheets, a name no base holds) and the replacement (the models csv of the
    same district-year under the name the bases' own file has: the sample's file names depend only on
    the district and the year), both the generator's 1x content of district 391 in 2024, another seed."""
    from etl.sample import generate

    shutil.rmtree(out / "gen", ignore_errors=True)
    [made] = generate(out / "gen" / "xlsx", seed=777, scale=1, fmt="xlsx", years=[2024], district_codes=["391"])
    new = out / ("bo-sung_" + made.name)
    shutil.move(made, new)
    csvs = generate(out / "gen" / "csv", seed=777, scale=1, fmt="csv", years=[2024], district_codes=["391"])
    [models] = [p for p in csvs if "mo-hinh" in p.name]
    replacement = out / "replace" / models.name
    replacement.parent.mkdir(exist_ok=True)
    shutil.move(models, replacement)
    shutil.rmtree(out / "gen", ignore_errors=True)
    return new, replacement


def _rows(db: Path, name: str) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT rows_read FROM submissions WHERE source_file = $f", {"f": name}).fetchone()
        return row[0] if row else 0
    finally:
        con.close()


def measure(scale: float, new: Path, replacement: Path, runs: int, rebuild: bool) -> dict[str, list[float]]:
    base = base_warehouse(scale)
    print(f"[x{scale:g}] the replaced file held {_rows(base, replacement.name):,} rows", flush=True)
    work = CACHE / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = work / "w.duckdb"
    cases = {"new": new, "replacement": replacement}
    out: dict[str, list[float]] = {k: [] for k in [*cases, "again"] + (["rebuild"] if rebuild else [])}

    def fresh() -> None:
        for p in work.glob("w.duckdb*"):
            p.unlink()
        shutil.copy(base, db)
        os.sync()  # the copy's own writeback is this script's doing, not the load's: done before the clock starts

    for _ in range(runs):
        for case, path in cases.items():
            fresh()
            out[case].append(_run(["load", "--db", str(db), str(path)]))
            if case == "new":
                out["again"].append(_run(["load", "--db", str(db), str(path)]))
        if rebuild:
            fresh()
            out["rebuild"].append(_run(["load", "--rebuild", "--db", str(db), str(new)]))
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-rebuild", action="store_true", help="skip the --rebuild case")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    new, replacement = district_files(CACHE)
    print(f"new file: {new.name}; replacement: {replacement.name}", flush=True)
    results = {}
    for scale in args.scales:
        results[scale] = r = measure(scale, new, replacement, args.runs, not args.no_rebuild)
        for case, times in r.items():
            print(
                f"  x{scale:<4g} {case:12s} median {statistics.median(times):6.2f} s   fastest {min(times):6.2f} s",
                flush=True,
            )
    lo, hi = min(args.scales), max(args.scales)
    print()
    for case in ("new", "replacement", "again"):
        a, b = statistics.median(results[lo][case]), statistics.median(results[hi][case])
        print(f"{case:12s} x{hi:g} / x{lo:g} = {b / a:4.2f}  (target ≤ {TARGET_SCALING:g});  x{lo:g}: {a:.2f} s")
    ok = all(
        statistics.median(results[hi][c]) <= TARGET_SCALING * statistics.median(results[lo][c])
        for c in ("new", "replacement")
    ) and all(statistics.median(results[lo][c]) < TARGET_1X_S for c in ("new", "replacement"))
    print("targets met" if ok else "targets NOT met")
    (CACHE / "last.json").write_text(json.dumps({f"x{k:g}": v for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
