"""Helpers for model tests: write YAML into a temp folder, find where text is, collect messages."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List, Tuple

from layout.model.template import check_template, display_path

DATA = Path(__file__).resolve().parent / "data"

# A complete, valid A4 template; tests replace parts of it to make one mistake.
MINIMAL = """\
page:
  size: A4
  margins: {top: 20mm, bottom: 20mm, inside: 15mm, outside: 15mm}
grid:
  columns: 4
  gutter: 5mm
swatches:
  red: [0, 100, 100, 0]
styles:
  body: {size: 10pt, leading: 15pt, indent: 2em}
  headline: {font: hei, weight: bold, size: 二号}
regions:
  top:
    kind: box
    column: 1
    span: 4
    height: 30mm
    lines: ["{paper} {date}"]
  lead:
    kind: article
    column: 1
    span: 4
    top: 35mm
    height: rest
"""


def write(folder: Path, name: str, text: str) -> Path:
    """Write a dedented file and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def where(path: Path, needle: str, nth: int = 1) -> Tuple[int, int]:
    """(line, column), 1-based, of the nth occurrence of needle in the file."""
    text = path.read_text(encoding="utf-8")
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def at(path: Path, needle: str, nth: int = 1) -> str:
    """The 'file:line:column' prefix a diagnostic about needle should carry."""
    line, column = where(path, needle, nth)
    return f"{display_path(path)}:{line}:{column}"


def messages(path: Path) -> List[str]:
    """Every diagnostic of a template file as text."""
    return [str(d) for d in check_template(path)]


def only_error_at(path: Path, needle: str, fragment: str, nth: int = 1) -> str:
    """Assert exactly one diagnostic, at needle, containing fragment; return it."""
    msgs = messages(path)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(at(path, needle, nth) + ":"), (msgs[0], at(path, needle, nth))
    assert fragment in msgs[0], msgs[0]
    return msgs[0]
