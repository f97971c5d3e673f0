"""Static regions: 报头 (masthead), 报眉 (folio), boxes (horizontal or vertical text), rules, images.

The masthead and folio carry the fields the project's research notes list
for them (报头: paper name, date and weekday, 期号/总期号, pages, sponsor,
licence, website; 报眉: paper, date, 版次, 版名, 责任编辑; clreq has no
rule for either, see docs/templates.md). Box lines in either writing mode
go through the one paragraph setter (``layout.text.set_paragraph``: the
style's vertical options, kinsoku, punctuation compression, fallback faces,
missing glyphs reported) and are stacked by their box's frame (vertical-rl,
clreq §2.4: characters top to bottom, lines right to left). Images: see
images.py; below the picture the caption is broken to its width and the
credit follows after a full-width space in its own style (图为……　刘粟 摄,
common Chinese newspaper practice; clreq has no rule for captions), an
image without caption is a warning.
"""
from __future__ import annotations

import os
from typing import List, Optional, Sequence, Tuple

from ..display import Rect, Rule
from ..flow import Frame, LineGrid, face_ascent
from ..model.imagefile import NOT_FOUND, image_errors, unreadable_reason
from ..model.types import (
    Box,
    BoxRegion,
    FolioRegion,
    Grid,
    ImageRef,
    ImageRegion,
    MastheadRegion,
    RuleRegion,
    RuleSpec,
    Style,
    TextItem,
)
from ..report import Overset, Report, Where
from ..text import HORIZONTAL
from .images import image_item, low_resolution_message
from .typeset import SetLine, break_paragraph, in_mode, scaled, set_single_line, text_width


def rule_item(spec: RuleSpec, x1: float, y1: float, x2: float, y2: float) -> Rule:
    """A display Rule with the spec's width, colour and dash."""
    return Rule(x1, y1, x2, y2, spec.width, spec.color, spec.dash)


MIN_FIT_SCALE = 0.6  # a one-line field (masthead, box line, folio) shrinks to 60 % of its size at most
MIN_GLYPH_EM = 0.25  # what a line is taken to hold at most, before it is set: width / (¼ em) characters (text of
# narrower ones, spaces and zero-width marks, is cut rather than shrunk; the cut is reported like any other)


def fitted_line(item: TextItem, width: float, fontset, report: Report, what: str) -> Tuple[SetLine, Style]:
    """The item set on one line, shrunk to ``width`` (its measure, either writing mode) when too long, down to
    MIN_FIT_SCALE of its size; what does not fit even then is left out and reported as overset (reported)."""
    text, where = item.text, Where(str(item.mark))
    most = max(1, int(width / (item.style.size * MIN_FIT_SCALE * MIN_GLYPH_EM)))  # never set a million characters
    line = set_single_line(text[:most], item.style, fontset, report, where)
    if len(text) <= most and (line.width <= width + 0.01 or line.width == 0):
        return line, item.style
    scale = width / line.width if line.width else 1.0
    shown, at = _short(text), f"{item.mark}: " if str(item.mark) else ""
    if len(text) <= most and scale >= MIN_FIT_SCALE:
        style = scaled(item.style, scale)
        report.warn(f"{at}{what}: '{shown}' is {line.width - width:.1f} pt too long for its area; set at "
                    f"{style.size:.1f} pt")
        return set_single_line(text, style, fontset, Report()), style  # its missing glyphs are reported once, above
    style = scaled(item.style, MIN_FIT_SCALE)
    kept = _longest_fitting(text[:most], style, width, fontset)
    report.overset.append(Overset(what, len(text) - kept, 1))
    report.warn(f"{at}{what}: '{shown}' does not fit its area even at {style.size:.1f} pt "
                f"({MIN_FIT_SCALE:.0%} of its size): {len(text) - kept} character(s) left out; shorten it")
    return set_single_line(text[:kept], style, fontset, Report()), style


