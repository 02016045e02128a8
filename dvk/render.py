"""Static chart images (PNG, SVG) from one warm headless Chromium driven by kaleido, shared per process.

Kaleido 1.x starts a Chromium for every `plotly.io.to_image` call unless a server is kept open,
and its own sync server (`kaleido.start_sync_server`) hands results back through one shared
queue, which is unsafe when two Streamlit sessions export at once. So this module keeps one
`kaleido.Kaleido` open on an event loop in a daemon thread and submits each render to that loop
with `asyncio.run_coroutine_threadsafe`: every caller waits on its own future, kaleido queues
the renders on its single tab, and the browser start (~2 s) is paid once per process.

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
from pathlib import Path

from dvk.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
TOPOJSON_URL = STATIC_DIR.as_uri() + "/"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
RENDER_TIMEOUT = 60  # seconds for one image
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


class Renderer:
    """One headless Chromium kept open for renders, on its own event-loop thread (thread-safe)."""

    def __init__(self, path: str | None = None, timeout: float = RENDER_TIMEOUT, **kopts) -> None:
        self.path = path
        self.timeout = timeout
        self.kopts = kopts
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    @property
    def running(self) -> bool:
        """Whether the browser is open."""
        return self._kaleido is not None

    def start(self) -> None:
        """Open the browser (once; later calls return at once)."""
        with self._lock:
            if self._kaleido is not None:
                return
            path = self.path or chromium_path()
            if path is None:
                raise RuntimeError("no Chromium found: install one (apt-get install chromium) or set DVK_CHROMIUM")
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="dvk-render", daemon=True).start()
            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(self._open(path), loop).result(self.timeout)
            except BaseException:
                loop.call_soon_threadsafe(loop.stop)
                raise
            self._loop = loop

    async def _open(self, path: str):
        import kaleido

        k = kaleido.Kaleido(
            n=1, timeout=self.timeout, mathjax=False, path=path, browser_cls=_quiet_chromium(), **self.kopts
        )
        await k.open()
        return k

    def render(self, fig, fmt: str = "png", *, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as PNG/SVG bytes; a browser that died is restarted once."""
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        for attempt in (1, 2):
            self.start()
            future = asyncio.run_coroutine_threadsafe(
                self._kaleido.calc_fig(fig, opts=opts, topojson=TOPOJSON_URL), self._loop
            )
            try:
                return future.result(self.timeout + 10)
            except Exception:
                if attempt == 2 or self._alive():
                    raise
                self.close()
        raise AssertionError("unreachable")

    def _alive(self) -> bool:
        proc = getattr(getattr(self._kaleido, "subprocess", None), "poll", None)
        return proc is None or proc() is None

    def close(self) -> None:
        """Close the browser and stop its thread."""
        with self._lock:
            k, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if k is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing a dead browser may fail; the process goes anyway
            pass
        loop.call_soon_threadsafe(loop.stop)


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def renderer() -> Renderer:
    """The process's renderer (created on first use, closed at exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.close)
        return _shared


def warm_up(block: bool = False) -> None:
    """Start the shared browser now (in the background unless `block`), so the first export is fast."""
    if not chromium_available() or renderer().running:
        return
    if block:
        renderer().start()
    else:
        threading.Thread(target=_start_quietly, name="dvk-render-warm-up", daemon=True).start()


def _start_quietly() -> None:
    try:
        renderer().start()
    except Exception:  # noqa: BLE001 - a failed warm-up shows up, with its message, on the first export
        pass


def render(fig, fmt: str = "png", *, width: int, height: int, scale: float = 1) -> bytes:
    """Render with the shared warm browser."""
    return renderer().render(fig, fmt, width=width, height=height, scale=scale)
