#!/usr/bin/env python3
"""Benchmark: the standard galley job in vertical mode (竖排).

The sample body text on A3, 5 tiers (栏) stacked top to bottom, 4 mm gutter,
15 mm margins, 9 pt on 14 pt, 2 em indent, the song (Noto Serif SC) role;
once as is (x1) and with the text repeated ten times (x10). Reports the
whole-process wall time of ``render.py galley --vertical`` (median of N runs
after one warm-up), the peak RSS of the child process, and the in-process
vertical setting throughput (set_paragraph in vertical-rl: orientation, kinsoku, compression).

Target (issue "Vertical writing mode"): x10 <= 0.25 s whole process.

Usage: python bench/bench_vertical.py [--runs 5] [--text samples/seed-body.txt]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOB = ["--vertical", "--page", "A3", "--columns", "5", "--gutter", "4mm", "--margin", "15mm",
       "--font-size", "9pt", "--leading", "14pt", "--indent", "2em", "--font", "song"]


def run_once(text_file: Path, out_pdf: Path) -> tuple:
    """One whole-process render; returns (seconds, child peak RSS in MB, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "galley", str(text_file), "-o", str(out_pdf), *JOB],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"galley --vertical failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak, proc.stdout.strip()


def time_job(text_file: Path, runs: int, out_pdf: Path) -> dict:
    """Median wall time of ``runs`` renders after a warm-up (font cache, page cache)."""
    run_once(text_file, out_pdf)
    times, peak, report = [], 0.0, ""
    for _ in range(runs):
        t, p, report = run_once(text_file, out_pdf)
        times.append(t)
        peak = max(peak, p)
    return {"median": statistics.median(times), "min": min(times), "peak_mb": peak, "report": report}


def shaping_throughput(text: str, repeat: int = 5) -> float:
    """Characters per second of vertical paragraph setting (set_paragraph in vertical-rl), in process."""
    sys.path.insert(0, str(ROOT))
    from layout.fonts import load_fontset
    from layout.text import ParagraphStyle, set_paragraph

    fontset = load_fontset()
    style = ParagraphStyle(size=10.5, writing_mode="vertical-rl")
    paragraphs = [p for p in text.splitlines() if p.strip()]
    set_paragraph(paragraphs[0], style, fontset, 300.0)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for p in paragraphs:
            set_paragraph(p, style, fontset, 300.0)
    return repeat * sum(map(len, paragraphs)) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--text", default=str(ROOT / "samples" / "seed-body.txt"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from layout import compiled
    print(f"text modules: {compiled.state} (layout/compiled.py)")
    text = Path(args.text).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        x1, x10 = Path(tmp, "x1.txt"), Path(tmp, "x10.txt")
        x1.write_text(text, encoding="utf-8")
        x10.write_text("\n".join([text.rstrip("\n")] * 10) + "\n", encoding="utf-8")
        for name, path in (("x1", x1), ("x10", x10)):
            r = time_job(path, args.runs, Path(tmp, f"{name}.pdf"))
            print(f"{name}: median {r['median']:.3f} s (min {r['min']:.3f}), peak RSS {r['peak_mb']:.0f} MB")
            print("    " + r["report"].replace("\n", "\n    "))
    print(f"vertical setting: {shaping_throughput(text):,.0f} characters/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
