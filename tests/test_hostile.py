"""Hostile input: each file of tests/hostile/ is loaded or refused exactly as its manifest says.

Every file is loaded into its own copy of a warehouse built from the fixture submissions. A
refusal must be a LoadError naming the file (never another exception) and leave the warehouse
byte for byte as it was; a partial load must keep the base rows, add exactly the good rows, and
account for every other row in `rejects` with file, row, column and reason.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.errors import LoadError
from etl.guard import display_name
from etl.load import load, neutralise_formula
from tests.conftest import FIXTURES, ROOT, quiet

HOSTILE = Path(__file__).parent / "hostile"
FILES = HOSTILE / "files"
MANIFEST = json.loads((HOSTILE / "manifest.json").read_text(encoding="utf-8"))
SUB = FIXTURES / "submissions"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(db: Path) -> dict:
    """Row counts of the data tables and a checksum of the rows loaded from the base files."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("models", "commendations", "rejects", "submissions", "etl_runs")
        }
        base = [p.name for p in SUB.iterdir()]
        for table, key in (("models", "model_id"), ("commendations", "commendation_id")):
            # the name rank is a load's number for the row's place (etl/ranks.py): not part of a row's content
            ranks = [c for (c, *_) in con.execute(f"DESCRIBE {table}").fetchall() if c.startswith("rank_")]
            cols = f"* EXCLUDE ({', '.join(ranks)})" if ranks else "*"
            out[f"{table}_base"] = con.execute(
                f"SELECT md5(string_agg(t::VARCHAR, '|' ORDER BY {key})) FROM "
                f"(SELECT {cols} FROM {table} WHERE source_file IN (SELECT unnest($b))) t",
                {"b": base},
            ).fetchone()[0]
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("hostile-base") / "w.duckdb"
    load([SUB], db, progress=quiet)
    return db, state(db)


def _place(entry: dict, tmp_path: Path) -> Path:
    if entry.get("setup") == "symlink_loop":
        link = tmp_path / entry["file"]
        os.symlink(link.name, link)
        return link
    return FILES / entry["file"]


def _id(entry: dict) -> str:
    return entry["file"] + ("+" + ",".join(f"{k}={v}" for k, v in entry["env"].items()) if "env" in entry else "")


def test_the_corpus_is_complete():
    """The manifest covers every file on disk, more than 40 kinds, and stays small."""
    on_disk = {p.name for p in FILES.iterdir()}
    named = {e["file"] for e in MANIFEST if not e.get("setup")}
    assert on_disk == named
    assert len(MANIFEST) >= 40
    assert {"loaded", "refused"} == {e["outcome"] for e in MANIFEST}
    assert sum(f.stat().st_size for f in FILES.rglob("*") if f.is_file()) < 3_000_000


@pytest.mark.parametrize("entry", MANIFEST, ids=_id)
def test_hostile_file(entry, base, tmp_path, monkeypatch):
    base_db, base_state = base
    db = tmp_path / "wh" / "w.duckdb"
    db.parent.mkdir()
    shutil.copy(base_db, db)
    path = _place(entry, tmp_path)
    for k, v in entry.get("env", {}).items():
        monkeypatch.setenv(k, v)
    before = sha(db)

    if entry["outcome"] == "refused":
        with pytest.raises(LoadError) as err:  # any other exception fails the test: a traceback for the user
            load([path], db, progress=quiet)
        message = str(err.value)
        assert display_name(path) in message
        for part in entry["message"]:
            assert part in message, message
        assert sha(db) == before  # not even a byte changed
        assert sorted(p.name for p in db.parent.iterdir()) in (["w.duckdb"], ["w.duckdb", "w.duckdb.lock"])
        return

    summary = load([path], db, progress=quiet)
    name = display_name(path)
    assert (summary.rows_loaded, summary.rows_rejected) == (entry["loaded"], entry["rejected"]), summary.rejects
    assert summary.rows_read == summary.rows_loaded + summary.rows_rejected
    after = state(db)
    assert (
        after["models"] + after["commendations"] == base_state["models"] + base_state["commendations"] + entry["loaded"]
    )
    assert after["etl_runs"] == base_state["etl_runs"] + 1 and after["submissions"] == base_state["submissions"] + 1
    assert (after["models_base"], after["commendations_base"]) == (
        base_state["models_base"],
        base_state["commendations_base"],
    )
    for warning in entry.get("warnings", []):
        assert any(warning in w for w in summary.warnings), summary.warnings

    con = duckdb.connect(str(db), read_only=True)
    try:
        rejects = con.execute(
            'SELECT sheet, "row", "column", value, reason FROM rejects WHERE file = $f', {"f": name}
        ).fetchall()
        assert len({(r[0], r[1]) for r in rejects}) == entry["rejected"]
        assert all(r[0] and r[1] > 0 and r[2] and r[4] for r in rejects), rejects
        assert all(r[3] is None or len(r[3]) <= 201 for r in rejects)
        for reason in entry.get("reasons", []):
            assert any(reason in r[4] for r in rejects), [r[4] for r in rejects]
        read, m, c, rej = con.execute(
            "SELECT rows_read, models, commendations, rejected FROM submissions WHERE source_file = $f", {"f": name}
        ).fetchone()
        assert (read, m + c, rej) == (entry["loaded"] + entry["rejected"], entry["loaded"], entry["rejected"])
        for sql, expected in entry.get("checks", []):
            got = [list(r) for r in con.execute(sql, {"file": name} if "$file" in sql else {}).fetchall()]
            assert got == expected, sql
    finally:
        con.close()

    if entry["rejected"]:  # the report a person opens in Excel: no cell can run as a formula
        with open(summary.rejects_report, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert any(r["File"] in (name, "'" + name) for r in rows)
        for r in rows:
            for col in ("File", "Sheet", "Giá trị", "Lý do"):
                assert neutralise_formula(r[col]) == r[col], (col, r[col])


@pytest.mark.parametrize("name", ["zip_bomb.xlsx", "encrypted.xlsx", "unclosed_quote.csv"])
def test_cli_refuses_with_a_message_and_no_traceback(base, tmp_path, name):
    db = tmp_path / "w.duckdb"
    shutil.copy(base[0], db)
    before = sha(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "etl", "load", "--db", str(db), str(FILES / name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert name in run.stderr and "Kho dữ liệu không thay đổi" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert sha(db) == before
