"""How the sample's records are placed in the 2025 communes, per year (issue 14's closing note).

    .venv/bin/python bench/bench_placement.py [--scale 1]

Generates the sample, loads it into a temporary warehouse and prints, per year, the shares of records
placed (named a 2025 commune or a former unit that went whole to one), placed in the default commune of
a split unit, unresolved (district level only) and not naming a commune; then the most frequent
unresolved names. Reads through dvk.communes, as the Data page does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dvk import communes  # noqa: E402
from etl.load import load  # noqa: E402
from etl.sample import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out, db = Path(tmp) / "sample", Path(tmp) / "w.duckdb"
        generate(out, scale=args.scale)
        t0 = time.perf_counter()
        load([out], db, progress=lambda _m: None)
        took = time.perf_counter() - t0
        con = duckdb.connect(str(db), read_only=True)
        cov = communes.placement_by_year(con)
        names = communes.unresolved_communes(con, limit=10)
        con.close()
    print(f"sample ×{args.scale:g}, loaded in {took:.1f} s (placement included)")
    print(f"{'year':>4} {'records':>8} {'placed':>7} {'split':>6} {'unres.':>6} {'none':>6}   (of the year's records)")
    for r in cov.itertuples():
        print(
            f"{r.year:>4} {r.total:>8,} {r.placed_share:>7.1%} {r.split_default_share:>6.1%} "
            f"{r.unresolved_share:>6.1%} {r.not_named_share:>6.1%}"
        )
    before = cov[cov["year"] <= 2024]
    t = before[["placed", "split_default", "unresolved", "not_named", "total"]].sum()
    print(
        f"2016–2024: placed {t.placed / t.total:.1%}, split default {t.split_default / t.total:.1%}, "
        f"unresolved {t.unresolved / t.total:.1%}, not named {t.not_named / t.total:.1%}"
    )
    print("most frequent unresolved names (district, written, n):")
    for r in names.itertuples():
        print(f"  {r.district}, {r.written}: {r.n}")


if __name__ == "__main__":
    main()
