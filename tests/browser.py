"""Helpers for the real-browser tests: a Streamlit server on loopback and pages that cannot leave the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module without Debian's chromium, except in CI where it must be there."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the browser tests (apt-get install chromium)")
        pytest.skip("browser tests need Debian's chromium: apt-get install chromium", allow_module_level=True)


class ServerURL(str):
    """The server's address, which also knows the server's process id."""

    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db: Path, log_path: Path, extra_env: dict | None = None):
    """The app served by a real Streamlit server on loopback, reading the warehouse `db`; yields its URL."""
    port = free_port()
    env = {**os.environ, "DVK_DB": str(db), "PYTHONPATH": str(ROOT), **(extra_env or {})}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dvk.ui.serve",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = ServerURL(f"http://127.0.0.1:{port}")
        url.pid = proc.pid
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise RuntimeError(f"streamlit did not start; see {log_path}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def guarded_page(browser, **context_args):
    """(context, page): every request to anywhere but this machine is aborted and listed in page.outside."""
    context = browser.new_context(locale="vi-VN", **context_args)
    outside: list[str] = []

    def gate(route):
        host = urlparse(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    page.outside = outside
    return context, page
