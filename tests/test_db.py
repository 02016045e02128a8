"""The app's read-only connections see a new warehouse file after a load, while old ones keep working."""

import os

import duckdb

from dvk.db import READERS_DIR, connect, reader_path


def _warehouse(path, value):
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE t AS SELECT {value} AS x")
    con.close()


def test_a_new_connection_reads_the_swapped_in_file(tmp_path):
    db, new = tmp_path / "wh.duckdb", tmp_path / "wh.duckdb.tmp-1"
    _warehouse(db, 1)
    old, before = connect(reader_path(db)), connect(db)
    assert old.execute("SELECT x FROM t").fetchone() == (1,)
    _warehouse(new, 2)
    os.replace(new, db)  # what a load does
    plain = connect(db)  # the same path in the same process: DuckDB hands back the old instance
    assert plain.execute("SELECT x FROM t").fetchone() == (1,)
    fresh = connect(reader_path(db))
    assert fresh.execute("SELECT x FROM t").fetchone() == (2,)
    assert old.execute("SELECT x FROM t").fetchone() == (1,)  # a query in flight on the old file still works
    assert len(list((tmp_path / READERS_DIR).iterdir())) == 1  # the old version's link is gone
    for c in (old, before, plain, fresh):
        c.close()


def test_same_version_same_link(tmp_path):
    """One hard link per version of the file: asking again adds none; a new version gets a new one."""
    db = tmp_path / "wh.duckdb"
    _warehouse(db, 1)
    link = reader_path(db)
    assert link.parent == tmp_path / READERS_DIR and link.suffix == ".duckdb" and link.name.startswith("wh-")
    assert link.samefile(db) and db.stat().st_nlink == 2  # the warehouse and its one link
    assert reader_path(db) == link  # asked again: the same name ...
    assert [p.name for p in (tmp_path / READERS_DIR).iterdir()] == [link.name]  # ... and no second link
    assert db.stat().st_nlink == 2
    with connect(link) as con:
        assert con.execute("SELECT x FROM t").fetchone() == (1,)  # the link reads the warehouse
    _warehouse(tmp_path / "wh.duckdb.tmp-2", 2)
    os.replace(tmp_path / "wh.duckdb.tmp-2", db)
    new = reader_path(db)
    assert new != link and new.samefile(db) and not link.exists()
    assert [p.name for p in (tmp_path / READERS_DIR).iterdir()] == [new.name]
