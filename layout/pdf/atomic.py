"""Atomic output: never leave a half-written PDF, nor half of a new issue beside half of the old one.

``write_atomic`` writes one file: the bytes go to a temporary file in the
target folder (named ``.partial-*.tmp``, never ``*.pdf``, so a hot folder
watching for PDFs does not pick it up), are flushed to disk (fsync), and the
file is renamed over the target (``os.replace``, atomic on POSIX within one
file system); the folder is fsynced so the rename survives a power cut.

``OutputSet`` writes a *set* of files (an issue's page PDFs and issue PDF)
so that they are replaced together:

1. every file is written into a staging folder beside the targets
   (``OUT/.baoban-staging-PID-RANDOM/NAME.part``) and fsynced;
2. a journal (``OUT/.baoban-commit-PID-RANDOM.json``) naming the staging
   folder and the files is written and fsynced: from here on the new set is
   complete on disk;
3. each old file is hard-linked into the staging folder as a backup, then the
   new file is renamed over it; files of the same set that the new one does
   not contain (``family``: an issue grown from 4 to 2 pages leaves
   ``-03.pdf`` and ``-04.pdf``) are moved into the staging folder too, so the
   folder holds exactly one consistent set; a failure part-way rolls the
   replaced and removed files back from the backups, so the old set stays whole;
4. the journal and the staging folder are removed (the old files with it).

A process killed after step 2 leaves the journal: the next ``OutputSet`` (or
``clean_leftovers``) on that folder finishes the replacement (roll forward),
so the folder ends with the whole new set. Killed before step 2, the staging
folder is simply removed: the old set was never touched. Leftovers are only
removed when the process that made them is gone.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import field
from typing import BinaryIO, Callable, Dict, List, Optional, Sequence, Tuple

from ..records import record

STAGING_PREFIX = ".baoban-staging-"
JOURNAL_PREFIX = ".baoban-commit-"
PARTIAL_PREFIX = ".partial-"
STAGED_SUFFIX = ".part"
COMMITTED: List[str] = []  # the last few output folders whose new set this process committed, and how many in all
COMMITS = [0]  # (the CLI's interrupt message says whether the run it stopped had replaced its output)
_OURS = (STAGING_PREFIX, JOURNAL_PREFIX, PARTIAL_PREFIX)  # the names leftovers of ours can have
_ACTIVE: set = set()  # tokens of this process's OutputSets not yet committed or aborted


class OutputError(OSError):
    """The output path cannot take a file (it is a folder, or its folder cannot be made)."""


class OutputSetError(OutputError):
    """A set of files could not be replaced; the message says exactly what was and was not replaced."""


def write_atomic(path: str, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, fsync it, then rename it to ``path``.

    Leftovers of a killed earlier run in that folder are cleaned first (clean_leftovers).
    """
    if os.path.isdir(path):
        raise OutputError(f"cannot write {path}: it is a folder; name a file, e.g. {os.path.join(path, 'out.pdf')}")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: cannot make its folder ({exc.strerror or exc})") from exc
    clean_leftovers(folder)  # temporary files of a killed earlier run
    fd, tmp = tempfile.mkstemp(prefix=f"{PARTIAL_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; give it the mode open() would
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None and exc.errno:  # a full disk names no file
            raise OSError(exc.errno, exc.strerror, path) from exc
        raise
    fsync_dir(folder)


@record
class CommitResult:
    """What an OutputSet commit did: final paths in the order staged, and which of them replaced a file."""

    paths: List[str]
    replaced: List[str] = field(default_factory=list)
    created: List[str] = field(default_factory=list)
    removed: List[str] = field(default_factory=list)  # old files of the set that the new set does not contain

    def summary(self) -> str:
        """'wrote 3 files into out (2 replaced, 1 new; removed the old out/x-04.pdf)'."""
        folder = os.path.dirname(self.paths[0]) if self.paths else "."
        gone = f"; removed the old {', '.join(self.removed)}" if self.removed else ""
        return f"wrote {len(self.paths)} files into {folder} ({len(self.replaced)} replaced, {len(self.created)} new{gone})"


class OutputSet:
    """Files written into a staging folder and replaced together in ``out_dir``.

    Use::

        with OutputSet(out_dir) as out:
            writer.write_pdf(pages, fontset, out.stage("20180428-01.pdf"))
            ...
            result = out.commit()      # the whole set appears at once
        result.paths                   # final paths, in the order staged

    ``stage(name)`` returns the path to write ``name`` to (inside the staging
    folder; it does not end in .pdf) and ``final(name)`` the path it will
    have. Leaving the block without ``commit()`` (an exception, say) removes
    the staging folder and leaves ``out_dir`` as it was. ``commit()`` raises
    OutputSetError saying what was and was not replaced; it also refuses, before
    anything is replaced, to replace one of ``inputs`` (the files the output
    was made from, compared as files: symlinks and hard links included).
    ``family`` (a regular expression matched against whole file names) names
    the files in ``out_dir`` that belong to the set: those not staged are
    removed at commit, together with the replacement (CommitResult.removed).
    """

    def __init__(self, out_dir: str, inputs: Sequence[str] = (), family: str = ""):
        self.out_dir = os.path.abspath(out_dir)
        self.inputs = list(inputs)  # files read for this output: never replaced (same file via any path or link)
        self.family = re.compile(family) if family else None
        try:
            os.makedirs(self.out_dir, exist_ok=True)
        except OSError as exc:
            raise OutputSetError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}; "
                                 "nothing was written or replaced") from exc
        clean_leftovers(self.out_dir)
        self.token = f"{os.getpid()}-{os.urandom(4).hex()}"  # secrets.token_hex(4), without importing hmac
        self.staging = os.path.join(self.out_dir, STAGING_PREFIX + self.token)
        self.journal = os.path.join(self.out_dir, JOURNAL_PREFIX + self.token + ".json")
        self.names: List[str] = []
        _ACTIVE.add(self.token)
        try:
            os.mkdir(self.staging)
        except OSError as exc:
            _ACTIVE.discard(self.token)
            raise OutputSetError(f"cannot write into the output folder {out_dir}: {exc.strerror or exc}; "
                                 "nothing was written or replaced") from exc
        self.committed = False

    def __enter__(self) -> "OutputSet":
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.abort()

    def stage(self, name: str) -> str:
        """The path to write the file that will be ``out_dir/name`` (a plain file name)."""
        if not _is_plain_name(name):
            raise ValueError(f"output file name {name!r} must be a plain file name")
        if name not in self.names:
            self.names.append(name)
        return os.path.join(self.staging, name + STAGED_SUFFIX)

    def final(self, name: str) -> str:
        """The path ``name`` will have after commit."""
        return os.path.join(self.out_dir, name)

    def abort(self) -> None:
        """Drop everything staged; ``out_dir`` is left as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
        _ACTIVE.discard(self.token)

    def commit(self) -> CommitResult:
        """Replace the staged files in ``out_dir`` together (see the module docstring); OutputSetError on failure."""
        missing = [n for n in self.names if not os.path.isfile(os.path.join(self.staging, n + STAGED_SUFFIX))]
        if missing:
            self.abort()
            raise OutputSetError(f"{', '.join(missing)} were not written; nothing in {self.out_dir} was replaced")
        clash = self._input_clash()
        if clash:
            self.abort()
            raise OutputSetError(f"{clash[0]} is an input of this render ({clash[1]}); nothing was replaced; "
                                 "write into another folder (-o) or give the output another name")
        try:
            for name in self.names:
                _fsync_file(os.path.join(self.staging, name + STAGED_SUFFIX))
            fsync_dir(self.staging)
            stale = self._stale()
            _write_journal(self.journal, STAGING_PREFIX + self.token, self.names, stale)
            _note_commit(self.out_dir)  # from here on the new set stands: a later run finishes the swap
        except OSError as exc:
            self.abort()
            _remove(self.journal)
            raise OutputSetError(f"cannot finish writing into {self.out_dir} ({exc.strerror or exc}); "
                                 f"nothing was replaced, the old files are intact") from exc
        result = self._swap(stale)
        self.committed = True
        _remove(self.journal)
        fsync_dir(self.out_dir)
        shutil.rmtree(self.staging, ignore_errors=True)
        _ACTIVE.discard(self.token)
        return result

    def _input_clash(self) -> Optional[Tuple[str, str]]:
        """(target, input) for the first target that is the same file as an input, else None."""
        for name in self.names:
            target = self.final(name)
            for source in self.inputs:
                try:
                    if os.path.samefile(target, source):
                        return target, source
                except (OSError, ValueError):
                    continue
        return None

    def _stale(self) -> List[str]:
        """Names of the set's old files in ``out_dir`` (``family``) that the new set does not contain."""
        if self.family is None:
            return []
        return [n for n in sorted(os.listdir(self.out_dir)) if self.family.fullmatch(n) and n not in self.names
                and os.path.isfile(self.final(n)) and not os.path.islink(self.final(n))]

    def _swap(self, stale: Sequence[str] = ()) -> CommitResult:
        """Rename every staged file over its target and move the stale ones aside, rolling back on the first failure."""
        result = CommitResult([self.final(n) for n in self.names])
        backups: Dict[str, Optional[str]] = {}
        try:
            for name in self.names:
                target = self.final(name)
                backups[name] = _backup(target, os.path.join(self.staging, name + ".old"))
                os.replace(os.path.join(self.staging, name + STAGED_SUFFIX), target)
                (result.replaced if backups[name] else result.created).append(target)
            for name in stale:
                aside = os.path.join(self.staging, name + ".old")
                os.replace(self.final(name), aside)
                backups[name] = aside  # only once moved: the rollback puts it back
                result.removed.append(self.final(name))
        except OSError as exc:
            raise self._rolled_back(backups, exc) from exc
        return result

    def _rolled_back(self, backups: Dict[str, Optional[str]], exc: OSError) -> OutputSetError:
        """Put back the old files replaced so far; the error says what state the folder is in."""
        failed = []
        for name, backup in backups.items():
            target = self.final(name)
            try:
                if backup:
                    os.replace(backup, target)
                elif os.path.exists(target) and not os.path.exists(os.path.join(self.staging, name + STAGED_SUFFIX)):
                    os.unlink(target)  # it is the new file: there was no old one
            except OSError:
                failed.append(target)
        _remove(self.journal)
        self.abort()
        why = exc.strerror or str(exc)
        if failed:
            return OutputSetError(f"replacing the files in {self.out_dir} failed ({why}); these are NEW and could not be "
                                  f"put back: {', '.join(failed)}; every other file is the old one")
        return OutputSetError(f"replacing the files in {self.out_dir} failed ({why}); nothing was replaced, "
                              "the old files are intact")


