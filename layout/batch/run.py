"""Schedule a batch on Dask distributed: one task per issue, journal as results arrive, manifest at the end.

The cluster is a ``LocalCluster`` of N single-threaded worker processes
(N = cores by default) or an existing one (``--scheduler tcp://host:port``).
A worker that dies is replaced by its nanny and its issue is retried once:
the local scheduler runs with ``distributed.scheduler.allowed-failures: 1``
(an existing scheduler needs the same setting, see README "Batch"); an issue
that kills a worker twice is recorded as failed. The client is the only
writer of the journal and the manifest (layout/batch/journal.py).

Per-issue timeout (``--timeout``): each task logs an event when it starts
(worker.announced); :class:`Watchdog` times it from there and, past the
limit, cancels the task and restarts its worker through its nanny
(``Client.restart_workers``: a render stuck in a thread cannot be stopped
otherwise), records the issue as failed, "timed out after N s", and the batch
goes on.
"""
from __future__ import annotations

import logging
import os
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, TextIO

from ..records import record
from .journal import BatchLock, Journal, clean_temp, write_manifest
from .progress import RATE_MEANING, Progress, pages_per_second
from .sources import Job
from .worker import ATTEMPTED, FINISHED, STARTED_TOPIC, WarmFonts, announced, render_task

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# allowed-failures 1: a task whose worker died is retried once, then KilledWorker; worker-saturation 1.0:
# a worker holds only the task it runs, so an innocent issue is not counted as a suspect when a neighbour
# kills the worker. The rest keeps the worker's event-loop thread from taking the GIL off the render
# thread: the statistical profiler (a stack sample every 10 ms) more than doubled the time per issue
# with 2 workers on 2 cores, the 20 ms tick and 0.5 s system monitor cost a further ~20 % (bench_batch.py).
CLUSTER_CONFIG = {
    "distributed.scheduler.allowed-failures": 1,
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
}
DEFAULT_TIMEOUT = 600.0  # seconds an issue may take (the sample's 8 pages take ~2 s); 0: no limit
POLL_SECONDS = 0.5  # how often the client looks for issues past their time
RENDER_DEFAULTS = {"preflight": True, "marks": True, "icc_profile": "", "tac_limit": None, "min_ppi": None}


class BatchError(Exception):
    """The batch cannot start (folder locked, journal without --resume, no cluster); the message says what to do."""


@record
class BatchOptions:
    """How to run a batch: where, on which cluster, and the render options every issue starts from."""

    outdir: Path
    workers: Optional[int] = None
    scheduler: Optional[str] = None
    resume: bool = False
    strict: bool = False
    fonts: Optional[str] = None
    render: Dict[str, object] = field(default_factory=lambda: dict(RENDER_DEFAULTS))
    dashboard: str = ":8787"
    timeout: float = DEFAULT_TIMEOUT  # seconds per issue from its start on a worker; 0: none


@record
class BatchResult:
    """What a batch did: the exit code, one record per job (job order) and the summary written to batch.json."""

    exit_code: int
    records: List[dict]
    summary: dict


