"""Frames and their axes: one line-grid geometry for horizontal and vertical text.

Direction is data (ARCHITECTURE.md "Direction is data"; the model is SILE's
``core/frame.lua``, where a frame carries its writing direction and page
advance direction, and ``typesetters/tate.lua``, where vertical text changes
nothing but the leading rule). A ``Frame`` knows its writing mode and from it
its inline size (the measure of a line), its block size (the room lines
stack into), the origin of line k, how many lines it holds, and how to cut
it to N lines, drop its first line, divide it into columns (栏 tiers in
vertical text) and split it around exclusions; callers never ask which way
is up.

The line grid (clreq §3.6, no space between paragraphs; a newspaper column
is N characters × M lines): every line is an ideographic em box of one body
size across the block axis, the first touching the frame's block-start edge
and every further one a leading further on. A line is in the frame only if
its em box ends inside it. A line's origin sits in its em box where the
writing mode says: on the baseline, the face's ascent below the box top, in
horizontal-tb (``LineGrid.ascent`` comes from the face, OS/2 typo ascender);
on the centre line, ½ em in, in vertical-rl (clreq §2.4: characters centred
on the line, lines right to left).

Block coordinates (``block_start``, ``block_end``, ``line_block``) are
signed page coordinates that grow in the direction lines advance: y in
horizontal-tb, -x in vertical-rl. Negation is exact in floating point, so a
frame rebuilt from them has exactly the edges a direct computation gives.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, List, NamedTuple, Optional, Tuple

from ..records import record
from ..text.metrics import HORIZONTAL, VERTICAL

X, Y = 0, 1
BASELINE, CENTRE = "baseline", "centre"
EPS = 1e-6


class Direction(NamedTuple):
    """How a writing mode maps inline and block onto the page."""

    inline_axis: int  # X: lines run along x; Y: along y
    block_sign: int  # +1: lines advance as the page coordinate grows (downwards); -1: against it (right to left)
    anchor: str  # where a line's origin sits across its em box: BASELINE (face ascent) or CENTRE (½ em)
    part: str  # letter of a divided frame's parts in frame names: c(olumn), t(ier)


DIRECTIONS = {
    HORIZONTAL: Direction(X, +1, BASELINE, "c"),
    VERTICAL: Direction(Y, -1, CENTRE, "t"),
}
ALIGN_FACTORS = {"left": 0.0, "start": 0.0, "center": 0.5, "right": 1.0, "end": 1.0}


@record(frozen=True)
class LineGrid:
    """Line pitch of a style: em box size, leading (origin to origin) and the face's ascent (em)."""

    size: float  # pt, the em box across the block axis
    leading: float  # pt
    ascent: float  # em-box top above the baseline, em (face ascent / units per em)


def face_ascent(fontset, font: str, weight: str = "regular") -> float:
    """The ascent (em box top above the baseline) of a role's primary face, in em."""
    face = fontset.face(font, weight)
    return face.ascent / face.upem


def line_grid(size: float, leading: float, fontset, font: str, weight: str = "regular") -> LineGrid:
    """The LineGrid of a style set in a role's face."""
    return LineGrid(size, leading, face_ascent(fontset, font, weight))


