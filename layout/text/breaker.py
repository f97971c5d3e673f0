"""Line breaking, first fit: greedy with push-in before push-out (the fallback of ``totalfit``).

clreq §3.1.4 order: punctuation is compressed first (it moves break points),
then push-in (先挤进: take the next unit when the line's compressible marks
and the line-end ½ em cut make room), then push-out (后推出: break earlier
and let justification spread the line). Break flags come from
``punct.break_flags``; an emergency break (inside a URL) is used only when
no ordinary break fits, and a unit longer than the measure becomes an
overfull line, never a clipped one.

The default breaker is the paragraph-level total fit (``layout.text.totalfit``);
this one serves other alignments, hanging punctuation and paragraphs with a
unit wider than the measure, and
bench/bench_galley.py compares the two.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import List, Tuple

from . import classes as C

EPS = 1e-6
LAST_RESORT_FILL = 0.75  # a last-resort break is taken when the ordinary one fills less than this
RELAX_OVER = 0.5  # em: a run of marks kept whole with its neighbour may leave a line this overfull (into the
# gutter, reported); wider, and the line would run over the next column: the run is cut between two marks


def first_fit(items, flags, measure: float, first_measure: float, hanging: bool = False,
              widths=None, shrinks=None) -> List[Tuple[int, int]]:
    """Inclusive (first, last) item ranges of each line, greedy with push-in (``widths``/``shrinks``: item fields)."""
    n = len(items)
    widths = [it.width for it in items] if widths is None else widths
    shrinks = [it.shrink for it in items] if shrinks is None else shrinks
    skip = _Skipper(widths, shrinks, flags)
    lines = []
    a = 0
    limit = first_measure
    hang_ok = C.HANGABLE if hanging else ()
    while a < n:
        end = _line_end(items, flags, a, limit, hang_ok, skip)
        lines.append((a, end))
        a = end + 1
        limit = measure
    return lines


class _Skipper:
    """Running sums of item widths and shrinks: where a line from item a certainly still fits, found by bisection.

    Up to there every break fits, so ``_line_end`` starts its item-by-item scan near the line's end
    instead of at its start (same result: the scan's state there follows from the sums).
    """

    def __init__(self, widths, shrinks, flags):
        self.ok = min(widths, default=0.0) >= 0.0 and min(shrinks, default=0.0) >= 0.0  # sums are monotonic
        self.pw = list(accumulate(widths, initial=0.0))
        self.ps = list(accumulate(shrinks, initial=0.0))
        self.twos = [i for i, f in enumerate(flags) if f == 2] if 2 in flags else []
        self.forced = -1  # the next forced break (flag 3; the last item always has one)

    def fitting_until(self, flags, a: int, room: float) -> int:
        """The last item j before the next forced break with widths a..j <= room (a - 1 when none)."""
        if not self.ok:
            return a - 1
        if self.forced < a:
            self.forced = flags.index(3, a)
        return bisect_right(self.pw, self.pw[a] + room, a + 1, self.forced + 1) - 2

    def last_resort_before(self, a: int, j: int) -> int:
        """The last item in a..j whose flag is 2 (a URL cut), else -1."""
        k = bisect_right(self.twos, j) - 1
        return self.twos[k] if k >= 0 and self.twos[k] >= a else -1


def _line_end(items, flags, a: int, limit: float, hang_ok, skip: _Skipper) -> int:
    """The last item of the line starting at item a: the last break that fits, push-in first (clreq §3.1.4)."""
    first = items[a]
    lead = first.lcut
    lead_shrink = min(first.shrink, first.lcut)
    best = best_last = -1
    best_w = 0.0
    j = skip.fitting_until(flags, a, limit + lead)  # items a..j fit even without compressing anything
    if j >= a:
        best = j
        while best >= a and flags[best] != 1:
            best -= 1
        if best < a:
            best = -1
        else:
            best_w = skip.pw[best + 1] - skip.pw[a] - lead - items[best].rcut
        best_last = skip.last_resort_before(a, j)
    w = skip.pw[j + 1] - skip.pw[a] - lead
    s = skip.ps[j + 1] - skip.ps[a] - lead_shrink
    n = len(items)
    i = j + 1
    while i < n:
        it = items[i]
        w += it.width
        s += it.shrink
        f = flags[i]
        if f:
            rc = it.rcut
            if w - rc - (s - (it.shrink if it.shrink < rc else rc)) <= limit + EPS:
                if f == 1 or f == 3:
                    best, best_w = i, w - rc
                else:
                    best_last = i
            elif hang_ok and it.text in hang_ok and i > a and w - it.width - (s - it.shrink) <= limit + EPS \
                    and items[i - 1].kind not in _MARKS:
                best = i
            if f == 3:
                break
        if w - s - 1.0 > limit:
            break
        i += 1
    end = best if best >= 0 else best_last
    if best_last > best >= 0 and best_w < limit * LAST_RESORT_FILL:
        end = best_last  # a URL cut beats a line left three-quarters empty
    if end < 0:
        end = _relaxed(items, a, limit)  # only a run like 。』」 wider than the line falls back to level "none"
    if end < 0:
        end = _shortest(flags, a, n)  # nothing legal fits: an overfull line, reported by the caller
    return end


_MARKS = frozenset((C.OPEN, C.CLOSE, C.PAUSE, C.STOP, C.QE, C.INTER))


def _relaxed(items, a: int, limit: float) -> int:
    """The last boundary between two marks where the line from item a fits, -1 if none.

    clreq §3.1.4: only a run of marks like 。』」 that cannot fit any line whole (alone, or with the
    character it is bound to, more than ``RELAX_OVER`` over) may fall back to level "none" locally, and
    only between two of its marks. A single mark next to anything else (a 《 before a long number, a ，
    after one) stays with its neighbour, and the line is reported overfull instead of breaking a
    prohibition silently.
    """
    n = len(items)
    w = -items[a].lcut
    s = -min(items[a].shrink, items[a].lcut)
    end = -1
    run_end = -1  # last item of the current run of marks once known to be too wide, else -1
    for i in range(a, n - 1):
        it = items[i]
        w += it.width
        s += it.shrink
        if w - it.rcut - s > limit + EPS:
            break
        if it.kind not in _MARKS or items[i + 1].kind not in _MARKS:
            continue
        if i > run_end:
            run_end = _wide_mark_run_end(items, i, limit)
        if run_end >= 0:
            end = i
    return end


def _wide_mark_run_end(items, i: int, limit: float) -> int:
    """The last item of the run of marks around item i when that run is wider than ``limit`` set alone, or
    with the neighbour kinsoku binds it to (多 before 》》…, 开 after 《《…) more than ``RELAX_OVER`` wider;
    else -1."""
    lo, hi, n = i, i, len(items)
    while lo > 0 and items[lo - 1].kind in _MARKS:
        lo -= 1
    while hi < n - 1 and items[hi + 1].kind in _MARKS:
        hi += 1
    w, s = line_extent(items, lo, hi)
    if w - s > limit + EPS:
        return hi
    bound_lo = lo - 1 if lo > 0 and (items[lo].no_start or items[lo - 1].no_end) else lo
    bound_hi = hi + 1 if hi < n - 1 and (items[hi].no_end or items[hi + 1].no_start) else hi
    w, s = line_extent(items, bound_lo, bound_hi)
    return hi if w - s > limit + RELAX_OVER else -1


_ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))


def _shortest(flags, a: int, n: int) -> int:
    """The first break at or after item a (an overfull line)."""
    for i in range(a, n):
        if flags[i]:
            return i
    return n - 1


def line_extent(items, a: int, b: int) -> Tuple[float, float]:
    """(natural width, available shrink) in em of items a..b set as one line."""
    first, last = items[a], items[b]
    w = s = 0.0
    for k in range(a, b + 1):
        it = items[k]
        w += it.width
        s += it.shrink
    w -= first.lcut + (last.rcut if b != a else last.rcut)
    s -= min(first.shrink, first.lcut) + (min(last.shrink, last.rcut) if b != a else 0.0)
    return w, max(0.0, s)


def fix_orphan(items, flags, lines, measure: float, min_chars: int) -> List[Tuple[int, int]]:
    """Pull units down from the previous line until the last line holds min_chars characters (clreq §3.5.4)."""
    if len(lines) < 2 or min_chars <= 0:
        return lines
    while len(lines) >= 2:
        a, b = lines[-2]
        c, d = lines[-1]
        if _count_chars(items, c, d) >= min_chars or _count_chars(items, a, d) < min_chars + 1:
            return lines
        j = b - 1
        while j >= a and not (flags[j] == 1):
            j -= 1
        if j < a or _count_chars(items, a, j) == 0:
            return lines
        w, s = line_extent(items, j + 1, d)
        if w - s > measure + EPS:
            return lines
        lines[-2:] = [(a, j), (j + 1, d)]
    return lines


def fix_lonely(items, flags, lines, measure: float) -> List[Tuple[int, int]]:
    """Give a non-final one-unit line the previous line's last unit(s) so both can be justified (clreq §3.5).

    A lone unit cannot be spread to the measure (均排 needs a gap between two characters); the remedy is
    the one clreq §3.5.4 gives for a 孤字 last line: pull the previous line's last units down, at its last
    ordinary break, when the line then still fits and the previous line keeps at least two units.
    """
    for k in range(1, len(lines) - 1):
        c, d = lines[k]
        if flags[d] == 3 or _units(items, c, d) != 1:
            continue
        w, s = line_extent(items, c, d)
        if w >= measure - EPS:
            continue  # already flush (or overfull): nothing to spread
        a, b = lines[k - 1]
        for j in range(b - 1, a - 1, -1):
            if flags[j] != 1:
                continue
            w, s = line_extent(items, j + 1, d)
            if w - s <= measure + EPS and _units(items, a, j) >= 2:
                lines[k - 1], lines[k] = (a, j), (j + 1, d)
            break
    return lines


def _units(items, a: int, b: int) -> int:
    """The units of items a..b that are not spaces."""
    return sum(1 for k in range(a, b + 1) if items[k].kind != C.SPACE)


def _count_chars(items, a: int, b: int) -> int:
    counted = C.ORPHAN_COUNTED
    return sum(len(items[k].text) if items[k].kind != C.HAN else 1 for k in range(a, b + 1) if items[k].kind in counted)
