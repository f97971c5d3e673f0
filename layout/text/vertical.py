"""Vertical glyphs, metrics and glyph runs for vertical writing (竖排): the vertical-rl part of the one engine.

Every vertical text (article blocks, boxes, headlines) is set by
``layout.text.set_paragraph`` like horizontal text; this module only supplies
what differs: glyph forms and advances along the vertical axis, orientation
of runs, and the Line -> GlyphRun builder.

clreq §2.4, §3.1.2, §3.2.3 and appendix A; GB/T 15834—2011 (vertical marks):

* Upright characters take the font's GSUB ``vert``/``vrt2`` alternate
  (brackets, quotes, dashes, ellipsis, wave dash, and the mainland position of
  。，、；：？！ in the upper right of the em box). Their advance along the
  vertical axis is the font's vertical advance (vmtx).
* Quotes: GB/T 15834 sets “” as 『』 and ‘’ as 「」 in vertical text
  (``VerticalStyle.quotes == "corner"``); ``"font"`` keeps the font's own
  vertical quote glyphs.
* A mark the font has no vertical alternate for falls back: R/Tr marks are
  rotated 90° clockwise (UAX #50), the pause and stop marks 、。，． are moved
  from the lower left to the upper right of the em box.
* A rotated Latin run advances by the sum of its horizontal advances; a
  tate-chu-yoko unit advances 1 em and is squeezed horizontally to fit 1 em.
* Punctuation compression uses the font's ``vhal`` values on the vertical
  glyph (``halt`` is for horizontal text only): ：；？！ have none and so keep
  their full em, as clreq §3.1.6 asks for vertical text.

The module registers the ``vertical-rl`` writing mode with the composition
engine on import (``layout.text.metrics.register_writing_mode``):
``VerticalGlyphMetrics`` gives the line breaker vertical glyphs, advances and
vhal blanks and re-measures Latin/number items by orientation in
``orient_items``; ``vertical_line_runs`` turns a set Line (origin: the top of
the line's centre line) into GlyphRuns: upright runs with ``vertical=True``,
rotated runs with ``rotation=90``, tate-chu-yoko runs with ``h_scale``.

All lengths in this module are in em unless a name says ``pt``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, repeat
from typing import List, Optional, Tuple

from ..display import BLACK, Color, GlyphRun
from . import classes as C
from .metrics import VERTICAL, GlyphMetrics, register_writing_mode
from .orientation import (
    CJK_MARKS_R,
    ROTATED,
    TCY,
    UPRIGHT,
    VerticalStyle,
    orientation_kinds,
    run_regex,
    vertical_orientation,
)

# GB/T 15834—2011: in vertical text double quotes become 『』, single quotes 「」.
QUOTE_CORNERS = {"“": "『", "”": "』", "‘": "「", "’": "」"}
# Glyph sources tried when a mark's own glyph has no vertical alternate
# (the em dash of CJK fonts is often proportional; the horizontal bar is not).
VERTICAL_SUBSTITUTES = {"—": "―", "⋯": "…", "〜": "～"}
# Pause and stop marks drawn in the lower left horizontally: where a font
# lacks their vertical alternate, move them to the upper right (dx right, dy up).
MARK_SHIFT_UPPER_RIGHT = {"、": (0.6, 0.6), "。": (0.6, 0.6), "，": (0.6, 0.6), "．": (0.6, 0.6)}
FULLWIDTH_OFFSET = 0xFEE0  # U+0021..U+007E -> U+FF01..U+FF5E


def upright_glyph(face, ch: str, style: VerticalStyle = VerticalStyle()) -> Tuple[int, bool, Tuple[float, float]]:
    """(glyph id, rotate?, shift) for a character set on its own in vertical text."""
    if style.quotes == "corner" and ch in QUOTE_CORNERS and face.has(QUOTE_CORNERS[ch]):
        ch = QUOTE_CORNERS[ch]
    gid = face.gid(ch)
    vgid = face.vert.get(gid)
    if vgid is not None:
        return vgid, False, (0.0, 0.0)
    sub = VERTICAL_SUBSTITUTES.get(ch)
    if sub and face.has(sub) and face.gid(sub) in face.vert:
        return face.vert[face.gid(sub)], False, (0.0, 0.0)
    o = vertical_orientation(ord(ch))
    if o in ("R", "Tr") and ch not in CJK_MARKS_R and 0x20 < ord(ch) < 0x7F:
        full = chr(ord(ch) + FULLWIDTH_OFFSET)  # single Latin letter: upright full width
        if face.has(full):
            return face.gid(full), False, (0.0, 0.0)
        return gid, False, (0.0, 0.0)
    if o in ("R", "Tr"):
        return gid, True, (0.0, 0.0)
    return gid, False, MARK_SHIFT_UPPER_RIGHT.get(ch, (0.0, 0.0))


def tcy_scale(natural_width: float, max_width: float = 1.0) -> float:
    """Horizontal squeeze that keeps a tate-chu-yoko unit within max_width em (1 = no squeeze)."""
    if natural_width <= max_width or natural_width <= 0:
        return 1.0
    return max_width / natural_width


# ---------------------------------------------------------------------------
# The vertical-rl writing mode of the composition engine (layout.text.metrics hook)
# ---------------------------------------------------------------------------

# Removable blanks (start, end) of full-width marks in vertical text when the
# font has no vhal data at all; ：；？！ keep their full em (clreq §3.1.6).
VERTICAL_DEFAULT_BLANKS = {C.OPEN: (0.5, 0.0), C.CLOSE: (0.0, 0.5), C.PAUSE: (0.0, 0.5), C.STOP: (0.0, 0.5),
                           C.INTER: (0.25, 0.25)}
FULL_EM_IN_VERTICAL = frozenset("：；？！")

_RUN_ITEM_KINDS = frozenset((C.LATIN, C.DIGIT, C.NARROW, C.SPACE))
_PASS_RE = None


def _pass_regex():
    """Characters that make an item need the orientation pass: run characters and spaces."""
    global _PASS_RE
    if _PASS_RE is None:
        _PASS_RE = re.compile(run_regex().pattern[:-2] + " \u00a0\t]+")
    return _PASS_RE


def _items_matching(regex, text: str, texts) -> set:
    """Indices of the items holding a character matched by regex."""
    found = set()
    starts = None
    for m in regex.finditer(text):
        if starts is None:
            starts = list(accumulate(map(len, texts), initial=0))
        i = bisect_right(starts, m.start()) - 1
        while i < len(texts) and starts[i] < m.end():
            found.add(i)
            i += 1
    return found


class VerticalGlyphMetrics(GlyphMetrics):
    """Glyph lookup for vertical-rl: vertical alternates, vertical advances, vhal blanks, orientation pass."""

    writing_mode = VERTICAL
    vstyle = VerticalStyle()

    def __init__(self, fontset, role: str, weight: str = "regular", vstyle: Optional[VerticalStyle] = None):
        super().__init__(fontset, role, weight)
        if vstyle is not None:
            self.vstyle = vstyle
        self.rotated_marks = set()  # characters set as a rotated glyph (no vertical alternate)
        self.run_cache: dict = {}  # (text, kind, orientation kinds, offsets, advances) -> shaped run fields
        # face key -> (ascent, descent) em of every face these metrics hand out (the primary face for missing
        # glyphs too), and (face key, gid) -> upper-right shift of a mark without a vertical alternate: owned
        # here, next to the glyphs they describe, and read by the glyph-run builder through Line.metrics
        self.em_boxes: dict = {}
        self.shifts: dict = {}

    def _measure(self, char: str):
        face, gid = self.fontset.resolve(char, self.role, self.weight)
        if face is None:
            self.record_em_box(self.primary)
            return (self.primary.key, 0, 1.0, 0.0, 0.0, True)
        self.record_em_box(face)
        vgid, rotate, shift = upright_glyph(face, char, self.vstyle)
        if rotate:
            self.rotated_marks.add(char)
            return (face.key, vgid, face.advance(vgid), 0.0, 0.0, False)
        if shift != (0.0, 0.0):
            self.shifts[(face.key, vgid)] = shift
        adv = face.v_advance(vgid)
        lb, rb = self.blanks(face, vgid, char, adv)
        return (face.key, vgid, adv, lb, rb, False)

    def blanks(self, face, gid: int, char: str, adv: float):
        """Removable (start, end) blank of a vertical mark from the font's vhal; class default if the font has none."""
        default = VERTICAL_DEFAULT_BLANKS.get(C.char_class(char))
        if default is None or adv < 0.9 or char in FULL_EM_IN_VERTICAL:
            return (0.0, 0.0)
        v = face.vhal.get(gid)
        if v is None:
            return (0.0, 0.0) if face.vhal else default
        up, change = v[0] / face.upem, v[1] / face.upem
        return (max(0.0, up), max(0.0, -change - up))

    def orient_items(self, items: list, owners=None) -> list:
        """Set each item's orientation (clreq §3.2.3): Latin runs rotated, short numbers tcy, the rest upright.

        ``owners``: item index -> the metrics of another face the item was set in (a run-in byline): its
        glyphs are shaped, and its marks found rotated, in that face."""
        texts = [it.text for it in items]
        text = "".join(texts)
        touched = _items_matching(_pass_regex(), text, texts)
        if self.rotated_marks:
            touched |= _items_matching(self._marks_regex(), text, texts)
        if owners:
            touched |= owners.keys()
        if not touched:
            return items
        kinds = orientation_kinds(text, self.vstyle)
        out = list(items)
        starts = list(accumulate(map(len, texts), initial=0))
        for i in sorted(touched):
            it, m = items[i], owners.get(i, self) if owners else self
            if it.kind in _RUN_ITEM_KINDS:
                out[i] = m._orient_run(it, kinds[starts[i]:starts[i + 1]])
            elif all(c in m.rotated_marks for c in it.text):
                out[i] = it.copy()
                out[i].orient = ROTATED
        for m in {id(m): m for m in (owners or {}).values()}.values():
            self.learn_faces(m)
        return out

    def learn_faces(self, other: "VerticalGlyphMetrics") -> None:
        """Know the em boxes and mark shifts of another face's metrics (a run-in byline's): the glyph-run
        builder reads them from the line's metrics, whichever face a glyph is in. Both are the faces' own,
        keyed by face, so they never clash."""
        self.em_boxes.update(other.em_boxes)
        self.shifts.update(other.shifts)

    def _marks_regex(self):
        """A regex of the marks this font sets rotated (rebuilt when the set grows)."""
        marks = frozenset(self.rotated_marks)
        if getattr(self, "_marks_key", None) != marks:
            self._marks_key = marks
            self._marks_re = re.compile("[" + "".join(re.escape(c) for c in sorted(marks)) + "]")
        return self._marks_re

    def _orient_run(self, it, kinds):
        """Rebuild a run item's glyphs by orientation: rotated glyphs advance horizontally, tcy takes 1 em."""
        if it.kind == C.SPACE:
            it = it.copy()
            it.orient = ROTATED
            return it
        key = (it.text, it.kind, tuple(kinds), it.offs, it.advs)  # all _shape_run reads: a "." cut from an
        # address (Latin) and a lone "." (narrow) must not share a shape, or the first one set decides the other
        shaped = self.run_cache.get(key)
        if shaped is None:
            if len(self.run_cache) > 100_000:
                self.run_cache.clear()
            shaped = self.run_cache[key] = self._shape_run(it, kinds)
        new = it.copy()
        (new.faces, new.gids, new.offs, new.advs, new.scales, new.width, new.orient, new.kind) = shaped
        return new

    def _shape_run(self, it, kinds) -> tuple:
        """(faces, gids, offs, advs, scales, width, orient, kind) of a run item set by orientation."""
        faces, gids, offs, advs, scales, orients = [], [], [], [], [], []
        x, i, text = 0.0, 0, it.text
        while i < len(text):
            j = i + 1
            while j < len(text) and kinds[j] == kinds[i]:
                j += 1
            if kinds[i] == UPRIGHT and orients and orients[-1] == ROTATED and C.char_class(text[i]) == C.HAN:
                x += _inner_gap(it, i)
            x = self._orient_group(text[i:j], kinds[i], x, faces, gids, offs, advs, scales, orients)
            i = j
        orient = orients[0] if len(set(orients)) == 1 else tuple(orients)
        kind = it.kind if ROTATED in orients else C.HAN  # upright letters and tcy behave like Han (no Han–Latin gap)
        return (tuple(faces), tuple(gids), tuple(offs), tuple(advs),
                tuple(scales) if any(s != 1.0 for s in scales) else None, x, orient, kind)

    def _orient_group(self, text, kind, x, faces, gids, offs, advs, scales, orients) -> float:
        if kind == UPRIGHT:
            for ch in text:
                key, gid, adv, _l, _r, _m = self.lookup(ch)
                faces.append(key), gids.append(gid), offs.append(x), advs.append(adv), scales.append(1.0)
                orients.append(ROTATED if ch in self.rotated_marks else UPRIGHT)
                x += adv
            return x
        looked = [self._horizontal(ch) for ch in text]
        if kind == TCY:
            natural = sum(a for _k, _g, a in looked)
            scale = tcy_scale(natural, self.vstyle.tcy_max_width)
            for key, gid, adv in looked:
                faces.append(key), gids.append(gid), offs.append(x), advs.append(adv), scales.append(scale)
                orients.append(TCY)
            return x + 1.0
        for key, gid, adv in looked:
            faces.append(key), gids.append(gid), offs.append(x), advs.append(adv), scales.append(1.0)
            orients.append(ROTATED)
            x += adv
        return x

    def _horizontal(self, ch: str):
        """(face key, horizontal glyph id, horizontal advance em) of a character in a rotated or tcy run."""
        face, gid = self.fontset.resolve(ch, self.role, self.weight)
        if face is None:
            self.record_em_box(self.primary)
            return (self.primary.key, 0, 0.5)
        self.record_em_box(face)
        return (face.key, gid, face.advance(gid))

    def record_em_box(self, face) -> None:
        """Remember a face's em box (ascent, descent in em) for the glyph-run builder, which sees face keys only."""
        if face.key not in self.em_boxes:
            self.em_boxes[face.key] = (face.ascent / face.upem, face.descent / face.upem)

    def em_box(self, key: str) -> Tuple[float, float]:
        """(ascent, descent) in em of a face these metrics handed out (KeyError for any other face)."""
        return self.em_boxes[key]


