"""OUTDIR's bookkeeping: the journal, the lock, input hashes, temp folders and the manifest.

Crash safety (issue 15, "Resumable and safe"):

- the journal ``batch.journal.jsonl`` is append-only JSON lines, each
  written with one ``write`` and ``fsync``; a line cut short by a kill is
  ignored when read (and the next append starts on a fresh line);
- an issue is rendered into ``OUTDIR/.tmp-*`` and renamed into
  ``OUTDIR/<id>`` only when complete, so OUTDIR never holds a half-written
  PDF under its final name; a previous output is moved to ``.old-*`` for
  the swap, and :func:`clean_temp` puts it back if a kill fell in between;
- ``batch.lock`` is held with ``flock`` for the whole run, so two batches
  never write one OUTDIR; the kernel releases it when the holder dies;
- the input hash (SHA-256 over issue.yaml, the issue's folder, the
  templates and the fonts config, plus the render options) decides what
  ``--resume`` may skip.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..pdf.atomic import fsync_dir

JOURNAL = "batch.journal.jsonl"
LOCK = "batch.lock"
MANIFEST_JSON, MANIFEST_CSV = "batch.json", "batch.csv"
TMP_PREFIX, OLD_PREFIX = ".tmp-", ".old-"
HASH_VERSION = "baoban-batch-1"  # bump when what the hash covers changes
CSV_COLUMNS = ("id", "status", "action", "issue", "pages", "files", "overset", "overset_chars", "underset",
               "missing_glyphs", "missing_images", "overfull", "font_substitutions", "warnings", "errors", "lost",
               "seconds", "hash", "doubts")


MESSAGE_CHARS = 300  # an error or warning is recorded (journal, batch.json, batch.csv) cut to this length
MESSAGE_KEYS = ("errors", "warnings", "losses", "doubts")


def clip(text: object, limit: int = MESSAGE_CHARS) -> str:
    """One message cut to ``limit`` characters plus its length: an input file's text never fills the manifest."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}… (message cut: {len(text)} characters)"


def clipped(record: dict) -> dict:
    """A copy of ``record`` with every error, warning and loss message cut by :func:`clip`."""
    out = dict(record)
    for key in MESSAGE_KEYS:
        if isinstance(out.get(key), list):
            out[key] = [clip(m) if isinstance(m, str) else m for m in out[key]]
    return out


class BatchLocked(Exception):
    """Another batch holds OUTDIR's lock."""


class Journal:
    """The append-only JSON-lines journal of a batch folder."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / JOURNAL
        self._fd: Optional[int] = None

    def read(self) -> Tuple[List[dict], int]:
        """(records in order, number of unreadable lines: a line cut short by a kill)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return [], 0
        records, bad = [], 0
        for line in data.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if isinstance(record, dict):
                records.append(record)
        return records, bad

    def latest(self) -> Dict[str, dict]:
        """The last issue record per id (records without an id, such as run starts, left out)."""
        return {r["id"]: r for r in self.read()[0] if r.get("id") and r.get("status")}

    def append(self, record: dict) -> None:
        """Write one record as one line and fsync it: once this returns, the record survives a crash."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if self.path.stat().st_size and not self.path.read_bytes().endswith(b"\n"):
                os.write(self._fd, b"\n")  # the last line was cut short: start afresh
        data = (json.dumps(clipped(record), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self._fd, data):]
        os.fsync(self._fd)

    def close(self) -> None:
        """Close the file (appending again reopens it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class BatchLock:
    """An exclusive ``flock`` on OUTDIR/batch.lock for the life of a batch (context manager)."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / LOCK
        self._fd: Optional[int] = None

    def __enter__(self) -> "BatchLock":
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise BatchLocked(f"{self.path.parent}: another batch ({holder}) is writing this folder; "
                              "wait for it to finish or choose another -o folder") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock; the file stays (removing it would race)
            self._fd = None


def clean_temp(outdir: Path) -> List[str]:
    """Remove what a killed batch left (temp folders); put back a previous output cut off mid-swap."""
    done = []
    for entry in sorted(Path(outdir).iterdir()):
        if entry.name.startswith(OLD_PREFIX):
            final = entry.with_name(old_id(entry.name))
            if not final.exists():
                os.rename(entry, final)
                done.append(f"restored {final.name}")
                continue
        if entry.name.startswith((TMP_PREFIX, OLD_PREFIX)):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            done.append(f"removed {entry.name}")
    return done


def old_id(name: str) -> str:
    """The issue id in an ``.old-XXXXXXXX-<id>`` folder name."""
    return name[len(OLD_PREFIX) + 9:]


def current_umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_temp_folder(outdir: Path) -> Path:
    """A new ``OUTDIR/.tmp-*`` folder with the permissions ``mkdir`` would give (not mkdtemp's 0700)."""
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=outdir))
    os.chmod(tmp, 0o777 & ~current_umask())
    return tmp


