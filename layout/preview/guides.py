"""Guides drawn over a page picture, from the template's geometry and the render report.

What a designer sees in 飞腾 or InDesign with guides on, in their usual
colours: bleed (red) and trim (black), the type area (magenta), grid columns
(violet, gutters tinted), the baseline grid of the body style (cyan: line k's
origin as layout/flow's ``Frame.line_origin`` places it, the first baseline the
body face's ascent below the type area's top and every further one a body
leading on: clreq §3.6 line grid), every region's outline and id (blue), and
per article region the overset (red, "超出 N 字": text that did not fit) or
underset (orange, "还差 N 字": room left when the story ended), both from the
report's Overset and Underset records (layout/report.py).

Labels never hide copy: each goes to the first spot near its corner of the
frame (along that edge inside, across it, outside it, further in; then the
opposite edge; then outside the frame's sides, which for a region at the
type area's edge is the margin), with the region's id alone when "id · kind"
finds no room, where the page picture without guides has no ink, drawn as coloured text with a
white halo and no filled tag; only when no such spot exists is it drawn
see-through at the corner. Everything is drawn on a transparent layer, so the
browser preview can toggle it and ``--guides`` can composite it onto the PNG.
"""
from __future__ import annotations

import math
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..display import Rect, Rule
from ..flow.frame import HORIZONTAL, Frame, LineGrid, face_ascent
from ..model.types import Box, PageAssignment, Template
from ..records import record

LABEL_PT = 7.0  # label text size in points of the page (scaled with the picture, at least 9 px)

# name -> (RGBA, line width in px); tables, not if-chains
INK: Dict[str, Tuple[Tuple[int, int, int, int], int]] = {
    "bleed": ((230, 0, 18, 255), 1),
    "trim": ((0, 0, 0, 255), 1),
    "type_area": ((230, 0, 200, 255), 1),
    "column": ((128, 0, 255, 255), 1),
    "gutter": ((128, 0, 255, 30), 0),
    "baseline": ((0, 170, 240, 90), 1),
    "region": ((0, 80, 255, 255), 1),
    "label": ((0, 80, 255, 255), 0),
    "overset": ((230, 0, 18, 255), 2),
    "underset": ((245, 130, 0, 255), 2),
}
MARKER_TEXT = {"overset": "超出 {chars} 字", "underset": "还差 {chars} 字"}
MARKER_TEXT_LATIN = {"overset": "overset {chars} chars", "underset": "underset {chars} chars"}


@record(frozen=True)
class Marker:
    """Overset or underset of the article in one region: characters (and lines when known)."""

    region: str
    kind: str  # "overset" | "underset"
    chars: int
    lines: int = 0
    story: str = ""

    def text(self, latin: bool = False) -> str:
        """The label, e.g. '超出 120 字'."""
        return (MARKER_TEXT_LATIN if latin else MARKER_TEXT)[self.kind].format(chars=self.chars)


# -- markers ---------------------------------------------------------------

def page_markers(assignment: PageAssignment, report) -> List[Marker]:
    """Overset and underset markers for the article regions of one page, from the report's records."""
    last_parts = {p.article.id: p for p in assignment.articles() if not p.continues_to}
    markers = [Marker(last_parts[o.story].region, "overset", o.chars, o.lines, o.story)
               for o in report.overset if o.story in last_parts]
    return markers + [Marker(u.region or last_parts[u.story].region, "underset", u.chars, u.lines, u.story)
                      for u in report.underset if _on_page(u, assignment, last_parts)]


def _on_page(record, assignment: PageAssignment, last_parts) -> bool:
    """An Underset record belongs to this page (by its page number, else by its story's last part)."""
    return record.page == assignment.number if record.page else record.story in last_parts


# -- drawing ---------------------------------------------------------------

