#!/usr/bin/env python3
"""Benchmark: the designer's loop on the bundled sample (石景山报 2018-04-28, two pages).

Cases:

* edit to picture: a warm watch loop (layout/preview/watch.py, the same code
  as ``render.py watch``) runs in a thread; the benchmark saves a changed
  file and waits until the changed page's new PNG is on disk (the PNG is
  replaced atomically, so a new inode means the new picture). Ten edits of an
  article set on page 2 and ten of the template of page 1; the median and the
  worst of each. The time includes the file watcher noticing the change;
* full preview: ``render.py preview ISSUE --dpi 100`` of both pages as a fresh
  process (interpreter start, imports, fonts from the metric cache), median of
  ``--runs``, without and with ``--guides`` (labels placed on bare paper); and
  a new in-process session's first render.

Targets (issue "The designer's loop"): edit to PNG <= 0.3 s for one page
(median of 10); full preview at 100 dpi <= 1 s.

Usage: python bench/bench_preview.py [--runs 3] [--edits 10] [--fonts FONTS_YAML] [--profile]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EDIT_S = 0.3
FULL_S = 1.0


def copy_sample(folder: Path) -> Path:
    """The sample issue and templates copied to ``folder`` (so they can be edited); returns issue.yaml."""
    shutil.copytree(ROOT / "templates", folder / "templates")
    shutil.copytree(ROOT / "samples" / "issue-2018-04-28", folder / "samples" / "issue-2018-04-28")
    return folder / "samples" / "issue-2018-04-28" / "issue.yaml"


def calibrate() -> float:
    """Seconds of a fixed pure-Python loop: a loaded machine shows here."""
    t0 = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i & 7
    return time.perf_counter() - t0


class Loop:
    """A watch loop in a thread, with a hook that says when a render finished."""

    def __init__(self, issue: Path, out: Path, fonts):
        from layout.preview.session import PreviewSession, SessionOptions
        from layout.preview.watch import Watcher

        self.session = PreviewSession(issue, SessionOptions(out=str(out), dpi=100, fonts=fonts))
        self.rendered = threading.Event()
        self.ready = threading.Event()
        self.states = []
        self.watcher = Watcher(self.session, on_render=self._done, on_ready=lambda *_: self.ready.set())
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)

    def _done(self, state):
        self.states.append(state)
        self.rendered.set()

    def start(self):
        """Start the loop and wait until the watcher listens."""
        self.thread.start()
        if not self.ready.wait(60):
            raise SystemExit("the watcher did not start")

    def stop(self):
        """End the loop and remove the session's temporary files."""
        self.watcher.stop()
        self.thread.join(5)
        self.session.close()


def edit_latency(loop: Loop, file: Path, png: Path, edits: int, change) -> list:
    """Seconds from saving ``file`` (changed by ``change(text, i)``) to a new ``png`` on disk, per edit."""
    times = []
    for i in range(edits):
        before = os.stat(png).st_ino
        text = change(file.read_text(encoding="utf-8"), i)
        loop.rendered.clear()
        t0 = time.perf_counter()
        file.write_text(text, encoding="utf-8")
        while os.stat(png).st_ino == before:
            if time.perf_counter() - t0 > 10:
                raise SystemExit(f"no new {png.name} 10 s after editing {file.name}: {loop.states[-1].line()}")
            time.sleep(0.002)
        times.append(time.perf_counter() - t0)
        loop.rendered.wait(10)  # let the render finish (the PNG is its last step) before the next edit
        time.sleep(0.05)
    return times


def add_sentence(text: str, i: int) -> str:
    """The article with one more sentence at its end."""
    return text.rstrip("\n") + f"第{i + 1}次修改。\n"


def rule_width(text: str, i: int) -> str:
    """The template with its first 1.5/1.75 pt rule switched to the other width."""
    widths = ("1.5pt", "1.75pt")
    return text.replace(f"rule: {{width: {widths[i % 2]}}}", f"rule: {{width: {widths[(i + 1) % 2]}}}", 1)


def full_preview_cli(issue: Path, out: Path, fonts, runs: int, guides: bool = False) -> list:
    """Wall seconds of ``render.py preview`` as a fresh process (both pages, 100 dpi, with or without guides)."""
    cmd = [sys.executable, str(ROOT / "render.py"), "preview", str(issue), "-o", str(out), "--dpi", "100"]
    cmd += ["--fonts", fonts] if fonts else []
    cmd += ["--guides"] if guides else []
    subprocess.run(cmd, check=True, capture_output=True)  # fills the font metric cache once
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def first_render(issue: Path, out: Path, fonts) -> float:
    """Seconds of a new session's first render (fonts loaded, both pages written), in this process."""
    from layout.preview.session import PreviewSession, SessionOptions

    t0 = time.perf_counter()
    session = PreviewSession(issue, SessionOptions(out=str(out), dpi=100, fonts=fonts))
    state = session.render()
    session.close()
    if state.errors:
        raise SystemExit(state.line())
    return time.perf_counter() - t0


def main() -> int:
    """Run the cases and print the figures; exit 1 when a median misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--fonts", help="font configuration (default: fonts/fonts.yaml)")
    parser.add_argument("--profile", action="store_true", help="profile the edit loop with pyinstrument")
    args = parser.parse_args()
    print(f"calibration loop: {calibrate():.3f} s (about 0.1 s on an idle 2-core machine)")
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        folder = Path(tmp)
        issue = copy_sample(folder)
        cli = full_preview_cli(issue, folder / "cli", args.fonts, args.runs)
        cli_guides = full_preview_cli(issue, folder / "cli-guides", args.fonts, args.runs, guides=True)
        first = first_render(issue, folder / "first", args.fonts)
        loop = Loop(issue, folder / "out", args.fonts)
        loop.start()
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        try:
            article = edit_latency(loop, issue.parent / "editor-note.txt", folder / "out" / "20180428-02.png",
                                   args.edits, add_sentence)
            template = edit_latency(loop, folder / "templates" / "front.yaml", folder / "out" / "20180428-01.png",
                                    args.edits, rule_width)
        finally:
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(unicode=True, color=False))
            loop.stop()
    report("full preview, render.py preview as a new process", cli, FULL_S)
    report("full preview with --guides, as a new process", cli_guides, FULL_S)
    print(f"full preview, new session in this process: {first:.3f} s (target <= {FULL_S} s)")
    report("edit article (page 2) -> new PNG", article, EDIT_S)
    report("edit template (page 1) -> new PNG", template, EDIT_S)
    ok = (statistics.median(article) <= EDIT_S and statistics.median(template) <= EDIT_S
          and statistics.median(cli) <= FULL_S and statistics.median(cli_guides) <= FULL_S)
    return 0 if ok else 1


def report(what: str, times: list, target: float) -> None:
    """One line: median and worst against the target."""
    med = statistics.median(times)
    verdict = "ok" if med <= target else "OVER TARGET"
    print(f"{what}: median {med:.3f} s, worst {max(times):.3f} s over {len(times)} (target <= {target} s) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