def _inner_gap(it, i: int) -> float:
    """The Han–Latin gap the segmenter put before character i of a run item (3000万元), in em."""
    if 0 < i < len(it.offs) and len(it.offs) == len(it.text):
        return max(0.0, it.offs[i] - it.offs[i - 1] - it.advs[i - 1])
    return 0.0


def vertical_line_runs(line, x: float, y: float, fill: Optional[Color] = None) -> List[GlyphRun]:
    """GlyphRuns of a vertical Line whose centre line is x and whose top is y (lines run right to left)."""
    colour = fill or line.fill or BLACK
    faces, scales, xs, n = line.faces, line.scales, line.xs, len(line.gids)
    plain = line.orients.count(None) + line.orients.count(UPRIGHT) if line.orients else n
    if n and plain == n and faces.count(faces[0]) == n and scales.count(scales[0]) == n:
        return [_upright_glyphs(line, 0, n, x, y, colour)]  # the usual line: upright glyphs of one face
    orients = [o or UPRIGHT for o in line.orients] if line.orients else [UPRIGHT] * n
    keys = list(zip(orients, faces, scales))  # a run: one orientation, face and scale (a 纵中横 unit: one place)
    starts = [k for k in range(1, n) if keys[k] != keys[k - 1] or (orients[k] == TCY and xs[k] != xs[k - 1])]
    return [_RUN_MAKERS[orients[i]](line, i, j, x, y, colour) for i, j in zip([0, *starts], [*starts, n]) if n]