class LabelFonts:
    """Pillow fonts for labels, from the render's own font set (CJK), loaded once per size."""

    def __init__(self, fontset=None):
        self.fontset = fontset
        self._fonts: Dict[int, object] = {}
        self._boxes: Dict[Tuple[int, str], Tuple[int, int, int, int]] = {}
        self._face = self._cjk_face(fontset)

    @staticmethod
    def _cjk_face(fontset):
        if fontset is None:
            return None
        for role in ("hei", "song"):
            try:
                face = fontset.face(role)
            except Exception:  # a role the configuration lacks: try the next one
                continue
            if all(face.has(ch) for ch in "超出还差字"):
                return face
        return None

    @property
    def latin_only(self) -> bool:
        """True when no face of the font set can write the Chinese labels."""
        return self._face is None

    def bbox(self, px: int, text: str) -> Tuple[int, int, int, int]:
        """Ink box of ``text`` at ``px`` pixels with its halo, drawn at (0, 0); measured once per session."""
        key = (px, text)
        if key not in self._boxes:
            self._boxes[key] = self.get(px).getbbox(text, stroke_width=HALO[True][1])
        return self._boxes[key]

    def get(self, px: int):
        """The label font at ``px`` pixels."""
        if px not in self._fonts:
            from PIL import ImageFont

            if self._face is not None:
                self._fonts[px] = ImageFont.truetype(self._face.path, px, index=self._face.index)
            else:
                self._fonts[px] = ImageFont.load_default(size=px)
        return self._fonts[px]


@record(frozen=True)
class Label:
    """A label as drawn: its text, ink, pixel box (left, top, right, bottom; exclusive) and whether it sits on bare paper."""

    text: str
    ink: str
    box: Tuple[int, int, int, int]
    clear: bool


def guide_layer(pmap, template: Template, markers: Sequence[Marker] = (), fonts: Optional[LabelFonts] = None,
                page_image=None, page=None) -> Tuple[object, List[Label]]:
    """(transparent RGBA picture of one page's guides, the labels placed).

    Labels avoid the ink of ``page_image`` (the picture without guides),
    except the rules and box strokes of ``page`` (its display list): a label
    may lie across a frame's rule but never on a glyph or a picture.
    """
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", pmap.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer, "RGBA")
    fonts = fonts or LabelFonts()
    px = max(9, round(LABEL_PT * pmap.scale))
    font = fonts.get(px)
    _baselines(draw, pmap, template, fonts.fontset)
    _columns(draw, pmap, template)
    _rect(draw, pmap, template.page.content, "type_area")
    _page_edges(draw, pmap, template)
    by_id = {r.id: r for r in template.regions}
    for region in template.regions:
        _rect(draw, pmap, region.box, "region")
    for marker in markers:
        if marker.region in by_id:
            _outline(draw, pmap.box(*_xywh(by_id[marker.region].box)), marker.kind)
    places = LabelPlaces(page_image, pmap, page, lambda text: fonts.bbox(px, text))
    labels = [places.place(draw, font, (f"{r.id} · {r.kind}", r.id), "label", pmap.box(*_xywh(r.box)), TOP_LEFT)
              for r in template.regions]
    labels += [places.place(draw, font, (m.text(fonts.latin_only),), m.kind, pmap.box(*_xywh(by_id[m.region].box)),
                            BOTTOM_RIGHT) for m in markers if m.region in by_id]
    return layer, labels


def composite(image, layer):
    """A new RGB picture: ``image`` with ``layer`` drawn over it."""
    out = image.convert("RGB") if image.mode != "RGB" else image.copy()
    out.paste(layer, (0, 0), layer)  # over an opaque picture, pasting with the layer's alpha is source-over
    return out


def _xywh(box: Box) -> Tuple[float, float, float, float]:
    return box.x, box.y, box.w, box.h


def _px(v: float) -> int:
    return int(math.floor(v + 0.5))


def _rect(draw, pmap, box: Box, ink: str) -> None:
    _outline(draw, pmap.box(*_xywh(box)), ink)


def _outline(draw, box, ink: str) -> None:
    colour, width = INK[ink]
    left, top, right, bottom = (_px(v) for v in box)
    draw.rectangle((left, top, right - 1, bottom - 1), outline=colour, width=width)


def _page_edges(draw, pmap, template: Template) -> None:
    page = template.page
    b = page.bleed
    _rect(draw, pmap, Box(-b, -b, page.width + 2 * b, page.height + 2 * b), "bleed")
    _rect(draw, pmap, Box(0, 0, page.width, page.height), "trim")


