"""Guides drawn over a page picture, from the template's geometry and the render report.

What a designer sees in 飞腾 or InDesign with guides on, in their usual
colours: bleed (red) and trim (black), the type area (magenta), grid columns
(violet, gutters tinted), the baseline grid of the body style (cyan: the first
baseline one em-box top, 0.88 em, below the type area's top, then one body
leading apart: clreq §3.6 line grid, as layout/compose sets it), every
region's outline and id (blue), and per article region the overset (red,
"超出 N 字": text that did not fit, from the report) or underset (orange,
"还差 N 字": room left when the story ended; the report's ``underset``
records when the pipeline keeps them, else measured on the display list).
Everything is drawn on a transparent layer, so the browser preview can
toggle it and ``--guides`` can composite it onto the PNG.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..display import GlyphRun, Page
from ..model.types import VERTICAL, ArticlePlacement, ArticleRegion, Box, ImageRegion, PageAssignment, Template

EM_TOP = 0.88  # em-box top above the baseline (CJK faces), as layout/compose uses it
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


@dataclass(frozen=True)
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

def page_markers(assignment: PageAssignment, report, page: Optional[Page]) -> List[Marker]:
    """Overset and underset markers for the article regions of one page."""
    last_parts = {p.article.id: p for p in assignment.articles() if not p.continues_to}
    markers = [Marker(last_parts[o.story].region, "overset", o.chars, o.lines, o.story)
               for o in report.overset if o.story in last_parts]
    recorded = getattr(report, "underset", None)
    if recorded is not None:  # the composer measured it: use its records for this page
        return markers + [_recorded(u, last_parts) for u in recorded if _on_page(u, assignment, last_parts)]
    over = {o.story for o in report.overset}
    for placement in last_parts.values():
        region = assignment.template.region(placement.region)
        if placement.article.id in over or not isinstance(region, ArticleRegion) or page is None:
            continue
        marker = measure_underset(region, placement, page, assignment.template)
        if marker is not None:
            markers.append(marker)
    return markers


def _on_page(record, assignment: PageAssignment, last_parts) -> bool:
    page = getattr(record, "page", 0)
    return page == assignment.number if page else getattr(record, "story", None) in last_parts


def _recorded(record, last_parts) -> Marker:
    region = getattr(record, "region", "") or last_parts[record.story].region
    return Marker(region, "underset", getattr(record, "chars", 0), getattr(record, "lines", 0), record.story)


def measure_underset(region: ArticleRegion, placement: ArticlePlacement, page: Page,
                     template: Template) -> Optional[Marker]:
    """Room left in an article region after its story ended, in body lines and characters (None: full or empty)."""
    body = region.body
    inner = _inner(region)
    runs = [r for r in page.items if isinstance(r, GlyphRun) and r.positions and _inside(r.positions[0], inner)]
    body_runs = [r for r in runs if abs(r.size - body.size) < 0.01]
    if not body_runs:
        return None
    walls = [(r.box, r.wrap_gap) for r in template.regions
             if isinstance(r, ImageRegion) and r.wrap and r.box.overlaps(region.box)]
    walls = [Box(w.x - gap, w.y - gap, w.w + 2 * gap, w.h + 2 * gap) for w, gap in walls]
    if region.writing_mode == VERTICAL:
        lines = _vertical_room(region, inner, body_runs, walls)
    else:
        lines = _horizontal_room(region, _body_box(region, inner, runs, body_runs), runs, walls)
    chars = sum(n * cpl for n, cpl in lines)
    if chars <= 0:
        return None
    return Marker(region.id, "underset", chars, sum(n for n, _ in lines), placement.article.id)


def _inner(region: ArticleRegion) -> Box:
    b, p = region.box, region.padding
    return Box(b.x + p, b.y + p, b.w - 2 * p, b.h - 2 * p)


def _body_box(region: ArticleRegion, inner: Box, runs, body_runs) -> Box:
    """The body's part of a horizontal block: left of a vertical headline strip set at its right."""
    if region.headline.placement != "right":
        return inner
    body_ids = {id(r) for r in body_runs}
    heads = [x - r.size / 2 for r in runs if r.vertical and id(r) not in body_ids for x, _y in r.positions]
    if not heads:
        return inner
    right = min(heads) - region.headline.space_after
    return Box(inner.x, inner.y, max(0.0, right - inner.x), inner.h)


def _inside(point: Tuple[float, float], box: Box, slack: float = 1.0) -> bool:
    x, y = point
    return box.x - slack <= x <= box.right + slack and box.y - slack <= y <= box.bottom + slack


def _per_line(measure: float, style) -> int:
    """Characters of ``style`` on a line of ``measure`` points."""
    step = style.size + style.tracking
    return max(0, int((measure + style.tracking) / step + 1e-6)) if step > 0 else 0


def _blocked(lo: float, hi: float, walls: Iterable[Tuple[float, float]]) -> float:
    """Length of [lo, hi] covered by the given intervals (wrap images)."""
    return sum(max(0.0, min(hi, b) - max(lo, a)) for a, b in walls)


