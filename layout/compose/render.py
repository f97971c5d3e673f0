"""A whole issue composed: every page's display list, in issue order.

Pages are composed in issue order with one story cursor per article, so a
story's continuation on a later page picks up where it stopped and its jump
lines carry the page numbers the model filled in. Writing the files is the
pipeline's job (layout/pipeline.py); compose never imports the PDF stage.

Before writing, the display list is checked for strokes thinner than 0.25 pt
(the thinnest rule a coldset newspaper press holds, ISO 12647-3 practice):
each one is a warning naming the page and its place in mm, so a template's
hairline is reported at compose time as well as by preflight.
"""
from __future__ import annotations

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
    pages = [compose_page(assignment, fonts_for(fontset, assignment.language), report, issue, cursors)
             for assignment in issue.pages]
    finish_issue(issue, pages, fontset, report)
    return pages


def finish_issue(issue: Issue, pages: List[Page], fontset, report: Report) -> None:
    """What the whole issue adds to the report once its pages are composed: page count and font substitutions."""
    report.stats["pages"] = len(pages)
    report.font_substitutions += weight_fallback_warnings(issue, fontset)  # a bold set in regular: fails --strict
    report.font_substitutions += role_fallback_problems(issue, fontset)
    report.font_substitutions += foreign_script_problems(issue, fontset)


def foreign_script_problems(issue: Issue, fontset) -> List[str]:
    """One line per page language whose text needed faces of another script (Simplified glyphs on a zh-Hant page)."""
    out = []
    for language in sorted({p.language for p in issue.pages}):
        view = fonts_for(fontset, language)
        summary = getattr(view, "foreign_summary", lambda: "")()
        if summary:
            out.append(summary)
    return out


def fonts_for(fontset, language: str):
    """The font set as a page in ``language`` sees it (zh-Hant: the configuration's Traditional faces)."""
    view = getattr(fontset, "for_language", None)
    return view(language) if view else fontset


def _styles_using(issue: Issue, fontset, role: str, weight: str = "") -> List[str]:
    """The names of the styles set in ``role`` (and ``weight`` when given) on some page, directly or through the
    page language's role map (song on a zh-Hant page is song_hant)."""
    languages = getattr(fontset, "languages", {})
    return sorted({name for page in issue.pages for name, st in page.template.styles.items()
                   if role in (st.font, languages.get(page.language, {}).get(st.font))
                   and (not weight or st.weight == weight)})


def role_fallback_problems(issue: Issue, fontset) -> List[str]:
    """One line per font role the issue's styles use whose own face is missing (set in another role's face)."""
    out = []
    coverage = fontset.coverage_fallbacks() if hasattr(fontset, "coverage_fallbacks") else []
    for fb in [*getattr(fontset, "role_fallbacks", ()), *coverage]:
        styles = _styles_using(issue, fontset, fb.role, getattr(fb, "weight", ""))
        if not styles:
            continue
        hint, weight = getattr(fontset, "install_hint", ""), getattr(fb, "weight", "")
        out.append(f"{fb} (styles {', '.join(styles)}). To fix: install a {f'{fb.role} {weight}'.strip()} font"
                   + (f" ({hint})" if hint else "") + f" and list it under roles: {fb.role}:"
                   + (f" {weight}:" if weight else "") + " in "
                   + _config_name(getattr(fontset, "config_path", "")))
    return out


def weight_fallback_warnings(issue: Issue, fontset) -> List[str]:
    """One warning per font role+weight the font configuration lacks (set in regular instead), naming the styles."""
    out = []
    for fb in getattr(fontset, "weight_fallbacks", ()):
        styles = _styles_using(issue, fontset, fb.role, fb.weight)
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
