"""A batch killed with SIGKILL midway loses no finished output, leaves no half-written PDF, and --resume completes it.

The batch runs as ``render.py batch`` in a subprocess (its own session);
once the journal holds the first finished issue the client process is sent
SIGKILL. Its worker processes must go with it (they watch their parent),
the journal must still parse, every output folder must be complete, and a
resumed batch must skip exactly the issues journaled as done.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
from pypdf import PdfReader

from layout.batch.journal import Journal
from layout.batch.run import BatchOptions, run_batch
from layout.batch.sources import collect

from .conftest import ROOT, make_sources

ISSUES = 8
CTRL_C_ISSUES = 30  # ample: the batch cannot finish while Ctrl-C is handled (an issue renders in ~0.1 s)


def start_batch(src: Path, out: Path, fonts: str) -> subprocess.Popen:
    """``render.py batch`` with one local worker, in its own session."""
    cmd = [sys.executable, str(ROOT / "render.py"), "batch", str(src), "-o", str(out), "--workers", "1",
           "--fonts", fonts, "--no-preflight", "--dashboard", ":0"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=_default_sigint)


def _default_sigint() -> None:
    """In the child: Ctrl-C as in a terminal. A shell's background job (how a CI script may run the tests)
    ignores SIGINT, Python keeps an ignored SIGINT ignored, and the test's Ctrl-C would never arrive."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_first_done(out: Path, proc: subprocess.Popen, timeout: float = 40.0) -> None:
    """Return once the journal records a finished issue (fail if the batch ends or times out first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r.get("status") == "done" for r in Journal(out).read()[0]):
            return
        assert proc.poll() is None, proc.stdout.read().decode()
        time.sleep(0.02)
    raise AssertionError("no issue finished in time")


def kill_client(proc: subprocess.Popen) -> list:
    """SIGKILL the client process only; return its child processes (the workers) as they were."""
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    return children


def test_sigkill_then_resume(tmp_path, epoch, batch_fonts, client):
    src = make_sources(tmp_path, good=ISSUES, broken=False)
    out = tmp_path / "out"
    proc = start_batch(src, out, batch_fonts)
    try:
        wait_for_first_done(out, proc)
        children = kill_client(proc)
        _gone, alive = psutil.wait_procs(children, timeout=15)
        assert not alive, f"worker processes outlived the killed client: {alive}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stdout.close()

    done_before = {i: r for i, r in Journal(out).latest().items() if r["status"] == "done"}
    assert 1 <= len(done_before) < ISSUES
    for issue_id, record in done_before.items():  # finished output is there, complete
        assert sorted(p.name for p in (out / issue_id).iterdir()) == sorted(Path(f["name"]).name for f in record["files"])
    finals = [p for p in out.iterdir() if not p.name.startswith(".") and p.is_dir()]
    assert sorted(p.name for p in finals) == sorted(done_before)  # nothing else under a final name
    for pdf in out.rglob("*.pdf"):  # a *.pdf is never half-written: final ones, or whole files in a temp folder
        assert pdf.parent.name in done_before or pdf.parent.name.startswith(".tmp-"), pdf
        assert len(PdfReader(str(pdf)).pages) >= 1
    assert not [p for p in out.rglob("*") if p.is_file() and p.parent.name in done_before and p.suffix != ".pdf"]
    inodes = {i: (out / i / "20180428.pdf").stat().st_ino for i in done_before}

    stream = io.StringIO()
    render = {"preflight": False, "marks": True, "icc_profile": "", "tac_limit": None, "min_ppi": None}
    result = run_batch(collect([str(src)], skip=out),
                       BatchOptions(outdir=out, fonts=batch_fonts, render=render, resume=True), client=client,
                       stream=stream)
    assert result.exit_code == 0, stream.getvalue()
    actions = {r["id"]: r["action"] for r in result.records}
    assert {i for i, a in actions.items() if a == "skipped"} == set(done_before)
    assert all(r["status"] == "done" for r in result.records) and len(result.records) == ISSUES
    assert {i: (out / i / "20180428.pdf").stat().st_ino for i in done_before} == inodes  # not redone
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # temp folders of the killed run cleaned
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert manifest["batch"]["done"] == ISSUES and manifest["batch"]["skipped"] == len(done_before)


def test_ctrl_c_writes_the_manifest_with_the_rest_pending(tmp_path, epoch, batch_fonts):
    src = make_sources(tmp_path, good=CTRL_C_ISSUES, broken=False)
    out = tmp_path / "out"
    proc = start_batch(src, out, batch_fonts)
    try:
        wait_for_first_done(out, proc)
        proc.send_signal(signal.SIGINT)
        printed = proc.communicate(timeout=60)[0].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, printed
    assert "finished issues are kept; run again with --resume" in printed and "Traceback" not in printed
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))["batch"]
    done = [r for r in Journal(out).latest().values() if r["status"] == "done"]
    assert summary["interrupted"] and summary["done"] == len(done) >= 1
    assert summary["pending"] == CTRL_C_ISSUES - len(done) and summary["exit_code"] == 130
