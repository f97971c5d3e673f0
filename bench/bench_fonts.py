#!/usr/bin/env python3
"""Benchmark: font loading and subset-and-embed for the PDF writer.

Cases, for the faces that come with pip (Noto Serif SC and Noto Sans SC from
pylopdf-fonts-zh-cn, the variable Noto Sans CJK SC from manimgx-fonts-cjk
pinned at wght 700 and 900) and for the pinned test subsets:

* cold load: ``layout.fonts.load_face`` with an empty temporary BAOBAN_CACHE
  (fontTools parse + pickle written; modules already imported);
* warm load: ``load_face`` again with that cache filled (median of N);
* subset+embed: ``layout.fonts.instance.subset_for_pdf`` for 300 and 3,000
  distinct glyphs (the first ideographs of the font's cmap), which returns
  the bare CFF table (or TrueType file) ready for the FontFile stream.

Targets (issue "Core", benchmark section): warm load <= 30 ms; subset and
embed of 3,000 glyphs <= 150 ms (a static face; the variable face is listed
for information, headlines use a few hundred glyphs).

Usage: python bench/bench_fonts.py [--runs 7] [--profile] [--only serif]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fontTools.ttLib  # noqa: E402,F401  (imported up front: cold figures exclude import time)

from layout.fonts import FontError, load_face  # noqa: E402
from layout.fonts.instance import subset_for_pdf  # noqa: E402
from layout.fonts.registry import _package_file  # noqa: E402

WARM_LOAD_MS = 30.0
EMBED_3000_MS = 150.0


def faces() -> list:
    """(label, path, index, wght) of every face found on this machine."""
    found = [
        ("serif", _package_file("pylopdf_fonts_zh_cn", "NotoSerifSC-Regular.otf"), 0, None),
        ("sans", _package_file("pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf"), 0, None),
        ("hei-vf-700", _package_file("manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc"), 2, 700.0),
        ("hei-vf-900", _package_file("manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc"), 2, 900.0),
        ("serif-test", str(ROOT / "tests" / "fonts" / "data" / "NotoSerifSC-test.otf"), 0, None),
    ]
    return [f for f in found if f[1] and os.path.isfile(f[1])]


def timed(fn, runs: int) -> tuple:
    """(min, median) wall time in ms of fn over runs calls, and its last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times), result


def distinct_gids(face, count: int) -> list:
    """The glyphs of the first `count` ideographs (then any characters) in the face's cmap."""
    cps = sorted(face.cmap, key=lambda cp: (not 0x4E00 <= cp <= 0x9FFF, cp))
    seen, out = set(), []
    for cp in cps:
        gid = face.cmap[cp]
        if gid not in seen:
            seen.add(gid)
            out.append(gid)
        if len(out) == count:
            break
    return out


def bench_face(label, path, index, wght, runs: int) -> list:
    """Rows (case, face, glyphs, min ms, median ms, size KB, target ms) for one face."""
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        os.environ["BAOBAN_CACHE"] = cache
        t0 = time.perf_counter()
        face = load_face(label, path, index, wght)
        rows.append(("cold load", label, face.num_glyphs, (time.perf_counter() - t0) * 1000, None, None, None))
        lo, med, _ = timed(lambda: load_face(label, path, index, wght), runs)
        rows.append(("warm load", label, face.num_glyphs, lo, med, None, WARM_LOAD_MS))
    for count in (300, 3000):
        gids = distinct_gids(face, count)
        subset_for_pdf(path, index, wght, gids[:10])  # page the font file in
        lo, med, emb = timed(lambda gids=gids: subset_for_pdf(path, index, wght, gids), runs)
        target = EMBED_3000_MS if count == 3000 and wght is None and "test" not in label else None
        rows.append((f"subset+embed {emb.kind}", label, len(gids), lo, med, len(emb.data) / 1024, target))
    return rows


def print_table(rows: list) -> bool:
    """Print the rows; True when every row with a target meets it (by median)."""
    print(f"{'case':<20} {'face':<11} {'glyphs':>6} {'min ms':>8} {'med ms':>8} {'KB':>8} {'target':>7}  ok")
    ok = True
    for case, label, n, lo, med, kb, target in rows:
        met = "" if target is None else ("yes" if (med or lo) <= target else "NO")
        ok &= met != "NO"
        print(f"{case:<20} {label:<11} {n:>6} {lo:>8.1f} {'' if med is None else f'{med:.1f}':>8} "
              f"{'' if kb is None else f'{kb:.0f}':>8} {'' if target is None else f'{target:.0f}':>7}  {met}")
    return ok


def profile(selected: list) -> None:
    """Where the time goes: a cold load and a 3,000-glyph subset of the first face selected."""
    label, path, index, wght = selected[0]

    def work():
        with tempfile.TemporaryDirectory() as cache:
            os.environ["BAOBAN_CACHE"] = cache
            face = load_face(label, path, index, wght)
        subset_for_pdf(path, index, wght, distinct_gids(face, 3000))

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        prof = Profiler(interval=0.0005)
        prof.start()
        work()
        prof.stop()
        print(prof.output_text(unicode=True, color=False, show_all=False))
        return
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.runcall(work)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(20)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed repetitions per case (default 7)")
    parser.add_argument("--only", help="faces whose label contains this (serif, sans, hei-vf, test)")
    parser.add_argument("--profile", action="store_true", help="also profile a cold load + 3,000-glyph subset")
    args = parser.parse_args(argv)
    selected = [f for f in faces() if not args.only or args.only in f[0]]
    if not selected:
        print("no fonts found: pip install pylopdf-fonts-zh-cn manimgx-fonts-cjk", file=sys.stderr)
        return 2
    rows = []
    try:
        for label, path, index, wght in selected:
            rows.extend(bench_face(label, path, index, wght, args.runs))
    except FontError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    ok = print_table(rows)
    if args.profile:
        profile(selected)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
