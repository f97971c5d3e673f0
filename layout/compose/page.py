"""One page of an issue: every region of its template filled from the page's slots.

Regions are composed in template order (their paint order). Article blocks
take their story from where the previous part stopped (``cursors``, keyed
by article id), so pages must be composed in the order their stories run;
``render_issue`` does that.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional

from ..display import Page
from ..model.types import (
    ArticlePlacement,
    ArticleRegion,
    BoxRegion,
    FolioRegion,
    ImagePlacement,
    ImageRef,
    ImageRegion,
    Issue,
    MastheadRegion,
    PageAssignment,
    RuleRegion,
    TextItem,
    TextPlacement,
)
from ..records import record
from ..report import RegionRecord, Report, Underset
from .article import compose_article
from .regions import compose_box, compose_folio, compose_image_region, compose_masthead, compose_rule
from .story import Cursor


def page_name(issue: Optional[Issue], assignment: PageAssignment) -> str:
    """File stem of the page's own PDF, e.g. 20180428-01."""
    stem = (issue.output_name if issue is not None else "") or "page"
    return f"{stem}-{assignment.number:02d}"


def compose_page(assignment: PageAssignment, fontset, report: Report, issue: Optional[Issue] = None,
                 cursors: Optional[Dict[str, Cursor]] = None) -> Page:
    """The display-list Page for one page assignment; ``cursors`` carries stories across pages."""
    template = assignment.template
    cursors = {} if cursors is None else cursors
    page = Page(template.page.width, template.page.height, template.page.bleed, number=assignment.number,
                label=assignment.label or str(assignment.number), name=page_name(issue, assignment))
    images = [r for r in template.regions if isinstance(r, ImageRegion)]
    for region in template.regions:
        slot = assignment.slots.get(region.id)
        before = _counts(report)
        page.items.extend(_compose_region(region, slot, assignment, images, fontset, report, cursors, page))
        ref = _image_for(region, slot, assignment) or region.image if isinstance(region, ImageRegion) else None
        _note_region(region, page.number, report, before, ref)
    _check_unknown_slots(assignment, report)
    return page


@record(frozen=True)
class _Context:
    """What a region's composer may use besides the region and its slot: the page being made and its report."""

    assignment: PageAssignment
    images: List[ImageRegion]
    fontset: Any
    report: Report
    cursors: Dict[str, Cursor]
    page: Page


def _article(region: ArticleRegion, slot, at: _Context) -> list:
    if not isinstance(slot, ArticlePlacement):
        return []  # an article region without an article stays empty
    return _compose_article_slot(region, slot, at.assignment.template.grid, at.images, at.fontset, at.report,
                                 at.cursors, at.page)


# The composer of each region type (layout.model.regionkinds declares the kinds; a test keeps the two equal).
COMPOSERS: Dict[type, Callable[[Any, Any, _Context], list]] = {
    MastheadRegion: lambda r, slot, at: compose_masthead(r, at.assignment.template.grid, at.fontset, at.report),
    FolioRegion: lambda r, slot, at: compose_folio(r, at.fontset, at.report),
    ArticleRegion: _article,
    BoxRegion: lambda r, slot, at: compose_box(r, _box_lines(r, slot), at.fontset, at.report),
    RuleRegion: lambda r, slot, at: compose_rule(r),
    ImageRegion: lambda r, slot, at: compose_image_region(r, _image_for(r, slot, at.assignment), at.fontset, at.report),
}


def _compose_region(region, slot, assignment, images, fontset, report, cursors, page) -> list:
    return COMPOSERS[type(region)](region, slot, _Context(assignment, images, fontset, report, cursors, page))


