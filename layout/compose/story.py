"""A story (an article's body) flowing through its block's frames, with ``layout.flow``.

The composer builds the frames (column or tier rectangles, split around
wrapping images, shortened for jump lines) and ``layout.flow.flow`` fills
them on the line grid; the frames know the geometry in either writing mode
(``layout.flow.frame``: line origin, capacity, cut). A story continued in
frames of another measure is re-broken from the character where it stopped
(no first-line indent). Where the story stands afterwards is a ``Cursor`` (flow's
``Resume``) for the next part; what does not fit is counted by flow as
overset (characters and lines at the last frame's measure).

The byline (电头, 本报讯（记者…）) is set by the region's ``byline_placement``:
``run-in`` (default) in front of the first paragraph and broken with it, set
in the byline style's face at layout time (a run of the paragraph: its glyphs
and widths, Latin and digits included, are the byline face's); ``own-line`` as a
paragraph of its own above the text and ``end`` in brackets after the last
paragraph (（本报记者　王䶮）), both set in the byline style at layout time.
Balancing (齐栏, level feet; clreq §2.4 even last columns) cuts every
frame at one foot line, the highest that still holds the story; what the
block's frames hold beyond the lines set is its underset (``unused_room``).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from ..flow import FlowResult, Frame, LineGrid, Paragraph, Resume, flow, paragraph_grid
from ..model.types import Style
from ..records import record
from ..report import Report, Where
from .typeset import paragraph_style, recolour_runs

Cursor = Resume  # paragraph index and character offset (the byline counts in the first paragraph)


def bracketed(text: str) -> str:
    """``text`` in full-width brackets (brackets it already has around it are not doubled)."""
    return text if text.startswith("（") and text.endswith("）") else f"（{text}）"


# placement -> (default alignment, text as set); run-in bylines go in front of the first paragraph instead.
BYLINE_OWN_PARAGRAPH = {"own-line": ("left", lambda t: t), "end": ("right", bracketed)}


@record
class StoryText:
    """The paragraphs of a story with the styles they are set in."""

    id: str
    paragraphs: Sequence[str]
    body: Style
    byline: str = ""
    byline_style: Optional[Style] = None
    path: str = ""
    byline_placement: str = "run-in"  # run-in | own-line | end
    byline_align: str = ""  # "" = left on its own line, right at the end

    @property
    def lead_len(self) -> int:
        """Characters of the byline set in front of the first paragraph (run-in bylines only)."""
        run_in = self.byline_placement not in BYLINE_OWN_PARAGRAPH
        return len(self.byline) if run_in and self.byline and self.paragraphs else 0

    @property
    def count(self) -> int:
        """Paragraphs as flowed (a byline on its own line or at the end is one more)."""
        return len(self.paragraphs) + (1 if self.byline and self.paragraphs and not self.lead_len else 0)

    def flow_paragraphs(self) -> List[Paragraph]:
        """The paragraphs as ``layout.flow`` input: the byline run into the first one, or its own paragraph
        (own line above the text, or in brackets after it) set in the byline style's face and alignment."""
        pstyle = paragraph_style(self.body)
        out = []
        for i, text in enumerate(self.paragraphs):
            lead = self.byline if i == 0 and self.lead_len else ""
            runs = self._lead_runs() if lead else ()
            out.append(Paragraph(lead + text, pstyle, Where(self.path or self.id, i + 1, 0), runs))
        if self.count > len(self.paragraphs):
            own = Paragraph(*self._byline_paragraph(), Where(self.path or self.id, 0, 0))
            out = [own] + out if self.byline_placement == "own-line" else out + [own]
        return out

    def _lead_runs(self) -> tuple:
        """The run-in byline as a run of the first paragraph in the byline style's face (none: same face)."""
        by, body = self.byline_style, self.body
        if by is None or (by.font, by.weight) == (body.font, body.weight):
            return ()
        return ((0, self.lead_len, paragraph_style(by)),)

    def _byline_paragraph(self):
        """(text, ParagraphStyle) of a byline set as a paragraph of its own."""
        style = self.byline_style or self.body
        default, text = BYLINE_OWN_PARAGRAPH[self.byline_placement]
        align = self.byline_align or default
        indent = style.indent if align == "left" and self.byline_placement == "own-line" else 0.0
        return text(self.byline.strip()), paragraph_style(replace(style, align=align, indent=indent))

    def grid(self, fontset) -> LineGrid:
        """The line grid of the body style (size, leading, the body face's ascent)."""
        return paragraph_grid(paragraph_style(self.body), fontset)


