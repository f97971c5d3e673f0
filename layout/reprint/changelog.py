"""IMPORT.md: what the import found, every change with its source position, and what a person must check.

The "To review" list comes first: each low-confidence guess (a line that may
be a headline or body text, a join across a break that may be a real
paragraph end, a headline found after its text) with its position, so a
person checks only those. Then every change as a table row (where, before,
after, why) in the shape of the sample's FIXES.md.
"""
from __future__ import annotations

from typing import Dict, List

from .model import Imported

POSITIONS = ("Positions: `p2 l14 c3` is page 2, line 14, column 3 of a text file; `p1 x 311.7 y 784.0 pt` is "
             "page 1 of a PDF, x and y in pt from the page's top-left corner; `p1` alone is about the page as a whole.")


def import_md(result: Imported, files: Dict[str, str]) -> str:
    """The IMPORT.md text of an import."""
    out: List[str] = [f"# Import of `{result.source}`", ""]
    out.append(f"{len(result.pages)} page(s), {len(result.articles)} article(s), {len(result.changes)} change(s), "
               f"{len(result.review)} item(s) to review.")
    out += ["", POSITIONS, ""] + [f"- **error**: {p}" for p in result.problems] + [f"- note: {n}" for n in result.notes]
    out += [""] if result.notes or result.problems else []
    out += _paper(result) + _articles(result, files) + _boxes(result) + _review(result) + _changes(result)
    return "\n".join(out) + "\n"


def _cell(text: object) -> str:
    return "`" + str(text).replace("|", "\\|").replace("\n", "⏎").replace("`", "'") + "`" if text != "" else ""


def _paper(result: Imported) -> List[str]:
    out = ["## Masthead (issue.yaml `paper:`)", ""]
    out += [f"- {key}: {value}" for key, value in result.paper.items()]
    return out + [""]


def _articles(result: Imported, files: Dict[str, str]) -> List[str]:
    out = ["## Articles", "", "| id | file | pages | 引题 | 主题 | 副题 | byline | paragraphs | starts at |",
           "|---|---|---|---|---|---|---|---|---|"]
    for a in result.articles:
        start = a.paragraphs[0].where() if a.paragraphs else a.where
        out.append(f"| {a.id} | {files.get(a.id, '')} | {','.join(map(str, a.pages))} | {_cell(' / '.join(a.kicker))} "
                   f"| {_cell(' / '.join(a.headline))} | {_cell(' / '.join(a.subhead))} | {_cell(a.byline)} "
                   f"| {len(a.paragraphs)} | {start} |")
    return out + [""]


def _boxes(result: Imported) -> List[str]:
    if not result.boxes:
        return []
    out = ["## Boxes", ""]
    for box in result.boxes:
        out.append(f"- {box.kind} (page {box.page}, {box.where}): " + " / ".join(map(str, box.lines)))
    return out + [""]


def _review(result: Imported) -> List[str]:
    out = [f"## To review ({len(result.review)})", ""]
    if not result.review:
        out.append("Nothing: every structure decision was certain.")
    out += [f"- [ ] {r.where}{' (' + r.article + ')' if r.article else ''}: {r.what}" for r in result.review]
    return out + [""]


def _changes(result: Imported) -> List[str]:
    out = [f"## Changes ({len(result.changes)})", "", "| where | article | before | after | why |",
           "|---|---|---|---|---|"]
    ordered = sorted(result.changes, key=lambda c: _order(c.where))  # stable: same place keeps its order
    out += [f"| {c.where} | {c.article} | {_cell(c.before)} | {_cell(c.after)} | {c.rule} |" for c in ordered]
    return out


def _order(w) -> tuple:
    """Source order of a position: file, page, then line and column (text) or top and left (PDF)."""
    return (w.source, w.page, w.line, w.column, w.y if w.y is not None else 0.0, w.x if w.x is not None else 0.0)
