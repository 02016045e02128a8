"""The warehouse file's lifecycle: one writer at a time, a new file built beside the old, checked, swapped in.

The warehouse on disk is only ever replaced whole (os.replace of a finished, checked file), so a
failed or killed build leaves the previous warehouse exactly as it was. The loader (etl.load) and
the boundary import (etl.boundaries) both change the warehouse through this module:

    with exclusive(db):                       # the lock; a killed build's leftovers removed
        with build(db) as new:                # a new file holding the current one's rows
            apply(new.con)                    # the caller's changes
            new.finish(progress)              # order, aggregates, meta, checks, CHECKPOINT
            new.commit()                      # os.replace; without it the new file is removed

Two ways to build the new file (issue 15):
- full (`incremental=False`): a new empty file gets the schema, the reference data and the current
  file's rows table by table (older schemas welcome), then every derived column and table is
  computed afresh. A schema change, a new vocabulary and `python -m etl load --rebuild` take it.
- incremental: the new file starts as a byte copy of the current one (copy_file_range: the kernel
  copies, ~0.3 s for 750 MB here; a copy-on-write clone where the file system offers one), the
  caller changes a few rows in it, and `finish` fills the order columns of the new rows and
  recomputes only the touched cells of the pre-aggregates (etl.incremental).
Either way the current file is only read until os.replace, which is what makes a killed or failed
load harmless: the copy is a new inode under a temporary name, removed by the next load's
`exclusive` if the process dies; readers hold their own hard link (dvk.db.reader_path) to the file
they opened, so they never see the copy until they reopen after the swap.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dvk import clock
from dvk.config import SCHEMA_VERSION
from dvk.metrics import macro_sql
from dvk.orders import district_key_sql, newest_key_sql, order_sql
from dvk.text import create_fold_macro
from etl import crosswalk, incremental, ranks, reference
from etl.errors import LoadError

HERE = Path(__file__).parent
DATA_TABLES = (
    "submissions",
    "models",
    "commendations",
    "models_held",
    "commendations_held",
    "rejects",
    "load_warnings",
    "etl_runs",
    "boundaries",
    "commune_stats",
)

Progress = Callable[[str], None]

# The steps of a load after its files are read, in order, as its progress lines say them (the Data
# page's bar places itself by them: etl.api.load_share).
STEPS = (
    ("build", "Đang dựng kho dữ liệu mới…"),
    ("order", "Đang sắp xếp danh sách…"),
    ("aggregate", "Đang tổng hợp số liệu…"),
    ("check", "Đang kiểm tra kho dữ liệu mới…"),
    ("swap", "Đang thay kho dữ liệu…"),
)
STEP = dict(STEPS)


def pause(point: str) -> None:
    """Fault-injection hook for the crash tests: DVK_LOAD_PAUSE=point:seconds sleeps at that point."""
    spec = os.environ.get("DVK_LOAD_PAUSE", "")
    if spec.split(":")[0] == point:
        print(f"PAUSE {point}", file=sys.stderr, flush=True)
        time.sleep(float(spec.split(":")[1]))


def stderr(msg: str) -> None:
    """The default progress report: one line on standard error."""
    print(msg, file=sys.stderr, flush=True)


@contextmanager
def exclusive(db: Path) -> Iterator[None]:
    """One load at a time per warehouse (a lock file beside it); the leftovers of a killed load, if any, are
    removed once the lock is held."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LoadError(f"{db}: một lần nạp khác đang chạy. Chờ nó xong rồi thử lại.") from None
        cleanup_leftovers(db)
        yield


def cleanup_leftovers(db: Path) -> None:
    """Remove half-built files a killed load left behind (safe: we hold the lock)."""
    for f in db.parent.glob(db.name + ".tmp-*"):
        if f.is_dir() and not f.is_symlink():
            shutil.rmtree(f, ignore_errors=True)
        else:
            f.unlink(missing_ok=True)


