"""--scheduler: a Dask scheduler and a worker started as separate processes (127.0.0.1 only), as on a cluster.

The batch connects to the scheduler's address, the worker renders, and the
output is byte-identical to ``render.py issue``; the broken issue is failed
and reported. The processes are started here and stopped by their ids.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, make_sources, reference_render


def spawn(args, env) -> subprocess.Popen:
    """A Python module started in its own session, output discarded."""
    return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.fixture
def external_cluster(tmp_path, epoch):
    """(scheduler address, processes): `dask scheduler` and one `dask worker` on 127.0.0.1."""
    pytest.importorskip("distributed")
    env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1",
               DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0", DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED="False",
               PYTHONPATH=str(ROOT))
    info = tmp_path / "scheduler.json"
    procs = [spawn(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--scheduler-file", str(info)], env)]
    try:
        deadline = time.monotonic() + 30
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(spawn(["distributed.cli.dask_worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                            "--nworkers", "1", "--no-dashboard"], env))
        yield address, procs
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def test_batch_on_a_running_scheduler(tmp_path, external_cluster, batch_fonts):
    address, _procs = external_cluster
    src = make_sources(tmp_path, good=2)
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "render.py"), "batch", str(src), "-o", str(out), "--scheduler", address,
           "--fonts", batch_fonts, "--no-preflight"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr  # two broken issues
    assert f"on {address}" in run.stderr and "dashboard:" in run.stderr
    assert "failed bad-yaml:" in run.stderr and "2 done" in run.stdout
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert manifest["batch"]["scheduler"] == address
    assert {r["id"]: r["status"] for r in manifest["issues"]} == {"v1": "done", "v2": "done", "bad-yaml": "failed",
                                                                  "no-article": "failed"}
    for name in ("v1", "v2"):
        expected = reference_render(src / name / "issue.yaml", tmp_path / "ref" / name, batch_fonts)
        assert {p.name: p.read_bytes() for p in Path(out / name).glob("*.pdf")} == expected
