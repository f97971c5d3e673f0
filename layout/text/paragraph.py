"""A paragraph becomes justified lines of positioned glyphs (clreq §3.1, §3.5, §3.6).

Pipeline: segment into units -> writing-mode pass -> house-style punctuation
widths -> Han–Latin gaps -> break flags (kinsoku) -> line breaking (the
paragraph-level total fit of ``totalfit``, push-in before push-out, orphan
control included; first fit as its fallback) -> per line: line-start /
line-end cuts, then justification by clreq §3.5 priorities:

* reduce first, by priority (interpuncts, brackets, ，、；, Han–Latin gaps,
  。？！), several instances of one kind equally;
* expand: word spaces up to ½ em, then Han–Latin gaps up to ½ em, then every
  gap between characters equally (a word space takes the shares of the gaps
  on both its sides), never inside a unit (an address, a number with its
  measure word) and never beside connectors or the solidus;
* the last line keeps its natural width (``last_line`` alignment); a non-final
  line left short by kinsoku is spread evenly (均排) by the same rule;
* a justified line looser than 0.2 em per gap goes into the report
  (``Report.loose_lines``), as do overfull and ragged lines.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate, compress, repeat
from operator import add, index, mul
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from ..report import LooseLine, MissingGlyph, Overfull, Report, Where
from . import classes as C
from .breaker import first_fit, fix_lonely, fix_orphan
from .columns import Columns
from .items import Item
from .line import Line, Prepared
from .metrics import HORIZONTAL, metrics_for
from .punct import apply_han_latin_space, apply_house_style, break_flags
from .segment import Segmenter
from .style import ParagraphStyle
from .totalfit import total_fit

EPS = 1e-6
SPACE_MAX = 0.5  # em, word spaces expand up to this first (clreq §3.5 expansion priority 1)
LOOSE = 0.2  # em per gap: a justified non-final line looser than this is reported (issue 10)


Run = Tuple[int, int, Any]  # (start, end, face: an object with ``font`` and ``weight``) of a paragraph's text


def set_paragraph(text: str, style: ParagraphStyle, fontset, measure_pt: float,
                  report: Optional[Report] = None, where: Optional[Where] = None,
                  runs: Optional[Sequence[Sequence[Any]]] = None) -> List[Line]:
    """Break and justify one paragraph into Lines of at most ``measure_pt`` (overfull lines are reported).

    ``runs``: (start, end, face) ranges of ``text`` set in another face (any object with ``font`` and
    ``weight``, e.g. a ParagraphStyle), such as a run-in byline: their items take that face's glyphs and widths.
    """
    p = prepare_paragraph(text, style, fontset, measure_pt, report, where, runs)
    if p is None:
        return []
    items, starts, cols, flags, measure, first_measure = p.items, p.starts, p.cols, p.flags, p.measure, p.first_measure
    ranges = None
    if style.breaker == "total-fit" and not style.hanging and style.align == "justify":  # both directions
        ranges = total_fit(cols, flags, measure, first_measure, style.orphan_min, style.tracking)
    if ranges is None:  # first fit: other alignments, hanging marks, or a unit wider than the measure
        ranges = first_fit(items, flags, measure, first_measure, style.hanging, cols.width, cols.shrink)
        ranges = fix_orphan(items, flags, ranges, measure if len(ranges) > 1 else first_measure, style.orphan_min)
        if style.align == "justify":
            ranges = fix_lonely(items, flags, ranges, measure)
    lines = []
    last, vertical, ends = len(ranges) - 1, style.writing_mode != HORIZONTAL, starts[1:] + [len(text)]
    for k, (a, b) in enumerate(ranges):
        start, end = starts[a], ends[b]
        line = set_line(items, cols, a, b, measure if k else first_measure, style, k == last,
                        style.indent if k == 0 else 0.0, (start, end, text[start:end], flags[b] == 0))
        if vertical:
            line.metrics = p.metrics  # its run builder asks the metrics for em boxes and mark shifts
        lines.append(line)
    if report is not None:
        _report_lines(report, lines, where)
    return lines


def prepare_paragraph(text: str, style: ParagraphStyle, fontset, measure_pt: float,
                      report: Optional[Report] = None, where: Optional[Where] = None,
                      runs: Optional[Sequence[Sequence[Any]]] = None) -> Optional[Prepared]:
    """The paragraph ready to break (items, break flags, columns, measures in em), None when it has no items:
    everything ``set_paragraph`` does before choosing the breaks."""
    metrics = metrics_for(fontset, style.font, style.weight, style.writing_mode, style.vertical)
    measure = measure_pt / style.size
    if style.grid:
        measure = float(math.floor(measure + 1e-6))
    seg = Segmenter(metrics, style)
    seg.max_chunk = measure  # em: an address piece wider than the measure is cut between characters
    spans: List[Run] = [(index(r[0]), index(r[1]), r[2]) for r in runs or () if r[1] > r[0]]  # any sequences
    items, starts = seg.segment(text, None if spans else report, where)
    if not items:
        return None
    owners = None
    if spans:
        items, owners = _apply_runs(text, items, starts, spans, seg, fontset, style, report, where)
    items = metrics.orient_items(items, owners)
    apply_house_style(items, style, seg.special)
    apply_han_latin_space(items, style, seg.special)
    flags = break_flags(items, seg.url_cont, seg.special)
    cols = Columns(items, style.size, seg.special, style.han_latin_space)
    for i in seg.tight:  # an address or a number with its measure word is never spread inside
        cols.gap_ok[i - 1] = False
    cols.resort = seg.resort
    return Prepared(items, starts, cols, flags, measure, measure - style.indent, metrics)


def _report_lines(report: Report, lines: List[Line], where: Optional[Where]) -> None:
    """Report a paragraph's overfull and ragged lines, and its justified non-final lines looser than LOOSE."""
    story = (where.file if where else "") or "text"
    for k, line in enumerate(lines):
        if line.overfull or line.ragged:
            report_line(report, line, story)
        if line.spread > LOOSE and not line.is_last:
            report.loose_lines.append(LooseLine(story, where.paragraph if where else 0, k + 1, line.text, line.spread))