def flow_story(story: StoryText, frames: Sequence[Frame], cursor: Cursor, fontset, report: Report,
               measure_overset: bool = True) -> FlowResult:
    """Fill ``frames`` from ``cursor``; flow reports overset (when measured), overfull lines and missing glyphs."""
    return flow(story.flow_paragraphs(), frames, fontset, report=report, start=cursor, story=story.id,
                measure_overset=measure_overset)


def done(result: FlowResult) -> bool:
    """True when the story ended in these frames."""
    return result.leftover is None


def next_cursor(result: FlowResult, story: StoryText) -> Cursor:
    """Where the story continues after ``result`` (past the end when it is done)."""
    if result.leftover is None:
        return Cursor(story.count, 0)
    return result.leftover.resume


def balanced_frames(story: StoryText, frames: Sequence[Frame], cursor: Cursor, fontset) -> Optional[List[Frame]]:
    """The frames cut at one foot line, the highest that still holds the rest of the story (None: it does not fit).

    Level feet (齐栏): every column ends on the same grid line of the block,
    or one line lower for the first columns when the lines do not divide
    evenly (7 lines in 6 columns: 2 1 1 1 1 1); the search is over that line
    (the em-box end of line n below the top of the block), so a column that
    starts lower, under a jump line or an image, holds fewer lines and its foot
    still lines up with the others.
    """
    if not frames:
        return None
    first = flow_story(story, frames, cursor, fontset, Report(), measure_overset=False)
    if not done(first):
        return None
    grid = story.grid(fontset)
    top = min(f.block_start for f in frames)

    def cut(n: int, first: int = len(frames)) -> List[Frame]:  # the first ``first`` frames at foot n, the rest n - 1
        feet = [top + grid.size + (n if i < first else n - 1) * grid.leading + 0.001 for i in range(len(frames))]
        return [f.block_until(foot) for f, foot in zip(frames, feet)]

    def holds(frames_cut: List[Frame]) -> bool:
        return done(flow_story(story, frames_cut, cursor, fontset, Report(), measure_overset=False))

    # A frame holds at most n + 1 lines above foot n, so the lines already placed bracket the search.
    placed = sum(len(f) for f in first.frames)
    lo = max(0, -(-placed // len(frames)) - 1)
    hi = max(lo, math.ceil((max(f.block_end for f in frames) - top - grid.size) / grid.leading))
    lo = _lowest(lo, hi, lambda n: holds(cut(n)))
    if lo == 0:
        return cut(0)
    # the fewest frames at foot n (the rest one line higher) that still hold the story: columns then differ by
    # one line at most, the longer ones first (7 lines in 6 columns: 2 1 1 1 1 1, not 2 2 2 1 0 0)
    return cut(lo, _lowest(1, len(frames), lambda k: holds(cut(lo, k))))


def _lowest(lo: int, hi: int, ok) -> int:
    """The smallest n in lo..hi with ok(n) true (ok turns true once and stays true; hi when none before it)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def unused_room(frames: Sequence[Frame], placed: Sequence[int], grid: LineGrid) -> Tuple[int, int]:
    """(lines, characters) the frames hold beyond ``placed`` lines each: characters at a whole number per line."""
    lines = chars = 0
    for frame, used in zip(frames, placed):
        empty = max(0, frame.capacity(grid) - used)
        lines += empty
        chars += empty * int(frame.inline_size / grid.size + 1e-6)
    return lines, chars


def story_runs(story: StoryText, result: FlowResult, fontset) -> list:
    """Glyph runs of every placed line in reading order (a run-in byline was set in its own face by the text stage)."""
    from ..flow import placed_runs

    items: list = []
    lead, by = story.lead_len, story.byline_style
    colour = by.color if lead and by is not None and by.color != story.body.color else None
    for pl in result.lines:
        runs = placed_runs(pl, story.body.color)
        if colour is not None and pl.paragraph == 0 and pl.line.start < lead:
            runs = recolour_runs(runs, pl.line.start, lead, colour)  # a byline style of another colour
        items += runs
    return items