def place(tmp: Path, final: Path) -> None:
    """Move a finished temp folder to its final name, replacing (not merging with) an older output."""
    old = None
    if final.exists():
        old = final.with_name(f"{OLD_PREFIX}{os.urandom(4).hex()}-{final.name}")
        os.rename(final, old)
    os.rename(tmp, final)
    fsync_dir(final.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- input hash --------------------------------------------------------------

def input_files(issue: Path, skip: Optional[Path] = None) -> List[Path]:
    """The files an issue's output depends on: its folder (recursive) and its templates folder.

    Hidden entries, nested folders holding another issue, and ``skip`` (the
    batch folder) are left out. The whole issue folder is covered, so a
    change to any article or image there makes the issue render again.
    """
    issue = Path(issue)
    files = _tree(issue.parent, skip, nested_issues=True)
    templates = templates_folder(issue)
    if templates is not None and not _inside(templates, issue.parent):
        files += _tree(templates, skip, nested_issues=False)
    return files


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _tree(folder: Path, skip: Optional[Path], nested_issues: bool) -> List[Path]:
    """Regular files under ``folder``, sorted, without hidden entries, ``skip`` or other issues' folders."""
    out: List[Path] = []
    skip_real = skip.resolve() if skip else None
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        keep = []
        for d in sorted(dirs):
            sub = here / d
            if d.startswith(".") or (skip_real and sub.resolve() == skip_real):
                continue
            if nested_issues and any((sub / n).is_file() for n in ("issue.yaml", "issue.yml")):
                continue
            keep.append(d)
        dirs[:] = keep
        out += [here / n for n in sorted(names) if not n.startswith(".") and (here / n).is_file()]
    return out


def templates_folder(issue: Path) -> Optional[Path]:
    """The issue's templates folder as the model finds it ('templates:' or the nearest templates/ above)."""
    from ..model.errors import Diagnostics
    from ..model.yamlnodes import YMap, YScalar, load_yaml

    node = load_yaml(issue, Diagnostics())  # the shared, bounded loader: an alias bomb or a FIFO cannot stall a batch
    value = node.get("templates") if isinstance(node, YMap) else None
    if isinstance(value, YScalar) and isinstance(value.value, str):
        folder = Path(issue).parent / value.value
        return folder if folder.is_dir() else None
    for parent in [Path(issue).parent] + list(Path(issue).resolve().parents)[:4]:
        if (parent / "templates").is_dir():
            return parent / "templates"
    return None


def input_hash(issue: Path, fonts_config: Optional[str], options: dict, skip: Optional[Path] = None) -> str:
    """SHA-256 over the issue's input files (names and bytes), the fonts config and the render options."""
    issue = Path(issue)
    return _digest(HASH_VERSION, options, fonts_config, [issue] + input_files(issue, skip), issue.parent)


def import_hash(source: Path, fonts_config: Optional[str], options: dict) -> str:
    """SHA-256 for an --import job: the old page file(s), the importer's code and bundled templates, fonts, options."""
    source = Path(source)
    code = Path(__file__).resolve().parents[1] / "reprint"
    templates = Path(__file__).resolve().parents[2] / "templates"
    files = [source] if source.is_file() else _tree(source, None, nested_issues=False)
    files += [f for f in _tree(code, None, nested_issues=False) if f.suffix == ".py"]
    files += _tree(templates, None, nested_issues=False)
    return _digest(HASH_VERSION + "-import", options, fonts_config, files, source.parent)


def fonts_file(fonts_config: Optional[str]) -> Path:
    """The fonts.yaml a batch uses (the project's default when none is given)."""
    from ..fonts.registry import DEFAULT_CONFIG

    return Path(fonts_config) if fonts_config else DEFAULT_CONFIG


def _digest(tag: str, options: dict, fonts_config: Optional[str], files: List[Path], base: Path) -> str:
    """SHA-256 of a tag, the options as sorted JSON, the fonts config's bytes, and each file's name (see _label) and bytes."""
    h = hashlib.sha256(tag.encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    for label, file in [("<fonts config>", fonts_file(fonts_config))] + [(_label(f, base), f) for f in files]:
        h.update(b"\0" + label.encode("utf-8") + b"\0")
        try:
            h.update(file.read_bytes())
        except OSError as exc:
            h.update(f"<unreadable: {exc.strerror}>".encode())
    return h.hexdigest()


def _label(file: Path, base: Path) -> str:
    """A file's name in the hash: relative to the issue folder (``../templates/front.yaml``), so a moved batch still resumes."""
    return os.path.relpath(file.resolve(), base.resolve())


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- manifest ----------------------------------------------------------------

def write_manifest(outdir: Path, summary: dict, records: Iterable[dict]) -> Tuple[Path, Path]:
    """Write OUTDIR/batch.json (summary + one entry per issue) and batch.csv, each atomically."""
    records = [clipped(r) for r in records]
    outdir = Path(outdir)
    text = json.dumps({"batch": summary, "issues": records}, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(outdir / MANIFEST_JSON, (text + "\n").encode("utf-8"))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(csv_row(r))
    atomic_write(outdir / MANIFEST_CSV, buf.getvalue().encode("utf-8"))
    return outdir / MANIFEST_JSON, outdir / MANIFEST_CSV


def csv_row(record: dict) -> dict:
    """A journal record flattened for batch.csv: files as 'name sha256' joined by ';', lists as counts."""
    row = dict(record)
    row["files"] = ";".join(f"{f['name']} {f['sha256']}" for f in record.get("files", []))
    row["warnings"] = len(record.get("warnings", []))
    row["errors"] = " | ".join(record.get("errors", []))
    row["doubts"] = " | ".join(record.get("doubts") or [])
    row["underset"] = "" if record.get("underset") is None else record["underset"]
    return row


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file through a temp file in the same folder (never *.pdf), fsync, then rename over."""
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # as open() would make it, not mkstemp's 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
