"""Read-only access to the warehouse file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

READERS_DIR = ".readers"


# DuckDB's cache of the file's blocks for the dashboard's connections. Without a limit it keeps every
# block a page has read (up to 80% of the machine's memory); the pages' queries read a few columns or
# the small pre-aggregates, so a modest cache serves them and keeps the server lean at volume
# (bench/bench_memory.py). $DVK_DUCKDB_MEMORY overrides it (any DuckDB size, e.g. "1GB").
READER_MEMORY = "256MB"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: readers never lock the ETL out, and never see a half load."""
    con = duckdb.connect(str(path), read_only=True)
    # Set after connecting, not as a connect option: another connection to the same file in this
    # process (a test's, the report's) would then need the same options to open at all.
    con.execute("SET memory_limit = $m", {"m": os.environ.get("DVK_DUCKDB_MEMORY", READER_MEMORY)})
    return con


def reader_path(path: Path) -> Path:
    """A name of its own (a hard link in .readers/) for the warehouse file as it is now.

    Within one process DuckDB serves a path that is already open from its existing instance, so
    after a load has swapped the file in, a new connection to the same path would still read the
    old file for as long as any old connection lives. A new name per file version avoids that.
    Links to older versions are removed: connections still open on them keep reading their file.
    Where hard links are impossible the path itself is returned.
    """
    path = Path(path)
    st = path.stat()
    links = path.parent / READERS_DIR
    link = links / f"{path.stem}-{st.st_ino}-{st.st_mtime_ns}{path.suffix}"
    try:
        links.mkdir(exist_ok=True)
        if not link.exists():
            os.link(path, link)
    except FileExistsError:
        pass
    except OSError:
        return path
    for old in links.glob(f"{path.stem}-*{path.suffix}"):
        if old != link:
            try:
                old.unlink(missing_ok=True)
            except OSError:  # still open on a system that cannot remove open files
                pass
    return link