def _apply_runs(text: str, items, starts, runs: Sequence[Run], seg: Segmenter, fontset, style: ParagraphStyle,
                report: Optional[Report], where: Optional[Where]) -> tuple:
    """(items, owners): items with those inside each run re-made from the run's face (same boundaries, so
    break data holds), and item index -> the run face's metrics for each item replaced in another face.

    Each run's text is segmented alone with its face's metrics; a body item whose start and end match a run
    item is replaced by it. An item straddling a run's edge keeps the body face (warned). Missing glyphs are
    reported per face: the run's for its range, the body's elsewhere.
    """
    items, owners = list(items), {}
    ends = starts[1:] + [len(text)]
    index = {(a, b): i for i, (a, b) in enumerate(zip(starts, ends))}
    base = where or Where()
    for a, b, face in runs:
        m = metrics_for(fontset, face.font, face.weight, style.writing_mode, style.vertical)
        rseg = Segmenter(m, style)
        rseg.max_chunk = seg.max_chunk
        rwhere = Where(base.file, base.paragraph, base.offset + a, base.line)
        ritems, rstarts = rseg.segment(text[a:b], report, rwhere)
        rends = rstarts[1:] + [b - a]
        for item, s, e in zip(ritems, rstarts, rends):
            i = index.get((a + s, a + e))
            if i is not None and items[i].kind == item.kind:
                items[i] = item
                if m is not seg.m:
                    owners[i] = m
            elif report is not None:
                report.warn(f"{base.file or 'text'}: {text[a + s:a + e]!r} at the edge of a run in "
                            f"{face.font} is set in the paragraph's face ({style.font})")
    if report is not None:
        _report_missing_outside(text, runs, seg, report, base)
    return items, owners


