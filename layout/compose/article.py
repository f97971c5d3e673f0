"""Article blocks: headline stack, body columns or tiers on the line grid, wrap, jump lines, copyfit, overset.

A horizontal block's body flows through its internal columns (reading order:
column by column), each split around wrapping images (frames.py). A block
with ``writing_mode: vertical`` sets its body vertical-rl (clreq §2.4):
characters top to bottom, lines right to left, its internal columns being 栏
tiers stacked top to bottom, each tier split around images right to left.
The text itself flows with ``layout.flow`` (story.py).

The 主题 stack (headline.py) either spans ``headline.span`` columns at the
top of the first part (the body below it starts on the next grid line, so
baselines line up across columns) or, with ``placement: right``, is set
vertically in a strip at the block's right edge (a common newspaper form:
the 主题 in a vertical column beside horizontal or vertical text), the body
to its left. A story that continues elsewhere sets its jump line (下转第X版)
on the last line of its last frame, and only when it really continues (a
story that ends in the block without that line gets none). The continuation
starts with a 接题 (the article's 主题 restated across the block in
``jump_headline_style``, newspaper practice for 转版) and 上接第X版 on the
line under it; both jump lines are template strings whose page numbers the
model filled in. A continuation of a story that already ended (a stale
``{continued: id}``) prints nothing: it is reported (``report.stale_jumps``)
and its block counts as empty space.
Text that still does not fit after the template's copyfit limits (leading,
then tracking) is reported by flow with its character and line counts:
overset is never silent, and neither is underset: the body lines the block
had room for but did not use, and the characters they hold, come back in
``BlockResult.underset`` for the page to report. A balanced block ends its
columns level (齐栏, story.balanced_frames).
"""
from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from ..display import Rect, Rule
from ..flow import FlowResult, Frame, LineGrid
from ..model.types import VERTICAL, ArticlePlacement, ArticleRegion, Box, Grid, HeadlineSpec, ImageRegion, Style
from ..records import record
from ..report import Report
from ..text import HORIZONTAL
from .frames import expand
from .headline import fit_level, place_stack, report_stack_overset, stack_height, stack_levels, trim_stack
from .story import Cursor, StoryText, balanced_frames, done, flow_story, next_cursor, story_runs, unused_room
from .typeset import in_mode, set_single_line

LEADING_STEP = 0.25  # pt per copyfit trial
TRACKING_STEP = 0.05  # pt per copyfit trial


@record
class BlockResult:
    """What an article block put on the page and where its story stands afterwards."""

    items: list
    cursor: Cursor
    done: bool
    lines: int
    underset: Tuple[int, int] = (0, 0)  # body lines and characters the block's frames had room for but did not use
    capacity: Tuple[int, int] = (0, 0)  # body lines and characters the block's text frames hold at the body style
    length: int = 0  # characters of the story still to set when this part started


@record(frozen=True)
class BodyArea:
    """Where the body goes: the area left by the headline, and (horizontal, top headline) the columns it covers."""

    box: Box
    head_bottom: float = 0.0  # top of the body in the first ``head_span`` columns
    head_span: int = 0


def story_of(placement: ArticlePlacement, region: ArticleRegion) -> StoryText:
    """The article's body text with the block's styles, in the block's writing mode."""
    art = placement.article
    body = in_mode(region.body, region.writing_mode)
    byline = in_mode(region.byline, region.writing_mode) if region.byline is not None else None
    return StoryText(art.id, [p.text for p in art.paragraphs], body, art.byline, byline or body, art.path,
                     region.byline_placement, region.byline_align)


def is_vertical(region: ArticleRegion) -> bool:
    """True for a block set vertical-rl."""
    return region.writing_mode == VERTICAL


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
    """The box a top headline stack spans and the number of internal columns it covers (all in a vertical block)."""
    columns = max(1, region.columns)
    if is_vertical(region):
        return box, columns
    span = min(region.headline.span or columns, columns)
    cols = block_frame(region, box).divide(columns, region.gutter)
    return Box(box.x, box.y, cols[span - 1].inline_end - box.x, box.h), span


def block_frame(region: ArticleRegion, box: Box) -> Frame:
    """``box`` as a frame in the block's writing mode."""
    return Frame(box.x, box.y, box.w, box.h, region.writing_mode)


