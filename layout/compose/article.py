"""Article blocks: headline stack, body columns on the line grid, wrap, jump lines, copyfit, overset.

A block's body flows through its internal columns (reading order: column by
column), each column split around wrapping images (frames.py). The 主题 stack
(headline.py) spans ``headline.span`` columns at the top of the first part;
the body below it starts on the next grid line, so baselines line up across
columns. A story that continues elsewhere reserves its last line for the
jump line (下转第X版) and the continuation starts with 上接第X版; both are
template strings whose page numbers the model filled in. Text that still
does not fit after the template's copyfit limits (leading, then tracking) is
reported with its character and line counts: overset is never silent.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

from ..display import Rect, Rule
from ..model.types import ArticlePlacement, ArticleRegion, Box, Grid, HeadlineSpec, ImageRegion, Style
from ..report import Overset, Report
from .frames import column_boxes, expand, split_around
from .headline import EM_TOP, aligned_x, place_stack, stack_height, stack_levels
from .story import Cursor, FlowResult, StoryText, balanced_caps, flow, frame_capacity, overset_lines
from .typeset import set_single_line

LEADING_STEP = 0.25  # pt per copyfit trial
TRACKING_STEP = 0.05  # pt per copyfit trial


@dataclass
class BlockResult:
    """What an article block put on the page and where its story stands afterwards."""

    items: list
    cursor: Cursor
    done: bool
    lines: int


def story_of(placement: ArticlePlacement, region: ArticleRegion) -> StoryText:
    """The article's body text with the block's styles."""
    art = placement.article
    return StoryText(art.id, [p.text for p in art.paragraphs], region.body, art.byline,
                     region.byline or region.body, art.path)


def inner_box(region: ArticleRegion) -> Box:
    """The block's box inside its padding."""
    b, p = region.box, region.padding
    return Box(b.x + p, b.y + p, b.w - 2 * p, b.h - 2 * p)


def snap_to_grid(y: float, grid: Optional[Grid], top: float) -> float:
    """The first grid line at or below ``y`` (grid lines are one body leading apart from ``top``)."""
    if grid is None or grid.line_height <= 0:
        return y
    steps = max(0.0, (y - top) / grid.line_height)
    n = int(steps) if abs(steps - round(steps)) > 1e-6 else round(steps)
    if n < steps - 1e-6:
        n += 1
    return top + n * grid.line_height


def headline_area(region: ArticleRegion, box: Box) -> Tuple[Box, int]:
    """The box the headline stack spans and the number of internal columns it covers."""
    columns = max(1, region.columns)
    span = region.headline.span or columns
    span = min(span, columns)
    cols = column_boxes(box, columns, region.gutter)
    return Box(box.x, box.y, cols[span - 1].right - box.x, box.h), span


def body_frames(region: ArticleRegion, box: Box, head_bottom: float, head_span: int,
                exclusions: Sequence[Box]) -> List[Box]:
    """Column frames in reading order, below the headline where it spans, split around images."""
    frames: List[Box] = []
    for i, col in enumerate(column_boxes(box, max(1, region.columns), region.gutter)):
        top = head_bottom if i < head_span else col.y
        if top >= col.bottom:
            continue
        frames.extend(split_around(Box(col.x, top, col.w, col.bottom - top), exclusions, region.body.size))
    return frames


def wrap_exclusions(region: ArticleRegion, image_regions: Sequence[ImageRegion]) -> List[Box]:
    """Boxes (grown by their wrap gap) of wrapping image regions that overlap this block."""
    return [expand(r.box, r.wrap_gap) for r in image_regions if r.wrap and r.box.overlaps(region.box)]


def compose_article(region: ArticleRegion, placement: ArticlePlacement, cursor: Cursor, grid: Optional[Grid],
                    image_regions: Sequence[ImageRegion], fontset, report: Report) -> BlockResult:
    """Lay out one part of an article in its block; returns items and the story's cursor afterwards."""
    story = story_of(placement, region)
    box = inner_box(region)
    items: list = []
    head_bottom, head_span = box.y, 0
    if placement.part == 0 and region.headline.placement != "none":
        head_items, head_bottom, head_span = _headline(region, placement, box, grid, fontset, report)
        items += head_items
    frames = body_frames(region, box, head_bottom, head_span, wrap_exclusions(region, image_regions))
    frames, jump_in, jump_out = _jump_lines(region, placement, frames, story.body, fontset, report)
    result, story = _flow_with_copyfit(region, placement, story, frames, cursor, fontset, report)
    items += jump_in  # paint order = reading order (text extraction, screen readers)
    for line, x, baseline in result.placed:
        items += line.runs(x, baseline)
    items += jump_out
    if placement.continues_to and placement.jump_out and result.done:
        report.warn(f"{story.id}: the story ends on this page, yet a jump line to page {placement.continues_to} was set")
    items += _column_rules(region, frames)
    if region.border is not None:
        b = region.box
        items.append(Rect(b.x, b.y, b.w, b.h, stroke=region.border.color, stroke_width=region.border.width))
    if not placement.continues_to and not result.done:
        _report_overset(story, result, frames, fontset, report)
    return BlockResult(items, result.cursor, result.done, len(result.placed))