def _longest_fitting(text: str, style: Style, width: float, fontset) -> int:
    """How many leading characters of ``text`` fit ``width`` on one line in ``style`` (bisection)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if set_single_line(text[:mid], style, fontset, Report()).width <= width + 0.01:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _short(text: str, most: int = 60) -> str:
    """The text for a message: cut with … past ``most`` characters (a field may hold megabytes)."""
    return text if len(text) <= most else text[:most] + "…"


def centred_origin(box: Box, line: SetLine, style: Style, align: str, fontset) -> Tuple[float, float]:
    """Baseline origin of a horizontal line whose em box is centred in ``box``'s height, aligned in its width."""
    frame = Frame(box.x, box.y, box.w, box.h)
    baseline = box.y + (box.h - style.size) / 2 + face_ascent(fontset, style.font, style.weight) * style.size
    return frame.aligned(line.width, align), baseline


def compose_masthead(region: MastheadRegion, grid: Optional[Grid], fontset, report: Report) -> list:
    """The paper's name and the metadata lines, name-left (info to its right) or name-top (info below)."""
    box = region.box
    gutter = grid.gutter if grid else 9.0
    items: list = []
    name_box, info_box = _masthead_boxes(region, grid, fontset, report, gutter)
    if region.name_image is not None:
        items += place_image(region.name_image, name_box, "fit", 0.0, report, region.id)
    elif region.name is not None:
        line, st = fitted_line(region.name, name_box.w, fontset, report, f"{region.id} name")
        align = "center" if region.arrangement == "name-top" else "left"
        items += line.runs(*centred_origin(name_box, line, st, align, fontset))
    items += stacked_lines(region.items, info_box, "center" if region.arrangement == "name-top" else "left",
                           "center", fontset, report, region.id)
    if region.rule_below is not None:
        items.append(rule_item(region.rule_below, box.x, box.bottom, box.right, box.bottom))
    return items


def _masthead_boxes(region: MastheadRegion, grid, fontset, report, gutter) -> Tuple[Box, Box]:
    box = region.box
    if region.arrangement == "name-top":
        size = region.name.style.size if region.name else box.h / 2
        name_h = min(box.h, size * 1.3)
        return Box(box.x, box.y, box.w, name_h), Box(box.x, box.y + name_h, box.w, box.h - name_h)
    if region.name_span and grid is not None:
        name_w = grid.span_width(region.name_span)
    elif region.name is not None:
        name_w = min(box.w, set_single_line(region.name.text, region.name.style, fontset).width)
    else:
        name_w = box.w / 2
    return Box(box.x, box.y, name_w, box.h), Box(box.x + name_w + gutter, box.y, box.w - name_w - gutter, box.h)


def stacked_lines(texts: Sequence[TextItem], area: Box, align: str, valign: str, fontset,
                  report: Report, what: str, writing_mode: str = HORIZONTAL) -> list:
    """Lines stacked at their styles' leading in ``area``'s frame, each fitted to the measure and aligned along it.

    Horizontal: top to bottom; vertical-rl: right to left, characters top to
    bottom (align left = top, right = bottom). ``valign`` places the block of
    lines at the block start (top; right edge in vertical-rl), centre or end.
    """
    if not texts:
        return []
    frame = Frame(area.x, area.y, area.w, area.h, writing_mode)
    items_in_mode = [TextItem(t.text, in_mode(t.style, writing_mode), t.mark) for t in texts]
    set_lines = [fitted_line(t, frame.inline_size, fontset, report, what) for t in items_in_mode]
    extent = sum(st.leading for _, st in set_lines[:-1]) + set_lines[-1][1].size
    if extent > frame.block_size + 0.5:
        report.warn(f"{what}: {len(texts)} lines need {extent:.0f} pt, the area is {frame.block_size:.0f} pt deep")
    first = set_lines[0][1]
    origin = _block_start(frame.block_start, frame.block_size, extent, valign)
    origin += frame.anchor(LineGrid(first.size, first.leading, face_ascent(fontset, first.font, first.weight))) * first.size
    items: list = []
    for i, (line, st) in enumerate(set_lines):
        if i:
            origin += st.leading
        items += line.runs(*frame.point(frame.aligned(line.width, align), origin))
    return items


