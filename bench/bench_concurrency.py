"""Benchmark: many people at once — N concurrent headless browser sessions on one server.

    .venv/bin/python bench/bench_concurrency.py [--sessions 10 30] [--minutes 10] [--scale 100] [--db PATH]

Each session is its own browser context (its own Streamlit session) in one headless Debian
Chromium, driven with Playwright's async API, requests off this machine blocked. Sessions loop
over the map, rankings and records pages, each visit with a different period, so that the
server's caches see new filter combinations as well as repeated ones. A page time runs from
`page.goto` to the moment the page has finished running (its title is drawn and Streamlit's
"running" indicator is gone); an error is an exception box, a page that does not finish in 30 s,
or a failed navigation.

The server's memory (resident set of the server process) is sampled every 5 s; after the first
quarter of the run (warm-up), a least-squares slope in MB per minute says whether it keeps growing.

`--mode protocol` replaces the browsers by Streamlit's own wire protocol: each session is one
websocket to /_stcore/stream that asks for a page (page name + query string, as the browser's
code does when a person follows a link in the app) and waits for the run to finish. The server
does exactly the same work; the time leaves out the browser's rendering, and the load generator
costs next to nothing — on a 2-core machine the browsers of `--mode browser` take most of the CPU
themselves (see the CPU shares printed), so their page times say more about Chromium than about
the server.

The warehouse is the 100× synthetic sample by default, built and cached by bench/bench_pages.py.
Targets (issue 6): 30 sessions with 0 errors, p95 ≤ 2 s on this machine, memory flat after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import OUT, ensure_warehouse  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, streamlit_server  # noqa: E402

PAGES = ("map", "rankings", "records")
PERIODS = [(2016, 2026), (2021, 2023), (2019, 2024), (2025, 2026), (2023, 2023), (2016, 2020)]
PAGE_TIMEOUT_MS = 30_000


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, in seconds (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def machine_cpu_seconds() -> float:
    """CPU time used by the whole machine so far (all cores, not idle), in seconds."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    return (sum(parts[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per minute."""
    if len(samples) < 3:
        return float("nan")
    xs, ys = [s[0] for s in samples], [s[1] for s in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


async def session(browser, url: str, index: int, stop_at: float, times: list, errors: list) -> None:
    """One person: visit the pages in turn with changing periods until the time is up."""
    context = await browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})

    async def gate(route):
        from urllib.parse import urlparse

        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", gate)
    page = await context.new_page()
    visit = index  # sessions start at different pages and periods
    while time.monotonic() < stop_at:
        name = PAGES[visit % len(PAGES)]
        y0, y1 = PERIODS[(visit // len(PAGES) + index) % len(PERIODS)]
        visit += 1
        t0 = time.perf_counter()
        try:
            await page.goto(f"{url}/{name}?from={y0}&to={y1}", timeout=PAGE_TIMEOUT_MS)
            await page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            await page.wait_for_function(
                "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=PAGE_TIMEOUT_MS
            )
            if await page.locator("[data-testid='stException']").count():
                errors.append((name, y0, y1, "exception box"))
                continue
        except Exception as exc:  # noqa: BLE001  (counted as an error, the run goes on)
            errors.append((name, y0, y1, type(exc).__name__))
            continue
        times.append((name, time.perf_counter() - t0))
    await context.close()


async def protocol_session(url: str, index: int, stop_at: float, times: list, errors: list) -> None:
    """One person, spoken for in Streamlit's protocol: one websocket, a page asked for and waited for in turn."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    visit = index
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30) as ws:
        while time.monotonic() < stop_at:
            name = PAGES[visit % len(PAGES)]
            y0, y1 = PERIODS[(visit // len(PAGES) + index) % len(PERIODS)]
            visit += 1
            msg = BackMsg()
            msg.rerun_script.query_string = f"from={y0}&to={y1}"
            msg.rerun_script.page_name = name
            t0 = time.perf_counter()
            await ws.send(msg.SerializeToString())
            failed = None
            try:
                while True:
                    fm = ForwardMsg()
                    fm.ParseFromString(await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_MS / 1000))
                    kind = fm.WhichOneof("type")
                    if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                        if fm.delta.new_element.WhichOneof("type") == "exception":
                            failed = "exception: " + fm.delta.new_element.exception.message[:80]
                    elif kind == "page_not_found":
                        failed = "page not found"
                    elif kind == "script_finished":
                        if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue  # the app asked for another run (e.g. the URL written); wait for that one
                        if fm.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                            failed = failed or f"finished with status {fm.script_finished}"
                        break
            except TimeoutError:
                failed = "no answer in 30 s"
            if failed:
                errors.append((name, y0, y1, failed))
            else:
                times.append((name, time.perf_counter() - t0))


async def run(url: str, pid: int, sessions: int, seconds: float, mode: str = "browser") -> dict:
    from playwright.async_api import async_playwright

    times: list[tuple[str, float]] = []
    errors: list[tuple] = []
    memory: list[tuple[float, float]] = []
    start = time.monotonic()
    stop_at = start + seconds

    async def sample_memory():
        while time.monotonic() < stop_at:
            memory.append((time.monotonic() - start, rss_mb(pid)))
            await asyncio.sleep(5)

    cpu0, machine0 = cpu_seconds(pid), machine_cpu_seconds()
    if mode == "protocol":
        await asyncio.gather(
            sample_memory(), *(protocol_session(url, i, stop_at, times, errors) for i in range(sessions))
        )
    else:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await asyncio.gather(
                sample_memory(), *(session(browser, url, i, stop_at, times, errors) for i in range(sessions))
            )
            await browser.close()
    elapsed = time.monotonic() - start
    server_cpu, machine_cpu = cpu_seconds(pid) - cpu0, machine_cpu_seconds() - machine0
    warm = [m for m in memory if m[0] >= seconds / 4]
    all_times = sorted(t for _, t in times)

    def pct(values, q):
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    return {
        "mode": mode,
        "sessions": sessions,
        "server_cpu_share": server_cpu / (elapsed * (os.cpu_count() or 1)),
        "machine_cpu_share": machine_cpu / (elapsed * (os.cpu_count() or 1)),
        "seconds": seconds,
        "pages_served": len(times),
        "errors": len(errors),
        "error_examples": [list(e) for e in errors[:5]],
        "error_kinds": sorted({e[3] for e in errors}),
        "p50_s": pct(all_times, 0.50),
        "p95_s": pct(all_times, 0.95),
        "max_s": all_times[-1] if all_times else float("nan"),
        "per_page_p95_s": {n: pct(sorted(t for m, t in times if m == n), 0.95) for n in PAGES},
        "rss_start_mb": memory[0][1] if memory else float("nan"),
        "rss_peak_mb": max(m[1] for m in memory) if memory else float("nan"),
        "rss_end_mb": memory[-1][1] if memory else float("nan"),
        "rss_slope_after_warmup_mb_per_min": slope_mb_per_min(warm),
        "memory_samples": memory,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 30])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--scale", type=float, default=100)
    ap.add_argument("--db", type=Path, help="a warehouse to use instead of the cached sample")
    ap.add_argument(
        "--mode",
        choices=["browser", "protocol"],
        default="browser",
        help="headless Chromium sessions (default) or Streamlit protocol clients (no browser)",
    )
    args = ap.parse_args()
    if args.mode == "browser" and not Path(CHROMIUM).exists():
        sys.exit("needs Debian's chromium: apt-get install chromium")
    db = args.db or ensure_warehouse(args.scale, keep=True, rebuild=False)
    results = []
    for n in args.sessions:
        log = OUT / f"concurrency-server-{n}.log"
        OUT.mkdir(parents=True, exist_ok=True)
        with streamlit_server(db, log) as url:
            pid = url.pid
            print(f"[{n} sessions, {args.mode}] {args.minutes:g} min on {db.name} …", flush=True)
            r = asyncio.run(run(url, pid, n, args.minutes * 60, args.mode))
            results.append(r)
            print(
                f"[{n} sessions] pages {r['pages_served']}, errors {r['errors']} {r['error_kinds']}, "
                f"p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s, max {r['max_s']:.2f} s; "
                f"RSS {r['rss_start_mb']:.0f} → peak {r['rss_peak_mb']:.0f} → end {r['rss_end_mb']:.0f} MB, "
                f"slope after warm-up {r['rss_slope_after_warmup_mb_per_min']:+.1f} MB/min; "
                f"CPU: server {r['server_cpu_share']:.0%}, whole machine {r['machine_cpu_share']:.0%} of {os.cpu_count()} cores",
                flush=True,
            )
    print(
        "\n| mode | sessions | pages | errors | p50 | p95 | max | RSS peak | RSS slope after warm-up | server CPU | machine CPU |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['mode']} | {r['sessions']} | {r['pages_served']} | {r['errors']} | {r['p50_s']:.2f} s | "
            f"{r['p95_s']:.2f} s | {r['max_s']:.2f} s | {r['rss_peak_mb']:.0f} MB | "
            f"{r['rss_slope_after_warmup_mb_per_min']:+.1f} MB/min | {r['server_cpu_share']:.0%} | {r['machine_cpu_share']:.0%} |"
        )
    out = OUT / f"concurrency-{args.mode}-{dt.date.today()}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