def _report_missing_outside(text: str, runs: Sequence[Run], seg: Segmenter, report: Report, base: Where) -> None:
    """Report the paragraph face's missing glyphs outside the runs (the runs report their own)."""
    missing = seg.m.missing_chars
    if missing.isdisjoint(text):
        return
    inside: Set[int] = set()
    for a, b, _face in runs:
        inside.update(range(a, b))
    for k, ch in enumerate(text):
        if ch in missing and k not in inside:
            report.missing_glyphs.append(MissingGlyph(ch, seg.m.role, Where(base.file, base.paragraph,
                                                                            base.offset + k, base.line)))


def report_line(report: Report, line: Line, story: str) -> None:
    """Report an overfull line, and a justified non-final line left ragged, as a warning (nothing silent)."""
    if line.overfull:
        report.overfull.append(Overfull(story, line.text, line.width - line.measure))
    if line.ragged:
        report.warn(f"ragged line in {story}: {line.text!r} is {line.ragged:.2f} pt short of the measure "
                    "(a lone unit cannot be justified)")


def set_line(items: List[Item], cols: Columns, a: int, b: int, limit: float, style: ParagraphStyle, is_last: bool,
             indent: float, source=(0, 0, "", False)) -> Line:
    """Set items a..b as one line of ``limit`` em after ``indent`` em: cuts, justification, glyph positions.

    ``source``: the line's (start, end, text, relaxed) as ``Line`` keeps them (set_paragraph knows them).
    """
    widths = cols.width[a:b + 1]
    pens = cols.pen[a:b + 1]
    kinds = cols.kind[a:b + 1]
    n = b - a + 1
    lo, hi = _edges(kinds) if kinds[0] == C.SPACE or kinds[-1] == C.SPACE else (0, n - 1)
    if lo or hi < n - 1:
        for k in [*range(lo), *range(hi + 1, n)]:
            widths[k] = 0.0  # spaces at the line's edges vanish (they are not drawn either)
    first, last = items[a + lo], items[a + hi]
    lcut, rcut = first.lcut, last.rcut if hi != lo or n == 1 else 0.0
    widths[lo] -= lcut
    pens[lo] -= lcut
    widths[hi] -= rcut
    tracking = style.tracking
    natural = sum(widths) + tracking * (hi - lo)
    hang = 0.0
    if style.hanging and natural > limit + EPS and hi > lo and last.text in C.HANGABLE:
        hang = widths[hi]
    gaps = [tracking] * n
    delta = limit + hang - natural
    spread = 0.0
    justify = style.align == "justify" if not is_last else style.last_line == "justify"
    if delta < -EPS:
        shrink = cols.shrink[a:b + 1]
        shrink[lo] = max(0.0, shrink[lo] - lcut)
        shrink[hi] = max(0.0, shrink[hi] - rcut)
        delta = _reduce(items, a, widths, pens, shrink, -delta, lo, hi)
    elif delta > EPS and justify:
        delta, spread = _expand(cols, a, widths, gaps, delta, lo, hi, kinds)
    ragged = delta if justify and not is_last and delta > EPS and kinds[lo] != C.SPACE else 0.0
    shift = 0.0
    align = style.last_line if is_last else style.align
    if delta > EPS:
        shift = delta / 2 if align == "center" else delta if align == "end" else 0.0
    size = style.size
    faces, gids, xs, advs, texts, scales = _place(items, cols, a, widths, pens, gaps, lo, hi, (indent + shift) * size,
                                                  size)
    extent = indent + shift + sum(widths) + (sum(gaps[lo:hi]) if tracking or lo or hi < n - 1 else sum(gaps))  # the
    # last gap holds the tracking, 0.0 without
    vertical = style.writing_mode != HORIZONTAL
    start, end, text, relaxed = source
    return Line(faces, gids, xs, advs, texts, scales, extent * size, (limit + indent) * size, (natural + indent) * size,
                is_last, extent - hang > limit + indent + 1e-4, start, end, size, indent * size, hang * size,
                style.writing_mode, _orients(items, cols, a + lo, a + hi) if vertical else None, style.fill, text,
                hi - lo + 1, relaxed, ragged * size, spread)