@record(frozen=True)
class Frame:
    """A rectangle text flows into (pt, top-left origin), with its writing mode and page index."""

    x: float
    y: float
    w: float
    h: float
    writing_mode: str = HORIZONTAL
    page: int = 0
    name: str = ""

    @property
    def direction(self) -> Direction:
        """The writing mode's axes (ValueError for a mode no direction is declared for)."""
        d = DIRECTIONS.get(self.writing_mode)
        if d is None:
            raise ValueError(f"frame {self.name or ''}: no direction for writing mode {self.writing_mode!r}")
        return d

    def _lo(self, axis: int) -> float:
        return self.x if axis == X else self.y

    def _extent(self, axis: int) -> float:
        return self.w if axis == X else self.h

    @property
    def inline_size(self) -> float:
        """Inline length of a line in this frame (the measure)."""
        return self._extent(self.direction.inline_axis)

    @property
    def block_size(self) -> float:
        """Block-direction room for lines."""
        return self._extent(1 - self.direction.inline_axis)

    measure = inline_size
    depth = block_size

    @property
    def inline_start(self) -> float:
        """Page coordinate where lines start (left edge, or top edge in vertical-rl)."""
        return self._lo(self.direction.inline_axis)

    @property
    def inline_end(self) -> float:
        """Page coordinate where lines end."""
        a = self.direction.inline_axis
        return self._lo(a) + self._extent(a)

    @property
    def block_start(self) -> float:
        """Signed block coordinate of the edge the first line touches (top, or right edge in vertical-rl)."""
        b = 1 - self.direction.inline_axis
        lo = self._lo(b)
        return lo if self.direction.block_sign > 0 else -(lo + self._extent(b))

    @property
    def block_end(self) -> float:
        """Signed block coordinate of the edge lines advance towards."""
        b = 1 - self.direction.inline_axis
        lo = self._lo(b)
        return lo + self._extent(b) if self.direction.block_sign > 0 else -lo

    def point(self, inline: float, block: float) -> Tuple[float, float]:
        """Page (x, y) of an inline page coordinate and a signed block coordinate."""
        b = self.direction.block_sign * block
        return (inline, b) if self.direction.inline_axis == X else (b, inline)

    def block_coordinate(self, x: float, y: float) -> float:
        """The signed block coordinate of a page point."""
        return self.direction.block_sign * (y if self.direction.inline_axis == X else x)

    def anchor(self, grid: LineGrid) -> float:
        """Where a line's origin sits across its em box, in em from the box's block-start edge."""
        return grid.ascent if self.direction.anchor == BASELINE else 0.5

    def line_block(self, k: int, grid: LineGrid) -> float:
        """Signed block coordinate of line k's origin (its baseline, or its centre line)."""
        return self.block_start + self.anchor(grid) * grid.size + k * grid.leading

    def line_origin(self, k: int, grid: LineGrid, inline: Optional[float] = None) -> Tuple[float, float]:
        """Page origin of line k: baseline start (horizontal) or top of the centre line (vertical-rl).

        ``point(inline_start, line_block(k, grid))`` with the direction looked up once (once per set line).
        """
        return self.line_origins(k, 1, grid, inline)[0]

    def line_origins(self, k: int, count: int, grid: LineGrid, inline: Optional[float] = None
                     ) -> List[Tuple[float, float]]:
        """Page origins of lines k .. k + count - 1 (``line_origin`` of each), the direction looked up once."""
        d = self.direction
        horizontal = d.inline_axis == X
        if inline is None:
            inline = self.x if horizontal else self.y
        lo, extent = (self.y, self.h) if horizontal else (self.x, self.w)  # the block axis
        start = (lo if d.block_sign > 0 else -(lo + extent)) + (grid.ascent if d.anchor == BASELINE else 0.5) * grid.size
        sign, leading = d.block_sign, grid.leading
        blocks = [sign * (start + n * leading) for n in range(k, k + count)]
        return [(inline, b) for b in blocks] if horizontal else [(b, inline) for b in blocks]

    def box_end(self, origin_block: float, grid: LineGrid) -> float:
        """Signed block coordinate where the em box of a line with origin at ``origin_block`` ends."""
        return origin_block + (1 - self.anchor(grid)) * grid.size

    def capacity(self, grid: LineGrid) -> int:
        """How many lines of the grid the frame holds (the first em box, then one leading each)."""
        room = self.block_size - grid.size
        if room < -EPS:
            return 0
        return int(room / grid.leading + EPS) + 1

    def aligned(self, length: float, align: str) -> float:
        """Inline page coordinate where a line of ``length`` starts when aligned start, center or end."""
        factor = ALIGN_FACTORS.get(align, 0.0)
        if factor == 1.0:
            return self.inline_end - length
        if factor:
            return self.inline_start + (self.inline_size - length) / 2
        return self.inline_start

    def _with_block(self, a: float, b: float, length: float) -> "Frame":
        """This frame over the signed block interval [a, b] of ``length`` (b - a, given to keep edges exact)."""
        axis = 1 - self.direction.inline_axis
        lo = a if self.direction.block_sign > 0 else -b
        return replace(self, **({"x": lo, "w": length} if axis == X else {"y": lo, "h": length}))

    def take(self, lines: int, grid: LineGrid) -> "Frame":
        """The frame cut to hold at most ``lines`` lines (the block end moves back)."""
        if lines >= self.capacity(grid):
            return self
        depth = 0.0 if lines <= 0 else grid.size + (lines - 1) * grid.leading + 0.001
        return self._with_block(self.block_start, self.block_start + depth, depth)

    def drop_first(self, grid: LineGrid) -> "Frame":
        """The frame less its first line (the block start moves on by one leading)."""
        return self._with_block(self.block_start + grid.leading, self.block_end,
                                max(0.0, self.block_size - grid.leading))

    def block_from(self, block: float) -> "Frame":
        """The part of the frame from signed block coordinate ``block`` on (may be empty)."""
        end = self.block_end
        return self._with_block(block, end, end - block)

    def block_until(self, block: float) -> "Frame":
        """The part of the frame before signed block coordinate ``block`` (the whole frame when it ends earlier)."""
        start, end = self.block_start, self.block_end
        if block >= end:
            return self
        end = max(start, block)
        return self._with_block(start, end, end - start)

    def divide(self, parts: int, gutter: float) -> List["Frame"]:
        """``parts`` equal frames along the inline axis, ``gutter`` apart, in reading order (columns, 栏 tiers)."""
        if parts < 1:
            raise ValueError("a frame divides into at least one part")
        a = self.direction.inline_axis
        size = (self._extent(a) - (parts - 1) * gutter) / parts
        lo = self._lo(a)
        key = ("x", "w") if a == X else ("y", "h")
        return [replace(self, **{key[0]: lo + i * (size + gutter), key[1]: size}) for i in range(parts)]

    def split(self, exclusions: Iterable, min_block: float = 0.0) -> List["Frame"]:
        """The parts of the frame not covered by any exclusion band, in reading order.

        An exclusion (anything with x, y, w, h) that overlaps the frame along
        the inline axis removes its band of the block axis for the frame's
        full measure: horizontally the lines it crosses, the column's text
        going on below it; in vertical-rl the lines it crosses, the text
        going on to its left. Parts thinner than ``min_block`` are dropped.
        """
        bands = sorted(self._band(e) for e in exclusions if self._crosses(e))
        parts: List[Frame] = []
        top, end = self.block_start, self.block_end
        for b0, b1 in bands:
            if b1 <= top or b0 >= end:
                continue
            if b0 > top:
                parts.append(self._with_block(top, b0, b0 - top))
            top = max(top, b1)
        if top < end:
            parts.append(self._with_block(top, end, end - top))
        return [p for p in parts if p.block_size >= min_block - EPS and p.block_size > 0]

    def _band(self, box) -> Tuple[float, float]:
        """Signed block interval of a box."""
        lo, ext = (box.x, box.w) if self.direction.inline_axis == Y else (box.y, box.h)
        return (lo, lo + ext) if self.direction.block_sign > 0 else (-(lo + ext), -lo)

    def _crosses(self, box, tolerance: float = 0.01) -> bool:
        """True when the box overlaps the frame along the inline axis by more than a hairline."""
        lo = box.x if self.direction.inline_axis == X else box.y
        hi = lo + (box.w if self.direction.inline_axis == X else box.h)
        return self.inline_start < hi - tolerance and lo < self.inline_end - tolerance

    def segment(self, inline: float, a: float, b: float) -> Tuple[float, float, float, float]:
        """Page end points (x1, y1, x2, y2) of a rule at inline coordinate ``inline`` from block a to b, left/top first."""
        p, q = sorted((self.point(inline, a), self.point(inline, b)))
        return (*p, *q)
