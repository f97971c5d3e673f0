"""Variables in template text: {date}, {number}, {page}, ... filled from the issue.

Written with Python's brace syntax: ``第{number}期``; ``{{`` and ``}}`` are
literal braces. Only plain names are allowed (no format specs). A name that is
neither built in nor declared under the template's ``variables:`` is an error
with the text's file:line:column.
"""
from __future__ import annotations

import datetime as _dt
import string
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from .types import Paper

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

ISSUE_VARIABLES: Dict[str, str] = {
    "paper": "the paper's name (paper.name)",
    "date": "publication date as 2018年4月28日",
    "date_iso": "publication date as 2018-04-28",
    "year": "year, e.g. 2018",
    "month": "month without leading zero, e.g. 4",
    "day": "day of month without leading zero, e.g. 28",
    "weekday": "day of week, e.g. 星期六",
    "number": "期号 (paper.number)",
    "total_number": "总期号 (paper.total_number)",
    "pages": "pages in this issue (paper.pages)",
    "sponsor": "主办 (paper.sponsor)",
    "licence": "licence number (paper.licence)",
    "website": "website (paper.website)",
}
PAGE_VARIABLES: Dict[str, str] = {
    "page": "this page's number (版次)",
    "page_label": "this page's label, e.g. A1",
    "page_name": "this page's name (版名)",
    "editor": "this page's editor (责任编辑)",
}
BUILTIN = {**ISSUE_VARIABLES, **PAGE_VARIABLES}


def names_in(text: str) -> List[str]:
    """The variable names used in a text; ValueError for broken braces or format specs."""
    names = []
    for _literal, name, spec, conv in string.Formatter().parse(text):
        if name is None:
            continue
        if not name:
            raise ValueError("empty {} in text; write {{ and }} for literal braces")
        if spec or conv:
            written = f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
            raise ValueError(f"{written}: formats are not supported, write {{{name}}}")
        names.append(name)
    return names


def unknown_names(text: str, allowed: Iterable[str]) -> Tuple[List[str], Optional[str]]:
    """(names not in allowed, syntax problem or None) for one text."""
    try:
        used = names_in(text)
    except ValueError as exc:
        return [], str(exc)
    allowed = set(allowed)
    return [n for n in used if n not in allowed], None


def fill(text: str, values: Mapping[str, object]) -> str:
    """The text with every {name} replaced; unknown names stay as written (validated earlier)."""
    out = []
    try:
        for literal, name, _spec, _conv in string.Formatter().parse(text):
            out.append(literal)
            if name is not None:
                out.append(str(values[name]) if name in values else "{" + name + "}")
    except ValueError:  # a stray { or } (validation reports it where it can): print the text as written
        return text
    return "".join(out)


def chinese_date(d: _dt.date) -> str:
    """2018年4月28日."""
    return f"{d.year}年{d.month}月{d.day}日"


def issue_values(paper: Paper) -> Dict[str, str]:
    """The issue-level variables for a paper, as strings."""
    d = paper.date
    values = {
        "paper": paper.name,
        "date": chinese_date(d),
        "date_iso": d.isoformat(),
        "year": str(d.year),
        "month": str(d.month),
        "day": str(d.day),
        "weekday": WEEKDAYS[d.weekday()],
        "number": str(paper.number),
        "total_number": str(paper.total_number or ""),
        "pages": str(paper.pages or ""),
        "sponsor": paper.sponsor,
        "licence": paper.licence,
        "website": paper.website,
    }
    values.update(paper.extra)
    return values


def page_values(number: int, label: str = "", name: str = "", editor: str = "") -> Dict[str, str]:
    """The page-level variables."""
    return {"page": str(number), "page_label": label or str(number), "page_name": name, "editor": editor}
