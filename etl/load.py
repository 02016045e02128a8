"""Load submissions into the warehouse: read and check every file, then apply them to a new build of it.

Applying is this module's (replace a file's earlier rows, insert, keep duplicates out, link
commendations to models, record the run); building, checking and swapping the file in is
etl.warehouse's, so a failed or killed load leaves the previous warehouse exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dvk import clock, l10n
from dvk.config import SCHEMA_VERSION
from dvk.labels import ISSUER_LEVEL, UNCLASSIFIED
from dvk.reporting import ReportingConfig, ReportingConfigError, load_config
from etl import attribution, crosswalk, guard, warehouse
from etl import incremental as incremental_
from etl.columns import COMMENDATION_COLUMNS, COMMENDATIONS, MODEL_COLUMNS, MODELS
from etl.errors import LoadError, VocabularyError
from etl.places import PlaceResolver
from etl.submission import read_submission
from etl.validate import REJECT_COLUMNS, WARNING_COLUMNS, validate
from etl.vocabulary import Vocabulary, load_vocabulary

_ENUM_TABLES = {"models": MODEL_COLUMNS, "commendations": COMMENDATION_COLUMNS}


@dataclass
class LoadSummary:
    """What a load did, for the closing message and for tests."""

    run_id: int = 0
    files_new: list[str] = field(default_factory=list)
    files_replaced: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    rejects_report: Path | None = None
    db: Path | None = None
    rebuilt: bool = False  # same files, warehouse rebuilt to the current layout
    rows_replaced: int = 0  # rows of earlier versions of the files that this load replaces
    rejects: pd.DataFrame | None = None  # this load's rejected cells (file, sheet, row, column, value, reason, kind)
    dry_run: bool = False  # built and checked, not swapped in (a preview)
    cell_warnings: pd.DataFrame | None = None  # this load's warnings (file, sheet, row, column, value, became, reason)
    warnings_report: Path | None = None
    rows_restored: int = 0  # rows held back as duplicates that came back when the loaded copy's file was replaced
    reclassified: int = 0  # unclassified cells of earlier loads that the vocabulary now recognises
    # Each new file's reporting unit and period as the load attributed them: name → (unit, period, source).
    attributions: dict[str, tuple[str | None, str | None, str]] = field(default_factory=dict)
    incremental: bool = False  # only what the files touch was changed (etl.incremental), not a rebuild

    def warning_counts(self, top: int = 10) -> pd.DataFrame:
        """This load's warnings counted per column, value and what it became, most frequent first."""
        w = self.cell_warnings
        if w is None or w.empty:
            return pd.DataFrame(columns=["column", "value", "became", "n"])
        counts = w.fillna({"value": ""}).groupby(["column", "value", "became"], sort=False).size().rename("n")
        return counts.reset_index().sort_values(["n", "column", "value"], ascending=[False, True, True]).head(top)

    def text(self) -> str:
        """The summary printed at the end of `python -m etl load`."""
        again = (
            f"\n  Đã phân loại lại {l10n.number(self.reclassified)} ô 'Chưa phân loại' theo từ vựng mới (config/vocabulary.toml)."
            if self.reclassified
            else ""
        )
        if not (self.files_new or self.files_replaced):
            kept = "đã dựng lại theo cấu trúc mới, số liệu giữ nguyên" if self.rebuilt else "giữ nguyên"
            return (
                f"Không có file mới hoặc thay đổi ({len(self.files_unchanged)} file không đổi); kho {self.db} {kept}."
                + again
            )
        lines = [
            f"Đã nạp vào {self.db} (lần nạp #{self.run_id}).",
            f"  File: {len(self.files_new)} mới, {len(self.files_replaced)} thay thế bản cũ, "
            f"{len(self.files_unchanged)} không đổi (bỏ qua).",
            f"  Dòng đọc được: {l10n.number(self.rows_read)} · đã nạp: {l10n.number(self.rows_loaded)} · "
            f"bị loại: {l10n.number(self.rows_rejected)} (gồm {l10n.number(self.duplicates)} dòng trùng lặp)",
        ]
        if self.rows_restored:
            lines.append(
                f"  Dòng trùng được nạp lại (bản đã nạp trước nằm trong file vừa thay): {l10n.number(self.rows_restored)}"
            )
        if self.rejects_report:
            lines.append(f"  Dòng bị loại và lý do: {self.rejects_report} (và bảng 'rejects' trong kho dữ liệu)")
        n_warn = 0 if self.cell_warnings is None else len(self.cell_warnings)
        if n_warn:
            lines.append(
                f"  Ô được nạp kèm cảnh báo: {l10n.number(n_warn)} (giá trị chưa nhận ra ghi là "
                f"'{UNCLASSIFIED.vi}', số viết chưa rõ quy ước…). Nhiều nhất:"
            )
            lines += [
                f"    {r.column}: '{r.value}' → {r.became} ×{l10n.number(int(r.n))}"
                for r in self.warning_counts().itertuples()
            ]
            if self.warnings_report:
                lines.append(f"  Danh sách cảnh báo: {self.warnings_report} (và bảng 'load_warnings')")
        lines += [f"  Cảnh báo: {w}" for w in self.warnings]
        return "\n".join(lines) + again


