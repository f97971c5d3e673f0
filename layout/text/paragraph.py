"""A paragraph becomes justified lines of positioned glyphs (clreq §3.1, §3.5, §3.6).

Pipeline: segment into units -> writing-mode pass -> house-style punctuation
widths -> Han–Latin gaps -> break flags (kinsoku) -> line breaking (push-in
before push-out) -> orphan control -> per line: line-start / line-end cuts,
then justification by clreq §3.5 priorities:

* reduce first, by priority (interpuncts, brackets, ，、；, Han–Latin gaps,
  。？！), several instances of one kind equally;
* expand: word spaces up to ½ em, then every gap between characters equally,
  never inside a unit, never beside connectors, dashes, ellipses or the
  solidus, never before a closing/pause/stop mark or after an opening one;
* the last line keeps its natural width (``last_line`` alignment); a non-final
  line left short by kinsoku is spread evenly (均排) by the same rule.
"""
from __future__ import annotations

import math
from itertools import accumulate
from dataclasses import dataclass, field
from typing import List, NamedTuple, Optional

from ..report import Overfull, Report, Where
from . import classes as C
from .breaker import first_fit, fix_orphan, total_fit
from .metrics import HORIZONTAL, metrics_for
from .punct import apply_han_latin_space, apply_house_style, break_flags
from .segment import Segmenter
from .style import ParagraphStyle

EPS = 1e-6
_NO_GAP_BEFORE = frozenset((C.CLOSE, C.PAUSE, C.STOP, C.QE, C.SPACE)) | C.NO_EXPAND_BESIDE
_NO_GAP_AFTER = frozenset((C.OPEN, C.SPACE)) | C.NO_EXPAND_BESIDE
_ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))  # neighbours inside a word, number or URL take no space
_GAP_OK_AFTER = [k not in _NO_GAP_AFTER for k in range(len(C.CLASS_NAMES))]  # indexed by class code
_GAP_OK_BEFORE = [k not in _NO_GAP_BEFORE for k in range(len(C.CLASS_NAMES))]
_ALNUM_KIND = [k in _ALNUM for k in range(len(C.CLASS_NAMES))]
SPACE_MAX = 0.5  # em, word spaces expand up to this first (clreq §3.5 expansion priority 1)


class PlacedGlyph(NamedTuple):
    """One glyph of a line: face key, glyph id, inline offset and advance (pt), source text."""

    face: str
    gid: int
    x: float
    advance: float
    text: str
    scale: float


@dataclass
class Line:
    """One set line: parallel per-glyph lists plus its measures (all pt, inline axis)."""

    faces: List[str]
    gids: List[int]
    xs: List[float]  # inline offset of each glyph origin from the line origin (indent included)
    advances: List[float]  # inline advance of each glyph as drawn
    texts: List[str]  # source text of each glyph
    scales: List[float]  # horizontal scale of each glyph (1.0 = none)
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

    @property
    def glyphs(self) -> List[PlacedGlyph]:
        """The placed glyphs as records (built on demand)."""
        return [PlacedGlyph(*g) for g in zip(self.faces, self.gids, self.xs, self.advances, self.texts, self.scales)]


def set_paragraph(text: str, style: ParagraphStyle, fontset, measure_pt: float,
                  report: Optional[Report] = None, where: Optional[Where] = None) -> List[Line]:
    """Break and justify one paragraph into Lines of at most ``measure_pt`` (overfull lines are reported)."""
    metrics = metrics_for(fontset, style.font, style.weight, style.writing_mode)
    seg = Segmenter(metrics, style)
    items, starts = seg.segment(text, report, where)
    if not items:
        return []
    items = metrics.orient_items(items)
    apply_house_style(items, style)
    apply_han_latin_space(items, style)
    flags = break_flags(items, seg.url_cont)
    size = style.size
    measure = measure_pt / size
    if style.grid:
        measure = math.floor(measure + 1e-6)
    first_measure = measure - style.indent
    breaker = total_fit if style.breaker == "total-fit" else first_fit
    ranges = breaker(items, flags, measure, first_measure, style.hanging)
    ranges = fix_orphan(items, flags, ranges, measure if len(ranges) > 1 else first_measure, style.orphan_min)
    lines = []
    last = len(ranges) - 1
    for k, (a, b) in enumerate(ranges):
        limit = first_measure if k == 0 else measure
        line = set_line(items, a, b, limit, style, k == last, style.indent if k == 0 else 0.0)
        line.start = starts[a]
        line.end = starts[b + 1] if b + 1 < len(starts) else len(text)
        line.text = text[line.start:line.end]
        line.relaxed = flags[b] == 0
        if line.overfull and report is not None:
            story = (where.file if where else "") or "text"
            report.overfull.append(Overfull(story, line.text, line.width - line.measure))
        lines.append(line)
    return lines


