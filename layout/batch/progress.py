"""The batch's progress display: a one-line bar on a terminal, one plain line per issue otherwise.

The bar shows issues finished of all, done / failed / skipped, pages per
second (:func:`pages_per_second`: pages of issues rendered and done this run
over the wall time since the batch started, cluster start-up included; the
summary in batch.json uses the same definition) and
the time left (issues left times the mean time per finished issue). A failed
issue is always printed on a line of its own with its first error.
"""
from __future__ import annotations

import time
from typing import Optional, TextIO

from .journal import clip

BAR_WIDTH = 24


class Progress:
    """Counts finished issues and draws them on ``stream``."""

    def __init__(self, total: int, stream: TextIO, tty: bool = None, started: Optional[float] = None):
        self.total, self.stream = total, stream
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.time() if started is None else started  # the batch's start (time.time())
        self.finished = self.done = self.doubtful = self.failed = self.skipped = self.pages = 0
        self.ended: Optional[float] = None  # when close() was called: the summary's rate is taken at this moment
        if self.tty:
            self._draw()

    def update(self, record: dict) -> None:
        """Count one finished issue and show it."""
        self.finished += 1
        status = record.get("status")
        if status == "done":
            self.done += 1
        elif status == "doubtful":
            self.doubtful += 1
        else:
            self.failed += 1
        if record.get("action") == "skipped":
            self.skipped += 1
        else:
            self.pages += record.get("pages", 0) if status in ("done", "doubtful") else 0
        if self.tty:
            if record.get("status") != "done":
                self.stream.write("\r\x1b[K" + failure_line(record) + "\n")
            self._draw()
        else:
            self.stream.write(self.line(record) + "\n")
        self.stream.flush()

    def status(self, now: Optional[float] = None) -> str:
        """'12/100 issues: 10 done, 1 doubtful, 1 failed, 0 skipped; 6.2 pages/s since start; 0:01:23 left' (at ``now``)."""
        elapsed = max((time.time() if now is None else now) - self.started, 1e-9)
        left = (self.total - self.finished) * elapsed / self.finished if self.finished else None
        return (f"{self.finished}/{self.total} issues: {self.done} done, {self.doubtful} doubtful, {self.failed} failed, "
                f"{self.skipped} skipped; "
                f"{pages_per_second(self.pages, elapsed)} {RATE_LABEL}; {clock(left)} left")

    def line(self, record: dict) -> str:
        """The plain line for one finished issue (non-terminal output)."""
        what = failure_line(record) if record.get("status") != "done" else (
            f"{record.get('action', 'rendered')} {record['id']}: {record.get('pages', 0)} pages, "
            f"{record.get('seconds', 0):.2f} s")
        return f"[{self.finished}/{self.total}] {what} | {self.status()}"

    def _draw(self) -> None:
        filled = BAR_WIDTH * self.finished // max(self.total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {self.status()}")
        self.stream.flush()

    def close(self, interrupted: bool = False) -> None:
        """End the display with the final counts (the rate at this moment, kept in ``ended``)."""
        self.ended = time.time()
        if self.tty:
            self.stream.write("\n")
        word = "interrupted" if interrupted else "finished"
        self.stream.write(f"batch {word}: {self.status(self.ended)}\n")
        self.stream.flush()


RATE_LABEL = "pages/s since start"
RATE_MEANING = ("pages of the issues rendered (done) this run per second of wall time since the batch started, "
                "cluster start-up included; issues skipped as unchanged are not counted")


def pages_per_second(pages: int, elapsed: float) -> float:
    """The batch's one rate: pages rendered this run (skipped issues not counted) per second since it started."""
    return round(pages / max(elapsed, 1e-9), 1)


def failure_line(record: dict) -> str:
    """'failed ID: first error', or 'doubtful ID: first doubt' (an import rendered, but to review)."""
    if record.get("status") == "doubtful":
        doubts = [clip(d) for d in record.get("doubts") or ["see IMPORT.md"]]
        more = f" (+{len(doubts) - 1} more)" if len(doubts) > 1 else ""
        return f"doubtful {record['id']}: {doubts[0]}{more}"
    errors = [clip(e) for e in record.get("errors") or ["no error recorded"]]
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"failed {record['id']}: {errors[0]}{more}"


def clock(seconds) -> str:
    """Seconds as H:MM:SS ('?' when unknown)."""
    if seconds is None:
        return "?"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