def _compose_article_slot(region, slot: ArticlePlacement, grid, images, fontset, report, cursors, page) -> list:
    art = slot.article
    cursor = Cursor() if slot.part == 0 else cursors.get(art.id)
    if cursor is None:
        report.errors.append(f"{art.id}: part {slot.part + 1} on page {page.number} comes before the part it continues; "
                             f"place the start of the article on an earlier page")
        return []
    before = _counts(report)
    result = compose_article(region, slot, cursor, grid, images, fontset, report)
    cursors[art.id] = result.cursor
    report.regions.append(region_record(page.number, region.id, slot, result, report, before))
    lines, chars = result.underset
    if lines >= 1:  # empty space of a line or more is reported like overset (--strict fails on it)
        report.underset.append(Underset(art.id, region.id, lines, chars, page.number))
    page.bookmarks.append((_title(art), region.box.y))
    report.stats["articles"] = report.stats.get("articles", 0) + (1 if slot.part == 0 else 0)
    report.stats["lines"] = report.stats.get("lines", 0) + result.lines
    return result.items


def _counts(report: Report) -> Dict[str, int]:
    """Lengths of the report lists a region's record is taken from (what compose adds after this point)."""
    return {name: len(getattr(report, name)) for name in
            ("overset", "warnings", "missing_glyphs", "font_substitutions", "regions", "missing_images")}


def region_record(page: int, region: str, slot: ArticlePlacement, result, report: Report, before) -> RegionRecord:
    """The region's fit record from the block result and what compose added to the report meanwhile."""
    mine = [o for o in report.overset[before["overset"]:] if o.story == slot.article.id]
    copyfit = "; ".join(w.split(" set with ", 1)[-1] for w in report.warnings[before["warnings"]:]
                        if w.startswith("copyfit:"))
    return RegionRecord(page, region, slot.article.id, slot.part, result.lines, result.capacity[0], result.capacity[1],
                        result.length, sum(o.chars for o in mine), result.underset[0], result.underset[1], copyfit,
                        not result.done, overset_lines=sum(max(0, o.lines) for o in mine))


def _note_region(region, page: int, report: Report, before, ref: Optional[ImageRef]) -> None:
    """Complete the region's record (glyphs, substitutions) or add one for an image region (file and ppi)."""
    glyphs = len(report.missing_glyphs) - before["missing_glyphs"]
    subs = len(report.font_substitutions) - before["font_substitutions"]
    if len(report.regions) > before["regions"]:
        rec = report.regions[-1]
        report.regions[-1] = replace(rec, missing_glyphs=glyphs, substitutions=subs)
    elif ref is not None:
        name = os.path.basename(ref.path)
        ppi = report.stats.get("image_ppi", {}).get(name, 0.0) if len(report.missing_images) == before["missing_images"] else 0.0
        report.regions.append(RegionRecord(page, region.id, "", missing_glyphs=glyphs, substitutions=subs,
                                           image=name, ppi=ppi))


def _title(article) -> str:
    return "".join(article.headline) or "".join(article.kicker) or article.id


def _box_lines(region: BoxRegion, slot) -> List[TextItem]:
    if isinstance(slot, TextPlacement) and slot.items:
        return list(slot.items)  # styles resolved by the model (a line's own style:, else the box's)
    if isinstance(slot, TextPlacement):
        style = region.style or (region.lines[0].style if region.lines else None)
        return [TextItem(t, style, slot.mark) for t in slot.lines] if style is not None else []
    return list(region.lines)


def _image_for(region: ImageRegion, slot, assignment: PageAssignment) -> Optional[ImageRef]:
    if isinstance(slot, ImagePlacement):
        return slot.image
    if region.source:
        source = assignment.slots.get(region.source)
        if isinstance(source, ArticlePlacement) and source.part == 0:
            return source.article.image
        return None
    return region.image


def _check_unknown_slots(assignment: PageAssignment, report: Report) -> None:
    ids = {r.id for r in assignment.template.regions}
    for rid, slot in assignment.slots.items():
        if rid not in ids:
            report.errors.append(f"{slot.mark}: page {assignment.number}: the template has no region '{rid}'")