def meta(db: Path, key: str) -> str | None:
    """One value of the warehouse's meta table (None when absent)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = $k", {"k": key}).fetchall()
        return row[0][0] if row else None
    finally:
        con.close()


def data_through(con: duckdb.DuckDBPyConnection, today: dt.date) -> str | None:
    """The day the warehouse's data runs to (ISO text for meta 'data_through'; None without submissions).

    The latest of: the last commendation decision date, the day the last real submission was
    loaded (nothing it holds can be later), and for the generated sample its cut-off
    (etl.sample.DATA_THROUGH); never after `today`, the day of this load, so a mistyped future
    decision date cannot make a year look complete. A year after this day's year holds no data,
    and this day's own year is partial unless the day is 31 December (dvk.periods)."""
    from etl.sample import DATA_THROUGH

    row = con.execute(
        "SELECT (SELECT count(*) FROM submissions), (SELECT max(decision_date) FROM commendations), "
        "(SELECT max(loaded_at) FROM submissions WHERE NOT synthetic), "
        "(SELECT bool_or(synthetic) FROM submissions)"
    ).fetchone()
    files, decided, real_load, synthetic = row
    if not files:
        return None
    days = [d for d in (decided, real_load and clock.local(real_load).date(), synthetic and DATA_THROUGH) if d]
    return min(max(days), today).isoformat() if days else today.isoformat()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Build:
    """A new warehouse file beside `db`, built whole: `open` gives a connection holding the schema, the
    reference data and the current file's rows; the caller applies its changes; `finish` adds the
    derived tables and meta, checks the invariants and CHECKPOINTs; `commit` swaps the file in with
    os.replace. `close` removes whatever was not committed: until commit, `db` is untouched.

    The caller holds the lock (`exclusive`). `vocabulary` is the fingerprint of the vocabulary the
    warehouse's cells were read with (None: keep the current file's)."""

    def __init__(self, db: Path, vocabulary: str | None = None, incremental: bool = False) -> None:
        if vocabulary is None and db.exists():
            vocabulary = meta(db, "vocabulary")
        self.db = db
        self.incremental = incremental and db.exists()
        self.vocabulary = vocabulary
        self.tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
        self.spill = db.with_name(
            f"{db.name}.tmp-{os.getpid()}.spill"
        )  # DuckDB's temporary files, if memory runs short
        self.con: duckdb.DuckDBPyConnection | None = None
        self.finished = False

    def open(self) -> duckdb.DuckDBPyConnection:
        """The new file's connection: schema, reference data, and the current file's rows copied over
        (incremental: the current file copied byte for byte)."""
        if self.incremental:
            clone(self.db, self.tmp)
            self.con = con = duckdb.connect(str(self.tmp), config={"temp_directory": str(self.spill)})
            con.execute(macro_sql())
            incremental.start(con)
            return con
        self.con = con = duckdb.connect(str(self.tmp), config={"temp_directory": str(self.spill)})
        con.execute((HERE / "schema.sql").read_text(encoding="utf-8"))
        create_fold_macro(con)  # stored in the warehouse: the loader's SQL and every reader use it
        con.execute(macro_sql())  # the list orders (dvk.orders) call level_order
        stage_in_temp(con)
        _reference(con)
        if self.db.exists():
            _copy_previous(con, self.db)
        return con

    def finish(self, progress: Progress = stderr) -> None:
        """Complete the new file (default boundaries if it has none, list order, aggregates, meta), check
        it (LoadError when an invariant fails), CHECKPOINT and close it."""
        con = self.con
        try:
            if con.execute("SELECT count(*) FROM boundaries").fetchall()[0][0] == 0:
                progress("Đang tính ranh giới gần đúng (lần đầu)…")
                _default_boundaries(con)
            progress(STEP["order"])
            if self.incremental:
                incremental.note_added(con)
                fill_order(con)
            else:
                reorder(con)
            progress(STEP["aggregate"])
            aggregates = (HERE / "aggregates.sql").read_text(encoding="utf-8")
            con.execute(macro_sql() + incremental.aggregates_sql(aggregates, self.incremental))  # macros: dvk.metrics
            loaded = clock.now()
            through = data_through(con, loaded.date())
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', $v), ('synthetic', "
                "(SELECT CASE WHEN bool_or(synthetic) THEN 'true' ELSE 'false' END FROM submissions)), "
                "('last_load', $loaded), ('data_through', $through), ('vocabulary', $words)",
                {
                    "v": SCHEMA_VERSION,
                    "loaded": loaded.isoformat(timespec="seconds"),
                    "through": through,
                    "words": self.vocabulary or "",
                },
            )
            progress(STEP["check"])
            check(con, scoped=self.incremental)
            pause("checking")
            con.execute("CHECKPOINT")
        finally:
            con.close()
            self.con = None
        self.finished = True

    def commit(self) -> None:
        """Swap the finished file in for `db` (readers see the old file or the new one, never a mix)."""
        if not self.finished:
            raise RuntimeError("Build.commit before finish")
        pause("built")
        os.replace(self.tmp, self.db)
        _fsync_dir(self.db.parent)

    def close(self) -> None:
        """Close the connection and remove the new file unless it was committed (then there is nothing left)."""
        if self.con is not None:
            self.con.close()
            self.con = None
        self.tmp.unlink(missing_ok=True)
        Path(str(self.tmp) + ".wal").unlink(missing_ok=True)
        shutil.rmtree(self.spill, ignore_errors=True)


