"""Static chart images (PNG, SVG) from one warm headless Chromium driven by kaleido, shared per process.

Kaleido 1.x starts a Chromium for every `plotly.io.to_image` call unless a server is kept open,
and its own sync server (`kaleido.start_sync_server`) hands results back through one shared
queue, which is unsafe when two Streamlit sessions export at once. So this module keeps one
`kaleido.Kaleido` open on an event loop in a daemon thread and submits each render to that loop
with `asyncio.run_coroutine_threadsafe`: every caller waits on its own future and kaleido queues
the renders on its single tab.

The browser lives only while it is used (issue 15: it costs ≈ 1 GB RSS, ≈ 280 MB PSS): nothing
starts it at import or on a page view; the first render starts it (one start even when several
sessions export at once; ≈ 2 s, which the UI announces when `is_warm()` is False), later renders
find it warm, and a timer thread stops it after $DVK_RENDER_IDLE_SECONDS (default 300; 0 = never)
without a render. A render in flight is never stopped; one that arrives while the browser is
being stopped waits and starts it again. The browser is also closed at process exit.

Nothing leaves the machine: MathJax is off (`mathjax=False`; kaleido would otherwise load it
from a CDN), plotly.js comes from the installed plotly package, the base-map topojson plotly.js
asks for even when a choropleth brings its own GeoJSON is read from the empty stubs in static/
(a file:// URL; kaleido's Chromium allows file access from its file:// page), and Chromium's own
background traffic is switched off with a host-resolver rule that resolves no name at all.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from dvk.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
TOPOJSON_URL = STATIC_DIR.as_uri() + "/"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
RENDER_TIMEOUT = 60  # seconds for one image
IDLE_SECONDS = 300.0  # without a render, then the browser is stopped
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-domain-reliability",
    "--no-pings",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no host name resolves: the page only reads file:// URLs
)


def chromium_path() -> str | None:
    """The browser kaleido should drive: $DVK_CHROMIUM ('' or 'none' = none), else the first one on PATH."""
    env = os.environ.get("DVK_CHROMIUM")
    if env is not None:
        return env if env and env.lower() != "none" and Path(env).is_file() else None
    for name in CANDIDATES:
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def chromium_available() -> bool:
    """Whether the server can render static images itself (kaleido installed and a Chromium found)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def _quiet_chromium():
    """choreographer's Chromium with the flags that keep it off the network."""
    from choreographer.browsers import Chromium

    class QuietChromium(Chromium):
        def get_cli(self):
            return [*super().get_cli(), *QUIET_FLAGS]

    return QuietChromium


def idle_seconds() -> float:
    """Seconds without a render after which the browser is stopped ($DVK_RENDER_IDLE_SECONDS; ≤ 0 = never)."""
    try:
        return float(os.environ.get("DVK_RENDER_IDLE_SECONDS", IDLE_SECONDS))
    except ValueError:
        return IDLE_SECONDS


