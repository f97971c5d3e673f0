"""Printer's marks outside the bleed: crop marks, registration targets, slug line.

Follows the Ghent Workgroup / ISO 12647 practice recorded for newspapers:
crop marks are 6 mm long, 0.25 pt, in registration colour (Separation /All,
so they print on every plate) and start beyond the bleed so they can never
show on a trimmed page; registration targets sit on the middle of each side
in the same band; the slug line (paper, date, page, render stamp) sits
beyond the marks at the foot. Everything here lies outside the BleedBox, so
the ink check (Ghostscript ``-dUseBleedBox``) never sees the 400 % marks.

Coordinates follow the display list: points, origin at the top-left of the
trim box, y down; marks have negative coordinates or lie past the trim size.
The render stamp comes from a content hash or SOURCE_DATE_EPOCH, never the
wall clock, so the same input renders byte-identical pages.
"""
from __future__ import annotations

import hashlib
import math
import os
import time
from dataclasses import fields, is_dataclass
from typing import List, Mapping, Optional

from ..display import REGISTRATION, GlyphRun, Item, Page, Rule
from ..model.sheet import MARK_GAP, MARK_LENGTH, SLUG_GAP, SLUG_SIZE, marks_margin_pt  # noqa: F401 (re-exported)
from ..units import MM

MARK_WIDTH = 0.25  # pt, the thinnest rule a newspaper press holds
TARGET_RADIUS = 2.2 * MM  # registration target circle
TARGET_SEGMENTS = 24  # the circle is drawn as a polygon of rules


def page_marks(page: Page, slug_text: str = "", face=None) -> List[Item]:
    """Crop marks, registration targets and (when a face is given) the slug line for one page."""
    items: List[Item] = crop_marks(page.width, page.height, page.bleed)
    items += registration_targets(page.width, page.height, page.bleed)
    if slug_text and face is not None:
        slug = slug_run(slug_text, face, x=0.0, baseline=page.height + page.bleed + MARK_GAP + MARK_LENGTH
                        + SLUG_GAP + SLUG_SIZE)
        if slug is not None:
            items.append(slug)
    return items


def crop_marks(width: float, height: float, bleed: float) -> List[Rule]:
    """Eight 6 mm rules on the trim lines, each starting MARK_GAP beyond the bleed."""
    start = bleed + MARK_GAP
    end = start + MARK_LENGTH
    rules = []
    for x in (0.0, width):
        rules.append(Rule(x, -start, x, -end, MARK_WIDTH, REGISTRATION))  # above the page
        rules.append(Rule(x, height + start, x, height + end, MARK_WIDTH, REGISTRATION))  # below
    for y in (0.0, height):
        rules.append(Rule(-start, y, -end, y, MARK_WIDTH, REGISTRATION))  # left
        rules.append(Rule(width + start, y, width + end, y, MARK_WIDTH, REGISTRATION))  # right
    return rules


def registration_targets(width: float, height: float, bleed: float) -> List[Rule]:
    """A circle with a cross hair at the middle of each side, centred in the crop-mark band."""
    mid = bleed + MARK_GAP + MARK_LENGTH / 2
    centres = [(width / 2, -mid), (width / 2, height + mid), (-mid, height / 2), (width + mid, height / 2)]
    rules: List[Rule] = []
    for cx, cy in centres:
        rules += target(cx, cy)
    return rules


def target(cx: float, cy: float, radius: float = TARGET_RADIUS) -> List[Rule]:
    """One registration target: a polygonal circle and a cross reaching to the mark band's edges."""
    arm = MARK_LENGTH / 2
    rules = [Rule(cx - arm, cy, cx + arm, cy, MARK_WIDTH, REGISTRATION),
             Rule(cx, cy - arm, cx, cy + arm, MARK_WIDTH, REGISTRATION)]
    points = [(cx + radius * math.cos(2 * math.pi * i / TARGET_SEGMENTS),
               cy + radius * math.sin(2 * math.pi * i / TARGET_SEGMENTS)) for i in range(TARGET_SEGMENTS + 1)]
    rules += [Rule(x1, y1, x2, y2, MARK_WIDTH, REGISTRATION) for (x1, y1), (x2, y2) in zip(points, points[1:])]
    return rules


def slug_run(text: str, face, x: float, baseline: float, size: float = SLUG_SIZE) -> Optional[GlyphRun]:
    """The slug text set naturally on one baseline in registration colour; characters the face lacks are dropped."""
    gids, positions, texts = [], [], []
    for ch in text:
        if not face.has(ch):
            continue
        gid = face.gid(ch)
        gids.append(gid)
        positions.append((x, baseline))
        texts.append(ch)
        x += face.advance(gid) * size
    if not gids:
        return None
    return GlyphRun(face.key, size, tuple(gids), tuple(positions), tuple(texts), fill=REGISTRATION)


def slug_line(paper: str, date: str, page_label: str, stamp: str) -> str:
    """The slug: paper, date, page and render stamp, e.g. '石景山报  2018-04-28  第1版  render 2f9c41d0a7'."""
    return "  ".join(p for p in (paper, date, f"第{page_label}版" if page_label else "", f"render {stamp}") if p)


def render_stamp(digest: str, env: Optional[Mapping[str, str]] = None) -> str:
    """A reproducible stamp: SOURCE_DATE_EPOCH as UTC time plus the digest's first 10 hex digits."""
    env = os.environ if env is None else env
    short = digest[:10]
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(int(epoch)))
        return f"{when} {short}"
    return short


def page_digest(page: Page) -> str:
    """SHA-256 over the page's size, bleed and items (image pixels hashed as bytes, not repr'd)."""
    h = hashlib.sha256()
    h.update(repr((page.width, page.height, page.bleed, page.number, page.label)).encode())
    for item in page.items:
        _hash_item(h, item)
    return h.hexdigest()


def _hash_item(h, item) -> None:
    if not is_dataclass(item):
        h.update(repr(item).encode())
        return
    h.update(type(item).__name__.encode())
    if type(item).__name__ == "PdfGraphic":  # a placed PDF page: its file's bytes, so a new ad changes the stamp
        with open(item.path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    for f in fields(item):
        if f.name == "path":
            continue  # the content is hashed (pixels, the PDF's bytes), not how the path was typed: same stamp from any folder
        value = getattr(item, f.name)
        h.update(value if isinstance(value, bytes) else repr(value).encode())
        h.update(b"\0")