def _horizontal_room(region, inner: Box, runs, walls) -> List[Tuple[int, int]]:
    """(free lines, characters per line) per internal column below its last line."""
    body, n = region.body, max(1, region.columns)
    width = (inner.w - (n - 1) * region.gutter) / n
    out = []
    for i in range(n):
        x0 = inner.x + i * (width + region.gutter)
        col_runs = [r for r in runs if x0 - 1 <= r.positions[0][0] <= x0 + width + 1]
        ys = [y for r in col_runs if abs(r.size - body.size) < 0.01 for _x, y in r.positions]
        if ys:
            top = max(ys) + (1 - EM_TOP) * body.size + body.leading - body.size  # next line's em-box top
        else:
            heads = [y + (1 - EM_TOP) * r.size for r in col_runs for _x, y in r.positions]
            top = max(heads + [inner.y])
        bands = [(w.y, w.bottom) for w in walls if w.x < x0 + width and x0 < w.right]
        depth = inner.bottom - top - _blocked(top, inner.bottom, bands)
        free = 0 if depth < body.size else 1 + int((depth - body.size) / body.leading + 1e-6)
        out.append((free, _per_line(width, body)))
    return out


def _vertical_room(region, inner: Box, body_runs, walls) -> List[Tuple[int, int]]:
    """(free lines, characters per line) per 栏 tier left of its last line (vertical-rl)."""
    body, n = region.body, max(1, region.columns)
    height = (inner.h - (n - 1) * region.gutter) / n
    xs_all = [x for r in body_runs for x, _y in r.positions]
    right_edge = max(xs_all) + body.size / 2
    out = []
    for i in range(n):
        y0 = inner.y + i * (height + region.gutter)
        xs = [x for r in body_runs if y0 - 1 <= r.positions[0][1] <= y0 + height + 1 for x, _y in r.positions]
        right = min(xs) - body.size / 2 - (body.leading - body.size) if xs else right_edge
        bands = [(w.x, w.right) for w in walls if w.y < y0 + height and y0 < w.bottom]
        depth = right - inner.x - _blocked(inner.x, right, bands)
        free = 0 if depth < body.size else 1 + int((depth - body.size) / body.leading + 1e-6)
        out.append((free, _per_line(height, body)))
    return out


# -- drawing ---------------------------------------------------------------

class LabelFonts:
    """Pillow fonts for labels, from the render's own font set (CJK), loaded once per size."""

    def __init__(self, fontset=None):
        self.fontset = fontset
        self._fonts: Dict[int, object] = {}
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

    def get(self, px: int):
        """The label font at ``px`` pixels."""
        if px not in self._fonts:
            from PIL import ImageFont

            if self._face is not None:
                self._fonts[px] = ImageFont.truetype(self._face.path, px, index=self._face.index)
            else:
                self._fonts[px] = ImageFont.load_default(size=px)
        return self._fonts[px]


def guide_layer(pmap, template: Template, markers: Sequence[Marker] = (), fonts: Optional[LabelFonts] = None):
    """A transparent RGBA picture of the guides for one page, the size of the page picture."""
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", pmap.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer, "RGBA")
    fonts = fonts or LabelFonts()
    font = fonts.get(max(9, round(LABEL_PT * pmap.scale)))
    _baselines(draw, pmap, template)
    _columns(draw, pmap, template)
    _rect(draw, pmap, template.page.content, "type_area")
    _page_edges(draw, pmap, template)
    for region in template.regions:
        _rect(draw, pmap, region.box, "region")
        _label(draw, pmap.box(*_xywh(region.box))[:2], f"{region.id} · {region.kind}", font, "label", corner="top")
    by_id = {r.id: r for r in template.regions}
    for marker in markers:
        if marker.region in by_id:
            box = pmap.box(*_xywh(by_id[marker.region].box))
            _outline(draw, box, marker.kind)
            _label(draw, (box[2], box[3]), marker.text(fonts.latin_only), font, marker.kind, corner="bottom-right")
    return layer


def composite(image, layer):
    """A new RGB picture: ``image`` with ``layer`` drawn over it."""
    base = image.convert("RGBA")
    base.alpha_composite(layer)
    return base.convert("RGB")


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


def _baselines(draw, pmap, template: Template) -> None:
    """One line per body baseline down the type area."""
    grid, content = template.grid, template.page.content
    style = template.styles.get(grid.body_style)
    size = style.size if style is not None else grid.line_height
    left, right = _px(pmap.point(content.x, 0)[0]), _px(pmap.point(content.right, 0)[0])
    colour, width = INK["baseline"]
    for k in range(grid.lines_per_column):
        y = _px(pmap.point(0, content.y + EM_TOP * size + k * grid.line_height)[1])
        draw.line((left, y, right - 1, y), fill=colour, width=width)


def _label(draw, anchor, text: str, font, ink: str, corner: str) -> None:
    """A filled tag with white text, at the top-left inside ``anchor`` or ending at the bottom-right anchor."""
    colour, _ = INK[ink]
    l, t, r, b = draw.textbbox((0, 0), text, font=font)
    w, h = r - l + 6, b - t + 4
    x, y = (_px(anchor[0]) + 1, _px(anchor[1]) + 1) if corner == "top" else (_px(anchor[0]) - w - 2, _px(anchor[1]) - h - 2)
    draw.rectangle((x, y, x + w - 1, y + h - 1), fill=colour)
    draw.text((x + 3 - l, y + 2 - t), text, font=font, fill=(255, 255, 255, 255))
