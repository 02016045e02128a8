"""Benchmark: the server's memory with and without the export browser (issue 15).

    .venv/bin/python bench/bench_memory.py [--scales 1 100] [--idle 20] [--db PATH]

For each warehouse (bench/out/pages/warehouse-x<scale>.duckdb, as bench/bench_pages.py builds
them; a missing one is skipped, `--db` measures one given file), a real Streamlit server is
started on loopback (`python -m dvk.ui.serve`, DVK_DB pointing at it, DVK_RENDER_IDLE_SECONDS =
--idle) and the memory of its whole process tree — resident set (VmRSS of /proc/<pid>/status) and
proportional set (Pss of /proc/<pid>/smaps_rollup, which shares each shared page among the
processes that map it; the fairer sum) — is read:

1. after start (the health check answers);
2. after one headless browser (outside the server's tree) has visited every page, exporting nothing;
3. after one PNG export of the Rankings chart (the export browser is then open);
4. after the idle time, once the export browser has gone.

Each figure is given for the whole tree and for its Chromium part. Target (issue 15): the server
with no export done ≤ 400 MB at 100×. Results go to bench/out/memory-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import PAGES  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, streamlit_server  # noqa: E402
from tests.test_render import _cmdline, _descendants, browsers  # noqa: E402

OUT = ROOT / "bench" / "out"
PAGE_TIMEOUT_MS = 120_000


def _kb(path: Path, field: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory(pid: int) -> dict:
    """RSS and PSS (MB) of `pid` and every process below it, and of the Chromium processes among them."""
    procs = [pid, *_descendants(pid)]
    out = {"processes": len(procs), "rss_mb": 0.0, "pss_mb": 0.0, "chromium_rss_mb": 0.0, "chromium_pss_mb": 0.0}
    for p in procs:
        rss = _kb(Path(f"/proc/{p}/status"), "VmRSS") / 1024
        pss = _kb(Path(f"/proc/{p}/smaps_rollup"), "Pss") / 1024
        out["rss_mb"] += rss
        out["pss_mb"] += pss
        if "chrom" in _cmdline(p).split(" ")[0].lower():
            out["chromium_rss_mb"] += rss
            out["chromium_pss_mb"] += pss
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in out.items()}


def _settled(page) -> None:
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=PAGE_TIMEOUT_MS)


def measure(db: Path, idle: float) -> dict:
    from playwright.sync_api import sync_playwright

    log = OUT / f"memory-{db.stem}.log"
    steps: dict = {}
    with (
        streamlit_server(db, log, extra_env={"DVK_RENDER_IDLE_SECONDS": str(idle)}) as url,
        sync_playwright() as p,
    ):
        time.sleep(3)  # let the start settle
        steps["after start"] = tree_memory(url.pid)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, page = guarded_page(browser, accept_downloads=True, viewport={"width": 1280, "height": 900})
        visited = []
        for name in PAGES:
            try:
                page.goto(f"{url}/{name}?from=2016&to=2026", timeout=PAGE_TIMEOUT_MS)
                _settled(page)
                visited.append(name)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                visited.append(f"{name} ({type(exc).__name__})")
        steps["after pages, no export"] = tree_memory(url.pid)
        steps["after pages, no export"]["export_browsers"] = len(browsers(url.pid))

        page.goto(f"{url}/rankings?from=2016&to=2026", timeout=PAGE_TIMEOUT_MS)
        _settled(page)
        button = page.locator(".st-key-rank_chart_png button").first
        t0 = time.perf_counter()
        with page.expect_download(timeout=PAGE_TIMEOUT_MS) as info:
            button.click()
            try:
                page.get_by_text("Đang chuẩn bị trình xuất hình").first.wait_for(timeout=5_000)
                preparing = True
            except Exception:  # noqa: BLE001 - not seen (e.g. the browser opened before the rerun drew it)
                preparing = False
        png = Path(info.value.path()).read_bytes()
        first_export_s = time.perf_counter() - t0
        steps["after one PNG export"] = tree_memory(url.pid)
        steps["after one PNG export"]["export_browsers"] = len(browsers(url.pid))

        t0 = time.perf_counter()
        end = time.monotonic() + idle + 120
        while browsers(url.pid) and time.monotonic() < end:
            time.sleep(1)
        gone_after_s = time.perf_counter() - t0
        time.sleep(2)
        steps["after the idle time"] = tree_memory(url.pid)
        steps["after the idle time"]["export_browsers"] = len(browsers(url.pid))

        with page.expect_download(timeout=PAGE_TIMEOUT_MS) as info:
            page.locator(".st-key-rank_chart_png button").first.click()
        again = Path(info.value.path()).read_bytes()
        context.close()
        browser.close()
    return {
        "db": str(db),
        "idle_seconds": idle,
        "pages": visited,
        "steps": steps,
        "first_png_bytes": len(png),
        "first_png_ok": png[:8] == b"\x89PNG\r\n\x1a\n",
        "first_export_s": round(first_export_s, 2),
        "preparing_shown": preparing,
        "browser_gone_after_s": round(gone_after_s, 1),
        "png_after_idle_ok": again[:8] == b"\x89PNG\r\n\x1a\n",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", nargs="+", type=float, default=[1, 100])
    ap.add_argument("--idle", type=float, default=20, help="DVK_RENDER_IDLE_SECONDS for the server")
    ap.add_argument("--db", type=Path, help="measure this warehouse instead")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    dbs = {"db": args.db} if args.db else {f"{s:g}×": OUT / "pages" / f"warehouse-x{s:g}.duckdb" for s in args.scales}
    results = {}
    for tag, db in dbs.items():
        if not db.exists():
            print(f"[{tag}] {db} missing: skipped (bench/bench_pages.py builds it)", flush=True)
            continue
        print(f"[{tag}] measuring {db} …", flush=True)
        results[tag] = r = measure(db, args.idle)
        print(
            f"[{tag}] first PNG {r['first_export_s']} s (ok {r['first_png_ok']}, 'preparing' shown "
            f"{r['preparing_shown']}); browser gone {r['browser_gone_after_s']} s after it; "
            f"PNG after idle ok {r['png_after_idle_ok']}; pages {r['pages']}",
            flush=True,
        )
    print("\n| scale | step | processes | RSS MB | PSS MB | of which Chromium RSS / PSS MB |")
    print("|---|---|---|---|---|---|")
    for tag, r in results.items():
        for step, m in r["steps"].items():
            print(
                f"| {tag} | {step} | {m['processes']} | {m['rss_mb']:.0f} | {m['pss_mb']:.0f} | "
                f"{m['chromium_rss_mb']:.0f} / {m['chromium_pss_mb']:.0f} |"
            )
    out = OUT / f"memory-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