def _columns(draw, pmap, template: Template) -> None:
    """Column edges (violet lines) and the gutters between them (violet tint)."""
    grid, content = template.grid, template.page.content
    top, bottom = _px(pmap.point(0, content.y)[1]), _px(pmap.point(0, content.bottom)[1])
    colour, _ = INK["column"]
    for c in range(1, grid.columns + 1):
        left = _px(pmap.point(grid.column_x(c), 0)[0])
        right = _px(pmap.point(grid.column_x(c) + grid.column_width, 0)[0])
        if c < grid.columns:
            draw.rectangle((right, top, _px(pmap.point(grid.column_x(c + 1), 0)[0]) - 1, bottom - 1),
                           fill=INK["gutter"][0])
        draw.line((left, top, left, bottom - 1), fill=colour)
        draw.line((right - 1, top, right - 1, bottom - 1), fill=colour)


def _baselines(draw, pmap, template: Template, fontset) -> None:
    """One line per body line origin of the type area, as layout/flow's Frame places them (none without fonts)."""
    grid, content = template.grid, template.page.content
    style = template.styles.get(grid.body_style)
    if style is None or fontset is None:
        return
    frame = Frame(content.x, content.y, content.w, content.h, HORIZONTAL)
    lines = LineGrid(style.size, grid.line_height, face_ascent(fontset, style.font, style.weight))
    colour, width = INK["baseline"]
    for k in range(frame.capacity(lines)):
        (x0, y), x1 = frame.line_origin(k, lines), frame.inline_end
        left, top = pmap.point(x0, y)
        draw.line((_px(left), _px(top), _px(pmap.point(x1, y)[0]) - 1, _px(top)), fill=colour, width=width)


# -- labels ----------------------------------------------------------------
# A label goes where it hides no copy: the first spot, in the corner's order of
# rows (along the frame edge inside, across it, outside it, then further in) and
# of positions along the edge, whose pixels in the page picture (guides off)
# hold no ink; only when none is free is it drawn see-through at the corner.

TOP_LEFT, BOTTOM_RIGHT = "top-left", "bottom-right"
INK_LEVEL = 200  # luminance under which a pixel of the page picture is ink (text, rules, pictures)
LABEL_GAP = 1  # px of bare paper kept around a label (its halo is drawn inside the box)
DEEPER_ROWS = 6  # rows tried further inside the frame after the edge rows
HALO = {True: ((255, 255, 255, 235), 1, 255), False: ((255, 255, 255, 110), 1, 170)}  # clear -> (halo, width, text alpha)


class LabelPlaces:
    """Free spots for labels on one page picture: a Pillow mask of its ink, with every label placed added to it."""

    def __init__(self, page_image, pmap, page=None, measure=None):
        from PIL import Image

        self.size = pmap.size
        self.measure = measure  # text -> its ink box at (0, 0) (None: measured on the drawing)
        self.ink = (_ink_mask(page_image, _line_mask(page, pmap)) if page_image is not None
                    else Image.new("L", pmap.size, 0))

    def along(self, probe: "Probe", w: int, h: int) -> Optional[Tuple[int, int, int, int]]:
        """The free box nearest the probe's start among its label positions, or None.

        One crop of the row band, squeezed to one pixel high (a box filter
        keeps any ink non-zero), and a search for the first (or last) run of
        ``w`` + 2 gaps of bare paper in it.
        """
        from PIL import Image

        gap = LABEL_GAP
        l, t, r, b = max(0, probe.lo - gap), probe.y - gap, min(self.size[0], probe.hi + w + gap), probe.y + h + gap
        if t < 0 or b > self.size[1] or r - l < w + 2 * gap:
            return None
        row = self.ink.crop((l, t, r, b)).resize((r - l, 1), Image.BOX).tobytes()
        runs = list(re.finditer(b"\x00{%d,}" % (w + 2 * gap), row)) if probe.leftward else None
        if probe.leftward:
            if not runs:
                return None
            x = l + runs[-1].end() - gap - w
        else:
            run = re.search(b"\x00{%d,}" % (w + 2 * gap), row)
            if run is None:
                return None
            x = l + run.start() + gap
        return (x, probe.y, x + w, probe.y + h)

    def place(self, draw, font, texts: Sequence[str], ink: str, frame, corner: str) -> Label:
        """Draw the first of ``texts`` (longest first) that has a free spot near ``frame``'s ``corner``; the Label."""
        first = None
        for text in texts:
            l, t, r, b = (self.measure(text) if self.measure is not None
                          else draw.textbbox((0, 0), text, font=font, stroke_width=HALO[True][1]))
            w, h = r - l, b - t
            probes = _probes(frame, w, h, corner)
            first = first or (text, l, t, probes[0].box(w, h))
            box = next((hit for hit in (self.along(p, w, h) for p in probes) if hit is not None), None)
            if box is not None:
                return self._draw(draw, font, (text, l, t), ink, box, True)
        text, l, t, box = first
        return self._draw(draw, font, (text, l, t), ink, box, False)

    def _draw(self, draw, font, text, ink: str, box, clear: bool) -> Label:
        text, l, t = text
        self.ink.paste(255, box)  # the next label keeps off this one
        halo, width, alpha = HALO[clear]
        colour = INK[ink][0][:3] + (alpha,)
        draw.text((box[0] - l, box[1] - t), text, font=font, fill=colour, stroke_width=width, stroke_fill=halo)
        return Label(text, ink, box, clear)