def _upright_glyphs(line, i, j, x, y, colour) -> GlyphRun:
    key, size = line.faces[i], line.size
    gids, xs = line.gids[i:j], line.xs[i:j]
    shifts = line.metrics.shifts
    if not shifts or shifts.keys().isdisjoint(zip(repeat(key), gids)):  # no mark moved: one centre line
        return GlyphRun.on_line(key, size, tuple(gids), xs, x, tuple(line.texts[i:j]), colour, vertical=True, offset=y)
    # mainland marks sit in the upper right of the em box (clreq §3.1.2): only they have a shift
    get, none = shifts.get, (0.0, 0.0)
    pos = [(x, y + v) if (d := get((key, g), none)) is none else (x + d[0] * size, y + v - d[1] * size)
           for g, v in zip(gids, xs)]
    return GlyphRun(key, size, tuple(gids), tuple(pos), tuple(line.texts[i:j]), colour, vertical=True)


def _rotated_glyphs(line, i, j, x, y, colour) -> GlyphRun:
    key, size = line.faces[i], line.size
    ascent, descent = line.metrics.em_box(key)
    bx = x - (ascent + descent) / 2 * size
    return GlyphRun(key, size, tuple(line.gids[i:j]), tuple((bx, y + line.xs[k]) for k in range(i, j)),
                    tuple(line.texts[i:j]), colour, rotation=90.0, h_scale=line.scales[i])