def run_batch(jobs: List[Job], opts: BatchOptions, client=None, task: Callable = render_task,
              stream: TextIO = sys.stderr) -> BatchResult:
    """Render every job on the cluster, journal each result, write the manifest; raises BatchError before starting."""
    outdir = Path(opts.outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    with BatchLock(outdir):
        journal = Journal(outdir)
        previous = check_journal(journal, opts, stream)
        for line in clean_temp(outdir):
            print(f"batch: {line} (left by an interrupted batch)", file=stream)
        started = time.time()
        journal.append({"event": "start", "time": started, "issues": len(jobs), "resume": opts.resume,
                        "scheduler": opts.scheduler or "local"})
        records: Dict[str, dict] = {}
        clock = {"started": started}
        try:
            with connect(opts, client, stream) as live:
                schedule(live, jobs, opts, previous, journal, task, stream, records, clock)
            interrupted = False
            if not clock.get("stuck"):  # every task is over and no stopped worker lives on: nothing writes here now
                for line in clean_temp(outdir):
                    print(f"batch: {line} (left by an issue that timed out)", file=stream)
        except KeyboardInterrupt:  # Ctrl-C: what finished is journaled; the manifest lists the rest as pending
            print("batch interrupted: finished issues are kept; run again with --resume", file=stream)
            interrupted = True
        finally:
            journal.close()
        return finish(outdir, jobs, opts, records, started, interrupted, clock.get("ended"))


def check_journal(journal: Journal, opts: BatchOptions, stream: TextIO) -> Dict[str, dict]:
    """The previous records by id; a journal without --resume is refused (it would be mixed up)."""
    records, bad = journal.read()
    if records and not opts.resume:
        raise BatchError(f"{journal.path.parent} already holds a batch (batch.journal.jsonl): "
                         "add --resume to continue it, or choose an empty -o folder")
    if bad:
        print(f"batch: {bad} journal line(s) cut short by an interrupted batch were ignored; "
              "their issues are rendered again", file=stream)
    return journal.latest() if opts.resume else {}


def make_job(job: Job, opts: BatchOptions, outdir: Path, previous: Optional[dict]) -> dict:
    """The plain-data task argument for one issue (absolute paths: workers may run elsewhere)."""
    render = dict(opts.render)
    render.update({k: v for k, v in job.options.items() if k != "strict"})
    return {"id": job.id, "path": str(job.path), "outdir": str(outdir), "fonts": opts.fonts,
            "render": render, "previous": previous, "import": job.imported}


def schedule(client, jobs: List[Job], opts: BatchOptions, previous: Dict[str, dict], journal: Journal,
             task: Callable, stream: TextIO, records: Dict[str, dict], clock: Optional[dict] = None) -> None:
    """Submit one task per job; journal each record as it arrives and add it to ``records`` (by id);
    ``clock['ended']`` is set to when the last one arrived (``clock['started']``: the batch's start), ``clock['stuck']``
    to the workers a timeout could not restart."""
    clock = {} if clock is None else clock
    outdir = Path(opts.outdir).resolve()
    futures = {}
    watchdog = Watchdog(client, opts.timeout, stream)
    for job in jobs:
        payload = make_job(job, opts, outdir, previous.get(job.id))
        future = client.submit(announced, task, payload, key=f"baoban-{job.id}-{uuid.uuid4().hex[:8]}", pure=False)
        futures[future] = job
    progress = Progress(len(jobs), stream, started=clock.get("started"))

    def arrived(record: dict, job: Job) -> None:
        record["strict"] = bool(job.options.get("strict", opts.strict))
        journal.append(record)
        records[job.id] = record
        progress.update(record)

    try:
        wait_all(futures, watchdog, arrived)
    except KeyboardInterrupt:
        progress.close(interrupted=True)
        clock["ended"] = progress.ended
        raise
    finally:
        watchdog.close()
        clock["stuck"] = watchdog.stuck
    progress.close()
    clock["ended"] = progress.ended


def wait_all(futures: dict, watchdog: "Watchdog", arrived: Callable[[dict, Job], None]) -> None:
    """Until every future is in: hand each finished one's record to ``arrived``; stop those past their time."""
    from distributed import wait

    pending = dict(futures)
    while pending:
        try:
            wait(list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
        except TimeoutError:
            pass
        for future in watchdog.overdue(pending):
            arrived(watchdog.stop(future, pending.pop(future)), futures[future])
        for future in [f for f in pending if f.done()]:
            arrived(collect_record(future, pending.pop(future)), futures[future])


class Watchdog:
    """Times each task from its start event; stops one past ``timeout`` seconds (0: never) by restarting its worker."""

    def __init__(self, client, timeout: float, stream: TextIO):
        self.client, self.timeout, self.stream = client, timeout or 0, stream
        self.started: Dict[str, tuple] = {}  # task key -> (time.monotonic() when its start arrived, worker address)
        self.stuck: List[str] = []  # workers that could not be restarted: they may still write into OUTDIR
        if self.timeout > 0:
            client.subscribe_topic(STARTED_TOPIC, self._started)

    def _started(self, event) -> None:
        msg = event[1]
        self.started[msg["key"]] = (time.monotonic(), msg["worker"])  # a retried task: timed from its new start

    def overdue(self, pending: dict) -> List[object]:
        """The pending futures that started more than ``timeout`` seconds ago and have not finished."""
        if self.timeout <= 0:
            return []
        now = time.monotonic()
        return [f for f in pending if not f.done() and f.key in self.started
                and now - self.started[f.key][0] > self.timeout]

    def stop(self, future, job: Job) -> dict:
        """Cancel the task, restart the worker running it, and return the issue's failed record."""
        _, worker = self.started.pop(future.key)
        self.client.cancel([future], force=True)
        note = []
        try:
            self.client.restart_workers([worker], raise_for_error=True)
        except Exception as exc:  # noqa: BLE001 - no nanny, or it did not come back: say so, go on
            note = [f"its worker {worker} could not be restarted ({type(exc).__name__}: {exc}); "
                    "it may still be busy with this issue"]
            print(f"batch: {note[0]}", file=self.stream)
            self.stuck.append(worker)
        why = (f"timed out after {self.timeout:g} s: the render did not finish (its worker was restarted); "
               "run `render.py issue` on it alone to see where it hangs, or raise --timeout")
        return {"id": job.id, "issue": str(job.path), "status": "failed", "action": ATTEMPTED, "hash": "",
                "pages": 0, "files": [], "errors": [why], "warnings": note, "seconds": round(self.timeout, 3)}

    def close(self) -> None:
        """Stop listening for start events."""
        if self.timeout > 0:
            try:
                self.client.unsubscribe_topic(STARTED_TOPIC)
            except Exception:  # noqa: BLE001 - the client is closing anyway
                pass


def collect_record(future, job: Job) -> dict:
    """The task's record, or a failed record when the task itself was lost (a worker died twice)."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker, or a bug in the task: this issue failed
        name = type(exc).__name__
        why = ("a worker died twice while rendering it (out of memory or a crash in a library); "
               "run `render.py issue` on it alone to see why") if name == "KilledWorker" else str(exc)
        return {"id": job.id, "issue": str(job.path), "status": "failed", "action": ATTEMPTED, "hash": "",
                "pages": 0, "files": [], "errors": [f"{name}: {why}"], "warnings": [], "seconds": 0.0}


def finish(outdir: Path, jobs: List[Job], opts: BatchOptions, records: Dict[str, dict], started: float,
           interrupted: bool, ended: Optional[float] = None) -> BatchResult:
    """Write batch.json and batch.csv (jobs not finished listed as pending) and work out the exit code;
    the rate and seconds run from ``started`` to ``ended`` (the last issue's arrival; None: now)."""
    rows = [records.get(j.id) or {"id": j.id, "issue": str(j.path), "status": "pending", "action": "",
                                  "files": [], "errors": [], "warnings": []} for j in jobs]
    count = {s: sum(1 for r in rows if r["status"] == s) for s in ("done", "doubtful", "failed", "pending")}
    rendered = [r for r in rows if r.get("action") == "rendered"]
    elapsed = max((time.time() if ended is None else ended) - started, 1e-9)
    pages = sum(r.get("pages", 0) for r in rendered if r["status"] in FINISHED)
    lost = [r["id"] for r in rows if r.get("strict") and (r.get("lost") or r["status"] == "doubtful")]
    exit_code = EXIT_FAILED if count["failed"] or count["pending"] or lost else EXIT_OK
    summary = {"issues": len(rows), **count, "skipped": sum(1 for r in rows if r.get("action") == "skipped"),
               "rendered": len(rendered), "pages_rendered": pages, "seconds": round(elapsed, 3),
               "pages_per_second": pages_per_second(pages, elapsed),
               "pages_per_second_is": RATE_MEANING, "lost_strict": lost,
               "doubtful_ids": [r["id"] for r in rows if r["status"] == "doubtful"], "interrupted": interrupted,
               "scheduler": opts.scheduler or "local", "exit_code": 130 if interrupted else exit_code}
    write_manifest(outdir, summary, rows)
    return BatchResult(summary["exit_code"], rows, summary)


@contextmanager
def connect(opts: BatchOptions, client, stream: TextIO) -> Iterator[object]:
    """A Client: the one given, one on ``opts.scheduler``, or a new LocalCluster; the fonts warmed on every worker."""
    if client is not None:
        client.register_plugin(WarmFonts(opts.fonts))
        yield client
        return
    from distributed import Client

    if opts.scheduler:
        try:
            live = Client(opts.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"--scheduler {opts.scheduler}: cannot connect ({exc}); is `dask scheduler` "
                             "running there and the port open?") from None
        cluster = None
    else:
        cluster = local_cluster(opts.workers, opts.dashboard)
        live = Client(cluster)
    try:
        live.register_plugin(WarmFonts(opts.fonts))
        workers = len(live.scheduler_info().get("workers", {}))
        print(f"batch: {workers} worker(s) on {live.scheduler.address}; dashboard: {dashboard(live)}", file=stream)
        yield live
    finally:
        for closing in (live, cluster):
            if closing is not None:
                close_quietly(closing)


def close_quietly(thing) -> None:
    """Close a Client or cluster; a second Ctrl-C or a cancelled shutdown does not stop the manifest being written."""
    import asyncio

    try:
        thing.close()
    except (Exception, KeyboardInterrupt, asyncio.CancelledError):  # noqa: BLE001 - closing anyway
        pass


def local_cluster(workers: Optional[int] = None, dashboard_address: str = ":8787"):
    """A LocalCluster of single-threaded worker processes on 127.0.0.1, a dead worker's task retried once."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(CLUSTER_CONFIG):
        return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=dashboard_address, silence_logs=logging.ERROR)


def dashboard(client) -> str:
    """The dashboard address, or why there is none."""
    try:
        import bokeh  # noqa: F401 - the dashboard needs it
    except ImportError:
        return "not available (pip install 'bokeh>=3.1')"
    return client.dashboard_link
