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

The warehouse is the 100× synthetic sample by default, built and cached by bench/bench_pages.py.
Targets (issue 6): 30 sessions with 0 errors, p95 ≤ 2 s on this machine, memory flat after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
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


async def run(url: str, pid: int, sessions: int, seconds: float) -> dict:
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

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(
            sample_memory(), *(session(browser, url, i, stop_at, times, errors) for i in range(sessions))
        )
        await browser.close()
    warm = [m for m in memory if m[0] >= seconds / 4]
    all_times = sorted(t for _, t in times)

    def pct(values, q):
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    return {
        "sessions": sessions,
        "seconds": seconds,
        "pages_served": len(times),
        "errors": len(errors),
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
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("needs Debian's chromium: apt-get install chromium")
    db = args.db or ensure_warehouse(args.scale, keep=True, rebuild=False)
    results = []
    for n in args.sessions:
        log = OUT / f"concurrency-server-{n}.log"
        OUT.mkdir(parents=True, exist_ok=True)
        with streamlit_server(db, log) as url:
            pid = url.pid
            print(f"[{n} sessions] {args.minutes:g} min on {db.name} …", flush=True)
            r = asyncio.run(run(url, pid, n, args.minutes * 60))
            results.append(r)
            print(
                f"[{n} sessions] pages {r['pages_served']}, errors {r['errors']} {r['error_kinds']}, "
                f"p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s, max {r['max_s']:.2f} s; "
                f"RSS {r['rss_start_mb']:.0f} → peak {r['rss_peak_mb']:.0f} → end {r['rss_end_mb']:.0f} MB, "
                f"slope after warm-up {r['rss_slope_after_warmup_mb_per_min']:+.1f} MB/min",
                flush=True,
            )
    print("\n| sessions | pages | errors | p50 | p95 | max | RSS peak | RSS slope after warm-up |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['sessions']} | {r['pages_served']} | {r['errors']} | {r['p50_s']:.2f} s | {r['p95_s']:.2f} s | "
            f"{r['max_s']:.2f} s | {r['rss_peak_mb']:.0f} MB | {r['rss_slope_after_warmup_mb_per_min']:+.1f} MB/min |"
        )
    out = OUT / f"concurrency-{dt.date.today()}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