def _backup(target: str, backup: str) -> Optional[str]:
    """Hard-link (or, where links are not possible, copy) the old ``target`` to ``backup``; None when there is none."""
    if not os.path.lexists(target):
        return None
    if os.path.isdir(target) and not os.path.islink(target):
        raise IsADirectoryError(21, "a folder is in the way", target)
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, backup, follow_symlinks=False)
    return backup


def _write_journal(path: str, staging: str, names: List[str], stale: Sequence[str] = ()) -> None:
    data = json.dumps({"version": 1, "staging": staging, "files": names, "remove": list(stale)}).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    fsync_dir(os.path.dirname(path))


def clean_leftovers(out_dir: str) -> List[str]:
    """Finish or remove what a killed render left in ``out_dir``; returns one line per thing done.

    A journal means the new set was complete: its files are moved into place
    (roll forward). A staging folder without a journal, or a ``.partial-*``
    temporary file, is removed. Anything made by a process still running is
    left alone.
    """
    done: List[str] = []
    try:
        entries = sorted(e for e in os.listdir(out_dir) if e.startswith(_OURS))  # a folder of PDFs: none, mostly
    except OSError:
        return done
    for entry in entries:
        if entry.startswith(JOURNAL_PREFIX) and entry.endswith(".json") and not _alive(entry[len(JOURNAL_PREFIX):]):
            done += _roll_forward(out_dir, entry)
    if done:  # rolling forward moved files: look again
        entries = sorted(e for e in os.listdir(out_dir) if e.startswith(_OURS))
    for entry in entries:
        if entry.startswith(STAGING_PREFIX) and not _alive(entry[len(STAGING_PREFIX):]):
            path = os.path.join(out_dir, entry)
            if os.path.islink(path) or not os.path.isdir(path):  # never followed: only the name is ours
                _remove(path)
            else:
                shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed the unfinished output {entry}")
        elif entry.startswith(PARTIAL_PREFIX) and not _alive(entry[len(PARTIAL_PREFIX):], own=True):
            _remove(os.path.join(out_dir, entry))
            done.append(f"removed the partial file {entry}")
    return done


