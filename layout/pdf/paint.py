"""Content-stream operators for display items (PDF 1.3 §5.3 text, §4.5 colour).

Glyph runs are written as CIDs through Identity-H or Identity-V with TJ
position adjustments, so each glyph lands exactly where layout put it and
the writer never re-measures text. Glyphs that follow each other with no
gap share one hex string (``[<4E2D6587>-125<0031>] TJ``); the colour and the
font (graphics state, PDF 1.3 §4.3 and §5.2: they outlive ET) are set only
when they change; a line on one pen line is built from C-level maps over
its glyphs, everything else glyph by glyph, in the same format.
"""
from __future__ import annotations

import math
from itertools import islice
from operator import add, sub
from typing import List, Optional, Sequence, Tuple

from ..display import Color, GlyphRun, Image, Page
from ..fonts.face import Face
from ..records import record
from .fontembed import FontUse

EPS = 0.001  # pt: positions closer than this are "on the same line"


@record(frozen=True)
class PageGeometry:
    """Where the trim box sits in the media box, and the display -> PDF transform."""

    width: float
    height: float
    bleed: float
    offset: float  # trim box origin from the media box origin, both axes

    @classmethod
    def of(cls, page: Page, marks_margin: float = 0.0) -> "PageGeometry":
        """Geometry of a page with its bleed and room for marks beyond the bleed."""
        return cls(page.width, page.height, page.bleed, page.bleed + marks_margin)

    @property
    def media_size(self) -> Tuple[float, float]:
        """(width, height) of the MediaBox: trim plus bleed plus room for marks."""
        return (self.width + 2 * self.offset, self.height + 2 * self.offset)

    @property
    def trim_box(self) -> Tuple[float, float, float, float]:
        """The TrimBox in PDF user space."""
        o = self.offset
        return (o, o, o + self.width, o + self.height)

    @property
    def bleed_box(self) -> Tuple[float, float, float, float]:
        """The BleedBox in PDF user space."""
        o, b = self.offset, self.bleed
        return (o - b, o - b, o + self.width + b, o + self.height + b)

    def to_pdf(self, x: float, y: float) -> Tuple[float, float]:
        """Display coordinates (top-left of trim, y down) to PDF user space."""
        return (self.offset + x, self.offset + self.height - y)


_COLOR_OPS: dict = {}  # (id(color), stroke) -> (color, operators); holding the colour keeps its id unique


def color_ops(color: Color, stroke: bool) -> str:
    """Operators that set a fill or stroke colour in DeviceGray or DeviceCMYK.

    Formatted once per colour object (a page sets a handful of colours, once per glyph run); keyed by
    identity, not equality, so 0 and -0.0 components can never share a cached string.
    """
    hit = _COLOR_OPS.get((id(color), stroke))
    if hit is not None and hit[0] is color:
        return hit[1]
    if len(_COLOR_OPS) >= 256:
        _COLOR_OPS.clear()
    ops = _COLOR_OPS[(id(color), stroke)] = (color, _format_color(color, stroke))
    return ops[1]


def _format_color(color: Color, stroke: bool) -> str:
    if color.gray:
        return f"{1 - color.k:.4g} {'G' if stroke else 'g'}"
    return f"{color.c:.4g} {color.m:.4g} {color.y:.4g} {color.k:.4g} {'K' if stroke else 'k'}"


def separation_color(color: Color):
    """reportlab's Separation /All colour (registration: every plate at the tint) for ``color``, else None."""
    if color.name != "All":
        return None
    from reportlab.lib.colors import CMYKColorSep

    return CMYKColorSep(1, 1, 1, 1, spotName="All", density=max(color.c, color.m, color.y, color.k), alpha=None)


class TextState:
    """The fill colour and font a page's graphics state already holds.

    Colour and the text state (font and size, set by Tf) are graphics state and outlive ET
    (PDF 1.3 §4.3, §5.2), so a column of lines sets them once. ``forget`` after anything that
    may change them outside this painter (reportlab colour calls, other items).
    """

    __slots__ = ("fill", "font")

    def __init__(self) -> None:
        self.fill = self.font = None

    def forget(self) -> None:
        """Assume nothing about colour and font (the next run sets both)."""
        self.fill = self.font = None


class Separators(dict):
    """gap in pt -> what stands between two glyph codes in a TJ string: nothing below EPS, else
    ``>n.nn<`` (the adjustment in TJ units, closing one hex string and opening the next).

    Formatted once per distinct gap (a page has a few hundred) and looked up in C for the rest.
    """

    __slots__ = ("scale",)

    def __init__(self, scale: float) -> None:
        super().__init__()
        self.scale = scale

    def __missing__(self, gap: float) -> str:
        if -EPS < gap < EPS:
            text = ""
        else:
            text = ">%s<" % ("%.2f" % (gap * self.scale)).rstrip("0").rstrip(".")
        self[gap] = text
        return text


