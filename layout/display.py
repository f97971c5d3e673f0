"""Display list: the only contract between layout and output.

Plain data in points. Coordinates are page coordinates with the origin at the
top-left corner of the trim box and y growing downwards (the way a designer
measures a page); the PDF writer flips them. Items in the bleed have negative
coordinates or coordinates past the trim size.

A ``GlyphRun`` carries glyph ids already chosen by layout (vertical alternates
included) and one position per glyph; the writer never re-measures text.

* Horizontal glyphs: the position is the pen point on the baseline (left end).
* Vertical glyphs (``vertical=True``): the position is the glyph's vertical
  origin, i.e. the horizontal centre of the em box at its top edge (the
  OpenType vertical origin, VORG/vmtx). The writer sets them with Identity-V.
* ``rotation`` (degrees, clockwise) turns a horizontal run about its first
  pen point: Latin words in vertical text use 90.
"""
from __future__ import annotations

from dataclasses import field
from itertools import repeat
from operator import add
from typing import Optional, Tuple, Union

from .records import record


@record(frozen=True)
class Color:
    """A named swatch in CMYK (0..1 each) or gray (``k`` only, ``gray=True``)."""

    name: str
    c: float = 0.0
    m: float = 0.0
    y: float = 0.0
    k: float = 1.0
    gray: bool = False
    overprint: bool = False

    @property
    def is_pure_black(self) -> bool:
        """True for 100 % K and nothing else (the colour that should overprint)."""
        return self.k >= 0.999 and self.c == self.m == self.y == 0

    @property
    def ink(self) -> float:
        """Total area coverage in percent (for ink-limit checks)."""
        return 100.0 * (self.k if self.gray else self.c + self.m + self.y + self.k)


BLACK = Color("Black", 0, 0, 0, 1, overprint=True)
WHITE = Color("Paper", 0, 0, 0, 0)
REGISTRATION = Color("All", 1, 1, 1, 1)


@record(frozen=True, init=False)
class GlyphRun:
    """Glyphs of one face at one size, each with its own position and source text.

    A frozen dataclass (fields, equality, hash and ``replace`` as ever) with a hand-written ``__init__``:
    the generated one of a frozen class sets each field through ``object.__setattr__``, which is twice
    as slow, and layout makes one run per set line.
    """

    face: str  # key of a loaded Face in the FontSet (e.g. "song", "hei-bold")
    size: float  # font size in pt
    glyphs: Tuple[int, ...]  # glyph ids in the face
    positions: Tuple[Tuple[float, float], ...]  # one (x, y) per glyph, see module doc
    texts: Tuple[str, ...]  # the source characters each glyph stands for ("" for none)
    fill: Color = BLACK
    vertical: bool = False
    rotation: float = 0.0  # clockwise degrees about positions[0]; horizontal runs only
    h_scale: float = 1.0  # horizontal glyph scaling (tate-chu-yoko squeeze), 1 = none

    def __init__(self, face: str, size: float, glyphs: Tuple[int, ...], positions: Tuple[Tuple[float, float], ...],
                 texts: Tuple[str, ...], fill: Color = BLACK, vertical: bool = False, rotation: float = 0.0,
                 h_scale: float = 1.0) -> None:
        self.__dict__.update(face=face, size=size, glyphs=glyphs, positions=positions, texts=texts, fill=fill,
                             vertical=vertical, rotation=rotation, h_scale=h_scale)

    @classmethod
    def on_line(cls, face: str, size: float, glyphs: Tuple[int, ...], along: Tuple[float, ...], across: float,
                texts: Tuple[str, ...], fill: Color = BLACK, vertical: bool = False, h_scale: float = 1.0,
                offset: float = 0.0) -> "GlyphRun":
        """A run whose glyphs share one line: horizontal, x = ``offset`` + ``along`` and y = ``across`` (the
        baseline); vertical, y = ``offset`` + ``along`` and x = ``across``. The sums and ``positions`` are made
        on first use (``line``), so the writer reads the coordinates without a pair per glyph; ``along`` is
        kept as given (a Line's own offsets: nothing changes them after layout)."""
        run = cls.__new__(cls)
        run.__dict__.update(face=face, size=size, glyphs=glyphs, texts=texts, fill=fill, vertical=vertical,
                            rotation=0.0, h_scale=h_scale, _parts=(along, offset, across))
        return run

    @property
    def line_parts(self) -> Optional[Tuple[Tuple[float, ...], float, float]]:
        """(offsets, origin, across) of a run made by ``on_line`` (glyph i at origin + offsets[i] along the
        line, ``across`` the other coordinate), else None."""
        return self.__dict__.get("_parts")

    @property
    def line(self) -> Optional[Tuple[Tuple[float, ...], float]]:
        """(along, across) when every glyph sits on one line made by ``on_line``, else None."""
        parts = self.__dict__.get("_parts")
        if parts is None:
            return None
        along, offset, across = parts
        return tuple(map(add, repeat(offset), along)), across

    def __getattr__(self, name: str):
        if name != "positions" or "_parts" not in self.__dict__:
            raise AttributeError(name)
        along, across = self.line
        positions = tuple(zip(repeat(across), along)) if self.vertical else tuple(zip(along, repeat(across)))
        self.__dict__["positions"] = positions
        return positions


@record(frozen=True)
class Rule:
    """A straight line from (x1, y1) to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    stroke: Color = BLACK
    dash: Tuple[float, ...] = ()


@record(frozen=True)
class Rect:
    """An axis-aligned rectangle, top-left (x, y), filled and/or stroked."""

    x: float
    y: float
    w: float
    h: float
    fill: Optional[Color] = None
    stroke: Optional[Color] = None
    stroke_width: float = 0.5


@record(frozen=True)
class Image:
    """A raster image placed in the box top-left (x, y), w × h points.

    ``path`` is the source file; ``data`` holds prepared print pixels (mode
    "L" or "CMYK", raw bytes) when the compose stage converted them.
    """

    x: float
    y: float
    w: float
    h: float
    path: str = ""
    mode: str = "L"
    pixel_size: Tuple[int, int] = (0, 0)
    data: bytes = b""
    label: str = ""


@record(frozen=True)
class PdfGraphic:
    """A page of a PDF file (an ad, a graphic) placed as vector content in the box top-left (x, y), w × h points.

    ``page`` is 1-based. The page's TrimBox (else CropBox, else MediaBox) is
    scaled to w × h; compose keeps its aspect ratio. The writer embeds the page
    as a form XObject, so its text, fonts and vectors stay as they are.
    """

    x: float
    y: float
    w: float
    h: float
    path: str
    page: int = 1
    label: str = ""


Item = Union[GlyphRun, Rule, Rect, Image, PdfGraphic]


@record
class Page:
    """One page: trim size, bleed, its items in paint order, and labels."""

    width: float  # trim width, pt
    height: float  # trim height, pt
    bleed: float = 0.0  # pt on every side
    items: list = field(default_factory=list)
    number: int = 1  # 版次
    label: str = ""  # page label, e.g. "A1" or "1"
    name: str = ""  # file stem for a one-page PDF, e.g. "20180428-01"
    bookmarks: list = field(default_factory=list)  # [(title, y)] article anchors

    def add(self, item: Item) -> None:
        """Append one item (painted after those already there)."""
        self.items.append(item)