def _roll_forward(out_dir: str, entry: str) -> List[str]:
    """Move the staged files a journal names into place, then drop the journal."""
    journal = os.path.join(out_dir, entry)
    try:
        with open(journal, "rb") as f:
            data = json.loads(f.read(1 << 20))
        staging_name = _plain_name(data["staging"])
        if not staging_name.startswith(STAGING_PREFIX):
            raise ValueError("the staging folder is not one of ours")
        staging = os.path.join(out_dir, staging_name)
        if os.path.islink(staging) or not os.path.isdir(staging):  # a link could point anywhere
            raise ValueError("the staging folder is not a folder of the output folder")
        names = [_plain_name(n) for n in data["files"]]
        stale = [_plain_name(n) for n in data.get("remove", ())]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        _remove(journal)
        return [f"removed the unreadable journal {entry}"]
    moved = []
    for name in names:
        staged = os.path.join(staging, name + STAGED_SUFFIX)
        if name and os.path.isfile(staged):
            os.replace(staged, os.path.join(out_dir, name))
            moved.append(name)
    for name in stale:
        if name and name not in names and os.path.isfile(os.path.join(out_dir, name)):
            _remove(os.path.join(out_dir, name))
            moved.append(f"removed {name}")
    fsync_dir(out_dir)
    _remove(journal)
    shutil.rmtree(staging, ignore_errors=True)
    return [f"finished an interrupted output: {', '.join(moved) or 'nothing left to move'}"]


