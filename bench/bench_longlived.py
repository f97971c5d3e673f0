#!/usr/bin/env python3
"""A long-lived process: RSS over many issue renders (watch mode, batch workers).

Renders the small test issue ``--renders`` times in one process (compose and
write, no preflight), each time with a new font set as a batch worker might,
and prints the resident set size along the way. Target: flat, at most 10 MB
growth after the first quarter of the renders (the allocator's warm-up);
caches belong to the objects they describe, so a dropped font set takes its
metrics with it.

    python3 bench/bench_longlived.py --renders 200
"""
import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 10.0


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args()
    from layout.compose.render import compose_issue
    from layout.fonts import fontset_from_files
    from layout.model.content import load_issue
    from layout.pipeline import RenderOptions, write_issue_files
    from layout.report import Report
    fonts_dir = Path(__file__).resolve().parents[1] / "tests" / "fonts" / "data"  # the pinned test fonts (not
    SERIF, SANS = fonts_dir / "NotoSerifSC-test.otf", fonts_dir / "NotoSansSC-test.otf"  # tests.conftest: pytest)

    fonts = {"song": str(SERIF), "hei": str(SANS), "kai": str(SERIF), "fangsong": str(SERIF), "latin": str(SERIF),
             "hei-bold": str(SANS)}
    out = tempfile.mkdtemp()
    started, baseline = time.perf_counter(), None
    for i in range(1, args.renders + 1):
        issue = load_issue(ROOT / "tests" / "model" / "data" / "issue" / "issue.yaml")
        fs = fontset_from_files(fonts, fallback=["song", "hei"])
        pages = compose_issue(issue, fs, Report())
        write_issue_files(issue, pages, fs, RenderOptions(out=out, preflight=False), Report())
        del issue, fs, pages
        if i == max(10, args.renders // 4):
            gc.collect()
            baseline = rss_mb()
        if i % 25 == 0 or i == args.renders:
            gc.collect()
            print(f"render {i:4d}: RSS {rss_mb():6.1f} MB")
    growth = rss_mb() - (baseline or rss_mb())
    after = max(10, args.renders // 4)
    print(f"{args.renders} renders in {time.perf_counter() - started:.1f} s; growth after render {after}: {growth:.1f} MB "
          f"(target <= {TARGET_MB:g} MB) {'ok' if growth <= TARGET_MB else 'OVER'}")
    return 0 if growth <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