@contextmanager
def build(db: Path, vocabulary: str | None = None, incremental: bool = False) -> Iterator[Build]:
    """A new warehouse file built from the current one (see Build), removed on the way out unless committed."""
    new = Build(db, vocabulary, incremental)
    try:
        new.open()
        yield new
    finally:
        new.close()


def current(db: Path) -> bool:
    """Whether `db` exists with the current layout (a change that touches no records can then copy it
    byte for byte instead of rebuilding it: etl.boundaries, etl.denominators)."""
    return db.exists() and meta(db, "schema_version") == SCHEMA_VERSION


def swap_in(
    db: Path,
    fill: Callable[[duckdb.DuckDBPyConnection], None],
    progress: Progress = stderr,
    dry_run: bool = False,
    vocabulary: str | None = None,
    incremental: bool = False,
) -> None:
    """Build a complete new warehouse beside `db` (current contents, then `fill`), check it, swap it in
    (or, for a dry run, remove it). Whatever happens before the final os.replace, `db` is untouched.
    `fill` is called with the new file's connection and whether the build is incremental."""
    with build(db, vocabulary, incremental) as new:
        fill(new.con, new.incremental)
        new.finish(progress)
        if not dry_run:
            progress(STEP["swap"])
            new.commit()


# Columns etl/order.sql computes, per table: (its temp table, the columns it fills, the order the
# table is stored in).
_ORDER_COLUMNS = {
    "models": (
        "model_order",
        ["code_2025", "district_order", "rank_name", "newest_key", "district_key"],
        "newest_models",
    ),
    "commendations": ("commendation_order", ["code_2025"], "newest_commendations"),
}


def _ddl(con: duckdb.DuckDBPyConnection, table: str, *, temporary: bool) -> str:
    return con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = $t AND temporary = $temp "
        "AND (temporary OR database_name = current_database())",
        {"t": table, "temp": temporary},
    ).fetchone()[0]


def stage_in_temp(con: duckdb.DuckDBPyConnection) -> None:
    """Move models and commendations (as etl/schema.sql declares them) to temporary storage for the
    build: reorder then writes each to the file once, in its final order, instead of leaving the
    unsorted rows behind as dead space in the warehouse file."""
    for table in _ORDER_COLUMNS:
        ddl = _ddl(con, table, temporary=False)
        con.execute(f"DROP TABLE {table}")  # the file's: no temporary table of that name exists yet
        con.execute(ddl.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))


