"""How far to trust an import: doubts about its structure and about how the written issue sets.

An import is *doubtful* (``render.py import`` exits 1, the summary and the
top of IMPORT.md's "to review" list say why) when the reprint would differ
from the old page in a way a person must decide about:

- the source holds more pages than the masthead announces (本期N版), or the
  written issue needs more pages than the source had (articles that did not
  fit the template's slots went to extra pages);
- a story of the written issue oversets (does not fit its block) by at least
  OVERSET_CHARS characters or OVERSET_SHARE of its text (OVERSET_MIN at
  least): the structure was
  probably misread (an article in the wrong slot, two stories run together).

Smaller overset, overset of a story that jumps (下转) to a page the source
does not hold, and a source holding fewer pages than 本期N版 (one page of an
issue imported alone) are only to review.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from .model import Imported, Review, Where

OVERSET_CHARS = 500    # a story losing this many characters makes the import doubtful
OVERSET_SHARE = 0.20   # ... or this share of its text (a measured template is a little off: a few % is normal),
OVERSET_MIN = 50       # when that is at least this many characters (a short fragment's last line is not a doubt)


def doubt(result: Imported, what: str, where: Optional[Where] = None) -> None:
    """Record a doubt: a problem (exit 1) and the first item of the "to review" list."""
    result.problems.append(what)
    result.review.insert(sum(1 for r in result.review if r.what.startswith("DOUBTFUL")),
                         Review(where or result.masthead_where(), f"DOUBTFUL: {what}"))


def page_doubts(result: Imported, issue_pages: int) -> None:
    """Compare the pages found with 本期N版 and with the pages the written issue needs."""
    found = len(result.pages)
    printed = _int(result.paper.get("pages"))
    if printed and found > printed:
        doubt(result, f"the masthead says 本期{printed}版 but the source has {found} pages: "
                      "pages of another issue, or the masthead was misread")
    elif printed and found < printed:
        result.review.append(Review(result.masthead_where(), f"the source holds {found} of the {printed} pages the masthead "
                                              f"announces (本期{printed}版): the issue has only those"))
    if issue_pages > found:
        doubt(result, f"the written issue has {issue_pages} pages for {found} source page(s): articles that did not "
                      "fit the template's slots went to extra pages; check the articles found, or import with "
                      "--template-from-pdf")


def overset_doubts(result: Imported, issue_path: Path, fonts: Optional[str] = None) -> None:
    """Compose the written issue (no PDF) and record its overset stories: large overset is a doubt."""
    from ..pipeline import Engine
    from ..report import Report

    engine = Engine(fonts)
    issue, diags = engine.read_issue(issue_path)
    if issue is None or any(d.severity == "error" for d in diags):
        return  # the check already printed the errors (exit 1)
    report = Report()
    try:
        engine.compose(issue, report)
    except Exception as exc:  # noqa: BLE001 - fonts missing or an engine failure: say it was not verified
        result.notes.append(f"the written issue was not composed to verify it ({type(exc).__name__}: {exc})")
        return
    sizes = article_sizes(result)
    open_jumps = {a.id for a in result.articles if a.jump_open}
    for over in report.overset:
        total = sizes.get(over.story, 0)
        share = over.chars / total if total else 1.0
        what = (f"{over.story}: {over.chars} of its {total or '?'} characters ({share:.0%}) do not fit its block "
                "when the written issue is set")
        if over.story in open_jumps:
            what += " (it jumps to a page the source does not hold)"
        elif over.chars >= OVERSET_CHARS or (share >= OVERSET_SHARE and over.chars >= OVERSET_MIN):
            doubt(result, what + ": the structure may be misread (a wrong slot, stories run together)",
                  result.article_where(over.story))
        else:
            result.review.append(Review(result.article_where(over.story), what, over.story))


def article_sizes(result: Imported) -> Dict[str, int]:
    """Characters of each article's body, by id."""
    return {a.id: sum(len(p.text) for p in a.paragraphs) for a in result.articles}


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def summary(result: Imported) -> List[str]:
    """The loud lines of the summary: one per doubt."""
    return [f"DOUBTFUL: {p}" for p in result.problems]