def _block_start(top: float, available: float, needed: float, valign: str) -> float:
    if valign == "center":
        return top + max(0.0, (available - needed) / 2)
    if valign == "bottom":
        return top + max(0.0, available - needed)
    return top


def compose_folio(region: FolioRegion, fontset, report: Report) -> list:
    """报眉: left, centre and right texts on one baseline, a rule below."""
    box = region.box
    parts = [(region.left, "left"), (region.center, "center"), (region.right, "right")]
    items: list = []
    for item, align in parts:
        if item is None or not item.text:
            continue
        line, st = fitted_line(item, box.w, fontset, report, f"{region.id} folio")
        items += line.runs(*centred_origin(box, line, st, align, fontset))
    if region.rule_below is not None:
        items.append(rule_item(region.rule_below, box.x, box.bottom, box.right, box.bottom))
    return items


def compose_box(region: BoxRegion, lines: Sequence[TextItem], fontset, report: Report) -> list:
    """A tinted and/or bordered box with its lines (horizontal, or vertical right to left)."""
    b = region.box
    items: list = []
    if region.tint is not None:
        items.append(Rect(b.x, b.y, b.w, b.h, fill=region.tint))
    inner = Box(b.x + region.padding, b.y + region.padding, b.w - 2 * region.padding, b.h - 2 * region.padding)
    items += stacked_lines(lines, inner, region.align, region.valign, fontset, report, region.id, region.writing_mode)
    if region.border is not None:
        items.append(Rect(b.x, b.y, b.w, b.h, stroke=region.border.color, stroke_width=region.border.width))
    return items


def compose_rule(region: RuleRegion) -> list:
    """A rule along the centre line of its box."""
    b = region.box
    if region.orientation == "vertical":
        x = b.x + b.w / 2
        return [rule_item(region.rule, x, b.y, x, b.bottom)]
    y = b.y + b.h / 2
    return [rule_item(region.rule, b.x, y, b.right, y)]


def place_image(ref: ImageRef, frame: Box, fit: str, min_ppi: float, report: Report, what: str,
                focus: Tuple[float, float] = (0.5, 0.5)) -> list:
    """The image in ``frame``, or a visible placeholder (box, cross, name) when the file is missing or unreadable.

    Either way the render goes on; the file, the region, where it was named
    and why it could not be used go to ``report.missing_images``.
    """
    import os

    problem = ref.problem
    if not problem and (not ref.exists or not os.path.isfile(ref.path)):
        problem = NOT_FOUND
    if not problem:
        try:
            item, ppi = image_item(ref.path, frame, fit, ref.label, ref.page, focus)
        except image_errors() as exc:
            problem = f"cannot be read as an image ({unreadable_reason(exc)})"
    if problem:
        where = f", {ref.mark}" if ref.mark.file else ""
        report.missing_images.append(f"{ref.path} ({what}{where})" + ("" if problem == NOT_FOUND else f": {problem}"))
        return placeholder(frame)
    if ppi == float("inf"):
        return [item]  # a PDF page (an ad): vector content, its own images are checked by preflight
    report.stats.setdefault("image_ppi", {})[os.path.basename(ref.path)] = round(ppi, 1)
    if min_ppi and ppi < min_ppi - 0.05:
        report.warn(low_resolution_message(ref.path, ppi, min_ppi, what))
    return [item]


def placeholder(frame: Box) -> list:
    """A box with a cross and the missing file's name (drawn with rules, readable in proofs)."""
    from ..display import Color

    gray = Color("Placeholder", k=0.5, gray=True)
    items: list = [Rect(frame.x, frame.y, frame.w, frame.h, fill=Color("PlaceholderTint", k=0.08, gray=True),
                        stroke=gray, stroke_width=1.0),
                   Rule(frame.x, frame.y, frame.right, frame.bottom, 0.5, gray),
                   Rule(frame.x, frame.bottom, frame.right, frame.y, 0.5, gray)]
    return items  # the caller prints the file's name in it (it has the fonts)