_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9.,]*$")


def neutralise_formula(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe; other values unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def expand_paths(paths: Iterable[os.PathLike | str]) -> list[Path]:
    """Files to load: the files given, and the submissions inside each folder given (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # Spreadsheets in formats the loader refuses are listed too, so they are refused by name, not skipped.
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in guard.SUBMISSION_EXTS and not f.name.startswith(("~$", "."))
            )
            if not found:
                raise LoadError(
                    f"{guard.display_name(p)}: thư mục không chứa file .xlsx hoặc .csv nào. Chọn đúng thư mục, "
                    "hoặc chọn từng file cần nạp."
                )
            out += found
        else:
            out.append(p)
    names: dict[str, Path] = {}
    for f in out:
        if f.name in names and names[f.name] != f:
            raise LoadError(
                f"{f.name}: có hai file cùng tên ({names[f.name]} và {f}). Tên file xác định một bản nộp: đổi tên một file."
            )
        names[f.name] = f
    return list(dict.fromkeys(out))


def _previous_submissions(db: Path) -> tuple[dict[str, str], str | None, str | None]:
    """The current warehouse's files (name → sha256), its schema version and vocabulary fingerprint,
    read in one connection (opening a large file costs tens of milliseconds)."""
    if not db.exists():
        return {}, None, None
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise LoadError(
            f"{db}: không mở được kho dữ liệu hiện có ({exc}). Đóng ứng dụng đang ghi vào nó rồi thử lại."
        ) from None
    try:
        files = dict(con.execute("SELECT source_file, sha256 FROM submissions").fetchall())
        found = dict(
            con.execute("SELECT key, value FROM meta WHERE key IN ('schema_version', 'vocabulary')").fetchall()
        )
        return files, found.get("schema_version"), found.get("vocabulary")
    finally:
        con.close()


def load(
    paths: Iterable[os.PathLike | str],
    db: os.PathLike | str,
    progress: warehouse.Progress = warehouse.stderr,
    command: str = "",
    today: dt.date | None = None,
    dry_run: bool = False,
    reread: bool = False,
    unit: str | None = None,
    period: str | None = None,
    received: dt.date | None = None,
    rebuild: bool = False,
) -> LoadSummary:
    """Load files into the warehouse at `db`; raises LoadError (warehouse untouched) for a bad file.

    With dry_run the new warehouse is built and checked exactly as for a load, then thrown away:
    the summary (with its rejects) is a preview of what the load would do. With reread, files loaded
    before are read again even when unchanged (after a change to the loader's rules). unit and period
    attribute the files that neither their header, their name nor their rows attribute (etl.attribution);
    received is the day they came in (default: the file's "Ngày nhận" field, else today).

    A load changes only what its files touch (etl.incremental) when the warehouse has the current
    layout and vocabulary; with rebuild, or after a change of either, the whole warehouse is rebuilt.
    With rebuild and no paths, the current warehouse is rebuilt as it is."""
    db = Path(db)
    cycle = _cycle(unit, period, received)
    cycle["today"] = today or clock.today()
    files = expand_paths(paths)
    if not files and not (rebuild and db.exists()):
        raise LoadError("Không có file nào để nạp (.xlsx, .xls, .csv). Kiểm tra đường dẫn.")
    summary = LoadSummary(db=db, dry_run=dry_run)
    started = clock.now()
    with warehouse.exclusive(db):
        previous, layout, words = _previous_submissions(db)
        places = PlaceResolver.build()
        try:
            vocab = load_vocabulary()
        except VocabularyError as exc:
            raise LoadError(str(exc)) from None
        placer = crosswalk.Placer(places, crosswalk.Crosswalk.build(), vocab)  # LoadError for a bad alias
        staged: dict[str, list[pa.Table]] = {MODELS: [], COMMENDATIONS: []}
        rejects: list[pd.DataFrame] = []
        cell_warnings: list[pd.DataFrame] = []
        subs = []
        year = (today or clock.today()).year

        def prepare(path: Path) -> _Prepared:
            try:
                return _prepare(path, {} if reread else previous, places, year, vocab, cycle["config"])
            except LoadError:
                raise
            except MemoryError:
                raise LoadError(
                    f"{guard.display_name(path)}: không đủ bộ nhớ để đọc file này. Tách thành nhiều file nhỏ hơn."
                ) from None
            except Exception as exc:  # a bug, not the user's fault: still name the file and keep the warehouse
                raise LoadError(
                    f"{guard.display_name(path)}: lỗi không mong đợi khi đọc file ({type(exc).__name__}: {exc}). "
                    "Kho dữ liệu không thay đổi. Gửi file này cho nhóm phát triển."
                ) from exc

        # Files are read and checked on all cores: the work is mostly in Arrow kernels and
        # DuckDB-free parsing that release the GIL. Results come back in file order.
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            for i, prep in enumerate(pool.map(prepare, files), 1):
                name = prep.path.name
                if prep.unchanged:
                    summary.files_unchanged.append(name)
                    progress(f"[{i}/{len(files)}] {name}: không đổi, bỏ qua")
                    continue
                summary.warnings += prep.warnings
                for kind, table in prep.tables:
                    staged[kind].append(table)
                rejects += prep.rejects
                cell_warnings += prep.cell_warnings
                summary.rows_read += prep.sub["rows_read"]
                (summary.files_replaced if name in previous else summary.files_new).append(name)
                subs.append(prep.sub)
                cycle.setdefault("attributions", {})[name] = prep.attribution
                progress(
                    f"[{i}/{len(files)}] {name}: {l10n.number(prep.sub['rows_read'])} dòng, "
                    f"{l10n.number(prep.sub['rejected'])} dòng bị loại"
                )
        incremental = not rebuild and layout == SCHEMA_VERSION and words == vocab.fingerprint
        summary.incremental = incremental and bool(subs)
        if not subs:
            summary.run_id = _last_run(db)
            if (layout != SCHEMA_VERSION or words != vocab.fingerprint or rebuild) and not dry_run:
                # Same files: an older layout is rebuilt, and cells left unclassified under an older
                # vocabulary are read again with the new one.
                progress("Kho dữ liệu theo cấu trúc cũ: đang dựng lại…" if layout != SCHEMA_VERSION else "Từ vựng mới…")

                def again(con, _incremental):
                    summary.reclassified = _reclassify(con, vocab)
                    crosswalk.place(con, placer)  # new columns, or an alias added: every row placed anew
                    _link_commendations(con)

                warehouse.swap_in(db, again, progress, vocabulary=vocab.fingerprint)
                summary.rebuilt = layout != SCHEMA_VERSION or rebuild
            return summary
        warehouse.pause("read")
        progress(warehouse.STEP["build"])
        summary.cell_warnings = (
            pd.concat(cell_warnings, ignore_index=True) if cell_warnings else pd.DataFrame(columns=WARNING_COLUMNS)
        )
        warehouse.swap_in(
            db,
            lambda con, inc: _fill(con, staged, rejects, subs, summary, started, command, vocab, placer, cycle, inc),
            progress,
            dry_run=dry_run,
            vocabulary=vocab.fingerprint,
            incremental=incremental,
        )
    if not dry_run:
        files = summary.files_new + summary.files_replaced
        summary.rejects_report = _write_report(db, "rejects", summary.run_id, files)
        summary.warnings_report = _write_report(db, "load_warnings", summary.run_id, files)
    return summary


@dataclass
class _Prepared:
    """One file read and checked, ready to insert."""

    path: Path
    unchanged: bool = False
    tables: list[tuple[str, pa.Table]] = field(default_factory=list)
    rejects: list[pd.DataFrame] = field(default_factory=list)
    cell_warnings: list[pd.DataFrame] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sub: dict = field(default_factory=dict)
    attribution: attribution.Attribution | None = None


def _cycle(unit: str | None, period: str | None, received: dt.date | None) -> dict:
    """The reporting configuration and the command line's attribution, checked before any file is read."""
    try:
        cfg = load_config()
    except ReportingConfigError as exc:
        raise LoadError(str(exc)) from None
    if period and cfg.period(period) is None:
        codes = ", ".join(f"{cfg.first_year}-{k.code}" for k in cfg.kinds)
        raise LoadError(f"--period {period}: không phải mã kỳ báo cáo. Ghi năm và loại kỳ, ví dụ {codes}.")
    if unit and cfg.find_unit(unit, attribution.units_for(cfg, period)) is None:
        raise LoadError(
            f"--unit {unit}: không có đơn vị báo cáo mã hoặc tên này"
            + (f" cho kỳ {period}" if period else "")
            + " (xem config/reporting.toml, bảng districts và communes)."
        )
    return {"config": cfg, "unit": unit, "period": period, "received": received}


def _prepare(
    path: Path, previous: dict[str, str], places: PlaceResolver, year: int, vocab: Vocabulary, cfg: ReportingConfig
) -> _Prepared:
    """Read, validate and stamp one file (runs in a worker thread; raises LoadError for a bad file)."""
    size = guard.check_file(path)  # before anything reads it: missing, empty, too large
    with open(path, "rb") as fh:
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    prep = _Prepared(path)
    if previous.get(path.name) == sha:
        prep.unchanged = True
        return prep
    sheets, prep.warnings = read_submission(path)
    counts = {MODELS: 0, COMMENDATIONS: 0, "read": 0, "rejected": 0, "warned": 0}
    for sheet in sheets:
        clean, rej, warn = validate(sheet, places, year, vocab)
        clean = clean.append_column("source_file", pa.array([path.name] * len(clean), pa.large_string()))
        clean = clean.append_column("source_sheet", pa.array([sheet.sheet] * len(clean), pa.large_string()))
        prep.tables.append((sheet.kind, clean))
        prep.rejects.append(rej.assign(kind="invalid"))
        prep.cell_warnings.append(warn)
        counts["warned"] += warn["row"].nunique()
        counts[sheet.kind] += len(clean)
        counts["read"] += len(sheet.data)
        counts["rejected"] += rej["row"].nunique()
    prep.sub = {
        "source_file": path.name,
        "sha256": sha,
        "bytes": size,
        "synthetic": any(s.synthetic for s in sheets),
        "rows_read": counts["read"],
        "models": counts[MODELS],
        "commendations": counts[COMMENDATIONS],
        "rejected": counts["rejected"],
        "warned": counts["warned"],
    }
    prep.attribution = attribution.from_file(cfg, sheets[0].declared if sheets else {}, path.name)
    return prep


def _last_run(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT coalesce(max(run_id), 0) FROM etl_runs").fetchone()[0]
    finally:
        con.close()


def _fill(
    con,
    staged,
    rejects,
    subs,
    summary: LoadSummary,
    started,
    command,
    vocab: Vocabulary,
    placer: crosswalk.Placer,
    cycle: dict | None = None,
    incremental: bool = False,
) -> None:
    """Apply a load's files to the new warehouse: replace their rows, insert, de-duplicate, bring back
    rows held as duplicates of replaced rows, place every record in its 2025 commune, link
    commendations to models, record the run. Incremental (etl.incremental), the cells and ids of the
    replaced rows are noted first, and only the rows this load adds are placed and linked."""
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM etl_runs").fetchone()[0]
    summary.run_id = run_id
    names = [s["source_file"] for s in subs]
    con.execute("CREATE TEMP TABLE replaced AS SELECT unnest($names::VARCHAR[]) AS f", {"names": names})
    summary.rows_replaced = con.execute(
        "SELECT (SELECT count(*) FROM models WHERE source_file IN (SELECT f FROM replaced)) + "
        "(SELECT count(*) FROM commendations WHERE source_file IN (SELECT f FROM replaced))"
    ).fetchone()[0]
    if incremental:
        incremental_.note_removed(con, "replaced")
    for table, col in (
        ("models", "source_file"),
        ("commendations", "source_file"),
        ("models_held", "source_file"),
        ("commendations_held", "source_file"),
        ("rejects", "file"),
        ("load_warnings", "file"),
        ("submissions", "source_file"),
    ):
        con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT f FROM replaced)")
    rej = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=REJECT_COLUMNS + ["kind"])
    summary.rows_loaded = 0
    summary.duplicates = 0
    for kind, frames in staged.items():
        frame = pa.concat_tables(frames, promote_options="default") if frames else None
        if frame is None or frame.num_rows == 0:
            continue
        loaded, dups = _insert(con, kind, frame, run_id)
        summary.rows_loaded += loaded
        summary.duplicates += len(dups)
        rej = pd.concat([rej, dups], ignore_index=True)
    summary.rows_restored, restored_files = _restore_held(con, incremental)
    summary.rows_loaded += summary.rows_restored
    summary.rows_rejected = int(rej.drop_duplicates(["file", "sheet", "row"]).shape[0])
    summary.rejects = rej.reset_index(drop=True)
    rej = rej[rej["kind"] != "duplicate"].assign(run_id=run_id)  # duplicates are listed from the held rows below
    rej["value"] = rej["value"].astype(object)
    con.register("rej_df", rej)
    con.execute('INSERT INTO rejects SELECT run_id, file, sheet, "row", "column", value, reason, kind FROM rej_df')
    con.unregister("rej_df")
    _list_duplicates(con)
    warn = summary.cell_warnings if summary.cell_warnings is not None else pd.DataFrame(columns=WARNING_COLUMNS)
    warn = warn.assign(run_id=run_id).astype({"value": object, "became": object})
    con.register("warn_df", warn)
    con.execute(
        'INSERT INTO load_warnings SELECT run_id, file, sheet, "row", "column", value, coalesce(became, \'\'), reason '
        "FROM warn_df"
    )
    con.unregister("warn_df")
    sub_df = pd.DataFrame(subs).assign(run_id=run_id, loaded_at=started)
    con.register("sub_df", sub_df)
    con.execute("INSERT INTO submissions BY NAME SELECT * FROM sub_df")
    con.unregister("sub_df")
    # Counts after de-duplication (and restored rows), so each file's line adds up with the tables: the
    # files of this load and those rows came back to change (incremental), or all.
    scope = "source_file IN (SELECT unnest($files::VARCHAR[]))" if incremental else "TRUE"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE file_counts AS
        SELECT s.source_file, coalesce(m.n, 0) AS models, coalesce(c.n, 0) AS commendations,
               coalesce(r.n, 0) AS rejected
        FROM (SELECT source_file FROM submissions WHERE {scope}) s
        LEFT JOIN (SELECT source_file, count(*) AS n FROM models WHERE {scope} GROUP BY ALL) m USING (source_file)
        LEFT JOIN (SELECT source_file, count(*) AS n FROM commendations WHERE {scope} GROUP BY ALL) c USING (source_file)
        LEFT JOIN (SELECT file AS source_file, count(DISTINCT (sheet, "row")) AS n FROM rejects
                   WHERE {scope.replace("source_file", "file")} GROUP BY ALL) r
               USING (source_file)""",
        {"files": names + restored_files} if incremental else {},
    )
    con.execute(
        "UPDATE submissions s SET models = k.models, commendations = k.commendations, rejected = k.rejected "
        "FROM file_counts k WHERE s.source_file = k.source_file"
    )
    con.execute("DROP TABLE file_counts")
    if not incremental:  # same vocabulary: nothing left unclassified before can be known now
        summary.reclassified = _reclassify(con, vocab)
    crosswalk.place(con, placer, only_new=incremental)
    placed = con.execute(
        'SELECT file, sheet, "row", "column", value, became, reason FROM load_warnings '
        'WHERE run_id = $r AND "column" = $c AND became = $b',
        {"r": run_id, "c": crosswalk.COMMUNE_HEADER, "b": crosswalk.DISTRICT_LEVEL},
    ).df()
    if not placed.empty:  # this load's unplaced names, counted in its summary with the other warnings
        summary.cell_warnings = pd.concat([summary.cell_warnings, placed], ignore_index=True)
    _link_commendations(con, incremental)
    if cycle is not None:
        summary.attributions = _attribute(con, cycle)
    con.execute(
        "INSERT INTO etl_runs VALUES ($run, $started, $finished, $new, $replaced, $unchanged, "
        "$read, $loaded, $rejected, $dups, $warnings, $command)",
        {
            "run": run_id,
            "started": started,
            "finished": clock.now(),
            "new": len(summary.files_new),
            "replaced": len(summary.files_replaced),
            "unchanged": len(summary.files_unchanged),
            "read": summary.rows_read,
            "loaded": summary.rows_loaded,
            "rejected": summary.rows_rejected,
            "dups": summary.duplicates,
            "warnings": summary.warnings,
            "command": command,
        },
    )


def _attribute(con, cycle: dict) -> dict[str, tuple[str | None, str | None, str]]:
    """Each new submission's unit, period, source of both and received date (etl.attribution), the rows'
    places read after placement; returns name → (unit, period, source)."""
    attrs = cycle.get("attributions", {})
    if not attrs:
        return {}
    places: dict[str, tuple[set, set]] = {}
    for f, d, c in con.execute(
        "SELECT source_file, list(DISTINCT district_code), list(DISTINCT commune_code) FROM "
        "(SELECT source_file, district_code, commune_code FROM models UNION ALL "
        "SELECT source_file, district_code, commune_code FROM commendations) "
        "WHERE source_file IN (SELECT unnest($f::VARCHAR[])) GROUP BY ALL",
        {"f": list(attrs)},
    ).fetchall():
        places[f] = (set(d), set(c))
    cfg = cycle["config"]
    rows = []
    for name, a in attrs.items():
        d, c = places.get(name, (set(), set()))
        a = attribution.finish(cfg, a, d, c, cycle["unit"], cycle["period"])
        rows.append((name, a.unit, a.period, cycle["received"] or a.received or cycle["today"], a.source))
    frame = pd.DataFrame(
        rows, columns=["source_file", "reporting_unit", "reporting_period", "received_on", "attribution"]
    )
    con.register("attr_df", frame)
    con.execute(
        "UPDATE submissions s SET reporting_unit = a.reporting_unit, reporting_period = a.reporting_period, "
        "received_on = a.received_on, attribution = a.attribution FROM attr_df a WHERE s.source_file = a.source_file"
    )
    con.unregister("attr_df")
    return {r[0]: (r[1], r[2], r[4]) for r in rows}


def _restore_held(con, incremental: bool = False) -> tuple[int, list[str]]:
    """Rows held back as duplicates whose loaded copy is gone (its file replaced without it) take its
    place: the first of each by file and row. Returns how many came back and their files.
    Incremental, only the copies this load removed can be missing (etl.incremental's `gone`)."""
    restored, files = 0, set()
    for table, id_col in (("models", "model_id"), ("commendations", "commendation_id")):
        held = f"{table}_held"
        only = f"WHERE h.{id_col} IN (SELECT id FROM gone WHERE record = '{table}')" if incremental else ""
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE back AS
            SELECT b.* FROM (
                SELECT h.*, row_number() OVER (PARTITION BY h.{id_col} ORDER BY h.source_file, h.source_row) AS rn
                FROM {held} h {only}
            ) b WHERE b.rn = 1 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{id_col} = b.{id_col})"""
        )
        n = con.execute("SELECT count(*) FROM back").fetchone()[0]
        files |= {r[0] for r in con.execute("SELECT DISTINCT source_file FROM back").fetchall()}
        if n:
            con.execute(f"INSERT INTO {table} SELECT * EXCLUDE (rn) FROM back")
            con.execute(
                f"DELETE FROM {held} h USING back b "
                f"WHERE h.source_file = b.source_file AND h.source_sheet = b.source_sheet AND h.source_row = b.source_row"
            )
            restored += n
        con.execute("DROP TABLE back")
    return restored, sorted(files)


def _reclassify(con, vocab: Vocabulary) -> int:
    """Cells of earlier loads kept as unclassified that the vocabulary now knows take their code (and a
    commendation its level); their warnings go. One update per column. Returns how many cells changed."""
    columns = {c.header: (table, c) for table, cols in _ENUM_TABLES.items() for c in cols if c.type == "enum"}
    cells = con.execute(
        'SELECT DISTINCT "column", value FROM load_warnings WHERE became = $u AND value IS NOT NULL',
        {"u": UNCLASSIFIED.vi},
    ).fetchall()
    known = []
    for header, value in cells:
        if header in columns:
            table, col = columns[header]
            code = vocab.issuer(value) if col.key == "issuer" else vocab.code(col.enum, value)
            if code is not None:
                known.append((header, value, code))
    if not known:
        return 0
    con.register("known_df", pd.DataFrame(known, columns=["header", "value", "code"]))
    con.execute(
        """CREATE OR REPLACE TEMP TABLE reclassified AS
        SELECT w.file, w.sheet, w."row", w."column", w.value, k.code
        FROM load_warnings w JOIN known_df k ON k.header = w."column" AND k.value = w.value
        WHERE w.became = $u""",
        {"u": UNCLASSIFIED.vi},
    )
    con.unregister("known_df")
    levels = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in ISSUER_LEVEL.items())
    for header in {h for h, _, _ in known}:
        table, col = columns[header]
        level = f", level = CASE r.code {levels} END" if col.key == "issuer" else ""
        for t in (table, f"{table}_held"):
            con.execute(
                f"UPDATE {t} t SET {col.key} = r.code{level} FROM reclassified r "
                f'WHERE r."column" = $h AND r.file = t.source_file AND r.sheet = t.source_sheet '
                f"AND r.\"row\" = t.source_row AND t.{col.key} = '{UNCLASSIFIED.code}'",
                {"h": header},
            )
    changed = con.execute(
        "DELETE FROM load_warnings w USING reclassified r WHERE w.became = $u AND w.file = r.file "
        'AND w.sheet = r.sheet AND w."row" = r."row" AND w."column" = r."column"',
        {"u": UNCLASSIFIED.vi},
    ).fetchone()[0]
    con.execute("DROP TABLE reclassified")
    return changed


def _list_duplicates(con) -> None:
    """The 'duplicate' rejects, listed anew from the held rows and the copy each duplicates."""
    con.execute("DELETE FROM rejects WHERE kind = 'duplicate'")
    for table, id_col, name_col, header in (
        ("models", "model_id", "name", "Tên mô hình"),
        ("commendations", "commendation_id", "recipient_name", "Tên tập thể/cá nhân"),
    ):
        con.execute(
            f"""INSERT INTO rejects
            SELECT h.run_id, h.source_file, h.source_sheet, h.source_row, '{header}', h.{name_col},
                   'trùng hoàn toàn với ' || t.source_file || ' dòng ' || CAST(t.source_row AS VARCHAR)
                   || ' (không nạp lần hai)', 'duplicate'
            FROM {table}_held h JOIN {table} t USING ({id_col})"""
        )


_HASH_COLS = {
    MODELS: [
        "name",
        "kind",
        "field",
        "topic",
        "host_sector",
        "host_unit",
        "district_code",
        "commune",
        "year_recognized",
        "level",
        "land_m2",
        "workdays",
        "funds_million_vnd",
        "roads_km",
        "households_benefited",
        "description",
    ],
    COMMENDATIONS: [
        "recipient_name",
        "recipient_kind",
        "district_code",
        "commune",
        "year",
        "form",
        "issuer_text",
        "issuer",
        "decision_no",
        "decision_date",
        "model_name",
    ],
}
# Searched without diacritics; the long description is left out to keep loads fast.
_SEARCH_COLS = {
    MODELS: ["name", "host_unit", "commune"],
    COMMENDATIONS: ["recipient_name", "model_name", "commune", "decision_no"],
}


def _search_expr(cols: list[str]) -> str:
    joined = "concat_ws(' ', " + ", ".join(cols) + ")"
    return f"fold({joined})"  # the warehouse's macro (dvk.text.create_fold_macro), as dvk.records.fold_query


def _insert(con, kind: str, frame: pa.Table, run_id: int) -> tuple[int, pd.DataFrame]:
    """Insert staged rows, keeping exact duplicates (same content, already loaded or earlier) out of the
    table and in its _held twin."""
    table, id_col, prefix = ("models", "model_id", "M") if kind == MODELS else ("commendations", "commendation_id", "K")
    con.register("stage_df", frame)
    level = ""
    if kind == COMMENDATIONS:  # the recognition level a commendation stands for comes from its issuer
        cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in ISSUER_LEVEL.items())
        level = f", CASE issuer {cases} ELSE '{UNCLASSIFIED.code}' END AS level"
    hash_src = "concat_ws(chr(31), " + ", ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in _HASH_COLS[kind]) + ")"
    named = "name" if kind == MODELS else "model_name"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE stage AS
        SELECT *, '{prefix}' || substr(md5({hash_src}), 1, 16) AS {id_col},
               {_search_expr(_SEARCH_COLS[kind])} AS search_text{level}, {_link_key(named)} AS link_key
        FROM stage_df"""
    )
    con.unregister("stage_df")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE stage_ranked AS
        SELECT s.*, row_number() OVER (PARTITION BY s.{id_col} ORDER BY s.source_file, s.source_row) AS rn,
               first_value(s.source_file) OVER w AS first_file, first_value(s.source_row) OVER w AS first_row,
               e.source_file AS old_file, e.source_row AS old_row
        FROM stage s LEFT JOIN {table} e USING ({id_col})
        WINDOW w AS (PARTITION BY s.{id_col} ORDER BY s.source_file, s.source_row)"""
    )
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    have = {r[0] for r in con.execute("DESCRIBE stage_ranked").fetchall()}

    def expr(c: str) -> str:
        if c == "run_id":
            return "$run AS run_id"
        if c not in have:
            return f"NULL AS {c}"  # filled later (e.g. commendations.model_id)
        return f"CAST({c} AS DATE) AS {c}" if c == "decision_date" else c

    select = ", ".join(map(expr, cols))
    con.execute(
        f"INSERT INTO {table} SELECT {select} FROM stage_ranked WHERE rn = 1 AND old_file IS NULL", {"run": run_id}
    )
    con.execute(
        f"INSERT INTO {table}_held SELECT {select} FROM stage_ranked WHERE rn > 1 OR old_file IS NOT NULL",
        {"run": run_id},
    )
    loaded = con.execute("SELECT count(*) FROM stage_ranked WHERE rn = 1 AND old_file IS NULL").fetchone()[0]
    name_col = "name" if kind == MODELS else "recipient_name"
    header = "Tên mô hình" if kind == MODELS else "Tên tập thể/cá nhân"
    dups = con.execute(
        f"""SELECT source_file AS file, source_sheet AS sheet, source_row AS "row", '{header}' AS "column",
                   {name_col} AS value,
                   'trùng hoàn toàn với ' || coalesce(old_file, first_file) || ' dòng ' ||
                   CAST(coalesce(old_row, first_row) AS VARCHAR) || ' (không nạp lần hai)' AS reason,
                   'duplicate' AS kind
            FROM stage_ranked WHERE rn > 1 OR old_file IS NOT NULL"""
    ).df()
    con.execute("DROP TABLE stage; DROP TABLE stage_ranked")
    return loaded, dups


def _link_key(column: str) -> str:
    """The link key of a name: a 64-bit hash of its fold (the same for "Đường hoa" and "DUONG HOA")."""
    return f"CASE WHEN {column} IS NOT NULL THEN md5_number_lower(fold({column})) END"


def _link_commendations(con, incremental: bool = False) -> None:
    """Point each commendation at the model of the same name (ignoring case and accents: dvk.text.fold)
    in its district, the first by id of several; a link to a model that is no longer stored (its file
    replaced) is dropped and looked for again. Incremental (etl.incremental), only the commendations
    whose answer can have changed are looked at: those this load added or brought back, those whose
    model went, and those naming a model this load added — every other unlinked one found no model
    before, and the models it could find are the ones it found then."""
    for table, column in (
        ("models", "name"),
        ("models_held", "name"),
        ("commendations", "model_name"),
        ("commendations_held", "model_name"),
    ):
        if not incremental:  # rows copied from an older layout have no key yet
            con.execute(
                f"UPDATE {table} SET link_key = {_link_key(column)} WHERE link_key IS NULL AND {column} IS NOT NULL"
            )
    dangling = "model_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM models m WHERE m.model_id = c.model_id)"
    wanted = "c.model_id IS NULL AND c.link_key IS NOT NULL"
    if incremental:
        # The ids this load removed that no model has any more (a replaced file may bring some back),
        # then the commendations linked to them: two scans narrowed by small sets, no anti-join of the tables.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE dangling AS SELECT id FROM gone WHERE record = 'models' "
            "EXCEPT SELECT model_id FROM models WHERE model_id IN (SELECT id FROM gone WHERE record = 'models')"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE relink AS SELECT rowid AS rid, commendation_id FROM commendations "
            "WHERE model_id IN (SELECT id FROM dangling)"
        )
        if con.execute("SELECT count(*) FROM relink").fetchone()[0]:
            con.execute(
                "UPDATE commendations SET model_id = NULL, model_kind = NULL FROM relink r WHERE commendations.rowid = r.rid"
            )
        wanted += (
            " AND (c.code_2025 IS NULL OR c.commendation_id IN (SELECT commendation_id FROM relink)"
            " OR (c.district_code, c.link_key) IN (SELECT district_code, link_key FROM models WHERE rank_name IS NULL))"
        )
    else:
        con.execute(f"UPDATE commendations c SET model_id = NULL, model_kind = NULL WHERE {dangling}")
        # a rebuild may have reclassified models (a new vocabulary): the linked kinds follow
        con.execute(
            "UPDATE commendations c SET model_kind = m.kind FROM models m "
            "WHERE m.model_id = c.model_id AND c.model_kind IS DISTINCT FROM m.kind"
        )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE to_link AS
        SELECT c.rowid AS rid, c.district_code, c.link_key, c.model_name FROM commendations c WHERE {wanted}"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE linked AS
        SELECT c.rid, min(m.model_id) AS model_id, arg_min(m.kind, m.model_id) AS model_kind
        FROM to_link c
        JOIN (SELECT model_id, kind, district_code, link_key, name FROM models WHERE link_key IN (SELECT link_key FROM to_link)) m
          ON m.district_code = c.district_code AND m.link_key = c.link_key
        WHERE fold(m.name) = fold(c.model_name)
        GROUP BY ALL"""
    )
    if con.execute("SELECT count(*) FROM linked").fetchone()[0]:
        con.execute(
            "UPDATE commendations SET model_id = l.model_id, model_kind = l.model_kind FROM linked l "
            "WHERE commendations.rowid = l.rid"
        )
    con.execute("DROP TABLE to_link; DROP TABLE linked")