def _note_commit(out_dir: str) -> None:
    COMMITS[0] += 1
    COMMITTED.append(out_dir)
    del COMMITTED[:-8]  # a long-lived process: the last few are all an interrupt message needs


def _is_plain_name(name: str) -> bool:
    """True when ``name`` names an entry of a folder itself: no folder part, not "." or "..", no NUL."""
    return (name not in ("", ".", "..") and os.path.basename(name) == name and "\0" not in name
            and not (os.altsep and os.altsep in name))


def _plain_name(value) -> str:
    """``value`` as a plain name (``_is_plain_name``), else ValueError: a journal is read from a folder others
    may write to, and must never reach outside it."""
    name = str(value)
    if not _is_plain_name(name):
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def _alive(token: str, own: bool = False) -> bool:
    """True when the process named at the start of ``token`` ('PID-...') may still be using it.

    For this process's own pid: ``own`` (a temporary file another thread may
    be writing) or an OutputSet still open; a crashed earlier run with a
    reused pid is caught by the next run.
    """
    head = token.split("-", 1)[0]
    if not head.isdigit():
        return False
    pid = int(head)
    if pid == os.getpid():
        return own or token.removesuffix(".json") in _ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder) -> None:
    """Flush a folder's entries (renames) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    """The process umask (read by setting it and putting it back)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