def compose_image_region(region: ImageRegion, ref: Optional[ImageRef], fontset, report: Report) -> list:
    """Picture (cropped or fitted) with its caption below, the credit after it ("图为……　刘粟 摄")."""
    if ref is None:
        ref = region.image
    if ref is None:
        return []
    cap_style = region.caption_style
    cred_style = region.credit_style or cap_style
    b = region.box
    lines = caption_lines(ref, b.w, cap_style, cred_style, fontset, report)
    text_h = _caption_height(lines)
    frame = Box(b.x, b.y, b.w, max(1.0, b.h - text_h))
    items = place_image(ref, frame, region.fit, region.min_ppi, report, region.id, region.focus)
    if len(items) > 1:  # a placeholder: print the file name in its middle
        items += _name_in(frame, ref.path, cap_style, fontset, report)
    if not ref.caption and not ref.path.lower().endswith(".pdf"):  # a PDF is an ad: no caption wanted
        where = f" ({ref.mark})" if ref.mark.file else ""
        report.warn(f"{region.id}: the image {os.path.basename(ref.path)} has no caption{where}; "
                    f"add caption: (图注) to the article or the image")
    top = frame.bottom + (cap_style or cred_style).size * CAPTION_GAP if lines else frame.bottom
    for line, style, x, k in lines:
        items += line.runs(b.x + x, top + face_ascent(fontset, style.font, style.weight) * style.size + k * style.leading)
    return items


CAPTION_GAP = 0.4  # em of the caption style between the picture and its caption
CREDIT_SEPARATOR = "　"  # one full-width space between the caption and the credit


def credit_text(credit: str) -> str:
    """The credit as newspapers print it: "刘粟摄" -> "刘粟 摄" (a space before 摄/供图 after a name)."""
    credit = credit.strip()
    for verb in ("摄", "供图"):
        if credit.endswith(verb) and len(credit) > len(verb) and not credit[:-len(verb)].endswith((" ", "　")):
            return credit[:-len(verb)] + " " + verb
    return credit


def caption_lines(ref: ImageRef, width: float, cap: Optional[Style], cred: Optional[Style], fontset,
                  report: Report) -> List[Tuple[SetLine, Style, float, int]]:
    """(line, style, x from the left edge, line index) for the caption, broken to ``width``, and the credit.

    The credit follows the caption's last line after a full-width space
    (图为……　刘粟 摄), each in its own style; when it does not fit there it
    takes a line of its own, right-aligned. Without a caption the credit
    stands alone at the right.
    """
    out: List[Tuple[SetLine, Style, float, int]] = []
    if cap is not None and ref.caption:
        broken = break_paragraph(ref.caption, cap, fontset, width, report, indent=False)
        out = [(ln, cap, 0.0, i) for i, ln in enumerate(broken)]
    if cred is None or not ref.credit:
        return out
    credit = set_single_line(credit_text(ref.credit), cred, fontset, report)
    if out:
        x = out[-1][0].width + text_width(CREDIT_SEPARATOR, cred, fontset)
        if x + credit.width <= width + 0.01:
            out.append((credit, cred, x, len(out) - 1))
            return out
    out.append((credit, cred, max(0.0, width - credit.width), len(out)))
    return out


def _caption_height(lines) -> float:
    """Block extent of the caption lines and the gap above them (0 without any)."""
    if not lines:
        return 0.0
    last = max(k for *_, k in lines)
    style = max((st for _, st, _, _ in lines), key=lambda st: st.leading)
    return style.size * CAPTION_GAP + last * style.leading + style.leading


def _name_in(frame: Box, path: str, style: Optional[Style], fontset, report) -> list:
    if style is None:
        return []
    text = f"{'图片无法读取' if os.path.isfile(path) else '缺图'}：{os.path.basename(path)}"
    return stacked_lines([TextItem(text, style)], frame, "center", "center", fontset, Report(), "placeholder")
