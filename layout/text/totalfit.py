"""Paragraph-level line breaking: a Knuth–Plass total fit adapted to Chinese text.

The default breaker. Every legal break (``punct.break_flags``: kinsoku is
absolute, a forbidden break is never a candidate) is a node; a line from
node to node is priced in O(1) from prefix sums of the items' widths,
shrinks and justifiable gaps, and the cheapest sequence of lines wins.

Line model (em, one line from item a to item b):

* natural width N: item widths minus the line-start cut of item a (an
  opening bracket's blank) and the line-end cut of item b (GB/T 15834
  §5.1.10: a line-end mark takes ½ em; a trailing space vanishes);
* shrink Z: the mid-line punctuation and Han–Latin compression of the
  items (clreq §3.5 reduction; 挤进, squeezing a line in);
* stretch: word spaces and Han–Latin gaps up to ½ em first (fixed stretch
  Y), then every justifiable gap G equally (clreq §3.5 expansion; 推出,
  pushing characters out, leaves such a line).

Badness (``LineCosts``): a squeezed line costs 10·(need/Z)³; a spread line
50·(used/Y) + 100·(g/g₀)³ with g the space added per gap and g₀ =
1/measure, so fully compressing one mark (10) is cheaper than pushing even
half a character out of a line (≈ 100·(k/(2k−2))³ ≥ 12), as clreq's
先挤进，后推出 asks. Demerits (10 + badness)² plus penalties: a URL cut
(last resort after "/"; far dearer after "." "_" "-", dearest between two
characters of a piece wider than the measure, so an address never runs
into the gutter), a last line shorter than ``orphan_min`` characters (孤字,
clreq §3.5.4), a line looser than 0.19 em per gap (what the render report
lists as loose), and a loose line after a loose line (TeX's adjdemerits).
One state per break; only lines within ``max_slack`` of the measure are
priced unless none is (then every shorter line is).

Sources: Knuth & Plass 1981 (TeX's demerits); clreq §3.1.4 (prohibition,
先挤进后推出), §3.5 (adjustment priorities); JLREQ §3.8; Typst's
inline/linebreak.rs cost shape (cubic badness, squared demerits).
Returns None when some unit cannot fit any line (the caller then uses the
first-fit breaker, which reports the overfull line).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import List, Optional, Tuple

from . import classes as C
from .columns import Columns
from .linecosts import COSTS, LineCosts
from .punct import BREAK_FORCED as FORCED
from .punct import BREAK_LAST_RESORT as LAST_RESORT

EPS = 1e-6
INF = float("inf")
SPACE_MAX = 0.5  # em: word spaces stretch to this before gaps between characters (clreq §3.5 expansion 1)


def total_fit(cols, flags, measure: float, first_measure: float, orphan_min: int = 2, tracking: float = 0.0,
              costs: LineCosts = COSTS) -> Optional[List[Tuple[int, int]]]:
    """Inclusive (first, last) item ranges of the cheapest set of lines, or None when a unit cannot fit."""
    if not flags:
        return []
    if _fits_one_line(cols, flags, first_measure, tracking):
        return [(0, len(flags) - 1)]
    sums = _Sums(cols, flags, tracking, orphan_min, costs)
    bound = _bound(sums, measure, costs)
    prev = _search(sums, first_measure, measure, bound)
    if prev is None and bound < INF:
        prev = _search(sums, first_measure, measure, INF)
    return None if prev is None else _ranges(prev)


def _ranges(prev) -> List[Tuple[int, int]]:
    """Inclusive (first, last) item ranges of the lines ending at the paragraph's last item, from each line
    end's best previous one (-1: the paragraph's start)."""
    out, k = [], len(prev) - 1
    while k >= 0:
        p = prev[k]
        out.append((p + 1, k))
        k = p
    out.reverse()
    return out


def _fits_one_line(cols, flags, first_measure: float, tracking: float) -> bool:
    """True when the whole paragraph fits its first line unsqueezed and has no forced break before its end.

    Then one line is the cheapest set (one line's demerits, any other set has two lines or more, and a
    short last line is no shorter), so the search is skipped: headlines, bylines and list items.
    """
    n = len(flags)
    if flags.count(FORCED) != 1 or flags[-1] != FORCED:
        return False
    items = cols.items  # a plain Han character has no cut: the first and last items' own cuts are the line's
    natural = sum(cols.width) - items[0].lcut - items[n - 1].rcut + tracking * (n - 1)
    return natural <= first_measure + EPS


class _Sums:
    """A paragraph's prefix sums (widths, shrinks, justifiable gaps, fixed stretch) and line ends, built once.

    Everything is indexed by item: a line may end after item i when ``flags[i]`` (its break flag) is nonzero,
    and the pricing loop steps over the others. The per-item lists are C-level passes (``accumulate``,
    slices); only the special items' cuts are taken in by a Python loop.
    """

    cols: Columns
    flags: List[int]
    tracking: float
    orphan_min: int
    costs: LineCosts
    pw: List[float]  # prefix sums: widths, shrinks, justifiable gaps (ints), fixed stretch
    ps: List[float]
    pg: List[int]
    py: Optional[List[float]]
    forced: List[int]
    nat: List[float]  # per line end: natural end, shrink end, gaps
    zend: List[float]
    gend: List[int]
    pwl: List[float]  # per line start: widths and shrinks with the line-start cut
    psl: List[float]
    stop_after: float
    squeezed_min: Optional[List[float]]
    lr: Optional[List[float]]

    def __init__(self, cols: Columns, flags: List[int], tracking: float, orphan_min: int, costs: LineCosts) -> None:
        self.cols, self.flags, self.tracking, self.orphan_min, self.costs = cols, flags, tracking, orphan_min, costs
        self.pw = pw = list(accumulate(cols.width, initial=0.0))
        self.ps = ps = list(accumulate(cols.shrink, initial=0.0))
        self.pg = pg = list(accumulate(cols.gap_ok, initial=0))
        self.py = _space_stretch(cols)
        self.forced = _positions(flags, FORCED)
        # per line end (after item i): natural end (line-end cut taken off, tracking added), shrink end, gaps
        self.nat = pw[1:]
        self.zend = ps[1:]
        self.gend = pg  # copied when a word space at a line end takes the gap before it away
        # per line start (at item a): widths and shrinks with its line-start cut (copies of pw and ps made
        # when some item has one: an opening bracket)
        self.pwl, self.psl = pw, ps
        widest, spaces = self._cut_special(cols, flags)
        self.stop_after = widest + EPS
        if tracking:
            self.nat = [x + tracking * i for i, x in enumerate(self.nat)]
            for i in spaces:  # a line ending in a word space loses its tracking too (set_line counts the gaps
                self.nat[i] -= tracking  # between what is drawn)
        # When a line can stop pricing longer lines. N - Z (natural less shrink) grows along a line but for the
        # line-end cut of its last item (its blank less the shrink that blank holds) as long as no item adds
        # less than nothing (width >= shrink always; tracking >= 0): then once a fully squeezed line is over by
        # more than the largest such cut (``stop_after``), every longer line is too. Under negative tracking:
        # ``squeezed_min``, the narrowest squeezed end (natural less shrink from the paragraph's start) at a
        # line end at item i or later.
        self.squeezed_min = None
        if tracking < 0:
            ends = [x - z if f else INF for x, z, f in zip(self.nat, self.zend, flags)]
            self.squeezed_min = list(accumulate(reversed(ends), min))[::-1]
            self.stop_after = -INF
        lr, levels, resort = costs.last_resort, costs.resort_levels, cols.resort
        self.lr = None
        if LAST_RESORT in flags:  # a break inside a URL or after a measure word: priced per its resort level
            self.lr = [0.0] * len(flags)
            for i in _positions(flags, LAST_RESORT):
                self.lr[i] = lr + levels[resort.get(i + 1, 0)]

    def _cut_special(self, cols: Columns, flags: List[int]) -> Tuple[float, List[int]]:
        """Take the special items' cuts into the sums (plain Han characters have none): a line-start cut
        (and the shrink it holds) into ``pwl``/``psl``, a line-end cut into ``nat``/``zend``; a line ending
        in a word space loses the gap before it. Returns (the largest line-end cut less the shrink it holds,
        the word spaces a line can end at)."""
        items, kinds, ok = cols.items, cols.kind, cols.gap_ok
        nat, zend, pwl, psl = self.nat, self.zend, self.pwl, self.psl
        widest, spaces = 0.0, []
        for i in cols.special:
            it = items[i]
            lcut, rcut, z = it.lcut, it.rcut, it.shrink
            if lcut:
                if pwl is self.pw:
                    self.pwl, self.psl = pwl, psl = pwl.copy(), psl.copy()
                pwl[i] += lcut
                psl[i] += z if z < lcut else lcut
            held = z if z < rcut else rcut
            if rcut - held > widest:
                widest = rcut - held
            if flags[i] and (rcut or kinds[i] == C.SPACE):
                nat[i] -= rcut
                zend[i] -= held
                if kinds[i] == C.SPACE and i:  # a line ending in a word space: the gap before it vanishes with it
                    if self.gend is self.pg:
                        self.gend = self.pg.copy()
                    self.gend[i] -= ok[i - 1]
                    spaces.append(i)
        return widest, spaces


def _positions(values: list, value) -> List[int]:
    """Every index of ``value`` in ``values`` (list.index scans in C; the values sought are rare)."""
    out, k = [], -1
    try:
        while True:
            k = values.index(value, k + 1)
            out.append(k)
    except ValueError:
        return out


def _bound(s: _Sums, measure: float, costs: LineCosts) -> float:
    """A demerit budget for the pruned pass: ``good_line`` per line the paragraph needs, plus ``push_out``.

    A paragraph whose best breaks stay within it (nearly all: lines set solid, squeezed or slightly spread)
    is found by a pass that skips every line start already dearer than the budget; the search is exact
    because a skipped start could only lead to a dearer paragraph. Over budget, the full pass runs.
    """
    lines = 1.0 + (s.nat[-1] - s.zend[-1]) / measure if measure > 0 else INF
    return lines * costs.good_line + costs.push_out


def _search(s: _Sums, first_measure: float, measure: float, bound: float = INF):
    """The best previous break of every break (Knuth–Plass forward pass), None when the end is unreachable
    or (with a finite ``bound``) dearer than ``bound``.

    Each line start tries the lines within ``max_slack`` of the measure first (found by bisection on the
    prefix widths) and every line only when none of those fits; ``_pricer`` prices the lines from one start.
    ``prev`` and the costs are indexed by item: a line ends after item i.
    A start whose cost plus one more line exceeds ``bound`` is skipped.
    """
    nb = len(s.flags)
    cost, prev, loose = [INF] * nb, [-1] * nb, [False] * nb
    g0s = [1.0 / min(max(1.0 / w, s.costs.g0_min), s.costs.g0_max) if w > 0 else 1.0 / s.costs.g0_max
           for w in (first_measure, measure)]
    price = _pricer(s, cost, prev, loose)
    min_line = s.costs.line_penalty ** 2 - 1.0  # every line costs (line_penalty + badness)², badness >= -tiny
    pw, forced, slack_max = s.pw, s.forced, s.costs.max_slack
    jf = nb - 1 if len(forced) == 1 else None  # the usual paragraph: no forced break before its end
    for k0 in range(-1, nb - 1):
        if k0 >= 0:
            base = cost[k0]
            if base + min_line > bound or base == INF:
                continue  # no line ends here (INF + a line is no more than an INF bound), or none that can
                # lead to a paragraph within the budget
            W, inv_g0 = measure, g0s[1]
        else:
            base, W, inv_g0 = 0.0, first_measure, g0s[0]
        a = k0 + 1
        last = jf if jf is not None else forced[bisect_left(forced, a)]  # no line runs past a forced break
        j = bisect_left(pw, pw[a] + W - slack_max, a + 1) - 1  # the first end with pw[j + 1] that far: shorter
        # lines are too loose (pw never falls: widths are not negative)
        if not price(k0, a, j if j < last else last, base, W, inv_g0):  # a short last line (or before a hard
            price(k0, a, a if a < last else last, base, W, inv_g0)  # break) is fine
    return prev if cost[nb - 1] <= bound and cost[nb - 1] < INF else None


def _pricer(s: _Sums, cost: List[float], prev: List[int], loose: List[bool]):
    """price(k0, a, j, base, W, inv_g0): price every line from item a (after a line ending at item k0) ending
    at item j or later and relax the line ends it reaches; False if none fits. A closure over the
    paragraph's columns, so a line start costs no attribute look-ups.

    Stops at a forced break or when no line from this start ending there or later can be squeezed into the
    measure (``_Sums.stop_after``, or ``_Sums.squeezed_min`` under negative tracking: exact either way).
    """
    nat, zend, gend, fb, lr, costs = s.nat, s.zend, s.gend, s.flags, s.lr, s.costs  # typed by _Sums: C doubles
    pwl, psl, pg, py, tracking, nb = s.pwl, s.psl, s.pg, s.py, s.tracking, len(s.nat)  # and ints when compiled
    lp, lim_loose, very, very_cost = costs.line_penalty, costs.loose, costs.very_loose, costs.very_loose_cost
    squeeze, fixed, ragged, runt, adjacent = (costs.squeeze, costs.fixed_stretch, costs.ragged, costs.runt,
                                              costs.adjacent_loose)
    short_last = _short_last if s.orphan_min > 1 else None
    cols, orphan_min, squeezed_min, stop_after = s.cols, s.orphan_min, s.squeezed_min, s.stop_after

    def price(k0: int, a: int, j: int, base: float, W: float, inv_g0: float) -> bool:
        start = pwl[a] + tracking * a  # natural width of a line = nat[j] - start
        zstart, pga = psl[a], pg[a]
        ya = py[a] if py is not None else 0.0
        was_loose = loose[k0] if k0 >= 0 else False
        w_eps, w_stop, found = W + EPS, W + stop_after, False
        while j < nb:
            f = fb[j]
            if not f:  # no break after this item (kinsoku, inside a unit)
                j += 1
                continue
            N = nat[j] - start
            is_loose, extra = False, 0.0
            if N > w_eps:
                Z = zend[j] - zstart
                if N - W > Z + EPS:
                    if N - Z > w_stop and (squeezed_min is None or squeezed_min[j] > w_eps + start - zstart):
                        break  # every longer line is overfull too (squeezed_min: the same from the paragraph start)
                    j += 1
                    continue
                r = (N - W) / Z
                bad = squeeze * r * r * r
            elif f == FORCED:
                bad = 0.0
            else:
                slack, bad = W - N, 0.0
                if py is not None:
                    Y = py[j] - ya
                    if Y > 0.0:
                        used = slack if slack < Y else Y
                        slack -= used
                        bad = fixed * used / Y
                G = gend[j] - pga
                if G > 0:
                    per = slack / G
                    g = per * inv_g0
                    bad += 100.0 * g * g * g
                    is_loose = per > lim_loose
                    if per > very:
                        extra = very_cost
                elif slack > EPS:
                    bad = ragged
            d = (lp + bad) * (lp + bad) + extra
            if f == LAST_RESORT and lr is not None:
                d += lr[j]
            elif f == FORCED and short_last is not None and short_last(cols, a, j, orphan_min):
                d += runt
            if is_loose and was_loose:
                d += adjacent
            if base + d < cost[j]:
                cost[j], prev[j], loose[j] = base + d, k0, is_loose
            found = True
            if f == FORCED:
                break
            j += 1
        return found

    return price


def _space_stretch(cols):
    """Prefix sums over gaps of the fixed stretch (word spaces to ½ em, Han–Latin gaps to ½ em), or None."""
    kinds, widths = cols.kind, cols.width
    room = cols.latin_room()
    if room is None and C.SPACE not in kinds:
        return None
    per = list(room) if room is not None else [0.0] * len(kinds)
    for k in cols.special:  # a word space is always a special item
        if kinds[k] == C.SPACE and widths[k] < SPACE_MAX:
            per[k] += SPACE_MAX - widths[k]
    return list(accumulate(per, initial=0.0))


def _short_last(cols, a: int, b: int, orphan_min: int) -> bool:
    """True when items a..b hold fewer than orphan_min counted characters (a 孤字 last line)."""
    kinds, texts = cols.kind, cols.text
    counted = C.ORPHAN_COUNTED
    total = 0
    for k in range(a, b + 1):
        if kinds[k] in counted:
            total += 1 if kinds[k] == C.HAN else len(texts[k])
            if total >= orphan_min:
                return False
    return True
