"""What a batch renders: SOURCES (issue files, folders, CSV or YAML manifests) into jobs.

A job is one issue: its issue.yaml, an id (the output folder's name inside
OUTDIR) and its per-issue options. Folders are searched recursively for
``issue.yaml`` (hidden folders and OUTDIR skipped, sorted, so ids are stable
between runs, which ``--resume`` relies on). A manifest lists one issue a
row: CSV with a header, or YAML (a list, or a mapping with ``issues:``),
each row naming ``issue`` (a path relative to the manifest) and optionally
``id`` and the options in :data:`OPTION_TYPES`. A row's issue must lie inside
the manifest's folder (symlinks resolved): a manifest from elsewhere cannot
make the batch read, and quote into batch.json, any file on the machine; an
issue outside it is rendered only when given on the command line too.
Problems are messages naming ``file:line`` and what to do; nothing is skipped silently.
"""
from __future__ import annotations

import csv
import re
from dataclasses import field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..model.errors import Diagnostics, short
from ..model.yamlnodes import YMap, YScalar, YSeq, load_yaml, plain
from ..records import record

ISSUE_NAMES = ("issue.yaml", "issue.yml")
YAML_SUFFIXES = (".yaml", ".yml")
SAFE_ID = re.compile(r"^[^./\\\s][^/\\]{0,119}$")
RESERVED_IDS = ("imported",)  # OUTDIR/imported/ holds the issues --import wrote

# per-issue option -> parser of its text form (CSV cells are text; YAML values may already be typed)
OPTION_TYPES = {
    "strict": "bool",
    "preflight": "bool",
    "marks": "bool",
    "icc_profile": "str",
    "tac_limit": "float",
    "min_ppi": "float",
}
ROW_KEYS = ("issue", "id") + tuple(OPTION_TYPES)
_TRUE, _FALSE = {"1", "true", "yes", "on", "y"}, {"0", "false", "no", "off", "n"}


@record
class Job:
    """One issue to render: the issue file, its output id and options set for it alone."""

    path: Path
    id: str = ""
    options: Dict[str, object] = field(default_factory=dict)
    origin: str = ""  # where it was listed: the SOURCE argument or manifest:line
    imported: bool = False  # path is an old page (PDF or text, or a folder of them) for `render.py import`


class SourceError(Exception):
    """A SOURCE or manifest row that cannot be used; the message names file:line and what to do."""


def collect(sources: Iterable[str], skip: Optional[Path] = None) -> List[Job]:
    """Every job the SOURCES stand for, with unique ids; raises SourceError listing every problem."""
    jobs: List[Job] = []
    problems: List[str] = []
    sources = list(sources)
    given = frozenset(Path(raw).resolve() for raw in sources)
    for raw in sources:
        try:
            jobs += jobs_from(Path(raw), skip, given)
        except SourceError as exc:
            problems.append(str(exc))
    firsts: Dict[tuple, Job] = {}
    for job in jobs:  # an issue listed twice alike (a folder and its issue.yaml) runs once
        firsts.setdefault((job.path, job.id, tuple(sorted(job.options.items()))), job)
    jobs = list(firsts.values())
    if not problems:
        problems += assign_ids(jobs) if jobs else ["no issue to render in the SOURCES given (an empty manifest?)"]
    if problems:
        raise SourceError("\n".join(problems))
    return jobs


def jobs_from(path: Path, skip: Optional[Path] = None, given: frozenset = frozenset()) -> List[Job]:
    """The jobs of one SOURCE argument: an issue file, a folder of issues or a manifest."""
    if path.is_dir():
        found = find_issues(path, skip)
        if not found:
            raise SourceError(f"{path}: no issue.yaml in this folder or below it")
        return [Job(p.resolve(), origin=str(path)) for p in found]
    if not path.is_file():
        raise SourceError(f"{path}: no such file or folder (give issue.yaml files, folders or a manifest)")
    if path.suffix.lower() == ".csv":
        return read_csv_manifest(path, given)
    if path.suffix.lower() in YAML_SUFFIXES:
        return _yaml_source(path, given)
    raise SourceError(f"{path}: not an issue (.yaml), a folder or a manifest (.csv or .yaml)")