def _orients(items: List[Item], cols: Columns, lo: int, hi: int) -> List[Optional[str]]:
    """Per-glyph orientation of items lo..hi set by the writing mode's orient_items pass (same glyph order as
    _place)."""
    if items[lo].kind == C.SPACE:  # a line of spaces only: nothing is drawn
        return []
    plain = [it.orient for it in items[lo:hi + 1]]
    if cols.single_glyphs(lo, hi + 1) and tuple not in set(map(type, plain)):
        return plain  # one glyph per item, one orientation each: the usual line
    out: List[Optional[str]] = []
    for it in items[lo:hi + 1]:
        o = it.orient
        if o.__class__ is tuple:
            out.extend(o)
        elif len(it.gids) == 1:
            out.append(o)
        else:
            out.extend([o] * len(it.gids))
    return out


def _edges(kinds: List[int]) -> Tuple[int, int]:
    """Indices of the first and last items that are not spaces (spaces at line edges vanish)."""
    lo, hi = 0, len(kinds) - 1
    while lo < hi and kinds[lo] == C.SPACE:
        lo += 1
    while hi > lo and kinds[hi] == C.SPACE:
        hi -= 1
    return lo, hi


def _reduce(items: List[Item], a: int, widths: List[float], pens: List[float], shrink: List[float], need: float,
            lo: int, hi: int) -> float:
    """Take ``need`` em from reducible items, priority by priority; returns the (negative) shortfall left."""
    by_prio: Dict[int, List[int]] = {}
    for k in compress(range(lo, hi + 1), shrink[lo:hi + 1]):  # the items with shrink > 0
        by_prio.setdefault(items[a + k].prio, []).append(k)
    for prio in sorted(by_prio):
        ks = by_prio[prio]
        total = sum(shrink[k] for k in ks)
        take = min(total, need)
        ratio = take / total
        for k in ks:
            it = items[a + k]
            cut = shrink[k] * ratio
            widths[k] -= cut
            if it.lcut > 0:  # opening brackets and gaps lose space on their start side first
                pens[k] -= cut * (it.lcut / (it.lcut + it.rcut))
        need -= take
        if need <= EPS:
            return 0.0
    return -need


def _expand(cols: Columns, a: int, widths: List[float], gaps: List[float], delta: float, lo: int, hi: int,
            kinds: List[int]) -> Tuple[float, float]:
    """Spread ``delta`` em by clreq §3.5: word spaces to ½ em, Han–Latin gaps to ½ em, then every gap equally.

    Returns (what is left, em added to each gap between characters in the last step).
    """
    if hi > lo and not any(kinds[lo:hi + 1] if lo or hi < len(kinds) - 1 else kinds):  # all Han (kind 0): every gap
        # takes an equal share
        each = delta / (hi - lo)
        gaps[lo:hi] = [gaps[lo] + each] * (hi - lo)  # every gap holds the same tracking so far
        return 0.0, each
    if C.SPACE in kinds:
        delta = _stretch_spaces(widths, delta, lo, hi, kinds)
        if delta <= EPS:
            return 0.0, 0.0
    delta = _stretch_latin_gaps(cols, a, gaps, delta, lo, hi)
    if delta <= EPS:
        return 0.0, 0.0
    ok = cols.gap_ok[a + lo:a + hi]
    count = sum(ok)
    if not count:  # a lone unit, or an address / number never spread inside: the line stays short (reported)
        return delta, 0.0
    each = delta / count
    if count == hi - lo and gaps.count(gaps[lo]) == len(gaps):  # every gap takes its share of the same: one sum
        gaps[lo:hi] = [gaps[lo] + each] * count
    elif count == hi - lo:  # (C-level, the same sums)
        gaps[lo:hi] = map(add, gaps[lo:hi], repeat(each, count))
    else:
        gaps[lo:hi] = [g + each if k else g for g, k in zip(gaps[lo:hi], ok)]
    return 0.0, each


