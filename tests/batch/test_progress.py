"""layout/batch/progress.py: the bar on a terminal, one line per issue elsewhere, failures always on their own line."""
from __future__ import annotations

import io
import time

from layout.batch.progress import Progress, clock, pages_per_second
from layout.batch.run import BatchOptions, finish
from layout.batch.sources import Job

DONE = {"id": "v1", "status": "done", "action": "rendered", "pages": 2, "seconds": 0.4}
SKIPPED = {"id": "v2", "status": "done", "action": "skipped", "pages": 2, "seconds": 0.0}
FAILED = {"id": "bad", "status": "failed", "action": "attempted", "errors": ["bad/issue.yaml:3:1: YAML syntax error", "x"]}


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(3, out, tty=False)
    for record in (DONE, SKIPPED, FAILED):
        progress.update(record)
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/3] rendered v1: 2 pages, 0.40 s | 1/3 issues: 1 done, 0 doubtful, 0 failed, 0 skipped;")
    assert lines[1].startswith("[2/3] skipped v2:")
    assert lines[2].startswith("[3/3] failed bad: bad/issue.yaml:3:1: YAML syntax error (+1 more) | "
                               "3/3 issues: 2 done, 0 doubtful, 1 failed, 1 skipped;")
    assert lines[3].startswith("batch finished: 3/3 issues") and lines[3].endswith("0:00:00 left")
    assert "\r" not in out.getvalue()
    assert progress.pages == 2  # a skipped issue's pages are not counted in pages/s


def test_bar_redrawn_in_place_on_a_terminal():
    out = io.StringIO()
    progress = Progress(4, out, tty=True)
    progress.update(DONE)
    progress.update(FAILED)
    text = out.getvalue()
    assert "\r\x1b[K[############............] 2/4 issues: 1 done, 0 doubtful, 1 failed, 0 skipped;" in text
    assert "\r\x1b[Kfailed bad: bad/issue.yaml:3:1: YAML syntax error (+1 more)\n" in text
    assert "pages/s since start;" in text and " left" in text


def test_clock():
    assert clock(None) == "?" and clock(3723.4) == "1:02:03"


def test_progress_and_summary_give_the_same_rate_since_the_batch_started(tmp_path):
    started = time.time() - 1.0  # the batch started 1 s ago (cluster start-up included)
    out = io.StringIO()
    progress = Progress(3, out, tty=False, started=started)
    for record in (DONE, SKIPPED, FAILED):
        progress.update(record)
    jobs = [Job(tmp_path / name / "issue.yaml", id=name) for name in ("v1", "v2", "bad")]
    records = {r["id"]: dict(r, files=[], warnings=[], errors=r.get("errors", [])) for r in (DONE, SKIPPED, FAILED)}
    progress.close()
    time.sleep(1.0)  # shutting the cluster down after the last issue does not change the rate
    summary = finish(tmp_path, jobs, BatchOptions(outdir=tmp_path), records, started, False, progress.ended).summary
    assert summary["pages_rendered"] == 2 and 1.5 < summary["pages_per_second"] <= pages_per_second(2, 1.0) == 2.0
    assert "since the batch started" in summary["pages_per_second_is"]  # batch.json says which rate it is
    assert (f"batch finished: 3/3 issues: 2 done, 0 doubtful, 1 failed, 1 skipped; "
            f"{summary['pages_per_second']} pages/s since start;") in out.getvalue()


DOUBTFUL = {"id": "p1", "status": "doubtful", "action": "rendered", "pages": 2, "seconds": 0.5,
            "doubts": ["the masthead says 本期1版 but the source has 2 pages", "y"]}


def test_a_doubtful_import_is_counted_apart_and_fails_only_strict_batches(tmp_path):
    out = io.StringIO()
    progress = Progress(2, out, tty=False)
    progress.update(DONE)
    progress.update(DOUBTFUL)
    line = out.getvalue().splitlines()[1]
    assert line.startswith("[2/2] doubtful p1: the masthead says 本期1版 but the source has 2 pages (+1 more) | "
                           "2/2 issues: 1 done, 1 doubtful, 0 failed, 0 skipped;")
    assert progress.pages == 4  # a doubtful import was rendered: its pages count
    jobs = [Job(tmp_path / name / "issue.yaml", id=name) for name in ("v1", "p1")]
    for strict, code in ((False, 0), (True, 1)):
        records = {r["id"]: dict(r, files=[], warnings=[], errors=[], strict=strict) for r in (DONE, DOUBTFUL)}
        summary = finish(tmp_path, jobs, BatchOptions(outdir=tmp_path, strict=strict), records, time.time(), False).summary
        assert (summary["done"], summary["doubtful"], summary["doubtful_ids"]) == (1, 1, ["p1"])
        assert summary["exit_code"] == code and summary["lost_strict"] == (["p1"] if strict else [])
        assert summary["pages_rendered"] == 4
    rows = (tmp_path / "batch.csv").read_text(encoding="utf-8").splitlines()
    assert rows[2].startswith("p1,doubtful,rendered,") and rows[2].endswith(
        ",the masthead says 本期1版 but the source has 2 pages | y")
