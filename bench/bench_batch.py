#!/usr/bin/env python3
"""Benchmark: render.py batch throughput on Dask (1 and 2 local workers) against a shell loop of render.py issue.

Issues: N copies of the bundled sample (2 pages each) with different issue
numbers, preflight off (``--no-preflight``), into fresh folders. Cases:

* loop: ``render.py issue ISSUE -o OUT --no-preflight`` once per issue, one
  cold process each (what archives do today); pages / wall time;
* batch, 1 and 2 workers: a LocalCluster is started and its workers have
  loaded the fonts (start-up timed apart), then ``run_batch`` renders all
  issues; pages / time from submission to the manifest written. Memory per
  worker is the resident set of each worker process after the batch.

Targets (issue 15): >= 8 pages/s with 2 workers, >= 1.7x speed-up from 1 to
2 workers. The machine has 2 cores; another load on it lowers both figures.

Usage: python3 bench/bench_batch.py [--issues 24] [--fonts FONTS_YAML] [--skip-loop]
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES_PER_S = 8.0
SPEEDUP = 1.7
SAMPLE = ROOT / "samples" / "issue-2018-04-28"


def make_issues(root: Path, count: int) -> Path:
    """root/src with the templates and ``count`` copies of the sample issue (numbers 1..count)."""
    src = root / "src"
    shutil.copytree(ROOT / "templates", src / "templates")
    for i in range(1, count + 1):
        folder = src / f"issue-{i:04d}"
        shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("seed", "FIXES.md", "make_photo.py"))
        yaml = folder / "issue.yaml"
        text = yaml.read_text(encoding="utf-8").replace("templates: ../../templates", "templates: ../templates")
        yaml.write_text(text.replace("  number: 36\n", f"  number: {i}\n"), encoding="utf-8")
    return src


def shell_loop(src: Path, out: Path, fonts) -> tuple:
    """(pages, seconds) of one render.py issue process per issue."""
    extra = ["--fonts", fonts] if fonts else []
    started = time.perf_counter()
    for issue in sorted(src.glob("issue-*/issue.yaml")):
        subprocess.run([sys.executable, str(ROOT / "render.py"), "issue", str(issue), "-o", str(out / issue.parent.name),
                        "--no-preflight", *extra], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return 2 * len(list(src.glob("issue-*/issue.yaml"))), seconds


def batch(src: Path, out: Path, workers: int, fonts) -> dict:
    """Start a LocalCluster of ``workers``, warm it, run the batch; figures as a dict."""
    from distributed import Client

    from layout.batch.run import BatchOptions, local_cluster, run_batch
    from layout.batch.sources import collect
    from layout.batch.worker import WarmFonts

    started = time.perf_counter()
    cluster = local_cluster(workers, ":0")
    client = Client(cluster)
    client.register_plugin(WarmFonts(fonts))
    startup = time.perf_counter() - started
    try:
        render = {"preflight": False, "marks": True, "icc_profile": "", "tac_limit": None, "min_ppi": None}
        opts = BatchOptions(outdir=out, workers=workers, fonts=fonts, render=render)
        cpu0 = client.run(_cpu)
        t0 = time.perf_counter()
        result = run_batch(collect([str(src)], skip=out), opts, client=client, stream=io.StringIO())
        seconds = time.perf_counter() - t0
        cpu = {w: c - cpu0[w] for w, c in client.run(_cpu).items()}
        rss = client.run(_rss)
    finally:
        client.close()
        cluster.close()
    assert result.exit_code == 0, result.summary
    pages = result.summary["pages_rendered"]
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds, "startup": startup,
            "rss_mb": sorted(v / 1e6 for v in rss.values()), "cpu": sorted(cpu.values()),
            "pages_per_cpu_s": pages / max(cpu.values())}


def _cpu() -> float:
    """User + system CPU seconds of this (worker) process."""
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def main() -> int:
    """Run the cases and print figures beside the targets; 1 when a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--issues", type=int, default=24, help="issues of 2 pages each (default 24)")
    ap.add_argument("--fonts", help="fonts.yaml (default: the project's fonts/fonts.yaml)")
    ap.add_argument("--skip-loop", action="store_true", help="do not time the shell loop")
    ap.add_argument("--runs", type=int, default=1, help="batch runs per worker count; the best is kept (default 1)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1524873600")
    fonts = str(Path(args.fonts).resolve()) if args.fonts else None
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        src = make_issues(root, args.issues)
        print(f"{args.issues} issues x 2 pages, preflight off, {os.cpu_count()} cores; "
              f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (other work lowers the figures)")
        if not args.skip_loop:
            pages, seconds = shell_loop(src, root / "loop", fonts)
            print(f"shell loop of render.py issue: {pages} pages in {seconds:.2f} s = {pages / seconds:.2f} pages/s")
        figures = {}
        for workers in (1, 2):
            runs = [batch(src, root / f"batch{workers}-{i}", workers, fonts) for i in range(args.runs)]
            figures[workers] = f = max(runs, key=lambda r: r["pages_per_s"])
            print(f"batch, {workers} worker(s): {f['pages']} pages in {f['seconds']:.2f} s = {f['pages_per_s']:.2f} pages/s "
                  f"(best of {args.runs}; cluster start {f['startup']:.1f} s; worker RSS "
                  f"{', '.join(f'{m:.0f}' for m in f['rss_mb'])} MB; worker CPU {', '.join(f'{c:.1f}' for c in f['cpu'])} s "
                  f"= {f['pages_per_cpu_s']:.2f} pages per worker-CPU-second)")
        print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    speedup = figures[2]["pages_per_s"] / figures[1]["pages_per_s"]
    ok_rate = figures[2]["pages_per_s"] >= PAGES_PER_S
    ok_speed = speedup >= SPEEDUP
    print(f"2 workers: {figures[2]['pages_per_s']:.2f} pages/s (target >= {PAGES_PER_S}) {'OK' if ok_rate else 'MISSED'}")
    print(f"speed-up 1 -> 2 workers: {speedup:.2f}x (target >= {SPEEDUP}x) {'OK' if ok_speed else 'MISSED'}")
    return 0 if ok_rate and ok_speed else 1


if __name__ == "__main__":
    sys.exit(main())