def body_frames(region: ArticleRegion, area: BodyArea, exclusions: Sequence[Box]) -> List[Frame]:
    """Text frames in reading order: columns (栏 tiers when vertical) along the measure, each split around images.

    The first ``head_span`` columns start below the headline (``head_bottom``).
    """
    frames: List[Frame] = []
    columns = block_frame(region, area.box).divide(max(1, region.columns), region.gutter)
    for i, col in enumerate(columns):
        if i < area.head_span:
            col = col.block_from(col.block_coordinate(col.x, area.head_bottom))
            if col.block_size <= 0:
                continue
        frames += col.split(exclusions, region.body.size)
    return frames


def wrap_exclusions(region: ArticleRegion, image_regions: Sequence[ImageRegion]) -> List[Box]:
    """Boxes (grown by their wrap gap) of wrapping image regions that overlap this block."""
    return [expand(r.box, r.wrap_gap) for r in image_regions if r.wrap and r.box.overlaps(region.box)]


def compose_article(region: ArticleRegion, placement: ArticlePlacement, cursor: Cursor, grid: Optional[Grid],
                    image_regions: Sequence[ImageRegion], fontset, report: Report) -> BlockResult:
    """Lay out one part of an article in its block; returns items and the story's cursor afterwards."""
    story = base = story_of(placement, region)
    box = inner_box(region)
    items: list = []
    area = BodyArea(box, box.y, 0)
    if placement.part > 0 and cursor.paragraph >= story.count:
        return _stale_continuation(region, placement, box, story, fontset, report)
    if placement.part == 0 and region.headline.placement != "none":
        head_items, area = _headline(region, placement, box, grid, fontset, report,
                                     wrap_exclusions(region, image_regions))
        items += head_items
    elif placement.part > 0 and placement.continued_from:
        head_items, area = jump_headline(region, placement, box, grid, fontset, report)
        items += head_items
        if head_items and placement.jump_in:  # 上接第N版 on the line under the 接题, across the block
            jump_items, area = _jump_in_under(region, placement, area, story, fontset, report)
            items += jump_items
            placement = replace(placement, jump_in="")
    full = body_frames(region, area, wrap_exclusions(region, image_regions))
    result, story, frames, jump_in, jump_out = _flow_part(region, placement, story, full, cursor, fontset, report)
    items += jump_in  # paint order = reading order (text extraction, screen readers)
    items += story_runs(story, result, fontset)
    items += jump_out
    items += _column_rules(region, area.box, frames, result, story.grid(fontset))
    if region.border is not None:
        b = region.box
        items.append(Rect(b.x, b.y, b.w, b.h, stroke=region.border.color, stroke_width=region.border.width))
    used = [len(f) for f in result.frames]
    if used and jump_in:
        used[0] += 1
    if used and jump_out:
        used[-1] += 1
    empty = unused_room(full, used, story.grid(fontset))
    return BlockResult(items, next_cursor(result, story), done(result), len(result.lines), empty,
                       capacity(frames, base.grid(fontset)), remaining_chars(base, cursor))


def capacity(frames: Sequence[Frame], grid) -> Tuple[int, int]:
    """(lines, characters) ``frames`` hold at ``grid``'s body style: whole characters per line."""
    return unused_room(frames, [0] * len(frames), grid)


def remaining_chars(story: StoryText, cursor: Cursor) -> int:
    """Characters (byline included) from ``cursor`` to the end of the story."""
    texts = [p.text for p in story.flow_paragraphs()]
    rest = sum(len(t) for t in texts[cursor.paragraph:])
    return max(0, rest - (cursor.offset if cursor.paragraph < len(texts) else 0))


def _flow_part(region, placement, story: StoryText, full: List[Frame], cursor, fontset, report):
    """Flow one part: a story that ends in the block without its jump-out line gets none (a jump line prints
    only when the story really continues). Returns (result, story as set, frames, jump-in items, jump-out items)."""
    if placement.continues_to and placement.jump_out:
        alone = replace(placement, continues_to=0, jump_out="")
        frames, jump_in, _ = _jump_lines(region, alone, full, story, fontset, report)
        scratch = Report()
        trial = _flow_once(region, alone, story, frames, cursor, fontset, scratch, False)
        if done(trial):  # its continuation on page continues_to reports itself as stale
            result, story = _flow_with_copyfit(region, alone, story, frames, cursor, fontset, report)
            return result, story, frames, jump_in, []
    frames, jump_in, jump_out = _jump_lines(region, placement, full, story, fontset, report)
    result, story = _flow_with_copyfit(region, placement, story, frames, cursor, fontset, report)
    return result, story, frames, jump_in, jump_out


