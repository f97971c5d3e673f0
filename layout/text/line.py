"""A set line (``Line``) and one placed glyph of it (``PlacedGlyph``): what the text stage hands the flow;
and a paragraph ready to break (``Prepared``).

Records of their own module: ``paragraph``, which makes them, is compiled (mypyc) where a C compiler is
present, and record classes stay plain Python.
"""
from __future__ import annotations

from dataclasses import field
from typing import Any, List, NamedTuple, Optional, Sequence

from ..records import record


class PlacedGlyph(NamedTuple):
    """One glyph of a line: face key, glyph id, inline offset and advance (pt), source text."""

    face: str
    gid: int
    x: float
    advance: float
    text: str
    scale: float


@record(slots=True)
class Line:
    """One set line: parallel per-glyph sequences plus its measures (all pt, inline axis).

    The glyph fields of a line of one-glyph items are tuple slices of the paragraph's ``Columns``, which the
    display list keeps as they are; read them as sequences, never change them.
    """

    faces: Sequence[str]
    gids: Sequence[int]
    xs: Sequence[float]  # inline offset of each glyph origin from the line origin (indent included)
    advances: Sequence[float]  # inline advance of each glyph as drawn
    texts: Sequence[str]  # source text of each glyph
    scales: Sequence[float]  # horizontal scale of each glyph (1.0 = none)
    width: float  # extent from the line origin to the end of the set content
    measure: float  # the column measure the line was set to
    natural: float  # extent at natural width (before justification)
    is_last: bool
    overfull: bool
    start: int = 0  # source offsets text[start:end] of the line
    end: int = 0
    size: float = 10.5
    indent: float = 0.0  # pt before the first glyph's box (first-line indent)
    hang: float = 0.0  # pt of a mark hanging past the measure
    writing_mode: str = "horizontal-tb"
    orients: Optional[List[Optional[str]]] = None  # per glyph, vertical text only
    fill: object = None
    text: str = field(default="", repr=False)
    units: int = 0  # unbreakable units on the line (spaces at its edges not counted)
    relaxed: bool = False  # the line ends where kinsoku forbade a break: nothing else fitted
    ragged: float = 0.0  # pt a justified non-final line stays short of its measure (a lone unit cannot be spread)
    spread: float = 0.0  # em justification added to each gap between characters (after word spaces, Han–Latin gaps)
    metrics: object = field(default=None, repr=False, compare=False)  # vertical: the GlyphMetrics that shaped it

    @property
    def glyphs(self) -> List[PlacedGlyph]:
        """The placed glyphs as records (built on demand)."""
        return [PlacedGlyph(*g) for g in zip(self.faces, self.gids, self.xs, self.advances, self.texts, self.scales)]


class Prepared(NamedTuple):
    """A paragraph ready to break (``paragraph.prepare_paragraph``): its items and their source offsets, break
    flags (``punct.break_flags``), item columns, the measure and the first line's measure (em, after the
    indent), and the glyph metrics it was segmented with."""

    items: List[Any]
    starts: List[int]
    cols: Any
    flags: List[int]
    measure: float
    first_measure: float
    metrics: Any
