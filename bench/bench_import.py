#!/usr/bin/env python3
"""Benchmark: `render.py import` time per page, for extracted text and for a page PDF.

Cases (in one warm process, median of N runs, divided by the source's pages):

* text: the sample's seed text (samples/issue-2018-04-28/seed, one page)
  read, structured, repaired and written (issue.yaml, the articles,
  IMPORT.md);
* pdf: the sample issue rendered by this engine (2 pages, vertical and
  horizontal text, a photo, jump lines) imported the same way;
* verify: composing the written issue (no PDF) to look for overset, what
  `render.py import` adds unless `--no-verify`.

A calibration loop is timed first so a loaded machine shows.
Target (issue 13, "Archive reprints"): import of one page, text or PDF,
well under a second: <= 0.5 s a page here; verification <= 1 s a page.

Usage: python bench/bench_import.py [--runs 5] [--profile]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "samples" / "issue-2018-04-28" / "seed" / "front-page-extracted.txt"
PAGE_S = 0.5
VERIFY_S = 1.0


def calibration() -> float:
    """Seconds for a fixed pure-Python loop (about 0.05 s on an idle 2-core machine)."""
    start = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i % 7
    return time.perf_counter() - start


def render_sample(folder: Path) -> Path:
    """The bundled sample issue rendered into ``folder``; the combined PDF."""
    run = subprocess.run([sys.executable, str(ROOT / "render.py"), "-o", str(folder), "--no-preflight"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"the sample did not render:\n{run.stderr}")
    return folder / "20180428.pdf"


def time_import(source: Path, out: Path, runs: int) -> tuple:
    """(median seconds of import + write, pages of the source, the last result)."""
    from layout.reprint.importer import import_source
    from layout.reprint.writer import write_import

    times, result = [], None
    for n in range(runs):
        start = time.perf_counter()
        result = import_source(source)
        write_import(result, out / f"run-{n}")
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(1, len(result.pages)), result, out / f"run-{runs - 1}"


def time_verify(result, folder: Path, runs: int) -> float:
    """Median seconds of composing the written issue for overset (``confidence.overset_doubts``)."""
    from layout.reprint.confidence import overset_doubts

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        overset_doubts(result, folder / "issue.yaml")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Print the figures and the targets; exit 1 when a per-page figure is over its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the PDF import (top 25 by cumulative time)")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.3f} s (about 0.05 s when the machine is idle)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = render_sample(tmp / "sample")
        time_import(SEED, tmp / "warm", 1)  # imports and font metrics warm
        rows, over = [], False
        for name, source in (("text", SEED), ("pdf", pdf)):
            seconds, pages, result, written = time_import(source, tmp / name, args.runs)
            per_page = seconds / pages
            verify = time_verify(result, written, max(1, args.runs // 2)) / pages
            over |= per_page > PAGE_S or verify > VERIFY_S
            rows.append((name, pages, seconds, per_page, verify))
        print(f"{'source':8}{'pages':>6}{'import+write':>14}{'per page':>10}{'verify/page':>13}   target")
        for name, pages, seconds, per_page, verify in rows:
            print(f"{name:8}{pages:>6}{seconds:>13.3f}s{per_page:>9.3f}s{verify:>12.3f}s   "
                  f"<= {PAGE_S} s a page, verify <= {VERIFY_S} s")
        if args.profile:
            import cProfile
            import pstats

            from layout.reprint.importer import import_source

            profiler = cProfile.Profile()
            profiler.runcall(import_source, pdf)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print("over target" if over else "within target")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