@record(frozen=True)
class Probe:
    """Label positions to try on one row: lefts from ``lo`` to ``hi``, searched from the left or from the right."""

    y: int
    lo: int
    hi: int
    leftward: bool = False

    def box(self, w: int, h: int) -> Tuple[int, int, int, int]:
        """The probe's first position as a label box."""
        x = self.hi if self.leftward else self.lo
        return (x, self.y, x + w, self.y + h)


def _line_mask(page, pmap):
    """A picture (mode L, 255 = line) of the page's rules and box strokes, a pixel wider on each side; None without a page."""
    if page is None:
        return None
    from PIL import Image, ImageDraw

    mask = Image.new("L", pmap.size, 0)
    draw = ImageDraw.Draw(mask)
    for item in page.items:
        if isinstance(item, Rule):
            width = max(1, round(item.width * pmap.scale)) + 2
            draw.line(pmap.point(item.x1, item.y1) + pmap.point(item.x2, item.y2), fill=255, width=width)
        elif isinstance(item, Rect) and item.stroke is not None:
            width = max(1, round(item.stroke_width * pmap.scale)) + 2
            l, t, r, b = pmap.box(item.x, item.y, item.w, item.h)
            draw.rectangle((l - width / 2, t - width / 2, r + width / 2, b + width / 2), outline=255,
                           width=width)
    return mask


def _ink_mask(image, lines=None):
    """The picture's ink (mode L, 255 where darker than INK_LEVEL) without the pixels of ``lines``."""
    ink = image.convert("L").point([255 if v < INK_LEVEL else 0 for v in range(256)])
    if lines is not None:
        ink.paste(0, (0, 0), lines)
    return ink


def _probes(frame, w: int, h: int, corner: str) -> List[Probe]:
    """Rows to search, best first: along the corner's edge, then the opposite edge, then outside the sides."""
    left, top, right, bottom = (_px(v) for v in frame)
    gap, half = LABEL_GAP, max(1, h // 2)
    lo, hi = left + gap, max(left + gap, right - w - gap)
    top_rows = _rows(top + gap, top - h - gap, half, +1)
    bottom_rows = _rows(bottom - h - gap, bottom + gap, half, -1)
    leftward = corner != TOP_LEFT
    rows = top_rows + bottom_rows if corner == TOP_LEFT else bottom_rows + top_rows
    down = range(top + gap, max(top + gap + 1, bottom - h - gap + 1), half)
    sides = [left - w - gap, right + gap] if corner == TOP_LEFT else [right + gap, left - w - gap]
    return [Probe(y, lo, hi, leftward) for y in rows] + [Probe(y, x, x) for x in sides for y in down]


def _rows(inside: int, outside: int, half: int, inward: int) -> List[int]:
    """Label tops to try at one frame edge: inside, across, outside, every 2 px between, then further in."""
    sweep = range(inside, outside - inward, -2 * inward)
    deeper = [inside + inward * k * half for k in range(1, DEEPER_ROWS + 1)]
    return list(dict.fromkeys([inside, (inside + outside) // 2, outside, *sweep, *deeper]))
