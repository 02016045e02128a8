"""Crash safety: a load SIGKILLed at any moment leaves the previous warehouse exactly as it was (or,
once the new file is swapped in, the complete new one), and the next load cleans up and succeeds.

One load of ~12,000 synthetic rows (`etl.sample`, the generator behind `python -m etl sample`) on
top of the fixture warehouse is killed at many moments: spread over reading the files (offsets from
its start) and over building, checking and swapping in the new file (offsets from the "building"
progress line). The offsets come from an uninterrupted reference run of the same load, so they
follow the machine's speed. The loader's fault-injection points (DVK_LOAD_PAUSE read / checking /
built) are killed at in tests/test_load.py with the same helpers (tests/crash.py).
"""

from __future__ import annotations

import shutil
import signal
import time

from etl.load import load
from etl.sample import generate
from tests.conftest import quiet
from tests.crash import BUILDING, Loader, counts, leftovers, sha

N_READING = 6  # kill points spread over reading the files
N_BUILDING = 6  # kill points spread over building, checking and swapping in the new file


def test_a_load_killed_at_any_moment_leaves_the_previous_warehouse(fixture_db, tmp_path, record_property):
    sample = tmp_path / "sample"
    generate(sample, seed=11, scale=3, fmt="csv", years=[2023])
    db = tmp_path / "wh" / "w.duckdb"
    db.parent.mkdir()
    shutil.copy(fixture_db, db)
    old_bytes, old_sha, old = db.read_bytes(), sha(db), counts(db)

    # The same load, uninterrupted, on a copy: its timeline and the warehouse it should produce.
    ref_db = tmp_path / "ref" / "w.duckdb"
    ref_db.parent.mkdir()
    shutil.copy(db, ref_db)
    ref = Loader(ref_db, [sample])
    assert ref.run() == 0
    t_build = ref.wait_for(BUILDING)
    t_swap = ref_db.stat().st_mtime - ref.started  # the new file's last write, just before it was swapped in
    new = counts(ref_db)
    assert new["models"] + new["commendations"] > old["models"] + old["commendations"] + 10_000

    schedule = [("reading", 0.05 + (t_build - 0.1) * (i + 0.5) / N_READING) for i in range(N_READING)]
    schedule += [("building", (t_swap - t_build) * (j + 0.5) / N_BUILDING) for j in range(N_BUILDING)]
    loaders = [Loader(db, [sample])]
    log, previous_leftovers, cleaned = [], [], 0
    for i, (kind, at) in enumerate(schedule):
        current = loaders[i]
        current.go()
        if i + 1 < len(schedule):  # the next child imports while this one loads
            loaders.append(Loader(db, [sample]))
        if kind == "building":
            current.wait_for(BUILDING)
        time.sleep(at)
        phase = "building" if current.saw(BUILDING) else "reading"
        status = current.kill()
        left = leftovers(db)
        if status == 0 or sha(db) != old_sha:
            # Killed after the new file was swapped in: it must be the complete new warehouse.
            assert counts(db) == new
            outcome = "new"
            db.write_bytes(old_bytes)  # back to the old warehouse for the next kill
        else:
            assert status == -signal.SIGKILL
            assert counts(db) == old  # opens read-only and holds exactly what it held
            outcome = "old"
        if current.saw("[") and previous_leftovers:  # this load got past its start, where it removes what kills left
            assert not [p for p in previous_leftovers if p.exists()]
            cleaned += 1
        previous_leftovers = left
        log.append((kind, round(at, 2), phase, outcome, len(left)))

    summary = load([sample], db, progress=quiet)  # the next load after all those kills
    assert not leftovers(db)
    assert counts(db) == new and summary.rows_loaded + summary.rows_rejected == summary.rows_read

    report = f"{len(log)} kill points (load {t_swap:.1f}s, building from {t_build:.1f}s): " + "; ".join(
        f"{k}+{a}s→{p}/{o}{'+tmp' if n else ''}" for k, a, p, o, n in log
    )
    record_property("kill_points", report)
    print(report)
    assert len(log) >= 10
    assert sum(p == "reading" for _, _, p, _, _ in log) >= 3
    assert sum(n > 0 for *_, n in log) >= 3  # killed while a half-built file existed…
    assert cleaned >= 2  # …which the next load removed
