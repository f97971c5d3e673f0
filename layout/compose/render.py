"""A whole issue: compose every page, write one PDF per page and one for the issue.

Pages are composed in issue order with one story cursor per article, so a
story's continuation on a later page picks up where it stopped and its jump
lines carry the page numbers the model filled in. Files are named from the
issue's output stem: ``20180428-01.pdf`` ... and ``20180428.pdf``.

Before writing, the display list is checked for strokes thinner than 0.25 pt
(the thinnest rule a coldset newspaper press holds, ISO 12647-3 practice):
each one is a warning naming the page and its place in mm, so a template's
hairline is reported at compose time as well as by preflight.
"""
from __future__ import annotations

import os
import time
from typing import Dict, List, Optional

from ..display import Page, Rect, Rule
from ..model.types import Issue
from ..report import Report
from ..units import MM
from .page import compose_page
from .story import Cursor

MIN_RULE_PT = 0.25  # thinnest stroke a newspaper press holds


def compose_issue(issue: Issue, fontset, report: Report) -> List[Page]:
    """Display-list pages of the issue, in order; problems go to ``report``."""
    cursors: Dict[str, Cursor] = {}
    pages = [compose_page(assignment, fontset, report, issue, cursors) for assignment in issue.pages]
    report.stats["pages"] = len(pages)
    for message in weight_fallback_warnings(issue, fontset):
        report.warn(message)
    return pages


def weight_fallback_warnings(issue: Issue, fontset) -> List[str]:
    """One warning per font role+weight the font configuration lacks (set in regular instead), naming the styles."""
    out = []
    for fb in getattr(fontset, "weight_fallbacks", ()):
        styles = sorted({name for page in issue.pages for name, st in page.template.styles.items()
                         if st.font == fb.role and st.weight == fb.weight})
        names = ", ".join(repr(n) for n in styles)
        who = (f"styles {names} ask" if len(styles) > 1 else f"style {names} asks") if styles else "a style asks"
        config = _config_name(getattr(fontset, "config_path", ""))
        hint = getattr(fontset, "install_hint", "")
        out.append(f"font: {who} for {fb.role} {fb.weight}, which {config} does not have; set in {fb.used} "
                   f"instead. To fix: install a {fb.weight} {fb.role} font and list it under roles: {fb.role}: "
                   f"{fb.weight}: in {config}" + (f" ({hint})" if hint else ""))
    return out


def _config_name(path: str) -> str:
    if not path or path.startswith("<"):
        return "the font configuration"
    from ..model.template import display_path

    return display_path(path)


def issue_title(issue: Issue) -> str:
    """石景山报 2018-04-28 第36期."""
    p = issue.paper
    return f"{p.name} {p.date.isoformat()} 第{p.number}期"


def thin_strokes(pages: List[Page], minimum: float = MIN_RULE_PT) -> List[str]:
    """One message per rule or box border thinner than ``minimum`` pt, naming the page and the place in mm."""
    found = []
    for page in pages:
        for item in page.items:
            width = _stroke_width(item)
            if width is not None and width < minimum - 1e-6:
                x, y = (item.x1, item.y1) if isinstance(item, Rule) else (item.x, item.y)
                kind = "rule" if isinstance(item, Rule) else "box border"
                found.append(f"page {page.label or page.number}: {kind} {width:g} pt at {x / MM:.1f}, {y / MM:.1f} mm "
                             f"from the trim's top-left is thinner than {minimum:g} pt and may not print; "
                             "make it at least 0.25 pt in the template")
    return found


def _stroke_width(item) -> Optional[float]:
    if isinstance(item, Rule):
        return item.width
    if isinstance(item, Rect) and item.stroke is not None:
        return item.stroke_width
    return None