def find_issues(folder: Path, skip: Optional[Path] = None) -> List[Path]:
    """issue.yaml files under ``folder`` (recursive, sorted), hidden folders and ``skip`` left out."""
    skip = skip.resolve() if skip else None
    found = []
    for name in ISSUE_NAMES:
        for p in folder.rglob(name):
            rel = p.relative_to(folder).parts[:-1]
            if any(part.startswith(".") for part in rel):
                continue
            if skip and (p.resolve() == skip or skip in p.resolve().parents):
                continue
            found.append(p)
    return sorted(found)


def _yaml_source(path: Path, given: frozenset = frozenset()) -> List[Job]:
    """An issue file (named issue.yaml or with a top-level 'paper') or a YAML manifest."""
    if path.name in ISSUE_NAMES:
        return [Job(path.resolve(), origin=str(path))]
    diags = Diagnostics()
    node = load_yaml(path, diags, str(path))
    if node is None:
        raise SourceError("\n".join(str(d) for d in diags.items))
    if isinstance(node, YMap) and "paper" in node:
        return [Job(path.resolve(), origin=str(path))]
    rows = node.get("issues") if isinstance(node, YMap) else node
    if not isinstance(rows, YSeq):
        raise SourceError(f"{path}: neither an issue (no 'paper:') nor a batch manifest "
                          "(a list of rows, or 'issues:' with one); see README, Batch")
    return _rows_to_jobs(path, ((str(item.mark), _yaml_row(item)) for item in rows.items), given)


def _yaml_row(item) -> Dict[str, object]:
    """A YAML manifest row as a dict: a plain string is the issue path."""
    if isinstance(item, YScalar):
        return {"issue": item.value}
    if isinstance(item, YMap):
        return plain(item)
    return {"": "a list"}