def reorder(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the order columns of models and commendations (etl/order.sql: the name order ranked afresh)
    and write both tables to the warehouse newest first (dvk.orders), with their declared columns and
    constraints; store the name order's fences (etl/ranks.py)."""
    order = (HERE / "order.sql").read_text(encoding="utf-8")
    con.execute(
        order.replace("{rank_name}", ranks.full_sql("temp.main.models"))
        .replace("{district_order}", ranks.DISTRICT_ORDER)
        .replace("{newest_key}", newest_key_sql("m", "r.rank_name"))
        .replace("{district_key}", district_key_sql("d", newest_key_sql("m", "r.rank_name")))
    )
    file_db = '"' + con.execute("SELECT current_database()").fetchone()[0].replace('"', '""') + '"'
    for table, (order, cols, newest) in _ORDER_COLUMNS.items():
        # "main.x" would name the temporary table (temp.main.x): the file's catalog is spelled out
        con.execute(_ddl(con, table, temporary=True).replace("CREATE TEMP TABLE ", f"CREATE TABLE {file_db}.main.", 1))
        filled = ", ".join(f"o.{c} AS {c}" for c in cols)
        con.execute(
            f"INSERT INTO {file_db}.main.{table} SELECT * FROM (SELECT t.* REPLACE ({filled}) "
            f"FROM temp.main.{table} t JOIN {order} o ON o.rid = t.rowid) x ORDER BY {order_sql(newest, 'x')}"
        )
        con.execute(f"DROP TABLE temp.main.{table}; DROP TABLE {order}")
    con.execute("DROP TABLE district_order")
    ranks.store_fences(con)


def clone(src: Path, dst: Path) -> None:
    """Copy the file `src` to the new file `dst` in the kernel (copy_file_range: a copy-on-write clone
    on file systems that offer one, a fast in-kernel copy elsewhere); a plain copy where that fails."""
    with open(src, "rb") as a, open(dst, "xb") as b:
        size = os.fstat(a.fileno()).st_size
        done = 0
        try:
            while done < size:
                n = os.copy_file_range(a.fileno(), b.fileno(), size - done, done, done)
                if n == 0:
                    break
                done += n
        except OSError:
            done = -1
        if done != size:
            a.seek(0)
            b.seek(0)
            b.truncate()
            shutil.copyfileobj(a, b, 16 << 20)


def fill_order(con: duckdb.DuckDBPyConnection) -> None:
    """The order columns of the rows a load added (code_2025 still NULL): the 2025 district, the
    district's name order, and the name rank between its neighbours (etl/ranks.py) — or, when a gap
    of the name order is too narrow, every model's name ranked afresh."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE district_order AS {ranks.DISTRICT_ORDER}")
    for table, cols in (("models", "district_order = d.district_order, "), ("commendations", "")):
        con.execute(
            f"UPDATE {table} t SET {cols}code_2025 = coalesce(d.merged_into, t.district_code) "
            "FROM district_order d WHERE t.code_2025 IS NULL AND d.code = t.district_code"
        )
    con.execute("DROP TABLE district_order")
    if not ranks.rank_new(con):
        con.execute(f"UPDATE models SET rank_name = o.rank_name FROM ({ranks.full_sql()}) o WHERE models.rowid = o.rid")
        ranks.store_fences(con)
        con.execute(f"UPDATE models SET newest_key = {newest_key_sql()}")  # every name renumbered
        con.execute(f"UPDATE models SET district_key = {district_key_sql()}")
    else:
        con.execute(f"UPDATE models SET newest_key = {newest_key_sql()} WHERE newest_key IS NULL")
        con.execute(f"UPDATE models SET district_key = {district_key_sql()} WHERE district_key IS NULL")


def _default_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """Store the approximate geometry computed from package data (see etl.geometry)."""
    from etl.geometry import build_boundaries

    frame = build_boundaries()
    con.register("bnd_df", frame)
    con.execute("INSERT INTO boundaries BY NAME SELECT *, $now AS loaded_at FROM bnd_df", {"now": clock.now()})
    con.unregister("bnd_df")


def _reference(con: duckdb.DuckDBPyConnection) -> None:
    for table, frame in (
        ("crosswalk", crosswalk.table()),
        ("districts", reference.districts()),
        ("communes", reference.communes_2025()),
        ("wards_legacy", reference.legacy_wards().drop(columns=["key"])),
    ):
        con.register("ref_df", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM ref_df")
        con.unregister("ref_df")


def _copy_previous(con: duckdb.DuckDBPyConnection, old: Path) -> None:
    """Carry the previous warehouse's submissions over, column by column name (older schemas welcome)."""
    try:
        con.execute(f"ATTACH '{_sql_str(old)}' AS old (READ_ONLY)")
    except duckdb.Error as exc:
        raise LoadError(
            f"{old}: kho dữ liệu hiện có không mở được ({exc}). Khôi phục bản sao lưu hoặc xóa nó để nạp lại từ đầu."
        ) from None
    try:
        old_tables = {
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'old'").fetchall()
        }
        for table in DATA_TABLES:
            if table not in old_tables:
                continue
            new_cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            old_cols = {r[0] for r in con.execute(f"DESCRIBE old.{table}").fetchall()}
            cols = ", ".join(f'"{c}"' for c in new_cols if c in old_cols)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM old.{table}")
    finally:
        con.execute("DETACH old")


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")


def check(con: duckdb.DuckDBPyConnection, scoped: bool = False) -> None:
    """Invariants a warehouse must meet before it replaces the old one; raises LoadError. Scoped (an
    incremental load), the checks of single rows read the touched cells only (etl.incremental): the
    other rows are the ones the previous check passed; the totals are checked whole either way."""
    cells = "({a}district_code, {a}{y}) IN (SELECT district_code, year FROM touched WHERE record = '{r}')"

    def scope(record: str, year: str, alias: str = "") -> str:
        return cells.format(a=alias, y=year, r=record) if scoped else "TRUE"

    m, mr = scope("models", "year_recognized"), scope("models", "year_recognized", "r.")
    c, cr = scope("commendations", "year"), scope("commendations", "year", "r.")
    problems = con.execute(
        f"""SELECT 'districts' AS t, count(*) <> 27 AS bad FROM districts
        UNION ALL SELECT 'communes', count(*) <> 166 FROM communes
        UNION ALL SELECT 'crosswalk', count(DISTINCT former_code) <> 547 OR count(*) FILTER (is_default) <> 547
                  FROM crosswalk
        UNION ALL SELECT 'models.commune_code', count(*) > 0 FROM models
              WHERE {m} AND commune_code IS NOT NULL AND commune_code NOT IN (SELECT code FROM communes)
        UNION ALL SELECT 'commendations.commune_code', count(*) > 0 FROM commendations
              WHERE {c} AND commune_code IS NOT NULL AND commune_code NOT IN (SELECT code FROM communes)
        UNION ALL SELECT 'models.commune_placement', count(*) > 0 FROM models
              WHERE {m} AND (commune_code IS NULL) <> (commune_placement IN ('unresolved', 'not_named'))
        UNION ALL SELECT 'commendations.commune_placement', count(*) > 0 FROM commendations
              WHERE {c} AND (commune_code IS NULL) <> (commune_placement IN ('unresolved', 'not_named'))
        UNION ALL SELECT 'models.commune_district', count(*) > 0 FROM models r
              JOIN communes c ON c.code = r.commune_code JOIN districts d ON d.code = r.district_code
              WHERE {mr} AND NOT (list_contains(c.former_district_codes, r.district_code) OR c.district_code = r.district_code
                         OR c.district_code = d.merged_into)
        UNION ALL SELECT 'commendations.commune_district', count(*) > 0 FROM commendations r
              JOIN communes c ON c.code = r.commune_code JOIN districts d ON d.code = r.district_code
              WHERE {cr} AND NOT (list_contains(c.former_district_codes, r.district_code) OR c.district_code = r.district_code
                         OR c.district_code = d.merged_into)
        UNION ALL SELECT 'agg_placement', (SELECT sum(n) FROM agg_placement) IS DISTINCT FROM
                  (SELECT count(*) FROM models) + (SELECT count(*) FROM commendations)
                  AND (SELECT count(*) FROM models) + (SELECT count(*) FROM commendations) > 0
        UNION ALL SELECT 'models.model_id', count(*) <> (SELECT count(DISTINCT model_id) FROM models WHERE {m})
              FROM models WHERE model_id IN (SELECT model_id FROM models WHERE {m})
        UNION ALL SELECT 'commendations.commendation_id',
              count(*) <> (SELECT count(DISTINCT commendation_id) FROM commendations WHERE {c})
              FROM commendations WHERE commendation_id IN (SELECT commendation_id FROM commendations WHERE {c})
        UNION ALL SELECT 'models.district_code', count(*) > 0 FROM models
              WHERE {m} AND district_code NOT IN (SELECT code FROM districts)
        UNION ALL SELECT 'models.order', count(*) > 0 FROM models
              WHERE {m} AND (code_2025 IS NULL OR district_order IS NULL OR rank_name IS NULL OR newest_key IS NULL
                   OR district_key IS NULL)
        UNION ALL SELECT 'models.rank_name', count(*) > 0 FROM models r
              WHERE {mr} AND EXISTS (SELECT 1 FROM models o WHERE o.rank_name = r.rank_name AND o.model_id <> r.model_id)
        UNION ALL SELECT 'commendations.model_id', count(*) > 0 FROM commendations r
              WHERE {cr} AND model_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM models m WHERE m.model_id = r.model_id)
        UNION ALL SELECT 'commendations.district_code', count(*) > 0 FROM commendations
              WHERE {c} AND (district_code NOT IN (SELECT code FROM districts) OR code_2025 IS NULL)
        UNION ALL SELECT 'agg_models', (SELECT sum(n) FROM agg_models) IS DISTINCT FROM (SELECT count(*) FROM models)
                  AND (SELECT count(*) FROM models) > 0
        UNION ALL SELECT 'agg_district_models', (SELECT sum(n) FROM agg_district_models) IS DISTINCT FROM
                  (SELECT count(*) FROM models) AND (SELECT count(*) FROM models) > 0
        UNION ALL SELECT 'agg_commendations', (SELECT sum(n) FROM agg_commendations) IS DISTINCT FROM
                  (SELECT count(*) FROM commendations) AND (SELECT count(*) FROM commendations) > 0
        UNION ALL SELECT 'agg_district_commendations', (SELECT sum(n) FROM agg_district_commendations) IS DISTINCT FROM
                  (SELECT count(*) FROM commendations) AND (SELECT count(*) FROM commendations) > 0"""
    ).fetchall()
    failed = [t for t, bad in problems if bad]
    if failed:
        raise LoadError(
            f"Kiểm tra kho dữ liệu mới không đạt ({', '.join(failed)}); kho cũ giữ nguyên. Báo lỗi cho nhóm phát triển."
        )
