"""A story (an article's body) flowing line by line through a chain of frames.

Body text sits on the page's line grid: in every frame the first baseline is
one em-box top (0.88 em) below the frame top and every further baseline one
leading lower, so a frame of height h holds ``1 + (h - size) // leading``
lines. Lines are broken at the frames' measure; a story continued in frames
of another width is re-broken from the character where it stopped (the
continuation gets no first-line indent). What is left when the frames are
full is returned as a ``Cursor`` for the next part or counted as overset.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..model.types import Box, Style
from ..report import Report, Where
from .headline import EM_TOP
from .typeset import SetLine, break_paragraph

Placed = Tuple[SetLine, float, float]  # line, x, baseline


@dataclass(frozen=True)
class Cursor:
    """Where a story continues: paragraph index and character offset inside it."""

    paragraph: int = 0
    offset: int = 0


@dataclass
class StoryText:
    """The paragraphs of a story with the styles they are set in."""

    id: str
    paragraphs: Sequence[str]
    body: Style
    byline: str = ""
    byline_style: Optional[Style] = None
    path: str = ""

    def remaining_chars(self, cursor: Cursor) -> int:
        """Characters not yet set from ``cursor`` on (the byline counts with the first paragraph)."""
        n = sum(len(p) for p in self.paragraphs[cursor.paragraph:]) - cursor.offset
        return n + (len(self.byline) if cursor == Cursor() and self.paragraphs else 0)


@dataclass
class FlowResult:
    """Lines placed per frame, the cursor after the last one, and whether the story ended."""

    placed: List[Placed]
    cursor: Cursor
    done: bool
    lines_used: List[int]  # lines per frame


def frame_capacity(frame: Box, style: Style) -> int:
    """Lines of ``style`` that fit ``frame`` on the line grid."""
    if frame.h + 1e-6 < style.size:
        return 0
    return 1 + int((frame.h - style.size + 1e-6) // style.leading)


def paragraph_lines(story: StoryText, cursor: Cursor, measure: float, fontset, report: Report) -> List[SetLine]:
    """Lines of the paragraph at ``cursor`` (from its offset) broken at ``measure``."""
    text = story.paragraphs[cursor.paragraph]
    where = Where(story.path or story.id, cursor.paragraph + 1, cursor.offset)
    lead_in = None
    if cursor == Cursor() and story.byline:
        lead_in = (story.byline, story.byline_style or story.body)
    return break_paragraph(text[cursor.offset:], story.body, fontset, measure, report, where,
                           indent=cursor.offset == 0, lead_in=lead_in)


def flow(story: StoryText, frames: Sequence[Box], cursor: Cursor, fontset, report: Report,
         caps: Optional[Sequence[int]] = None) -> FlowResult:
    """Fill ``frames`` in order from ``cursor``; ``caps`` limits lines per frame (balancing, jump lines)."""
    placed: List[Placed] = []
    used: List[int] = []
    pending: List[SetLine] = []
    base = lead = 0
    for i, frame in enumerate(frames):
        cap = frame_capacity(frame, story.body)
        if caps is not None:
            cap = min(cap, caps[i])
        n = 0
        while n < cap and cursor.paragraph < len(story.paragraphs):
            if not pending:
                pending = paragraph_lines(story, cursor, frame.w, fontset, report)
                base, lead = cursor.offset, _lead_len(story, cursor)
            line = pending.pop(0)
            placed.append((line, frame.x, frame.y + EM_TOP * story.body.size + n * story.body.leading))
            n += 1
            if pending:
                cursor = Cursor(cursor.paragraph, base + max(0, line.end - lead))
            else:
                cursor = Cursor(cursor.paragraph + 1, 0)
        used.append(n)
        if pending and i + 1 < len(frames) and abs(frames[i + 1].w - frame.w) > 0.01:
            pending = []  # the next frame has another measure: re-break from the cursor
    return FlowResult(placed, cursor, cursor.paragraph >= len(story.paragraphs), used)


def _lead_len(story: StoryText, cursor: Cursor) -> int:
    return len(story.byline) if cursor == Cursor() and story.byline else 0


def overset_lines(story: StoryText, cursor: Cursor, measure: float, fontset) -> int:
    """How many lines the text left after ``cursor`` would take at ``measure``."""
    scratch = Report()
    total, c = 0, cursor
    while c.paragraph < len(story.paragraphs):
        total += len(paragraph_lines(story, c, measure, fontset, scratch))
        c = Cursor(c.paragraph + 1, 0)
    return total


def balanced_caps(story: StoryText, frames: Sequence[Box], cursor: Cursor, fontset, report: Report) -> Optional[List[int]]:
    """Per-frame line limits that balance the last columns (None when the story does not end here)."""
    full = flow(story, frames, cursor, fontset, Report())
    if not full.done:
        return None
    caps_max = max((frame_capacity(f, story.body) for f in frames), default=0)
    lo, hi = 1, caps_max
    while lo < hi:
        mid = (lo + hi) // 2
        if flow(story, frames, cursor, fontset, Report(), caps=[mid] * len(frames)).done:
            hi = mid
        else:
            lo = mid + 1
    return [lo] * len(frames)
