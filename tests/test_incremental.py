"""A load that only touches what its files change (etl.incremental) leaves a warehouse equal, table
by table, to a full rebuild from the same sequence of loads: the rows, the pre-aggregates, the list
orders (the name rank compared by the order it gives, its numbers may differ), the commendations'
links, the rejects and warnings, the submissions' counts. The sequence has additions, a replacement,
a file that only adds duplicates, the replacement of the file those duplicates copy (they come back),
and a refused file; and a load killed in the middle of the incremental path."""

from __future__ import annotations

import shutil
import signal

import duckdb
import pytest

from etl.errors import LoadError
from etl.load import load
from etl.sample import generate
from tests.conftest import quiet
from tests.crash import Loader, leftovers, sha

# Columns a load stamps with its own clock: not part of the content.
CLOCK = {"submissions": ["loaded_at"], "etl_runs": ["started_at", "finished_at", "command"]}
TABLES = [
    "submissions",
    "models",
    "commendations",
    "models_held",
    "commendations_held",
    "rejects",
    "load_warnings",
    "etl_runs",
    "agg_models",
    "agg_commendations",
    "agg_district_models",
    "agg_district_commendations",
    "agg_commune_models",
    "agg_placement",
]


def snapshot(db) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, with the clock columns left out, rank_name as its place in the order and
    decimals to 6 places."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {t}").fetchall() if r[0] not in CLOCK.get(t, [])]

            def col(c: str, kind: str) -> str:
                if c in ("rank_name", "newest_key", "district_key"):  # numbers for an order: compared by their order
                    return f"dense_rank() OVER (ORDER BY {c}) AS {c}"
                # sums of decimals differ in the last bit with the order they are added in
                return f'round("{c}", 6)' if kind == "DOUBLE" else f'"{c}"'

            sel = ", ".join(col(c, k) for c, k in cols)
            rows = con.execute(f"SELECT {sel} FROM {t}").fetchall()
            out[t] = sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))
        return out
    finally:
        con.close()


def _csv_lines(path):
    return path.read_text(encoding="utf-8-sig").splitlines(keepends=True)


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    """The files of each load, in order (a folder per step), and the step expected to be refused."""
    root = tmp_path_factory.mktemp("inc")
    files = generate(root / "gen", years=[2024, 2025, 2026], district_codes=["384", "399", "405"], fmt="csv", workers=1)
    by_name = {p.name: p for p in files}
    folders = []

    def step(name: str, items: dict[str, str]) -> None:
        d = root / name
        d.mkdir()
        for fname, text in items.items():
            (d / fname).write_text(text, encoding="utf-8-sig")
        folders.append(d)

    first = [p for p in files if p.name.startswith(("2024", "2025_384"))]
    step("first", {p.name: p.read_text(encoding="utf-8-sig") for p in first})
    step("more", {p.name: p.read_text(encoding="utf-8-sig") for p in files if p not in first})
    # A corrected 2024 file: a third of its rows gone, one name changed (its commendations relink).
    name = "2024_399_hoang-hoa_mo-hinh.csv"
    lines = _csv_lines(by_name[name])
    head, rows = lines[:4], lines[4:]
    fixed = [r for i, r in enumerate(rows) if i % 3 != 0]
    fixed[0] = fixed[0].replace(",", " (sửa),", 1)
    step("replace", {name: "".join(head + fixed)})
    # A file that only repeats rows already loaded (from the 2025 Hoằng Hóa file): all held back.
    dup_src = "2025_399_hoang-hoa_mo-hinh.csv"
    dup_lines = _csv_lines(by_name[dup_src])
    step("duplicates", {"2025_399_hoang-hoa_bo-sung_mo-hinh.csv": "".join(dup_lines[:4] + dup_lines[4:40])})
    # The file those duplicates copy, replaced without its first rows: the held copies come back.
    step("restore", {dup_src: "".join(dup_lines[:4] + dup_lines[30:])})
    # A refused file (no header row anywhere): the load stops, nothing changes.
    step("refused", {"2026_384_muong-lat_xa-moi_mo-hinh.csv": "không phải bảng\n1,2\n"})
    return folders


def _run(db, steps, rebuild: bool) -> list[dict]:
    shots = []
    for i, folder in enumerate(steps):
        if folder.name == "refused":
            before = sha(db)
            with pytest.raises(LoadError):
                load([folder], db, progress=quiet, rebuild=rebuild)
            assert sha(db) == before
        else:
            summary = load([folder], db, progress=quiet, rebuild=rebuild)
            assert summary.incremental == (i > 0 and not rebuild), folder.name  # the path under test was taken
        shots.append(snapshot(db))
    return shots


def test_incremental_loads_equal_full_rebuilds_table_by_table(steps, tmp_path):
    inc = _run(tmp_path / "inc.duckdb", steps, rebuild=False)
    full = _run(tmp_path / "full.duckdb", steps, rebuild=True)
    for folder, a, b in zip(steps, inc, full, strict=True):
        for table in TABLES:
            assert a[table] == b[table], (folder.name, table)
    last = inc[-1]
    # The sequence did what it says: rows held back, then brought back; a replaced file's rows replaced.
    assert len(inc[3]["models_held"]) == 36 and len(inc[4]["models_held"]) < 36
    assert len(inc[2]["models"]) < len(inc[1]["models"])
    linked = [r for r in last["commendations"] if r[16] is not None]  # model_id
    assert len(linked) > 20


def test_incremental_load_killed_while_checking_leaves_the_old_warehouse(steps, tmp_path):
    db = tmp_path / "w.duckdb"
    for folder in steps[:2]:
        load([folder], db, progress=quiet)
    before = sha(db)
    loader = Loader(db, [steps[2]], pause="checking")
    loader.go()
    loader.wait_for("PAUSE checking")
    assert loader.kill() == -signal.SIGKILL
    assert sha(db) == before and leftovers(db)
    load([steps[2]], db, progress=quiet)  # the next load removes the half-built copy and does the work
    assert not leftovers(db)
    ref = tmp_path / "ref.duckdb"
    for folder in steps[:3]:
        load([folder], ref, progress=quiet, rebuild=True)
    a, b = snapshot(db), snapshot(ref)
    assert all(a[t] == b[t] for t in TABLES if t != "etl_runs")
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)


def test_the_upload_bar_follows_the_loads_real_steps(steps, tmp_path):
    from etl.api import load_share

    # Hand-worked: reading fills the first half by files, the five build steps share the rest.
    assert load_share("[1/4] a.csv: 10 dòng, 0 dòng bị loại") == 0.125
    assert load_share("[4/4] d.csv: không đổi, bỏ qua") == 0.5
    assert load_share("Đang dựng kho dữ liệu mới…") == pytest.approx(0.55)
    assert load_share("Đang thay kho dữ liệu…") == pytest.approx(0.95)
    assert load_share("Cảnh báo: …") is None
    db = tmp_path / "w.duckdb"
    load([steps[0]], db, progress=quiet)
    lines: list[str] = []
    load([steps[1]], db, progress=lines.append)  # an incremental load says every step, in order
    shares = [s for s in map(load_share, lines) if s is not None]
    assert shares == sorted(shares) and len(shares) == len(list(steps[1].iterdir())) + 5
    assert [m for m in lines if load_share(m) and load_share(m) > 0.5] == [
        "Đang dựng kho dữ liệu mới…",
        "Đang sắp xếp danh sách…",
        "Đang tổng hợp số liệu…",
        "Đang kiểm tra kho dữ liệu mới…",
        "Đang thay kho dữ liệu…",
    ]
