"""Reading the text files people hand us: articles, templates, galley text.

The project's text files are UTF-8 (a byte-order mark is allowed and
dropped). Files saved by older Chinese Windows tools are often GBK or
GB18030 (GB 18030-2005, the superset of GB 2312 and GBK); callers choose
whether such a file is refused or read with a warning. Either way the
first byte that is not UTF-8 is reported as file:line:column (line and
column counted in characters of the text decoded up to that byte), with
what to do: save the file as UTF-8.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Tuple, Union

FALLBACK_ENCODING = "gb18030"
SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"


class TextFileError(ValueError):
    """A text file that cannot be read; ``line``/``column`` are 1-based (0 when not tied to a place)."""

    def __init__(self, path: str, message: str, line: int = 0, column: int = 0):
        self.path, self.line, self.column, self.message = path, line, column, message
        where = f"{path}:{line}:{column}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
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
        line, column = byte_position(data, exc.start)
        bad = f"0x{data[exc.start]:02x}"
        legacy = _as_gb18030(data)
    if legacy is not None and allow_gb18030:
        return TextFile(legacy, FALLBACK_ENCODING, f"{path}:{line}:{column}: not UTF-8 (byte {bad}); "
                                                   f"read as GB18030 (GBK); {SAVE_AS_UTF8}")
    guess = " (it looks like GBK/GB18030)" if legacy is not None else ""
    problem = TextFileError(path, f"not UTF-8 text{guess}: byte {bad} cannot be read; {SAVE_AS_UTF8}", line, column)
    raise (error(str(problem)) if error else problem)


def read_text_file(path: Union[str, Path], display: str = "", allow_gb18030: bool = False) -> TextFile:
    """The decoded text of a file (see decode_text); OSError (e.g. FileNotFoundError) passes through."""
    data = Path(path).read_bytes()
    return decode_text(data, display or str(path), allow_gb18030)


def _drop_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _as_gb18030(data: bytes):
    try:
        return data.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        return None