def _stale_continuation(region, placement, box: Box, story: StoryText, fontset, report) -> BlockResult:
    """A continuation whose story already ended: nothing prints, the whole block is reported empty space."""
    report.stale_jumps.append(f"{placement.mark}: {story.id}: the story already ends on page "
                              f"{placement.continued_from or '?'}, so this continuation prints nothing and region "
                              f"{region.id} stays empty (remove {{continued: {story.id}}} from this page, or give "
                              f"the story less room on page {placement.continued_from or '?'})")
    full = body_frames(region, BodyArea(box, box.y, 0), [])
    room = capacity(full, story.grid(fontset))
    return BlockResult([], next_cursor_end(story), True, 0, room, room, 0)


def next_cursor_end(story: StoryText) -> Cursor:
    """The cursor past the story's last paragraph."""
    return Cursor(story.count, 0)


def jump_headline_style(region: ArticleRegion) -> Style:
    """The 接题 style: the template's ``jump_headline_style``, else the headline face (the body's when the block
    has no headline style) at twice the body size, on two body lines, centred."""
    if region.jump_headline is not None:
        return in_mode(region.jump_headline, HORIZONTAL)
    body = region.body
    base = region.headline.headline or body
    size = round(body.size * 2 * 2) / 2
    return replace(base, size=size, leading=body.leading * 2, tracking=0.0, space_before=0.0, space_after=0.0,
                   align="center", writing_mode=HORIZONTAL)


def jump_headline(region, placement, box: Box, grid, fontset, report) -> Tuple[list, BodyArea]:
    """接题: the article's 主题 restated across the block above a continuation; the body starts on the next grid line."""
    texts = list(placement.article.headline) or list(placement.article.kicker)
    if not texts:
        return [], BodyArea(box, box.y, 0)
    style = jump_headline_style(region)
    spec = HeadlineSpec(placement="top", headline=style, align=style.align if style.align in
                        ("left", "center", "right") else "center", max_lines=2)
    level = fit_level("headline", texts, style, spec, box.w, fontset, report, placement.article.id)
    height = stack_height([level])
    items = place_stack([level], Box(box.x, box.y, box.w, height), spec.align, HORIZONTAL)
    gap = region.body.leading - region.body.size
    if is_vertical(region):
        bottom = box.y + height + gap
        return items, BodyArea(Box(box.x, bottom, box.w, max(0.0, box.bottom - bottom)))
    bottom = snap_to_grid(box.y + height + gap, grid, grid.content.y if grid else box.y)
    return items, BodyArea(box, bottom, max(1, region.columns))


def _jump_in_under(region, placement, area: BodyArea, story: StoryText, fontset, report) -> Tuple[list, BodyArea]:
    """The jump-in line on the first body line below the 接题, across the block; the body starts a line lower."""
    grid = story.grid(fontset)
    style = in_mode(region.jump_style or region.body, region.writing_mode)
    box = area.box
    top = area.head_bottom if area.head_span else box.y
    frame = block_frame(region, Box(box.x, top, box.w, max(0.0, box.bottom - top)))
    if frame.capacity(grid) < 1:
        return [], area
    line = set_single_line(placement.jump_in, style, fontset, report)
    align = style.align if style.align in ("left", "center", "right") else "right"
    items = line.runs(*frame.line_origin(0, grid, frame.aligned(line.width, {"left": "start", "right": "end"}.get(align, align))))
    if is_vertical(region):
        below = frame.drop_first(grid)
        return items, BodyArea(Box(below.x, below.y, below.w, below.h))
    return items, BodyArea(box, top + grid.leading, area.head_span)


def stack_room(area: Box, exclusions: Sequence[Box]) -> float:
    """Block extent a top stack in ``area`` has before the first wrapped image across its width (the stack stops
    above wrapped images as the body flows around them; it is never drawn under one)."""
    tops = [max(area.y, ex.y) for ex in exclusions if ex.x < area.right - 0.01 and ex.right > area.x + 0.01
            and ex.bottom > area.y + 0.01]
    return min(tops, default=area.bottom) - area.y


