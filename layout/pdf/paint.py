"""Content-stream operators for display items (PDF 1.3 §5.3 text, §4.5 colour).

Glyph runs are written as CIDs through Identity-H or Identity-V with TJ
position adjustments, so each glyph lands exactly where layout put it and
the writer never re-measures text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

from ..display import Color, GlyphRun, Image, Page
from ..fonts.face import Face
from .fontembed import FontUse

EPS = 0.001  # pt: positions closer than this are "on the same line"


@dataclass(frozen=True)
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


def glyph_run_ops(run: GlyphRun, face: Face, use: FontUse, font_names: Sequence[str], geom: PageGeometry) -> str:
    """BT … ET for one glyph run, at the positions layout gave.

    ``font_names`` are the face's resource names per ToUnicode variant; a glyph
    standing for its k-th text is shown with font k.
    """
    if not run.glyphs:
        return ""
    size = f"{run.size:.3f} Tf"
    out: List[str] = ["BT"]
    if run.h_scale != 1.0:
        out.append(f"{run.h_scale * 100:.3f} Tz")
    current = None
    for start, variant, pieces in _pen_segments(run, face, use):
        if variant != current:
            out.append(f"/{font_names[variant]} {size}")
            current = variant
        out.append(_text_matrix(run, geom.to_pdf(*start)))
        out.append(f"[{''.join(pieces)}] TJ")
    if run.h_scale != 1.0:
        out.append("100 Tz")  # Tz is graphics state: it outlives ET and would stretch every later run
    out.append("ET")
    return "\n".join(out)


def _pen_segments(run: GlyphRun, face: Face, use: FontUse):
    """Split a run into (start position, variant, TJ pieces) wherever a glyph leaves the pen
    line or needs another ToUnicode variant.

    Works in the run's own frame: ``along`` the writing direction and ``across``
    it, so horizontal, vertical and rotated runs share one loop.
    """
    dx, dy = _direction(run)
    size = run.size
    if run.vertical:
        advances, unit, tj_scale = face.v_advances, size / face.upem, 1000.0 / size
    else:
        advances, unit, tj_scale = face.advances, size * run.h_scale / face.upem, -1000.0 / (size * run.h_scale)
    hexes = use.hex_codes()
    variants = use.variants()
    segments = []
    pieces: List[str] = []
    pen_along = pen_across = current = None
    for gid, (x, y), text in zip(run.glyphs, run.positions, run.texts):
        variant = variants.get((gid, text), 0) if variants else 0
        along, across = x * dx + y * dy, y * dx - x * dy
        if pen_along is None or abs(across - pen_across) >= EPS or variant != current:
            pieces = []
            segments.append(((x, y), variant, pieces))
            pen_across, current = across, variant
        else:
            gap = along - pen_along
            if gap >= EPS or gap <= -EPS:
                pieces.append("%.2f " % (gap * tj_scale))
        pieces.append(hexes[gid])
        pen_along = along + advances[gid] * unit
    return segments


def _direction(run: GlyphRun) -> Tuple[float, float]:
    """Unit vector of the pen advance in display coordinates (y down)."""
    if run.vertical:
        return (0.0, 1.0)
    a = math.radians(run.rotation)
    return (math.cos(a), math.sin(a))


def _text_matrix(run: GlyphRun, origin) -> str:
    x, y = origin
    if run.rotation and not run.vertical:
        a = math.radians(run.rotation)
        c, s = math.cos(a), math.sin(a)
        return f"{c:.5f} {-s:.5f} {s:.5f} {c:.5f} {x:.3f} {y:.3f} Tm"
    return f"1 0 0 1 {x:.3f} {y:.3f} Tm"


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
