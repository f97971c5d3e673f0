#!/usr/bin/env python3
"""Nightly hostile-input run: the property tests of tests/hostile with many more generated cases.

Each case (a template, issue, article text or raw YAML, valid or broken) must
give a result or diagnostics, without a traceback, within 5 s and 200 MB
(asserted per case by the tests). CI runs 150 cases per property; this runs
``--examples`` (default 10,000) and prints the time taken.

    python3 bench/bench_hostile.py --examples 10000
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="generated cases per property (default 10000)")
    args = parser.parse_args()
    env = dict(os.environ, HOSTILE_EXAMPLES=str(args.examples))
    started = time.perf_counter()
    rc = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/hostile"], cwd=ROOT, env=env)
    print(f"hostile input: {args.examples} cases per property, {time.perf_counter() - started:.0f} s, "
          f"{'no failure' if rc == 0 else 'FAILURES (see above)'}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