def _headline(region, placement, box: Box, grid, fontset, report, exclusions: Sequence[Box] = ()
              ) -> Tuple[list, BodyArea]:
    """The headline stack's items and the area it leaves to the body; lines that would run under a wrapped
    image (or past the block) are cut and reported as headline overset."""
    if region.headline.placement == "right":
        return _right_headline(region, placement, box, fontset, report)
    area, span = headline_area(region, box)
    spec: HeadlineSpec = region.headline
    levels = stack_levels(placement.article, spec, area.w, fontset, report, HORIZONTAL)
    levels, cut = trim_stack(levels, stack_room(area, exclusions))
    report_stack_overset(placement.article.id, cut, "the stack stops above the image wrapped into "
                         f"region {region.id}; shorten the headline or move the image", report)
    if not levels:
        return [], BodyArea(box, box.y, 0)
    height = stack_height(levels)
    items = place_stack(levels, Box(area.x, area.y, area.w, height), spec.align, HORIZONTAL)
    if is_vertical(region):  # vertical text below a horizontal headline: no horizontal grid to keep
        bottom = area.y + height + spec.space_after
        return items, BodyArea(Box(box.x, bottom, box.w, max(0.0, box.bottom - bottom)))
    bottom = snap_to_grid(area.y + height + spec.space_after, grid, grid.content.y if grid else box.y)
    return items, BodyArea(box, bottom, span)


def _right_headline(region, placement, box: Box, fontset, report) -> Tuple[list, BodyArea]:
    """A vertical stack in a strip at the block's right edge; the body takes the rest, left of a gap."""
    spec: HeadlineSpec = region.headline
    levels = stack_levels(placement.article, spec, box.h, fontset, report, VERTICAL)
    if not levels:
        return [], BodyArea(box, box.y, 0)
    width = spec.width or stack_height(levels, VERTICAL)
    strip = Box(box.right - width, box.y, width, box.h)
    items = place_stack(levels, strip, spec.align, VERTICAL)
    gap = spec.space_after
    body_w = max(0.0, strip.x - gap - box.x)
    return items, BodyArea(Box(box.x, box.y, body_w, box.h), box.y, 0)


def _jump_lines(region, placement, frames: List[Frame], story: StoryText, fontset, report):
    """Reserve and set the jump-in line (first line of the first frame) and the jump-out line (last line of the last)."""
    grid = story.grid(fontset)
    style = in_mode(region.jump_style or region.body, region.writing_mode)
    items_in, items_out = [], []
    frames = list(frames)
    if placement.continued_from and placement.jump_in and frames:
        f = frames[0]
        line = set_single_line(placement.jump_in, style, fontset, report)
        items_in += line.runs(*f.line_origin(0, grid))
        frames[0] = f.drop_first(grid)
    if placement.continues_to and placement.jump_out and frames:
        f = frames[-1]
        last = f.capacity(grid) - 1
        line = set_single_line(placement.jump_out, style, fontset, report)
        items_out += line.runs(*f.line_origin(last, grid, f.aligned(line.width, "end")))
        frames[-1] = f.take(last, grid)
    return frames, items_in, items_out


def _flow_with_copyfit(region, placement, story: StoryText, frames, cursor, fontset, report) -> Tuple[FlowResult, StoryText]:
    """Flow the story; copyfit within the template's limits both ways: tighten before reporting overset,
    loosen the leading when the story leaves a line or more of the block empty."""
    last_part = not placement.continues_to
    if not last_part or not region.copyfit.enabled:
        return _flow_once(region, placement, story, frames, cursor, fontset, report, last_part), story
    scratch = Report()
    result = _flow_once(region, placement, story, frames, cursor, fontset, scratch, False)
    if done(result):
        return _loosened(region, placement, frames, cursor, fontset, report, (result, story, scratch))
    for lead_delta, track_delta in copyfit_trials(region.copyfit) if not _far_over(story, result) else ():
        trial = _adjusted(story, lead_delta, track_delta)
        scratch = Report()
        attempt = _flow_once(region, placement, trial, frames, cursor, fontset, scratch, False)
        if done(attempt):
            report.warn(f"copyfit: {story.id} set with {copyfit_change(lead_delta, track_delta)}")
            report.stats["copyfit"] = report.stats.get("copyfit", 0) + 1
            _adopt(scratch, report)
            return attempt, trial
    return _flow_once(region, placement, story, frames, cursor, fontset, report, True), story


