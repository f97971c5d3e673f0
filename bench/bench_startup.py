"""Start-up budget: what `render.py galley`, `check` and `--help` import, and their whole processes.

Not a timed test: run it by hand or in CI's bench step; it exits 1 when a
figure is over its budget, so a start-up regression shows as a failure.

Budgets (issue "Speed"; this 2-core machine; measured 57 ms, 13.9 ms, 0.085 s,
63 ms and 0.092 s when they were last set, so about 15 % headroom):

* imports of ``render.py galley`` (sum of the top-level ``-X importtime``
  entries, best of ``--runs``): ≤ 66 ms. reportlab is about 16 ms of it,
  with PIL (reportlab/lib/utils.py imports it unconditionally); building the
  dataclasses of the modules on the path took about 14 ms until their methods
  were kept compiled (``layout.records``: about 2 ms after the first run);
* imports of ``render.py --help``: ≤ 16 ms (it lists the subcommands
  without importing their modules);
* whole process, x1 galley (the sample body once, the bench_vs_typst job),
  median wall of ``--runs``: ≤ 0.10 s (the issue's target is 0.15 s);
* ``render.py check`` of the bundled sample issue (the model stack: YAML,
  templates, articles, image checks, no rendering): imports ≤ 73 ms, whole
  process ≤ 0.106 s. ``render.py issue`` adds composing, writing and the
  preflight (Ghostscript and numpy), which are not start-up.

Child processes run with PYTHONPYCACHEPREFIX set to a folder under the
temporary directory and PYTHONDONTWRITEBYTECODE cleared, so the package
is measured from compiled bytecode as an installed package is (pip compiles
it at install time), not recompiled from source on every start; the first
(warm-up) run fills that cache. ``--source`` measures without it.

Usage: python bench/bench_startup.py [--runs 7] [--python /path/to/venv/bin/python] [--source]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_vs_typst import GALLEY, ROOT, write_jobs  # noqa: E402  (the same job as the side-by-side bench)

BUDGET_GALLEY_IMPORTS_MS = 66.0
BUDGET_HELP_IMPORTS_MS = 16.0
BUDGET_X1_S = 0.10
BUDGET_CHECK_IMPORTS_MS = 73.0
BUDGET_CHECK_S = 0.106
SAMPLE_ISSUE = ROOT / "samples" / "issue-2018-04-28" / "issue.yaml"


def child_env(source: bool) -> dict:
    """The environment of the measured processes (bytecode cached outside the tree unless ``source``)."""
    env = dict(os.environ)
    if not source:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "baoban-bench-pycache")
    return env


def parse_importtime(stderr: str) -> list:
    """(self µs, cumulative µs, depth, module) for every line of ``-X importtime`` output."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((int(own), int(cumulative), depth, name.strip()))
    return rows


def import_profile(python: str, argv: list, env: dict, runs: int) -> tuple:
    """(best total ms, {module: best cumulative ms} at top level, {module: best self ms}) over ``runs``."""
    totals, cumulative, own = [], {}, {}
    for _ in range(runs):
        done = subprocess.run([python, "-X", "importtime", str(ROOT / "render.py"), *argv],
                              capture_output=True, text=True, env=env, timeout=120)
        if done.returncode not in (0, 2) or "Traceback" in done.stderr:
            raise SystemExit(f"render.py {' '.join(argv[:2])} failed:\n{done.stderr[-800:]}")
        rows = parse_importtime(done.stderr)
        totals.append(sum(c for _, c, d, _ in rows if d == 0) / 1000.0)
        for s, c, d, name in rows:
            if d == 0:
                cumulative[name] = min(cumulative.get(name, 1e18), c / 1000.0)
            own[name] = min(own.get(name, 1e18), s / 1000.0)
    return min(totals), cumulative, own


def whole_process(python: str, argv: list, env: dict, runs: int) -> tuple:
    """(median wall s, min wall s, median CPU s) of ``render.py argv`` as a whole process, after one warm-up."""
    walls, cpus = [], []
    for k in range(runs + 1):
        t0 = time.perf_counter()
        proc = subprocess.Popen([python, str(ROOT / "render.py"), *argv], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"render.py {' '.join(argv[:2])} failed:\n{err[-800:]}")
        if k:
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
    if not walls:
        return 0.0, 0.0, 0.0
    return statistics.median(walls), min(walls), statistics.median(cpus)


def show_top(title: str, table: dict, n: int = 12) -> None:
    """Print the ``n`` largest entries of a {module: ms} table."""
    print(title)
    for name, ms in sorted(table.items(), key=lambda kv: -kv[1])[:n]:
        print(f"  {ms:7.1f} ms  {name}")


def main() -> int:
    """Print the import profiles and the x1 time against their budgets; 1 when any is over."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure (e.g. a venv's python)")
    parser.add_argument("--source", action="store_true", help="no bytecode cache: recompile the package every start")
    args = parser.parse_args()
    env = child_env(args.source)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_jobs(tmp)
        galley = ["galley", paths["txt1"], "-o", os.path.join(tmp, "x1.pdf"), *GALLEY]
        whole_process(args.python, galley, env, 0)  # fills the bytecode and font caches
        g_total, g_top, g_self = import_profile(args.python, galley, env, args.runs)
        h_total, h_top, _ = import_profile(args.python, ["--help"], env, args.runs)
        check = ["check", str(SAMPLE_ISSUE)]
        c_total, c_top, _ = import_profile(args.python, check, env, args.runs)
        x1_median, x1_min, x1_cpu = whole_process(args.python, galley, env, args.runs)
        c_median = whole_process(args.python, check, env, args.runs)[0]
        bare = whole_process(args.python, ["--help"], env, 1)[1]
    show_top(f"render.py galley: imports {g_total:.1f} ms (best of {args.runs}); top level, cumulative:", g_top)
    show_top("render.py galley: largest self times:", g_self)
    show_top(f"render.py --help: imports {h_total:.1f} ms; top level:", h_top, 6)
    show_top(f"render.py check (sample issue): imports {c_total:.1f} ms; top level:", c_top, 6)
    print(f"\nx1 galley whole process: median {x1_median:.3f} s, min {x1_min:.3f} s, CPU {x1_cpu:.3f} s "
          f"(render.py --help: {bare:.3f} s; check of the sample issue: {c_median:.3f} s); "
          f"bytecode {'recompiled' if args.source else 'cached'}")
    checks = [("galley imports", g_total, BUDGET_GALLEY_IMPORTS_MS, "ms"),
              ("--help imports", h_total, BUDGET_HELP_IMPORTS_MS, "ms"),
              ("x1 whole process (median)", x1_median, BUDGET_X1_S, "s"),
              ("check imports (sample issue)", c_total, BUDGET_CHECK_IMPORTS_MS, "ms"),
              ("check whole process (median)", c_median, BUDGET_CHECK_S, "s")]
    over = 0
    for label, value, budget, unit in checks:
        ok = value <= budget
        over += not ok
        print(f"{'ok  ' if ok else 'OVER'} {label}: {value:.3f} {unit} (budget {budget} {unit})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
