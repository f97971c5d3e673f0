"""Problems found while loading templates and issues, each tied to file:line:column.

Loading collects every problem in a file before failing (a designer fixes
them all in one pass); ``ModelError`` carries the whole list.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import field
from typing import Iterable, List, Tuple

from ..records import record
from .types import Mark

ERROR = "error"
WARNING = "warning"
LONG_MESSAGE = 300  # a message longer than this has its long quoted values cut (see shorten_quotes)
MAX_MESSAGE = 2000  # a message longer than this even after cutting quotes is cut (a value with quotes or newlines)
QUOTE_CHARS = 60  # a quoted value in a message shows this many characters, then its length
_LONG_QUOTE = re.compile(r"'([^'\n…]{%d,})'" % (QUOTE_CHARS + 20))


def short(value: object, limit: int = QUOTE_CHARS) -> str:
    """``value`` as text, cut to ``limit`` characters plus '… (N characters)' when longer."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def shorten_quotes(message: str) -> str:
    """``message`` with every quoted value longer than QUOTE_CHARS + 20 characters cut (see ``short``)."""
    message = _LONG_QUOTE.sub(lambda m: f"'{short(m.group(1))}'", message)
    return short(message, MAX_MESSAGE) if len(message) > MAX_MESSAGE else message


@record(frozen=True)
class Diagnostic:
    """One problem: where, what, and how serious."""

    mark: Mark
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity == ERROR else "warning: "
        return f"{self.mark}: {prefix}{self.message}"


class ModelError(Exception):
    """A template or issue that cannot be used; ``diagnostics`` lists every problem."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> List[Diagnostic]:
        """The problems that are errors (not warnings)."""
        return [d for d in self.diagnostics if d.severity == ERROR]


@record
class Diagnostics:
    """A collector of problems in load order."""

    items: List[Diagnostic] = field(default_factory=list)
    first_files: Tuple[str, ...] = ()  # files (or folders) whose problems are listed first: the root causes

    def error(self, mark: Mark, message: str) -> None:
        """Record an error at a place (once: a template used by several pages reports it once)."""
        self._add(Diagnostic(mark, message, ERROR))

    def warning(self, mark: Mark, message: str) -> None:
        """Record a warning at a place (once)."""
        self._add(Diagnostic(mark, message, WARNING))

    def _add(self, diagnostic: Diagnostic) -> None:
        if len(diagnostic.message) > LONG_MESSAGE:  # a whole file's text must not end up in a message
            diagnostic = Diagnostic(diagnostic.mark, shorten_quotes(diagnostic.message), diagnostic.severity)
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    @property
    def errors(self) -> List[Diagnostic]:
        """The errors recorded so far."""
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> List[Diagnostic]:
        """The warnings recorded so far."""
        return [d for d in self.items if d.severity == WARNING]

    def raise_if_errors(self) -> None:
        """Raise ModelError with everything recorded when any error was recorded."""
        if self.errors:
            raise ModelError(self.sorted())

    def sorted(self) -> List[Diagnostic]:
        """Diagnostics ordered by file, line and column (stable for equal places); ``first_files`` come first."""
        return sorted(self.items, key=lambda d: (not self._is_first(d.mark.file), d.mark.file, d.mark.line, d.mark.column))

    def _is_first(self, file: str) -> bool:
        return any(file == f or file.startswith(f.rstrip("/\\") + os.sep) for f in self.first_files)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        hit = lowered.get(str(word).lower())
        close = [hit] if hit else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """A readable list of allowed words."""
    return ", ".join(f"'{c}'" for c in choices)
