"""The warehouse lifecycle (etl.warehouse): one writer, a new file built from the current one, commit or nothing."""

import pytest

from etl import warehouse
from etl.errors import LoadError
from etl.load import load
from tests.conftest import FIXTURES, quiet
from tests.crash import counts, leftovers, sha

SUB = FIXTURES / "submissions"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    load([SUB], path, progress=quiet)
    return path


def test_a_build_not_committed_leaves_the_file_and_nothing_beside_it(db):
    before, n = sha(db), counts(db)
    assert n["models"] == 16 and n["rejects"] > 0
    with warehouse.exclusive(db), warehouse.build(db) as new:
        assert new.con.execute("SELECT count(*) FROM models").fetchone()[0] == 16  # the current file's rows
        new.con.execute("DELETE FROM rejects")
        new.finish(quiet)  # checked and closed, but never swapped in
    assert sha(db) == before and counts(db) == n
    assert leftovers(db) == []


def test_a_committed_build_replaces_the_file(db):
    n = counts(db)
    with warehouse.exclusive(db), warehouse.build(db) as new:
        new.con.execute("DELETE FROM rejects")
        with pytest.raises(RuntimeError):
            new.commit()  # not finished: not checked yet
        new.finish(quiet)
        new.commit()
    after = counts(db)
    assert after["rejects"] == 0
    assert (after["models"], after["commendations"], after["submissions"]) == (16, 3, n["submissions"])
    assert leftovers(db) == []


def test_a_failed_check_leaves_the_file(db, monkeypatch):
    before = sha(db)

    def boom(con, **_):
        raise LoadError("kiểm tra không đạt")

    monkeypatch.setattr(warehouse, "check", boom)
    with pytest.raises(LoadError, match="kiểm tra không đạt"):
        with warehouse.exclusive(db), warehouse.build(db) as new:
            new.con.execute("DELETE FROM models_held")
            new.finish(quiet)
            new.commit()
    assert sha(db) == before and leftovers(db) == []


def test_one_writer_at_a_time_and_leftovers_removed(tmp_path):
    db = tmp_path / "w.duckdb"
    (tmp_path / "w.duckdb.tmp-99999").write_bytes(b"half a build")
    (tmp_path / "w.duckdb.tmp-99999.spill").mkdir()
    with warehouse.exclusive(db):
        assert leftovers(db) == []
        with pytest.raises(LoadError, match="một lần nạp khác đang chạy"):
            with warehouse.exclusive(db):
                pass
