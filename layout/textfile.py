"""Reading the text files people hand us: articles, templates, galley text.

The project's text files are UTF-8 (a byte-order mark is allowed and
dropped). Files saved by older Chinese Windows tools are often GBK or
GB18030 (GB 18030-2005, the superset of GB 2312 and GBK); callers choose
whether such a file is refused or read with a warning. Either way the
first byte that is not UTF-8 is reported as file:line:column (line and
column counted in characters of the text decoded up to that byte), with
what to do: save the file as UTF-8.

Files come from outside (a desk, a hot folder, an attacker), so reading is
bounded: only regular files are read (a FIFO, device or folder is a clear
error, never a block: the file is opened non-blocking and checked with
fstat before any read), at most ``limit`` bytes, and ``confine`` checks that
a path, with every symlink resolved, stays inside the folder it may come from.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Optional, Tuple, Union

from .records import record

FALLBACK_ENCODING = "gb18030"
MAX_TEXT_BYTES = 2 << 20  # an article or galley text: about 700,000 Chinese characters, several whole issues
# (a 2 MB one-paragraph galley takes about 340 MB and 2 s; 32 MB took 4 GB)
MAX_YAML_BYTES = 4 << 20  # a template, issue or fonts.yaml: real ones are a few KB
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"
_BINARY_MAGIC = ((b"%PDF-", "a PDF file"), (b"\x89PNG", "a PNG picture"), (b"\xff\xd8\xff", "a JPEG picture"),
                 (b"GIF8", "a GIF picture"), (b"II*\x00", "a TIFF picture"), (b"MM\x00*", "a TIFF picture"),
                 (b"PK\x03\x04", "a zip archive (a .docx?)"), (b"\xd0\xcf\x11\xe0", "an old Word or Excel file"))
_BINARY_ADVICE = {"a PDF file": "to check a PDF for print use render.py preflight; to take its text, render.py import"}


class TextFileError(ValueError):
    """A text file that cannot be read; ``line``/``column`` are 1-based (0 when not tied to a place)."""

    def __init__(self, path: str, message: str, line: int = 0, column: int = 0):
        self.path, self.line, self.column, self.message = path, line, column, message
        where = f"{path}:{line}:{column}" if line else path
        super().__init__(f"{where}: {message}")


@record(frozen=True)
class TextFile:
    """A decoded text file: its text (BOM dropped), the encoding used, and a warning ('' for UTF-8)."""

    text: str
    encoding: str
    warning: str = ""


def byte_position(data: bytes, offset: int) -> Tuple[int, int]:
    """The 1-based (line, column) of byte ``offset``, counting characters of the UTF-8 text before it."""
    before = data[:offset].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def decode_text(data: bytes, path: str = "<text>", allow_gb18030: bool = False,
                error: Optional[Callable[[str], Exception]] = None) -> TextFile:
    """UTF-8 text (BOM dropped); with ``allow_gb18030`` a whole-file GB18030 text is accepted with a warning.

    Raises TextFileError naming line:column of the first byte that is not
    UTF-8 (or ``error(message)`` when given, for callers with their own
    exception type; the message then starts with path:line:column).
    """
    try:
        return TextFile(_drop_bom(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        kind = next((what for magic, what in _BINARY_MAGIC if data.startswith(magic)), None)
        if kind is not None:
            problem = TextFileError(path, f"this is {kind}, not text; {_BINARY_ADVICE.get(kind, SAVE_AS_UTF8)}", 1, 1)
            raise (error(str(problem)) if error else problem) from None
        line, column = byte_position(data, exc.start)
        bad = f"0x{data[exc.start]:02x}"
        legacy = _as_gb18030(data)
    if legacy is not None and allow_gb18030:
        return TextFile(legacy, FALLBACK_ENCODING, f"{path}:{line}:{column}: not UTF-8 (byte {bad}); "
                                                   f"read as GB18030 (GBK); {SAVE_AS_UTF8}")
    guess = " (it looks like GBK/GB18030)" if legacy is not None else ""
    problem = TextFileError(path, f"not UTF-8 text{guess}: byte {bad} cannot be read; {SAVE_AS_UTF8}", line, column)
    raise (error(str(problem)) if error else problem)


def read_text_file(path: Union[str, Path], display: str = "", allow_gb18030: bool = False,
                   limit: int = MAX_TEXT_BYTES) -> TextFile:
    """The decoded text of a regular file of at most ``limit`` bytes (see decode_text and read_limited).

    FileNotFoundError and other OSError pass through; a file that is not a
    regular file or is too large is a TextFileError.
    """
    name = display or str(path)
    return decode_text(read_limited(path, name, limit), name, allow_gb18030)


def not_regular_reason(mode: int) -> str:
    """'' for a regular file's st_mode, else what it is ("a folder", "a FIFO (named pipe)", ...)."""
    if stat.S_ISREG(mode):
        return ""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Union[str, Path], display: str = "", limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on a FIFO or device.

    Raises TextFileError for a folder, FIFO, socket or device, or a file over
    ``limit``; FileNotFoundError and other OSError pass through.
    """
    name = display or str(path)
    _check_path_text(path, name)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        kind = not_regular_reason(st.st_mode)
        if kind:
            raise TextFileError(name, f"is {kind}, not a file; name a regular file")
        if st.st_size > limit:
            raise TextFileError(name, f"is {st.st_size:,} bytes, over the limit of {limit:,}; "
                                      "split it or check it is the right file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise TextFileError(name, f"is over the limit of {limit:,} bytes; split it or check it is the right file")
    return data


def _check_path_text(path: Union[str, Path], name: str) -> None:
    text = os.fspath(path)
    if "\x00" in str(text):
        raise TextFileError(name.replace("\x00", "\\0"), "a file name cannot contain a NUL character")


def real_path(path: Union[str, Path]) -> Path:
    """The path with every symlink resolved; never raises (a symlink loop is left as it is, and reading it fails clearly)."""
    return Path(os.path.realpath(path))


class PathOutsideError(TextFileError):
    """A path that leads (possibly through a symlink) outside the folder it may come from."""


def confine(path: Union[str, Path], root: Union[str, Path], what: str = "file", root_name: str = "") -> Path:
    """``path`` resolved (symlinks followed) when it lies inside ``root`` (also resolved); else PathOutsideError.

    ``what`` names the path in the message (e.g. "article 'a.txt'"),
    ``root_name`` the folder (default: the folder itself).
    """
    shown = str(path).replace("\x00", "\\0")
    _check_path_text(path, shown)
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        where = root_name or str(root)
        raise PathOutsideError(shown, f"{what} is outside {where} (it leads to {real}); "
                                      f"files must be inside {where}: copy the file there and name it relative to it")
    return real


def _drop_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _as_gb18030(data: bytes):
    try:
        return data.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        return None
