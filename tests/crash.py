"""Helpers for the crash tests: run `python -m etl load` in a child process and SIGKILL it at a chosen
moment, then look at what it left behind."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("models", "commendations", "rejects", "submissions", "etl_runs")
BUILDING = "Đang dựng kho dữ liệu mới"  # the loader's progress line when it starts the new file
# Imports first, then wait for a line on stdin: the clock of a kill starts when the load itself does.
_RUNNER = (
    "import sys, etl.cli, etl.load, etl.readers, etl.validate\n"
    "print('READY', flush=True)\n"
    "sys.stdin.readline()\n"
    "sys.exit(etl.cli.main(sys.argv[1:]))\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(db: Path) -> dict[str, int]:
    """Row counts of the data tables, from a read-only connection (the file must open)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def leftovers(db: Path) -> list[Path]:
    """Half-built warehouse files a killed load left beside `db`."""
    return sorted(db.parent.glob(db.name + ".tmp-*"))


class Loader:
    """A `python -m etl load` child process with its imports done, waiting for go()."""

    def __init__(self, db: Path, paths: list[Path], pause: str | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("DVK_LOAD_PAUSE", None)
        if pause:
            env["DVK_LOAD_PAUSE"] = f"{pause}:60"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _RUNNER, "load", "--db", str(db), *map(str, paths)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []  # (seconds since go, stderr line)
        self._seen = threading.Condition()
        self.t0 = 0.0
        self.started = 0.0  # wall-clock time of go(), to place file times on the load's timeline

    def go(self) -> None:
        """Wait until the child is ready, then start the load."""
        assert self.proc.stdout.readline().strip() == "READY"
        threading.Thread(target=self._read, daemon=True).start()
        self.t0, self.started = time.monotonic(), time.time()
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def _read(self) -> None:
        for line in self.proc.stderr:
            with self._seen:
                self.lines.append((time.monotonic() - self.t0, line.rstrip("\n")))
                self._seen.notify_all()
        with self._seen:
            self.lines.append((time.monotonic() - self.t0, "<EOF>"))
            self._seen.notify_all()

    def wait_for(self, prefix: str, timeout: float = 120) -> float:
        """Seconds since go() at which a stderr line starting with `prefix` came (or the output ended)."""
        with self._seen:
            ok = self._seen.wait_for(lambda: any(line.startswith((prefix, "<EOF>")) for _, line in self.lines), timeout)
            assert ok, f"no line {prefix!r} within {timeout}s"
            return next(t for t, line in self.lines if line.startswith((prefix, "<EOF>")))

    def saw(self, prefix: str) -> bool:
        with self._seen:
            return any(line.startswith(prefix) for _, line in self.lines)

    def kill(self) -> int:
        """SIGKILL (no chance to clean up) and reap; the exit status (-9, or 0 when it had finished)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=60)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return self.proc.returncode

    def run(self, timeout: float = 300) -> int:
        """Start and let it finish; the exit status."""
        self.go()
        self.proc.wait(timeout=timeout)
        self.wait_for("<EOF>")
        return self.proc.returncode