def render_issue(issue: Issue, fontset, out_dir: str, report: Report, strict: bool = False,
                 marks: bool = True, icc_profile: str = "") -> List[Page]:
    """Compose the issue and write its page PDFs and issue PDF into ``out_dir``; returns the pages.

    With ``strict`` nothing changes here (the caller turns overset and missing
    glyphs or images into a failing exit code); the files are written either
    way so the desk can see what went wrong. ``marks=False`` writes no
    printer's marks (MediaBox = BleedBox); ``icc_profile`` is embedded as the
    OutputIntent's DestOutputProfile. The paths written go to
    ``report.stats["files"]`` (page files first, the issue PDF last).
    """
    started = time.perf_counter()
    pages = compose_issue(issue, fontset, report)
    report.stats["compose_seconds"] = round(time.perf_counter() - started, 3)
    for message in thin_strokes(pages):
        report.warn(message)
    if report.errors:
        return pages
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        report.errors.append(f"cannot create the output folder {out_dir}: {exc.strerror or exc}; nothing written")
        return pages
    written = write_issue(issue, pages, fontset, out_dir, marks, icc_profile)
    report.stats["files"] = written
    report.stats["seconds"] = round(time.perf_counter() - started, 3)
    return pages


def write_issue(issue: Issue, pages: List[Page], fontset, out_dir: str, marks: bool = True,
                icc_profile: str = "") -> List[str]:
    """Write ``<stem>-NN.pdf`` per page and the issue PDF; returns the paths written (issue PDF last)."""
    from ..pdf import writer

    meta_base = _replace(_meta(issue, marks), icc_profile=icc_profile or "")
    printable = [_with_marks(p, issue, fontset) if marks else p for p in pages]
    paths = []
    for page in printable:
        path = os.path.join(out_dir, page.name + ".pdf")
        meta = _replace(meta_base, title=f"{meta_base.title} 第{page.number}版")
        writer.write_pdf([page], fontset, path, meta=meta)
        paths.append(path)
    issue_path = os.path.join(out_dir, (issue.output_name or "issue") + ".pdf")
    _write_issue_pdf(issue, printable, paths, fontset, issue_path, meta_base)
    paths.append(issue_path)
    return paths


def _write_issue_pdf(issue, pages, page_paths, fontset, path, meta) -> None:
    """The issue PDF: the page files assembled (labels, bookmarks page then article, metadata)."""
    try:
        from ..pdf import assemble
    except ImportError:  # no assembler installed: one multi-page PDF from the writer
        from ..pdf import writer

        writer.write_pdf(pages, fontset, path, meta=meta)
        return
    info = assemble.IssueInfo(meta.title, meta.subject, meta.keywords, meta.author)
    names = {p.number: p.name for p in issue.pages}
    titles = [f"第{p.label}版" + (f" {names[p.number]}" if names.get(p.number) else "") for p in pages]
    marks = [assemble.ArticleMark(i, title, y) for i, p in enumerate(pages) for title, y in p.bookmarks]
    assemble.assemble_issue(page_paths, path, info, [p.label for p in pages], titles, marks)


def _meta(issue: Issue, marks: bool):
    from ..pdf.writer import PdfMeta

    margin = 0.0
    if marks:
        try:
            from .marks import marks_margin_pt
            margin = marks_margin_pt()
        except ImportError:
            margin = 0.0
    p = issue.paper
    return PdfMeta(title=issue_title(issue), subject=f"{p.name} {p.date.isoformat()}", keywords=f"{p.name}, 第{p.number}期",
                   author=p.sponsor, marks_margin=margin)


def _with_marks(page: Page, issue: Issue, fontset) -> Page:
    try:
        from . import marks as marks_mod
    except ImportError:
        return page
    from dataclasses import replace

    p = issue.paper
    stamp = marks_mod.render_stamp(marks_mod.page_digest(page))
    slug = marks_mod.slug_line(p.name, p.date.isoformat(), page.label, stamp)
    extra = marks_mod.page_marks(page, slug, fontset.face("hei"))
    return replace(page, items=list(page.items) + list(extra))


def _replace(meta, **changes):
    from dataclasses import replace

    return replace(meta, **changes)