def set_line(items, a: int, b: int, limit: float, style: ParagraphStyle, is_last: bool, indent: float) -> Line:
    """Set items a..b as one line of ``limit`` em after ``indent`` em: cuts, justification, glyph positions."""
    seg = items[a:b + 1]
    n = len(seg)
    widths = [it.width for it in seg]
    pens = [it.pen for it in seg]
    shrink = [it.shrink for it in seg]
    lo, hi = _edges(seg)
    for k in [*range(lo), *range(hi + 1, n)]:
        widths[k] = 0.0  # spaces at the line's edges vanish (they are not drawn either)
    first, last = seg[lo], seg[hi]
    widths[lo] -= first.lcut
    pens[lo] -= first.lcut
    shrink[lo] = max(0.0, shrink[lo] - first.lcut)
    if hi != lo or n == 1:
        widths[hi] -= last.rcut
        shrink[hi] = max(0.0, shrink[hi] - last.rcut)
    tracking = style.tracking
    natural = sum(widths) + tracking * max(0, hi - lo)
    hang = 0.0
    if style.hanging and natural > limit + EPS and hi > lo and last.text in C.HANGABLE:
        hang = widths[hi]
    gaps = [tracking] * n
    kinds = [it.kind for it in seg]
    delta = limit + hang - natural
    justify = style.align == "justify" if not is_last else style.last_line == "justify"
    if delta < -EPS:
        delta = _reduce(seg, widths, pens, shrink, -delta, lo, hi)
    elif delta > EPS and justify:
        delta = _expand(seg, widths, gaps, delta, lo, hi, kinds)
    shift = 0.0
    align = style.last_line if is_last else style.align
    if delta > EPS:
        shift = delta / 2 if align == "center" else delta if align == "end" else 0.0
    size = style.size
    out = _place(seg, widths, pens, gaps, lo, hi, (indent + shift) * size, size,
                 style.writing_mode == HORIZONTAL and not any(kinds))
    extent = indent + shift + sum(widths) + sum(gaps[lo:hi])
    return Line(*out, width=extent * size, measure=(limit + indent) * size, natural=(natural + indent) * size,
                is_last=is_last, overfull=extent - hang > limit + indent + 1e-4, size=size, indent=indent * size,
                hang=hang * size, writing_mode=style.writing_mode, fill=style.fill, units=hi - lo + 1,
                orients=_orients(seg, lo, hi) if style.writing_mode != HORIZONTAL else None)


def _orients(seg, lo: int, hi: int) -> List[Optional[str]]:
    """Per-glyph orientation set by the writing mode's orient_items pass (same glyph order as _place)."""
    if seg[lo].kind == C.SPACE:  # a line of spaces only: nothing is drawn
        return []
    out: List[Optional[str]] = []
    for it in seg[lo:hi + 1]:
        o = it.orient
        if o.__class__ is tuple:
            out.extend(o)
        elif len(it.gids) == 1:
            out.append(o)
        else:
            out.extend([o] * len(it.gids))
    return out


def _edges(seg):
    """Indices of the first and last items that are not spaces (spaces at line edges vanish)."""
    lo, hi = 0, len(seg) - 1
    while lo < hi and seg[lo].kind == C.SPACE:
        lo += 1
    while hi > lo and seg[hi].kind == C.SPACE:
        hi -= 1
    return lo, hi