def _stretch_spaces(widths: List[float], delta: float, lo: int, hi: int, kinds: List[int]) -> float:
    """clreq §3.5 expansion 1: word spaces inside the line grow evenly toward ½ em; returns the delta left."""
    spaces = [k for k in range(lo + 1, hi) if kinds[k] == C.SPACE and widths[k] < SPACE_MAX]
    if not spaces:
        return delta
    room = sum(SPACE_MAX - widths[k] for k in spaces)
    take = min(room, delta)
    for k in spaces:
        widths[k] += (SPACE_MAX - widths[k]) * take / room
    return delta - take


def _stretch_latin_gaps(cols: Columns, a: int, gaps: List[float], delta: float, lo: int, hi: int) -> float:
    """clreq §3.5 expansion 2: Han–Latin gaps grow evenly toward ½ em first; returns the delta left."""
    room = cols.latin_room()
    if room is None or not any(room[a + lo:a + hi]):
        return delta
    ks = [k for k in range(lo, hi) if room[a + k] > 0.0]
    total = sum(room[a + k] for k in ks)
    take = min(total, delta)
    for k in ks:
        gaps[k] += room[a + k] * take / total
    return delta - take


def _place(items: List[Item], cols: Columns, a: int, widths: List[float], pens: List[float], gaps: List[float], lo: int,
           hi: int, origin: float, size: float):
    """Per-glyph lists (faces, gids, xs, advances, texts, scales) in pt from the line origin."""
    if lo == hi and cols.kind[a + lo] == C.SPACE:
        return [], [], [], [], [], []  # a line of nothing but space draws nothing
    if lo or hi < len(widths) - 1:
        ws, gs, ps = widths[lo:hi + 1], gaps[lo:hi + 1], pens[lo:hi + 1]
    else:  # the usual line: nothing vanished at its edges
        ws, gs, ps = widths, gaps, pens
    sizes = repeat(size)  # C-level maps below: the same products and sums as a loop would make
    boxes = list(accumulate(map(mul, map(add, ws, gs), sizes) if any(gs) else map(mul, ws, sizes), initial=origin))
    first, end = a + lo, a + hi + 1
    clusters = cols.clusters  # cols.single_glyphs(first, end), without the call
    k = bisect_left(clusters, first)
    if k == len(clusters) or clusters[k] >= end:  # one glyph per item: glyph fields are slices of the paragraph's columns
        if any(ps):
            xs = list(map(add, boxes, map(mul, ps, sizes)))
        else:
            xs = boxes
            xs.pop()  # the end of the last box
        return (cols.face0[first:end], cols.gid0[first:end], xs, cols.adv_pt[first:end], cols.text[first:end],
                _ONES.get(end - first) or _ones(end - first))
    faces, gids, xs, advs, texts, scales = [], [], [], [], [], []
    for k, it in enumerate(items[first:end]):
        base = boxes[k] + ps[k] * size
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


_ONES: dict = {}


def _ones(n: int) -> tuple:
    """(1.0,) * n, one shared tuple per length (the scales of a line of unscaled glyphs)."""
    ones = _ONES.get(n)
    if ones is None:
        ones = (1.0,) * n
        if n <= 1024:  # a line longer than that (a 1,000-em measure) is not worth keeping
            _ONES[n] = ones
    return ones


def _place_cluster(it, base, size, faces, gids, xs, advs, texts, scales) -> None:
    """Append one item's glyphs: several glyphs (a cluster, a 纵中横 pair) or one scaled glyph."""
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
