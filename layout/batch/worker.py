"""What runs inside a Dask worker: one issue per task, on a warm engine.

Each worker process keeps one :class:`layout.pipeline.Engine` per font
configuration (:func:`engine_for`; :class:`WarmFonts` loads it when the
worker starts, so the first issue pays no start-up either). A task
(:func:`render_task`) hashes the issue's inputs, skips it when ``--resume``
found it done with the same hash and its files still there, else renders it
into a temp folder inside OUTDIR and renames that into ``OUTDIR/<id>``
(layout/batch/journal.py). It never raises for a bad issue: the returned
record carries the error, so one bad issue does not stop the batch.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import traceback
from pathlib import Path
from typing import Dict, Optional

from .journal import import_hash, input_hash, make_temp_folder, place, sha256_file

MAX_ENGINES = 4  # font configurations kept warm per process (a batch uses one)
# a record's action: "rendered" (done this run), "skipped" (done before, unchanged), "attempted" (failed this run)
ATTEMPTED = "attempted"
# a record's status: "done", "doubtful" (--import: rendered, but layout.reprint doubts the import, as
# `render.py import` exiting 1 "DOUBTFUL"), "failed"; the first two are finished and --resume skips them
FINISHED = ("done", "doubtful")
STARTED_TOPIC = "baoban-task-started"  # the event a task logs when it starts: run.Watchdog times it from there
MAX_MESSAGES = 50  # errors / warnings kept per issue in the journal
_ENGINES: Dict[Optional[str], object] = {}
_RENDER_LOCK = threading.Lock()  # one render at a time per process, whatever --nthreads the worker has


def engine_for(fonts: Optional[str]):
    """This process's warm Engine for a fonts.yaml (None: the default), created on first use."""
    from ..pipeline import Engine

    engine = _ENGINES.get(fonts)
    if engine is None:
        if len(_ENGINES) >= MAX_ENGINES:
            _ENGINES.clear()
        engine = _ENGINES[fonts] = Engine(fonts)
    return engine


try:
    from distributed import WorkerPlugin
except ImportError:  # layout.batch.worker is importable without distributed (the CLI says what is missing)
    WorkerPlugin = object  # type: ignore[misc,assignment]


class WarmFonts(WorkerPlugin):
    """Worker plugin: load the batch's font set when a worker (or its replacement) starts."""

    name = "baoban-warm-fonts"

    def __init__(self, fonts: Optional[str] = None):
        self.fonts = fonts

    def setup(self, worker=None) -> None:
        """Load the fonts now; a font problem is left for the first task to report per issue."""
        try:
            _ = engine_for(self.fonts).fontset
        except Exception:  # noqa: BLE001 - reported by render_task with the issue it spoils
            pass


def announced(task, job: dict) -> dict:
    """Log STARTED_TOPIC {key, worker} to the scheduler (the per-issue timeout runs from here), then run ``task(job)``."""
    try:
        from distributed import get_worker

        worker = get_worker()
        worker.log_event(STARTED_TOPIC, {"key": worker.get_current_task(), "worker": worker.address})
    except (ImportError, ValueError):  # not on a Dask worker (called directly): nothing to time
        pass
    return task(job)


def render_task(job: dict) -> dict:
    """Render one job (see run.make_job) and return its journal record; never raises for the issue's faults."""
    started = time.perf_counter()
    outdir = Path(job["outdir"])
    record = new_record(job)
    try:
        if job.get("import"):
            record["hash"] = import_hash(Path(job["path"]), job.get("fonts"), job["render"])
        else:
            record["hash"] = input_hash(Path(job["path"]), job.get("fonts"), job["render"], skip=outdir)
        previous = job.get("previous") or {}
        if previous.get("status") in FINISHED and previous.get("hash") == record["hash"] and outputs_present(outdir, previous):
            return dict(previous, action="skipped", seconds=0.0)
        if job.get("import"):
            job = dict(job, path=str(import_issue(job, outdir, record)))
        render_into_place(job, record, outdir)
        if record["status"] == "done" and record.get("doubts"):
            record["status"] = "doubtful"
    except Exception as exc:  # noqa: BLE001 - a crash in layout is this issue's failure, not the batch's
        record.update(status="failed", action=ATTEMPTED, errors=[crash_message(exc)], files=[])
    if record["status"] == "failed" and (outdir / job["id"]).is_dir():
        record["warnings"] = record["warnings"] + [f"{job['id']}/ still holds an earlier render of this issue; "
                                                   "it does not show the current inputs"]
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