def _headline(region, placement, box, grid, fontset, report):
    area, span = headline_area(region, box)
    spec: HeadlineSpec = region.headline
    levels = stack_levels(placement.article, spec, area.w, fontset, report)
    if not levels:
        return [], box.y, 0
    height = stack_height(levels)
    items = place_stack(levels, Box(area.x, area.y, area.w, height), spec.align)
    bottom = snap_to_grid(area.y + height + spec.space_after, grid, grid.content.y if grid else box.y)
    return items, bottom, span


def _jump_lines(region, placement, frames: List[Box], body: Style, fontset, report):
    """Reserve and set the jump-in line (top of the first frame) and jump-out line (last line of the last)."""
    style = region.jump_style or body
    items_in, items_out = [], []
    frames = list(frames)
    if placement.continued_from and placement.jump_in and frames:
        f = frames[0]
        line = set_single_line(placement.jump_in, style, fontset, report)
        items_in += line.runs(f.x, f.y + EM_TOP * body.size)
        frames[0] = Box(f.x, f.y + body.leading, f.w, f.h - body.leading)
    if placement.continues_to and placement.jump_out and frames:
        f = frames[-1]
        cap = frame_capacity(f, body)
        line = set_single_line(placement.jump_out, style, fontset, report)
        baseline = f.y + EM_TOP * body.size + (cap - 1) * body.leading
        items_out += line.runs(aligned_x(line.width, f, "right"), baseline)
        frames[-1] = Box(f.x, f.y, f.w, max(0.0, (cap - 1) * body.leading - (body.leading - body.size) - 0.01))
    return frames, items_in, items_out


def _flow_with_copyfit(region, placement, story: StoryText, frames, cursor, fontset, report) -> Tuple[FlowResult, StoryText]:
    result = _flow_once(region, placement, story, frames, cursor, fontset, report)
    if result.done or placement.continues_to or not region.copyfit.enabled:
        return result, story
    for lead_delta, track_delta in copyfit_trials(region.copyfit):
        trial = _adjusted(story, lead_delta, track_delta)
        attempt = _flow_once(region, placement, trial, frames, cursor, fontset, Report())
        if attempt.done:
            report.warn(f"copyfit: {story.id} set with leading {lead_delta:+.2f} pt, tracking {track_delta:+.2f} pt")
            report.stats["copyfit"] = report.stats.get("copyfit", 0) + 1
            _flow_once(region, placement, trial, frames, cursor, fontset, report)  # report its glyph problems once
            return attempt, trial
    return result, story


def _flow_once(region, placement, story, frames, cursor, fontset, report) -> FlowResult:
    caps = None
    if region.balance and not placement.continues_to:
        caps = balanced_caps(story, frames, cursor, fontset, report)
    return flow(story, frames, cursor, fontset, report, caps)


def copyfit_trials(limits) -> List[Tuple[float, float]]:
    """(leading delta, tracking delta) pairs to try, least change first: leading, then tracking."""
    trials = []
    steps = int(round(-limits.leading_min / LEADING_STEP)) if limits.leading_min < 0 else 0
    for i in range(1, steps + 1):
        trials.append((-i * LEADING_STEP, 0.0))
    lead = -steps * LEADING_STEP
    tsteps = int(round(-limits.tracking_min / TRACKING_STEP)) if limits.tracking_min < 0 else 0
    for j in range(1, tsteps + 1):
        trials.append((lead, -j * TRACKING_STEP))
    return trials


def _adjusted(story: StoryText, lead_delta: float, track_delta: float) -> StoryText:
    body = replace(story.body, leading=story.body.leading + lead_delta, tracking=story.body.tracking + track_delta)
    by = story.byline_style
    if by is not None:
        by = replace(by, tracking=by.tracking + track_delta)
    return replace(story, body=body, byline_style=by)


def _column_rules(region: ArticleRegion, frames: Sequence[Box]) -> List[Rule]:
    if region.column_rule is None or region.columns < 2 or not frames:
        return []
    rule, rules = region.column_rule, []
    cols = column_boxes(inner_box(region), region.columns, region.gutter)
    top = min(f.y for f in frames if f.x > cols[0].x + 0.5) if len(cols) > 1 and any(f.x > cols[0].x + 0.5 for f in frames) else frames[0].y
    bottom = max(f.bottom for f in frames)
    for left, right in zip(cols, cols[1:]):
        x = (left.right + right.x) / 2
        rules.append(Rule(x, top, x, bottom, rule.width, rule.color, rule.dash))
    return rules


def _report_overset(story: StoryText, result: FlowResult, frames, fontset, report: Report) -> None:
    measure = frames[-1].w if frames else 100.0
    chars = story.remaining_chars(result.cursor)
    lines = overset_lines(story, result.cursor, measure, fontset)
    report.overset.append(Overset(story.id, chars, lines))