COPYFIT_REACH = 0.25  # copyfit at its limits (a point of leading, a little tracking) holds well under a quarter more


def _far_over(story: StoryText, result: FlowResult) -> bool:
    """True when the text left over is more than COPYFIT_REACH of the text placed: no trial can hold it, and
    each would set the rest again (an archive's 2 MB paragraph, twenty times)."""
    left = result.leftover
    paragraphs = story.flow_paragraphs()
    rest = sum(len(p.text) for p in paragraphs[left.resume.paragraph:]) - left.resume.offset
    placed = sum(pl.line.end - pl.line.start for pl in result.lines)
    return rest > COPYFIT_REACH * max(placed, 1)


def copyfit_change(lead_delta: float, track_delta: float) -> str:
    """What copyfit changed, e.g. "leading -0.50 pt, tracking -0.05 pt" (zero changes left out)."""
    parts = [f"{name} {v:+.2f} pt" for name, v in (("leading", lead_delta), ("tracking", track_delta)) if v]
    return ", ".join(parts) or "no change"


def _loosened(region, placement, frames, cursor, fontset, report, kept) -> Tuple[FlowResult, StoryText]:
    """When the story leaves a line or more empty: the loosest leading within ``copyfit.leading_max`` that holds it."""
    result, base, scratch = kept
    story, delta = base, 0.0
    steps = int(round(region.copyfit.leading_max / LEADING_STEP)) if region.copyfit.leading_max > 0 else 0
    if _empty_lines(frames, result, story, fontset) < 1:
        steps = 0
    for i in range(1, steps + 1):
        trial, trial_report = _adjusted(base, i * LEADING_STEP, 0.0), Report()
        attempt = _flow_once(region, placement, trial, frames, cursor, fontset, trial_report, False)
        if not done(attempt):
            break
        result, story, scratch, delta = attempt, trial, trial_report, i * LEADING_STEP
    if delta:
        report.warn(f"copyfit: {story.id} set with leading {delta:+.2f} pt to fill its block")
        report.stats["copyfit"] = report.stats.get("copyfit", 0) + 1
    _adopt(scratch, report)
    return result, story


def _empty_lines(frames: Sequence[Frame], result: FlowResult, story: StoryText, fontset) -> int:
    """Body lines the frames hold beyond what ``result`` placed in them."""
    return unused_room(frames, [len(f) for f in result.frames], story.grid(fontset))[0]


def _adopt(scratch: Report, report: Report) -> None:
    """Carry the glyph and line problems of the flow that was kept into the real report."""
    report.missing_glyphs.extend(scratch.missing_glyphs)
    report.overfull.extend(scratch.overfull)
    report.overset.extend(scratch.overset)


def _flow_once(region, placement, story, frames, cursor, fontset, report, measure_overset: bool) -> FlowResult:
    if region.balance and not placement.continues_to:
        frames = balanced_frames(story, frames, cursor, fontset) or frames
    return flow_story(story, frames, cursor, fontset, report, measure_overset)


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
        by = body if by is story.body else replace(by, tracking=by.tracking + track_delta)
    return replace(story, body=body, byline_style=by)


def _column_rules(region: ArticleRegion, area: Box, frames: Sequence[Frame], result: FlowResult,
                  grid: LineGrid) -> List[Rule]:
    """Rules in the gutters between the body's internal columns (栏 tiers), as long as the text runs.

    Each rule runs along the block axis in the middle of its gutter: from the
    block start of the later columns (below a headline that spans the first
    ones) to the end of the em box of the last line set (horizontally the
    lowest line, in vertical-rl the leftmost one).
    """
    if region.column_rule is None or region.columns < 2 or not frames or not result.lines:
        return []
    rule = region.column_rule
    cols = block_frame(region, area).divide(region.columns, region.gutter)
    later = [f.block_start for f in frames if f.inline_start > cols[0].inline_start + 0.5]
    start = min(later) if later else frames[0].block_start
    ends = [cols[0].box_end(cols[0].block_coordinate(pl.x, pl.y), grid) for pl in result.lines]
    return [Rule(*cols[0].segment((a.inline_end + b.inline_start) / 2, start, max(ends)),
                 rule.width, rule.color, rule.dash)
            for a, b in zip(cols, cols[1:])]
