"""Atomic file output: never leave a half-written PDF where a good one stood.

The bytes go to a temporary file in the target folder, which is then renamed
over the target (``os.replace`` is atomic on POSIX within one file system).
"""
from __future__ import annotations

import os
import tempfile
from typing import Callable, BinaryIO


class OutputError(OSError):
    """The output path cannot take a file (it is a folder, or its folder cannot be made)."""


def write_atomic(path: str, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it to ``path``."""
    if os.path.isdir(path):
        raise OutputError(f"cannot write {path}: it is a folder; name a file, e.g. {os.path.join(path, 'out.pdf')}")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: cannot make its folder ({exc.strerror or exc})") from exc
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".pdf", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; give it the mode open() would
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process umask (read by setting it and putting it back)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
