"""Benchmark of the standard galley job (issue 3): not a timed test.

The sample body text (samples/seed-body.txt), A3, 5 columns, 4 mm gutter,
15 mm margins, 9 pt on 14 pt, 2 em indent, Noto Serif SC from the pip
package (fonts/fonts.yaml role song); once as is (x1) and repeated ten
times (x10). Reports:

* whole-process wall time of ``render.py galley`` (median of 5 after one warm-up), from cached bytecode
  (bench_startup.child_env: PYTHONPYCACHEPREFIX under the temporary folder, PYTHONDONTWRITEBYTECODE cleared),
* peak RSS of that process (ru_maxrss of the child),
* in-process break-and-justify throughput (set_paragraph over every paragraph),
* first-fit versus total-fit: speed and line quality (mean and worst
  justification spacing added per gap, and lines set with compressed marks).

Usage: python bench/bench_galley.py [--profile] [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "seed-body.txt"
ARGS = ["--page", "A3", "--columns", "5", "--gutter", "4mm", "--margin", "15mm", "--font-size", "9pt",
        "--leading", "14pt", "--indent", "2em", "--font", "song"]
MEASURE = None  # set in main: column width of the standard job


def job_file(folder: str, times: int) -> str:
    """The sample text repeated ``times`` times, written to a temporary file."""
    path = os.path.join(folder, f"x{times}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(SEED.read_text(encoding="utf-8") * times)
    return path


def run_once(text_file: str, out: str):
    """(wall seconds, peak RSS MB) of one render.py galley process."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    from bench_startup import child_env  # bytecode cached, as an installed package runs (whatever the caller's env)

    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "galley", text_file, "-o", out, *ARGS],
                          capture_output=True, text=True, env=child_env(source=False))
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"galley failed: {proc.stderr}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(rss, before) / 1024.0


def whole_process(text_file: str, runs: int):
    """Median wall time and peak RSS over ``runs`` runs after one warm-up."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.pdf")
        run_once(text_file, out)
        walls, rss = [], 0.0
        for _ in range(runs):
            wall, mb = run_once(text_file, out)
            walls.append(wall)
            rss = max(rss, mb)
    return statistics.median(walls), rss


def paragraphs(times: int):
    """Non-blank lines of the sample text repeated ``times`` times."""
    text = SEED.read_text(encoding="utf-8") * times
    return [line.strip() for line in text.splitlines() if line.strip()]


def throughput(fontset, breaker: str, times: int = 10, repeat: int = 5):
    """(chars/s, lines) of set_paragraph over the x``times`` text, best of ``repeat``."""
    from layout.text import ParagraphStyle, set_paragraph

    paras = paragraphs(times)
    chars = sum(len(p) for p in paras)
    style = ParagraphStyle(size=9, leading=14, indent=2, breaker=breaker)
    set_paragraph(paras[0], style, fontset, MEASURE)  # warm the glyph cache
    best, lines = float("inf"), []
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: less disturbed by other processes on a shared machine
        lines = [ln for p in paras for ln in set_paragraph(p, style, fontset, MEASURE)]
        best = min(best, time.process_time() - t0)
    return chars / best, lines


def calibration() -> float:
    """CPU seconds of a 10-million-iteration Python loop (about 0.45 s on an idle 2-core machine of this kind)."""
    t0 = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - t0


def quality(lines):
    """Spacing added per gap on justified lines (em): mean, worst; and lines needing compression."""
    spread, squeezed = [], 0
    for ln in lines:
        if ln.is_last or ln.units < 2:
            continue
        slack = (ln.measure - ln.natural) / ln.size
        if slack < -1e-6:
            squeezed += 1
        elif slack > 1e-6:
            spread.append(slack / max(1, ln.units - 1))
    mean = statistics.mean(spread) if spread else 0.0
    return mean, max(spread, default=0.0), len(spread), squeezed


def main() -> None:
    """Run the benchmark and print the figures."""
    global MEASURE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="profile break-and-justify with cProfile")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from layout.fonts import load_fontset
    from layout.units import parse_length, parse_page_size

    w, _ = parse_page_size("A3")
    MEASURE = (w - 2 * parse_length("15mm") - 4 * parse_length("4mm")) / 5
    fontset = load_fontset()
    from layout import compiled
    print(f"text modules: {compiled.state} (layout/compiled.py; --profile sees into them only in a pure build)")
    print(f"calibration: 10M-iteration loop {calibration():.2f} s CPU (machine load shows here)")
    with tempfile.TemporaryDirectory() as tmp:
        for times in (1, 10):
            wall, rss = whole_process(job_file(tmp, times), a.runs)
            print(f"x{times:<3} whole process: median {wall:.3f} s over {a.runs} runs, peak RSS {rss:.0f} MB")
    for breaker in ("first-fit", "total-fit"):
        cps, lines = throughput(fontset, breaker)
        mean, worst, n, squeezed = quality(lines)
        print(f"{breaker:9} break-and-justify: {cps:,.0f} chars/s; {len(lines)} lines; spread lines {n}, "
              f"mean +{mean:.3f} em/gap, worst +{worst:.3f} em/gap; compressed lines {squeezed}")
    if a.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runctx("throughput(fontset, 'first-fit', repeat=1)", globals(), {"fontset": fontset})
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