def _tcy_glyphs(line, i, j, x, y, colour) -> GlyphRun:
    key, size = line.faces[i], line.size
    width = sum(line.advances[i:j])
    baseline = y + line.xs[i] + line.metrics.em_box(key)[0] * size
    pos, pen = [], x - width / 2
    for k in range(i, j):
        pos.append((pen, baseline))
        pen += line.advances[k]
    return GlyphRun(key, size, tuple(line.gids[i:j]), tuple(pos), tuple(line.texts[i:j]), colour,
                    h_scale=line.scales[i])


_RUN_MAKERS = {UPRIGHT: _upright_glyphs, ROTATED: _rotated_glyphs, TCY: _tcy_glyphs}
register_writing_mode(VERTICAL, VerticalGlyphMetrics, vertical_line_runs)

QUOTE_FORMS = ("corner", "font")
TCY_DIGITS = (0, 2, 3)  # 0: every number rotated; 2 or 3: numbers up to that many characters tate-chu-yoko


def vertical_style(tcy_digits: int = 2, quotes: str = "corner", upright_acronyms: bool = False,
                   tcy_max_width: float = 1.0) -> VerticalStyle:
    """A checked VerticalStyle (ValueError for a tcy digit count or quote form outside the allowed sets)."""
    if tcy_digits not in TCY_DIGITS:
        raise ValueError(f"vertical style: tcy_digits {tcy_digits!r} is not one of 0, 2, 3")
    if quotes not in QUOTE_FORMS:
        raise ValueError(f"vertical style: quotes {quotes!r} is not one of {', '.join(QUOTE_FORMS)}")
    if not 0.5 <= tcy_max_width <= 1.5:
        raise ValueError(f"vertical style: tcy_max_width {tcy_max_width!r} is outside 0.5-1.5 em")
    return VerticalStyle(tcy_digits=tcy_digits, tcy_max_width=tcy_max_width, quotes=quotes,
                         upright_acronyms=bool(upright_acronyms))
