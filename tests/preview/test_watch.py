"""``render.py watch`` as a subprocess: edits re-render only the changed pages; a broken edit keeps the old files."""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0


class Process:
    """A running ``render.py`` subcommand whose stdout lines arrive in a queue."""

    def __init__(self, args):
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), *args], cwd=ROOT, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8")
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, word: str, timeout: float = TIMEOUT) -> str:
        """The next output line containing ``word`` (fails after ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if word in line:
                return line
        pytest.fail(f"no line with {word!r} within {timeout} s; output so far:\n" + "\n".join(self.seen))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def save(path: Path, text: str) -> None:
    """Save as an editor does: a new file renamed over the old one (one change event, never a half file)."""
    tmp = path.with_name(path.name + ".saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def snapshot(out: Path):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".png", ".pdf")}


def test_watch_rerenders_changed_pages_and_keeps_the_last_good_output(sample_copy, sample_fonts, tmp_path):
    out = tmp_path / "out"
    watch = Process(["watch", str(sample_copy), "-o", str(out), "--fonts", sample_fonts, "--max-renders", "3"])
    try:
        assert "pages 1,2 written" in watch.expect("written")
        watch.expect("watching")
        first = snapshot(out)
        assert set(first) == {"20180428-01.pdf", "20180428-01.png", "20180428-02.pdf", "20180428-02.png"}

        note = sample_copy.parent / "editor-note.txt"  # an article set on page 2 only
        text = note.read_text(encoding="utf-8")
        assert "headline: 关于本样张\n" in text
        save(note, text.replace("headline: 关于本样张\n", "headline: 关于这份样张\n"))  # a visible change
        assert "pages 2 written" in watch.expect("written")
        second = snapshot(out)
        assert second["20180428-02.png"] != first["20180428-02.png"]
        assert second["20180428-02.pdf"] != first["20180428-02.pdf"]
        assert second["20180428-01.pdf"] == first["20180428-01.pdf"]  # page 1's inputs did not change

        front = sample_copy.parents[2] / "templates" / "front.yaml"  # the template of page 1 only
        save(front, front.read_text(encoding="utf-8").replace("rule: {width: 1.5pt}", "rule: {width: 3pt}"))
        assert "pages 1 written" in watch.expect("written")
        third = snapshot(out)
        assert third["20180428-01.png"] != second["20180428-01.png"]
        assert third["20180428-01.pdf"] != second["20180428-01.pdf"]

        base = sample_copy.parents[2] / "templates" / "base.yaml"
        lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
        row = next(i for i, ln in enumerate(lines) if ln.startswith("  columns: 6"))
        lines[row] = lines[row].replace("columns", "colums")
        save(base, "".join(lines))
        error = watch.expect("error")
        assert f"base.yaml:{row + 1}:3: unknown key 'colums' in grid" in error
        assert "kept the last good output" in error
        assert snapshot(out) == third
        assert watch.proc.wait(timeout=TIMEOUT) == 1  # --max-renders 3 reached; the last render failed
    finally:
        watch.stop()


def test_watch_once_renders_and_stops(sample_copy, sample_fonts, tmp_path):
    out = tmp_path / "out"
    watch = Process(["watch", str(sample_copy), "-o", str(out), "--fonts", sample_fonts, "--once", "--pages", "2"])
    try:
        assert "pages 2 written" in watch.expect("written")
        assert watch.proc.wait(timeout=TIMEOUT) == 0
        assert sorted(p.name for p in out.iterdir()) == ["20180428-02.pdf", "20180428-02.png"]
    finally:
        watch.stop()