class Coordinates(dict):
    """coordinate in pt -> its "%.3f" text: lines of a page share a few x and, column after column, their y."""

    __slots__ = ()

    def __missing__(self, value: float) -> str:
        text = self[value] = "%.3f" % value
        return text


class RunWriter:
    """Writes the glyph runs of one font use in one document (create it after the fonts are embedded:
    the codes are the embedded program's CIDs).

    ``font_names[vertical]`` are the resource names per ToUnicode variant; a glyph standing
    for its k-th text is shown with font k. Codes, advances in points and formatted gaps are
    kept across runs, so a line costs a few C-level passes over its glyphs.
    """

    def __init__(self, face: Face, use: FontUse, font_names) -> None:
        self.face, self.use, self.font_names = face, use, font_names
        self.hexes = use.hex_digits()
        self.variant_gids = use.variant_gids()
        self.kinds: dict = {}  # (vertical, size, h_scale) -> (advances in pt, Separators, Tf operator)
        self.coordinates = Coordinates()

    def ops(self, run: GlyphRun, geom: PageGeometry, state: TextState) -> str:
        """BT … ET for one glyph run at the positions layout gave (Tf only when ``state`` holds another font)."""
        glyphs = run.glyphs
        if not glyphs:
            return ""
        vertical = run.vertical
        parts = run.line_parts
        if parts is not None:  # glyphs made on one line: no position per glyph made or taken apart
            along, origin, across = parts
            start = origin + along[0]
            x0, y0 = (across, start) if vertical else (start, across)
            if run.h_scale != 1.0:
                along = run.line[0]  # a scaled run's gaps are taken between its positions, as ever
            # else the gaps come from the line's own offsets
        elif run.rotation and not vertical:
            if len(glyphs) == 1 and not (self.variant_gids and glyphs[0] in self.variant_gids):
                # one rotated glyph (a Latin mark in vertical text): what _general_segments makes of it
                return _run_ops(run, [(run.positions[0], 0, self.hexes[glyphs[0]])], self.font_names[False], geom, state)
            return self._general_ops(run, geom, state)
        else:
            xs, ys = zip(*run.positions)
            along, across = (ys, xs) if vertical else (xs, ys)
            if across.count(across[0]) != len(across):
                return self._general_ops(run, geom, state)
            x0, y0 = xs[0], ys[0]
        if self.variant_gids and not self.variant_gids.isdisjoint(glyphs):
            return self._general_ops(run, geom, state)
        widths, separators, font = self.kinds.get((vertical, run.size, run.h_scale)) or self._kind(run)
        # The gap after glyph i: where glyph i + 1 stands minus where the pen is after glyph i.
        gaps = map(sub, islice(along, 1, None), map(add, along, map(widths.__getitem__, glyphs)))
        body = _tj_body(glyphs, gaps, self.hexes, separators)
        if run.h_scale != 1.0:
            return _run_ops(run, [(run.positions[0], 0, body)], self.font_names[vertical], geom, state)
        o, text = geom.offset, self.coordinates
        x, y = text[o + x0], text[o + geom.height - y0]
        if font == state.font:
            return "BT\n%s %s Td\n[<%s>] TJ\nET" % (x, y, body)
        state.font = font
        return "BT\n%s\n%s %s Td\n[<%s>] TJ\nET" % (font, x, y, body)

    def _kind(self, run: GlyphRun):
        """(advances in pt, Separators, Tf of variant 0) for the run's direction, size and scaling."""
        advances, unit = _advance_unit(run, self.face)
        kind = (self.use.advances_pt(run.vertical, unit), Separators(_tj_scale(run)),
                "/%s %.3f Tf" % (self.font_names[run.vertical][0], run.size))
        self.kinds[(run.vertical, run.size, run.h_scale)] = kind
        return kind

    def _general_ops(self, run: GlyphRun, geom: PageGeometry, state: TextState) -> str:
        segments = _general_segments(run, self.face, self.use, self.hexes, Separators(_tj_scale(run)))
        return _run_ops(run, segments, self.font_names[run.vertical], geom, state)


def glyph_run_ops(run: GlyphRun, face: Face, use: FontUse, font_names: Sequence[str], geom: PageGeometry,
                  state: Optional[TextState] = None) -> str:
    """BT … ET for one glyph run (``RunWriter.ops`` for a single run; ``font_names`` of the run's direction)."""
    names = {run.vertical: font_names}
    return RunWriter(face, use, names).ops(run, geom, state or TextState())