def new_record(job: dict) -> dict:
    """A journal record for a job before it runs: failed until shown otherwise."""
    return {"id": job["id"], "issue": job["path"], "status": "failed", "action": ATTEMPTED, "hash": "",
            "pages": 0, "files": [], "overset": 0, "overset_chars": 0, "underset": None, "missing_glyphs": 0,
            "missing_images": 0, "overfull": 0, "warnings": [], "errors": [], "lost": False, "seconds": 0.0,
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


def import_issue(job: dict, outdir: Path, record: dict) -> Path:
    """--import: the old page(s) through layout.reprint into OUTDIR/imported/<id>/ (temp folder, then renamed); its issue.yaml.

    The imported issue is kept for review (IMPORT.md lists every change) and
    rendered from its final place, so the PDFs do not depend on a temp name.
    """
    from ..reprint.importer import import_source
    from ..reprint.writer import write_import

    result = import_source(Path(job["path"]))
    final = outdir / "imported" / job["id"]
    final.parent.mkdir(exist_ok=True)
    tmp = make_temp_folder(outdir)
    try:
        write_import(result, tmp)
        check_import(result, tmp, job.get("fonts"))
        place(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    record.update(imported_from=job["path"], issue=str(final / "issue.yaml"))
    record["warnings"] = [f"import: {note}" for note in result.notes]
    record["warnings"] += [f"import: DOUBTFUL: {p}" for p in result.problems]  # layout.reprint.confidence; IMPORT.md
    record["doubts"] = list(result.problems)[:MAX_MESSAGES]
    return final / "issue.yaml"


def check_import(result, folder: Path, fonts: Optional[str]) -> None:
    """As `render.py import` does: set the written issue to find large overset (a doubt), then rewrite IMPORT.md."""
    from ..reprint.confidence import overset_doubts
    from ..reprint.writer import write_log

    overset_doubts(result, folder / "issue.yaml", fonts)
    write_log(result, folder)


def render_into_place(job: dict, record: dict, outdir: Path) -> None:
    """Render into OUTDIR/.tmp-*, then rename it to OUTDIR/<id> when the issue rendered cleanly."""
    from ..pipeline import RenderOptions

    tmp = make_temp_folder(outdir)
    try:
        options = RenderOptions(out=str(tmp), strict=False, **job["render"])
        with _RENDER_LOCK:
            result = engine_for(job.get("fonts")).render_issue(Path(job["path"]), options)
        summarise(result, record)
        if result.exit_code == 0 and result.files:
            record["files"] = finished_files(result.files, job["id"])
            place(tmp, outdir / job["id"])
            record.update(status="done", action="rendered")
        elif not record["errors"]:
            record["errors"] = ["the render wrote no files"]
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def summarise(result, record: dict) -> None:
    """Copy an IssueResult's figures and messages into the record."""
    report = result.report
    diags = result.diagnostics
    errors = [str(d) for d in diags if d.severity == "error"] + list(report.errors)
    warnings = list(record.get("warnings") or []) + [str(d) for d in diags if d.severity != "error"] + list(report.warnings)
    underset = getattr(report, "underset", None)
    record.update(
        pages=len(result.pages), overset=len(report.overset), overset_chars=sum(o.chars for o in report.overset),
        underset=None if underset is None else len(underset), missing_glyphs=len(report.missing_glyphs),
        missing_images=len(report.missing_images), overfull=len(report.overfull),
        font_substitutions=len(getattr(report, "font_substitutions", ())),
        errors=errors[:MAX_MESSAGES], warnings=warnings[:MAX_MESSAGES],
        lost=not errors and report.failed(True), losses=report.problems()[:MAX_MESSAGES])


def finished_files(paths, issue_id: str) -> list:
    """The written files as [{name: '<id>/<file>', sha256, bytes}], page files first (the PDF writer fsyncs them)."""
    out = []
    for p in paths:
        out.append({"name": f"{issue_id}/{os.path.basename(p)}", "sha256": sha256_file(p), "bytes": os.path.getsize(p)})
    return out


def outputs_present(outdir: Path, record: dict) -> bool:
    """True when every file a done record lists is still in OUTDIR with its recorded size."""
    files = record.get("files") or []
    try:
        return bool(files) and all(os.path.getsize(outdir / f["name"]) == f["bytes"] for f in files)
    except (OSError, KeyError, TypeError):
        return False


def crash_message(exc: BaseException) -> str:
    """An unexpected exception as one line: type, message and the innermost place in the code."""
    from ..fonts import FontError

    if isinstance(exc, (FontError, OSError)):  # the user's to fix (fonts, disk, permissions): no traceback talk
        return f"{type(exc).__name__}: {exc}"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno} ({frames[-1].name})" if frames else ""
    return f"crash: {type(exc).__name__}: {exc}{where}; please report it with the issue files"
