"""The real-phrasing corpus (tests/corpus/real_phrasing.json) through the loader: rows loaded,
rejected and loaded with a warning, and the warnings by column.

    .venv/bin/python bench/bench_real_phrasing.py

Run it on two checkouts to compare loaders (it prints the commit it ran on).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.load import load  # noqa: E402
from tests.corpus.build import ROWS, write_xlsx  # noqa: E402


def main() -> None:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bao-cao-thuc-te.xlsx"
        write_xlsx(path)
        summary = load([path], Path(tmp) / "w.duckdb", progress=lambda _: None)
    warnings = getattr(summary, "cell_warnings", None)
    warned_rows = 0 if warnings is None else warnings.drop_duplicates(["sheet", "row"]).shape[0]
    expected = Counter(r["expect"]["status"] for r in ROWS)
    print(f"commit {commit.stdout.strip()} · corpus {len(ROWS)} rows (a reader expects {dict(expected)})")
    print(f"loaded {summary.rows_loaded} · rejected {summary.rows_rejected} · loaded with a warning {warned_rows}")
    rej = summary.rejects
    if rej is not None and not rej.empty:
        print("rejected cells by column:", dict(Counter(rej["column"])))
    if warnings is not None and not warnings.empty:
        print("warning cells by column:", dict(Counter(warnings["column"])))


if __name__ == "__main__":
    main()