def _run_ops(run: GlyphRun, segments, font_names: Sequence[str], geom: PageGeometry, state: TextState) -> str:
    """BT … ET for a run in (start, variant, TJ body) segments: Tz around a scaled run, Tm for a rotated one."""
    size = " %.3f Tf" % run.size
    out: List[str] = ["BT"]
    scaled = run.h_scale != 1.0
    if scaled:
        out.append(f"{run.h_scale * 100:.3f} Tz")
    for n, (start, variant, body) in enumerate(segments):
        font = "/" + font_names[variant] + size
        if font != state.font:
            out.append(font)
            state.font = font
        x, y = geom.to_pdf(*start)
        out.append("%.3f %.3f Td" % (x, y) if n == 0 and not _rotated(run) else _text_matrix(run, (x, y)))
        out.append("[<%s>] TJ" % body)
    if scaled:
        out.append("100 Tz")  # Tz is graphics state: it outlives ET and would stretch every later run
    out.append("ET")
    return "\n".join(out)


def _tj_body(gids, gaps, hexes, separators: Separators) -> str:
    """The inside of a TJ string: the glyphs' code digits, with ``separators[gap]`` between each two."""
    body = [""] * (2 * len(gids) - 1)
    body[0::2] = map(hexes.__getitem__, gids)
    body[1::2] = map(separators.__getitem__, gaps)
    return "".join(body)


def _tj_scale(run: GlyphRun) -> float:
    """TJ units per point along the run (thousandths of the em; negative moves right in horizontal text)."""
    if run.vertical:
        return 1000.0 / run.size
    return -1000.0 / (run.size * run.h_scale)


def _rotated(run: GlyphRun) -> bool:
    return bool(run.rotation) and not run.vertical


def _advance_unit(run: GlyphRun, face: Face):
    """(advances in font units, points per unit) along the run."""
    if run.vertical:
        return face.v_advances, run.size / face.upem
    return face.advances, run.size * run.h_scale / face.upem


def _general_segments(run: GlyphRun, face: Face, use: FontUse, hexes, separators: Separators):
    """Split a run into (start position, variant, TJ body) wherever a glyph leaves the pen line or
    needs another ToUnicode variant, glyph by glyph in the run's own frame (``along`` the writing
    direction, ``across`` it), so rotated runs, runs off one baseline and variant glyphs share one loop."""
    dx, dy = _direction(run)
    advances, unit = _advance_unit(run, face)
    variants = use.variants()
    segments = []
    gids: List[int] = []
    gaps: List[float] = []
    pen_along = pen_across = current = None
    for gid, (x, y), text in zip(run.glyphs, run.positions, run.texts):
        variant = variants.get((gid, text), 0) if variants else 0
        along, across = x * dx + y * dy, y * dx - x * dy
        if pen_along is None or abs(across - pen_across) >= EPS or variant != current:
            gids, gaps = [], []
            segments.append(((x, y), variant, gids, gaps))
            pen_across, current = across, variant
        else:
            gaps.append(along - pen_along)
        gids.append(gid)
        pen_along = along + advances[gid] * unit
    return [(start, variant, _tj_body(gids, gaps, hexes, separators)) for start, variant, gids, gaps in segments]


def _direction(run: GlyphRun) -> Tuple[float, float]:
    """Unit vector of the pen advance in display coordinates (y down)."""
    if run.vertical:
        return (0.0, 1.0)
    a = math.radians(run.rotation)
    return (math.cos(a), math.sin(a))


def _text_matrix(run: GlyphRun, origin) -> str:
    x, y = origin
    if _rotated(run):
        a = math.radians(run.rotation)
        c, s = math.cos(a), math.sin(a)
        return f"{c:.5f} {-s:.5f} {s:.5f} {c:.5f} {x:.3f} {y:.3f} Tm"
    return "1 0 0 1 %.3f %.3f Tm" % (x, y)


def image_for_canvas(item: Image):
    """A Pillow image (mode L or CMYK, never with alpha) for reportlab's drawImage."""
    from PIL import Image as PILImage

    if item.data:
        img = PILImage.frombytes(item.mode, item.pixel_size, item.data)
    else:
        img = PILImage.open(item.path)
        img.load()
    if img.mode not in ("L", "CMYK"):
        img = img.convert("L" if item.mode == "L" else "CMYK")
    from reportlab.lib.utils import ImageReader

    return ImageReader(img)
