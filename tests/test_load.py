"""The loader end to end: what lands in the warehouse, rejects, idempotence, atomic swap."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import etl.load as etl_load
import etl.warehouse as etl_warehouse
from etl.errors import LoadError
from etl.load import load
from tests.conftest import FIXTURES, quiet
from tests.crash import Loader, counts, leftovers, sha

SUB = FIXTURES / "submissions"
ROOT = Path(__file__).resolve().parent.parent


def test_tables_and_values(fixture_con):
    q = fixture_con.execute
    assert q("SELECT count(*) FROM districts").fetchone()[0] == 27
    assert q("SELECT count(*) FROM communes").fetchone()[0] == 166
    assert q("SELECT count(*) FROM models").fetchone()[0] == 16
    # The commendation with an unknown form ("Huân chương") and an impossible date now loads (a warning each).
    assert q("SELECT count(*) FROM commendations").fetchone()[0] == 3
    row = q(
        "SELECT kind, field, host_sector, district_code, year_recognized, level, land_m2, workdays, "
        "funds_million_vnd, roads_km, households_benefited FROM models WHERE name = 'Hiến đất mở rộng đường giao thông thôn 3'"
    ).fetchone()
    assert row == ("mo_hinh_tap_the", "kinh_te", "hoi_nong_dan", "399", 2023, "xa", 1200.0, 350.0, 450.5, 1.2, 85)
    # Vietnamese number text, NFD text, cp1258, TCVN3 and English headers all arrive as clean values.
    assert q(
        "SELECT workdays, funds_million_vnd FROM models WHERE name = 'Nuôi lợn đất giúp hội viên nghèo'"
    ).fetchone() == (1200.0, 1250.5)
    assert (
        q("SELECT count(*) FROM models WHERE name = 'Hiến đất làm đường liên thôn' AND land_m2 = 2500").fetchone()[0]
        == 1
    )
    assert q("SELECT district_code FROM models WHERE name = 'Hiến đất xây dựng nông thôn mới'").fetchone()[0] == "407"
    assert q("SELECT district_code, kind FROM models WHERE name = 'Clean village roads'").fetchone() == (
        "405",
        "mo_hinh_tap_the",
    )
    assert q("SELECT count(*) FROM models WHERE name <> nfc_normalize(name)").fetchone()[0] == 0


def test_new_communes_resolve_to_their_former_district(fixture_con):
    rows = dict(
        fixture_con.execute(
            "SELECT name, district_code || '/' || commune_code FROM models WHERE year_recognized = 2026"
        ).fetchall()
    )
    assert rows["Tổ công nghệ số cộng đồng"] == "399/15991"
    assert rows["Đường hoa nông thôn mới"] == "380/14797"
    assert rows["Dân vận khéo ở khu phố"].startswith("398/")  # "(huyện Thiệu Hóa cũ)" decides
    # Before 2025 a commune name is an old commune's: since issue 14 it is placed in its 2025 commune
    # through the official crosswalk (never read as a 2025 name that happens to match), e.g. the former
    # xã Hoằng Tiến (15988) of 2023 went into the new Hoằng Tiến (15991).
    assert (
        fixture_con.execute(
            "SELECT count(*) FROM models WHERE year_recognized < 2025 AND commune_code IS NOT NULL "
            "AND commune_placement NOT IN ('crosswalk', 'split_default')"
        ).fetchone()[0]
        == 0
    )
    old = dict(
        fixture_con.execute(
            "SELECT commune, former_commune_code || '/' || commune_code FROM models "
            "WHERE year_recognized = 2023 AND district_code = '399' AND commune IS NOT NULL"
        ).fetchall()
    )
    assert old["Hoằng Tiến"] == "15988/15991"


def test_rejects_have_file_row_column_value_reason(fixture_con):
    rej = fixture_con.execute(
        'SELECT file, sheet, "row", "column", value, reason, kind FROM rejects ORDER BY file, sheet, "row", "column"'
    ).fetchall()
    assert (
        "2023_399_hoang-hoa.xlsx",
        "Mô hình",
        11,
        "Huyện",
        "Hoằng Hoá Bắc",
        "không nhận ra huyện (gần giống: Hoằng Hóa)",
        "invalid",
    ) in rej
    assert (
        "2023_399_hoang-hoa.xlsx",
        "Mô hình",
        8,
        "Năm công nhận",
        "2031",
        "năm ngoài khoảng 2009–2026",
        "invalid",
    ) in rej
    assert any(r[2] == 9 and r[3] == "Ngày công" and r[5] == "không được âm" for r in rej)
    # Not rejects: the row counts. An unknown form is kept as unclassified, an impossible date left empty.
    assert not any(r[1] == "Khen thưởng" and r[2] == 6 for r in rej)
    warned = fixture_con.execute(
        'SELECT sheet, "row", "column", value, became FROM load_warnings ORDER BY "column"'
    ).fetchall()
    assert warned == [
        ("Khen thưởng", 6, "Hình thức", "Huân chương", "Chưa phân loại"),
        ("Khen thưởng", 6, "Ngày quyết định", "31/02/2023", "(để trống)"),
    ]
    assert fixture_con.execute(
        "SELECT form, decision_date, year FROM commendations WHERE source_row = 6 AND source_sheet = 'Khen thưởng'"
    ).fetchall() == [("chua_phan_loai", None, 2023)]
    assert any(r[0] == "2026_399_hoang-hoa_xa-moi.csv" and r[3] == "Xã" and "gần giống" in r[5] for r in rej)
    dup = [r for r in rej if r[6] == "duplicate"]
    assert len(dup) == 1 and dup[0][0] == "2024_401_nga-son_bo-sung.csv" and "2024_401_nga-son.csv dòng 2" in dup[0][5]
    # Every file's rows are accounted for: loaded + rejected = read.
    for f, read, m, c, r in fixture_con.execute(
        "SELECT source_file, rows_read, models, commendations, rejected FROM submissions"
    ).fetchall():
        assert m + c + r == read, f


def test_commendation_links_to_model_and_level(fixture_con):
    linked = fixture_con.execute(
        "SELECT c.level, m.name FROM commendations c JOIN models m USING (model_id) WHERE c.form = 'giay_khen'"
    ).fetchone()
    assert linked == ("huyen", "Hiến đất mở rộng đường giao thông thôn 3")
    assert fixture_con.execute("SELECT level FROM commendations WHERE form = 'bang_khen'").fetchone()[0] == "tinh"


def test_aggregates_and_meta(fixture_con):
    assert fixture_con.execute("SELECT sum(n) FROM agg_models").fetchone()[0] == 16
    assert (
        fixture_con.execute("SELECT sum(n) FROM agg_models WHERE district_code = '399' AND year = 2023").fetchone()[0]
        == 2
    )
    assert fixture_con.execute("SELECT sum(n) FROM agg_commendations").fetchone()[0] == 3
    meta = dict(fixture_con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["synthetic"] == "true"
    assert fixture_con.execute("SELECT count(*) FROM models WHERE search_text LIKE '%hien dat%'").fetchone()[0] == 4


def test_loading_the_same_files_twice_changes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    first = load([SUB], db, progress=quiet)
    before = sha(db)
    second = load([SUB], db, progress=quiet)
    assert sha(db) == before
    assert len(second.files_unchanged) == len(first.files_new) == 8
    assert "giữ nguyên" in second.text()


def test_corrected_resubmission_replaces_the_files_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    load([FIXTURES / "resubmit" / "v1"], db, progress=quiet)
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT name FROM models").fetchall()) == ["Mô hình A", "Mô hình B"]
    ids_v1 = dict(con.execute("SELECT name, model_id FROM models").fetchall())
    assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 1
    con.close()
    summary = load([FIXTURES / "resubmit" / "v2"], db, progress=quiet)
    assert summary.files_replaced == ["2022_386_ba-thuoc.csv"]
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT name FROM models").fetchall()) == ["Mô hình A", "Mô hình C"]
    assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
    assert dict(con.execute("SELECT name, model_id FROM models").fetchall())["Mô hình A"] == ids_v1["Mô hình A"]
    assert con.execute("SELECT count(*) FROM etl_runs").fetchone()[0] == 2
    con.close()


@pytest.mark.parametrize("bad", ["missing_column.csv", "truncated.xlsx", "renamed_pdf.xlsx", "empty.csv"])
def test_a_bad_file_leaves_the_warehouse_byte_for_byte(tmp_path, bad):
    db = tmp_path / "w.duckdb"
    load([SUB], db, progress=quiet)
    before = sha(db)
    extra = tmp_path / "more"
    extra.mkdir()
    shutil.copy(FIXTURES / "resubmit" / "v1" / "2022_386_ba-thuoc.csv", extra)
    shutil.copy(FIXTURES / "bad" / bad, extra)
    with pytest.raises(LoadError, match=bad.replace(".", r"\.")):
        load([extra], db, progress=quiet)
    assert sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["more", "rejects", "w.duckdb", "w.duckdb.lock"]


def test_a_failure_while_building_keeps_the_old_warehouse(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    load([SUB], db, progress=quiet)
    before, n = sha(db), counts(db)

    def boom(con, **_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(etl_warehouse, "check", boom)
    with pytest.raises(RuntimeError):
        load([FIXTURES / "resubmit" / "v1"], db, progress=quiet)
    assert sha(db) == before and counts(db) == n
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))


@pytest.mark.parametrize("point", ["read", "checking", "built"])
def test_killed_load_leaves_old_warehouse_usable_and_leftovers_are_cleaned(tmp_path, point):
    """SIGKILL at each fault-injection point (tests/test_crash.py kills a larger load at many moments)."""
    db = tmp_path / "w.duckdb"
    load([FIXTURES / "resubmit" / "v1"], db, progress=quiet)
    n, before = counts(db), sha(db)
    loader = Loader(db, [SUB], pause=point)
    loader.go()
    loader.wait_for(f"PAUSE {point}")  # the loader stands at the kill point
    assert loader.kill() == -signal.SIGKILL
    assert sha(db) == before and counts(db) == n  # the old file opens and holds exactly what it held
    if point != "read":
        assert leftovers(db)  # a half-built file was left behind…
    load([FIXTURES / "resubmit" / "v2"], db, progress=quiet)
    assert not leftovers(db)  # …and the next load removed it
    assert counts(db)["models"] == 2


def test_two_files_with_the_same_name_are_refused(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(FIXTURES / "resubmit" / "v1" / "2022_386_ba-thuoc.csv", tmp_path / d)
    with pytest.raises(LoadError, match="cùng tên"):
        load([tmp_path / "a", tmp_path / "b"], tmp_path / "w.duckdb", progress=quiet)


def test_cli_exit_codes_env_var_and_summary(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DVK_DB": str(tmp_path / "env.duckdb")}
    ok = subprocess.run([sys.executable, "-m", "etl", "load", str(SUB)], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Dòng đọc được: 24 · đã nạp: 19 · bị loại: 5 (gồm 1 dòng trùng lặp)" in ok.stdout
    assert (tmp_path / "env.duckdb").exists()
    assert "[8/8]" in ok.stderr  # progress
    report = next((tmp_path / "rejects").glob("*.csv"))
    assert report.read_bytes().startswith(b"\xef\xbb\xbf") and "Hoằng Hoá Bắc" in report.read_text(encoding="utf-8-sig")
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(FIXTURES / "bad" / "missing_column.csv")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert (
        "missing_column.csv" in bad.stderr
        and "Kho dữ liệu không thay đổi" in bad.stderr
        and "Traceback" not in bad.stderr
    )


def test_an_older_warehouse_layout_is_rebuilt_even_when_no_file_changed(tmp_path):
    db = tmp_path / "w.duckdb"
    load([SUB], db, progress=quiet)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.execute("DROP MACRO TABLE filtered_models")
    con.close()
    summary = load([SUB], db, progress=quiet)
    assert len(summary.files_unchanged) == 8
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == etl_load.SCHEMA_VERSION
    assert (
        con.execute("SELECT sum(n) FROM filtered_models(2016, 2026, [], [], [], [], [], [], true)").fetchone()[0] == 16
    )
    assert con.execute("SELECT count(*) FROM models").fetchone()[0] == 16


def test_dry_run_previews_exactly_and_leaves_the_warehouse_alone(tmp_path):
    """The upload preview: the same code path as a load, the same numbers, nothing swapped in."""
    db = tmp_path / "wh.duckdb"
    subs = sorted(SUB.iterdir())
    load(subs[:-1], db, progress=quiet)
    before = sha(db)
    preview = load(subs[-1:] + subs[:1], db, progress=quiet, dry_run=True)
    assert sha(db) == before and preview.dry_run
    assert not list(tmp_path.glob("wh.duckdb.tmp-*")) and preview.rejects_report is None
    real = load(subs[-1:] + subs[:1], db, progress=quiet)
    for field in (
        "files_new",
        "files_unchanged",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "duplicates",
        "rows_replaced",
    ):
        assert getattr(preview, field) == getattr(real, field), field
    assert len(preview.rejects) == len(real.rejects)
    assert list(preview.rejects.columns[:7]) == ["file", "sheet", "row", "column", "value", "reason", "kind"]