# The CSV reports beside the warehouse: table → (file name prefix, its columns with their headers).
_REPORTS = {
    "rejects": ("rejects", ["file", "sheet", "row", "column", "value", "reason", "run_id"]),
    "load_warnings": ("warnings", ["file", "sheet", "row", "column", "value", "became", "reason", "run_id"]),
}
_REPORT_HEADERS = {
    "file": "File",
    "sheet": "Sheet",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "became": "Đã nạp thành",
    "reason": "Lý do",
    "run_id": "Lần nạp",
}


def _write_report(db: Path, table: str, run_id: int, files: list[str]) -> Path | None:
    """CSV (UTF-8 with BOM, opens right in Excel) of the rows of `table` (rejected cells, or the cells
    loaded with a warning) of the files this load read, beside the warehouse; text a spreadsheet would
    run is neutralised. (Every file's rows are in the warehouse's table and on the Data page.)"""
    prefix, cols = _REPORTS[table]
    select = ", ".join(f'"{c}" AS "{_REPORT_HEADERS[c]}"' for c in cols)
    con = duckdb.connect(str(db), read_only=True)
    try:
        df = con.execute(
            f'SELECT {select} FROM {table} WHERE file IN (SELECT unnest($f::VARCHAR[])) ORDER BY file, sheet, "row", "column"',
            {"f": files},
        ).df()
    finally:
        con.close()
    if df.empty:
        return None
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].map(neutralise_formula)
    out = db.parent / "rejects" / f"{prefix}-run-{run_id}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, encoding="utf-8-sig")
    return out
