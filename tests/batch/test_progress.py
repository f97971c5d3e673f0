"""layout/batch/progress.py: the bar on a terminal, one line per issue elsewhere, failures always on their own line."""
from __future__ import annotations

import io

from layout.batch.progress import Progress, clock

DONE = {"id": "v1", "status": "done", "action": "rendered", "pages": 2, "seconds": 0.4}
SKIPPED = {"id": "v2", "status": "done", "action": "skipped", "pages": 2, "seconds": 0.0}
FAILED = {"id": "bad", "status": "failed", "action": "rendered", "errors": ["bad/issue.yaml:3:1: YAML syntax error", "x"]}


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(3, out, tty=False)
    for record in (DONE, SKIPPED, FAILED):
        progress.update(record)
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/3] rendered v1: 2 pages, 0.40 s | 1/3 issues: 1 done, 0 failed, 0 skipped;")
    assert lines[1].startswith("[2/3] skipped v2:")
    assert lines[2].startswith("[3/3] failed bad: bad/issue.yaml:3:1: YAML syntax error (+1 more) | "
                               "3/3 issues: 2 done, 1 failed, 1 skipped;")
    assert lines[3].startswith("batch finished: 3/3 issues") and lines[3].endswith("0:00:00 left")
    assert "\r" not in out.getvalue()
    assert progress.pages == 2  # a skipped issue's pages are not counted in pages/s


def test_bar_redrawn_in_place_on_a_terminal():
    out = io.StringIO()
    progress = Progress(4, out, tty=True)
    progress.update(DONE)
    progress.update(FAILED)
    text = out.getvalue()
    assert "\r\x1b[K[############............] 2/4 issues: 1 done, 1 failed, 0 skipped;" in text
    assert "\r\x1b[Kfailed bad: bad/issue.yaml:3:1: YAML syntax error (+1 more)\n" in text
    assert "pages/s;" in text and " left" in text


def test_clock():
    assert clock(None) == "?" and clock(3723.4) == "1:02:03"