class Renderer:
    """One headless Chromium opened on the first render, on its own event-loop thread, stopped when idle
    (thread-safe)."""

    def __init__(
        self, path: str | None = None, timeout: float = RENDER_TIMEOUT, idle: float | None = None, **kopts
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.idle = idle_seconds() if idle is None else idle
        self.kopts = kopts
        self.starts = 0  # how many times a browser was opened
        self._open_lock = threading.Lock()  # one start at a time
        self._cond = threading.Condition()  # guards the fields below
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._busy = 0  # renders (and starts) in flight
        self._stopping = False
        self._last_used = time.monotonic()
        self._timer: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the browser is open (and not being stopped)."""
        return self._kaleido is not None and not self._stopping

    @property
    def pid(self) -> int | None:
        """The browser's process id while it is open."""
        proc = getattr(self._kaleido, "subprocess", None)
        return getattr(proc, "pid", None)

    @contextmanager
    def _in_use(self):
        """Count a caller as using the browser: the idle timer leaves it alone until the caller is done."""
        with self._cond:
            while self._stopping:  # the browser is being closed: wait, then open a new one
                self._cond.wait()
            self._busy += 1
        try:
            yield
        finally:
            with self._cond:
                self._busy -= 1
                self._last_used = time.monotonic()
                self._cond.notify_all()

    def start(self) -> None:
        """Open the browser now unless it is open (later calls return at once)."""
        with self._in_use():
            self._open()

    def _open(self) -> None:
        with self._open_lock:
            if self._kaleido is not None:
                return
            path = self.path or chromium_path()
            if path is None:
                raise RuntimeError("no Chromium found: install one (apt-get install chromium) or set DVK_CHROMIUM")
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="dvk-render", daemon=True).start()
            try:
                k = asyncio.run_coroutine_threadsafe(self._launch(path), loop).result(self.timeout)
            except BaseException:
                loop.call_soon_threadsafe(loop.stop)
                raise
            with self._cond:
                self._kaleido, self._loop = k, loop
                self.starts += 1
                if self.idle > 0 and self._timer is None:
                    self._timer = threading.Thread(target=self._watch_idle, name="dvk-render-idle", daemon=True)
                    self._timer.start()

    async def _launch(self, path: str):
        import kaleido

        k = kaleido.Kaleido(
            n=1, timeout=self.timeout, mathjax=False, path=path, browser_cls=_quiet_chromium(), **self.kopts
        )
        await k.open()
        return k

    def render(self, fig, fmt: str = "png", *, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as PNG/SVG bytes (the browser is opened if needed; one that died is restarted once)."""
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._in_use():
            for attempt in (1, 2):
                self._open()
                future = asyncio.run_coroutine_threadsafe(
                    self._kaleido.calc_fig(fig, opts=opts, topojson=TOPOJSON_URL), self._loop
                )
                try:
                    return future.result(self.timeout + 10)
                except Exception:
                    if attempt == 2 or self._alive():
                        raise
                    self._close()
        raise AssertionError("unreachable")

    def _alive(self) -> bool:
        proc = getattr(getattr(self._kaleido, "subprocess", None), "poll", None)
        return proc is None or proc() is None

    def _watch_idle(self) -> None:
        """The idle timer: close the browser once nobody has used it for `idle` seconds."""
        with self._cond:
            while True:
                if self._kaleido is None:  # closed by someone else
                    self._timer = None
                    return
                left = self._last_used + self.idle - time.monotonic()
                if self._busy == 0 and left <= 0:
                    break
                self._cond.wait(left if self._busy == 0 else None)  # a finished render notifies
            self._timer = None
            self._stopping = True  # still under the lock: no render can slip in before the close
            k, loop = self._kaleido, self._loop
        self._shut(k, loop)

    def _close(self) -> None:
        with self._cond:
            k, loop = self._kaleido, self._loop
            if k is None or self._stopping:
                return
            self._stopping = True
        self._shut(k, loop)

    def _shut(self, k, loop) -> None:
        """Close browser `k` on `loop` (the caller set `_stopping`), then let waiting renders in."""
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing a dead browser may fail; the process goes anyway
            pass
        loop.call_soon_threadsafe(loop.stop)
        with self._cond:
            self._kaleido = self._loop = None
            self._stopping = False
            self._cond.notify_all()

    def close(self) -> None:
        """Close the browser and stop its thread (the next render opens a new one)."""
        self._close()


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def renderer() -> Renderer:
    """The process's renderer (created on first use, without a browser; closed at exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.close)
        return _shared


def is_warm() -> bool:
    """Whether the shared browser is open now, so that an export needs no start (cheap: starts nothing)."""
    return _shared is not None and _shared.running


def warm_up() -> None:
    """Open the shared browser now (blocking), e.g. while the page says it is preparing the exporter."""
    if chromium_available():
        renderer().start()


def render(fig, fmt: str = "png", *, width: int, height: int, scale: float = 1) -> bytes:
    """Render with the shared browser (opened on the first render)."""
    return renderer().render(fig, fmt, width=width, height=height, scale=scale)