def read_csv_manifest(path: Path, given: frozenset = frozenset()) -> List[Job]:
    """The jobs of a CSV manifest (header row first; column 'issue' required)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "issue" not in [h.strip() for h in reader.fieldnames]:
                raise SourceError(f"{path}:1: a manifest needs a header row with an 'issue' column "
                                  f"(columns: {', '.join(ROW_KEYS)})")
            unknown = [h.strip() for h in reader.fieldnames if h.strip() not in ROW_KEYS]
            rows = [(f"{path}:{reader.line_num}", {(k or "").strip(): (v or "").strip() for k, v in row.items()
                                                   if k is None or k.strip() not in unknown}) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"{path}: cannot read the manifest: {exc}") from None
    problems = [f"{path}:1: unknown column {short(c)!r} in the header; known: {', '.join(ROW_KEYS)}"
                for c in unknown]  # once here, not once a row
    try:
        jobs = _rows_to_jobs(path, rows, given)
    except SourceError as exc:
        problems.append(str(exc))
    if problems:
        raise SourceError("\n".join(problems))
    return jobs


def _rows_to_jobs(manifest: Path, rows: Iterable[Tuple[str, Dict[str, object]]],
                  given: frozenset = frozenset()) -> List[Job]:
    """Jobs from manifest rows; every bad row is reported, none dropped."""
    jobs, problems = [], []
    for where, row in rows:
        try:
            jobs.append(row_to_job(manifest, where, row, given))
        except SourceError as exc:
            problems.append(str(exc))
    if problems:
        raise SourceError("\n".join(problems))
    return jobs


def row_to_job(manifest: Path, where: str, row: Dict[str, object], given: frozenset = frozenset()) -> Job:
    """One manifest row as a Job (paths relative to the manifest's folder, and inside it unless in ``given``)."""
    unknown = [k for k in row if k not in ROW_KEYS]
    if unknown:
        raise SourceError(f"{where}: unknown column {unknown[0]!r}; known: {', '.join(ROW_KEYS)}")
    issue = str(row.get("issue") or "").strip()
    if not issue:
        raise SourceError(f"{where}: no 'issue' path in this row")
    path = (manifest.parent / issue)
    if path.is_dir():
        path = next((path / n for n in ISSUE_NAMES if (path / n).is_file()), path / ISSUE_NAMES[0])
    confine(manifest, where, path.resolve(), given)
    options = {k: parse_option(where, k, row[k]) for k in OPTION_TYPES if row.get(k) not in (None, "")}
    return Job(path.resolve(), id=str(row.get("id") or "").strip(), options=options, origin=where)


def confine(manifest: Path, where: str, issue: Path, given: frozenset = frozenset()) -> None:
    """Raise SourceError unless ``issue`` (resolved) lies in the manifest's folder or was given on the command line."""
    folder = manifest.resolve().parent
    if issue in given or (issue.parent in given and issue.name in ISSUE_NAMES) or folder in issue.parents:
        return
    raise SourceError(f"{where}: {short(str(issue))} is outside the manifest's folder {folder} (symlinks "
                      "followed); move the manifest up, or give that issue on the command line")


def parse_option(where: str, key: str, value: object) -> object:
    """A per-issue option's value in its type; a bad one is a SourceError naming the row."""
    kind = OPTION_TYPES[key]
    text = str(value).strip().lower()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise SourceError(f"{where}: {key}: {value!r} is not true or false")
    if kind == "float":
        try:
            number = float(text)
        except ValueError:
            raise SourceError(f"{where}: {key}: {value!r} is not a number") from None
        if not 0 < number < float("inf"):
            raise SourceError(f"{where}: {key}: {value!r} must be a finite number greater than 0")
        return number
    if key == "icc_profile" and str(value).strip():  # read whole when the issue is written: checked as on the
        from ..issue import icc_profile_error  # command line (a CMYK output profile, a regular file, bounded)

        problem = icc_profile_error(str(value))
        if problem:
            raise SourceError(f"{where}: {problem.removeprefix('--icc-profile ')}")
    return str(value)


def import_jobs(sources: Iterable[str]) -> List[Job]:
    """--import: one job per SOURCE (a page PDF, an extracted text, or a folder of them: one issue), id from its name."""
    jobs, problems = [], []
    for raw in sources:
        path = Path(raw)
        if not path.exists():
            problems.append(f"{raw}: no such file or folder (give old page PDFs, extracted texts or folders of them)")
            continue
        jobs.append(Job(path.resolve(), id=(path.stem if path.is_file() else path.resolve().name).lstrip("."),
                        origin=raw, imported=True))
    problems += assign_ids(jobs)
    if problems:
        raise SourceError("\n".join(problems))
    return jobs


def assign_ids(jobs: List[Job]) -> List[str]:
    """Give every job without an id one from its folder (parent folders added until unique); problems returned."""
    problems = []
    for job in jobs:
        if job.id and not SAFE_ID.match(job.id) or job.id in RESERVED_IDS:
            problems.append(f"{job.origin}: id {job.id!r} cannot name an output folder (no '/', no leading '.', "
                            f"not {', '.join(RESERVED_IDS)})")
    depth: Dict[int, int] = {i: 1 for i, job in enumerate(jobs) if not job.id}
    for _ in range(8):
        names = {i: derived_id(jobs[i].path, d) for i, d in depth.items()}
        taken = [j.id for j in jobs if j.id] + list(names.values())
        clashes = {i for i, n in names.items() if taken.count(n) > 1}
        if not clashes:
            break
        depth.update({i: depth[i] + 1 for i in clashes})
    for i, name in names.items():
        jobs[i].id = name
    seen: Dict[str, Job] = {}
    for job in jobs:
        if job.id in seen:
            problems.append(f"{job.origin}: {job.path} and {seen[job.id].path} would both be written to "
                            f"'{job.id}'; give one an id in a manifest")
        seen.setdefault(job.id, job)
    return problems


def derived_id(path: Path, depth: int) -> str:
    """The issue's folder name with ``depth`` folder levels, joined by '__' (e.g. 2018__issue-04-28)."""
    parts = [p for p in path.parent.parts[-depth:] if p not in ("/", "\\")]
    name = "__".join(parts) or path.stem
    return name.lstrip(".") or "issue"