def _reduce(seg, widths, pens, shrink, need: float, lo: int, hi: int) -> float:
    """Take ``need`` em from reducible items, priority by priority; returns the (negative) shortfall left."""
    by_prio = {}
    for k in range(lo, hi + 1):
        if shrink[k] > 0:
            by_prio.setdefault(seg[k].prio, []).append(k)
    for prio in sorted(by_prio):
        ks = by_prio[prio]
        total = sum(shrink[k] for k in ks)
        take = min(total, need)
        ratio = take / total
        for k in ks:
            it = seg[k]
            cut = shrink[k] * ratio
            widths[k] -= cut
            if it.lcut > 0:  # opening brackets and gaps lose space on their start side first
                pens[k] -= cut * (it.lcut / (it.lcut + it.rcut))
        need -= take
        if need <= EPS:
            return 0.0
    return -need


def _expand(seg, widths, gaps, delta: float, lo: int, hi: int, kinds) -> float:
    """Spread ``delta`` em: word spaces to ½ em first, then gaps between characters equally; returns what is left."""
    if hi > lo and not any(kinds[lo:hi + 1]):  # all Han (kind 0): every gap takes an equal share
        each = delta / (hi - lo)
        for k in range(lo, hi):
            gaps[k] += each
        return 0.0
    spaces = [k for k in range(lo + 1, hi) if kinds[k] == C.SPACE and widths[k] < SPACE_MAX]
    if spaces:
        room = sum(SPACE_MAX - widths[k] for k in spaces)
        take = min(room, delta)
        for k in spaces:
            widths[k] += (SPACE_MAX - widths[k]) * take / room
        delta -= take
        if delta <= EPS:
            return 0.0
    ok_after, ok_before, alnum = _GAP_OK_AFTER, _GAP_OK_BEFORE, _ALNUM_KIND
    allowed = [k for k in range(lo, hi) if ok_after[kinds[k]] and ok_before[kinds[k + 1]]
               and not (alnum[kinds[k]] and alnum[kinds[k + 1]])]
    if not allowed:
        allowed = list(range(lo, hi))
    if not allowed:
        return delta
    each = delta / len(allowed)
    for k in allowed:
        gaps[k] += each
    return 0.0


def _place(seg, widths, pens, gaps, lo: int, hi: int, origin: float, size: float, all_han: bool = False):
    """Per-glyph lists (faces, gids, xs, advances, texts, scales) in pt from the line origin."""
    its = seg[lo:hi + 1]
    if lo == hi and its[0].kind == C.SPACE:
        return [], [], [], [], [], []  # a line of nothing but space draws nothing
    boxes = list(accumulate([(w + g) * size for w, g in zip(widths[lo:hi + 1], gaps[lo:hi + 1])], initial=origin))
    if all_han or all(len(it.gids) == 1 and it.scales is None for it in its):  # cached Han items: one glyph
        return ([it.faces[0] for it in its], [it.gids[0] for it in its],
                [b + p * size for b, p in zip(boxes, pens[lo:hi + 1])], [it.advs[0] * size for it in its],
                [it.text for it in its], [1.0] * len(its))
    faces, gids, xs, advs, texts, scales = [], [], [], [], [], []
    for k, it in enumerate(its):
        base = boxes[k] + pens[lo + k] * size
        if len(it.gids) == 1:
            s = it.scales[0] if it.scales else 1.0
            faces.append(it.faces[0])
            gids.append(it.gids[0])
            xs.append(base)
            advs.append(it.advs[0] * size * s)
            texts.append(it.text)
            scales.append(s)
        else:
            _place_cluster(it, base, size, faces, gids, xs, advs, texts, scales)
    return faces, gids, xs, advs, texts, scales


def _place_cluster(it, base, size, faces, gids, xs, advs, texts, scales) -> None:
    sc = it.scales
    text = it.text
    single_text = len(text) != len(it.gids)
    for g in range(len(it.gids)):
        s = sc[g] if sc else 1.0
        faces.append(it.faces[g])
        gids.append(it.gids[g])
        xs.append(base + it.offs[g] * size)
        advs.append(it.advs[g] * size * s)
        texts.append((text if g == 0 else "") if single_text else text[g])
        scales.append(s)
