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
* stretch: word spaces up to ½ em first, then every justifiable gap G
  equally (clreq §3.5 expansion; 推出, pushing characters out, leaves
  such a line).

Badness (``LineCosts``): a squeezed line costs 100·(need/Z)³; a spread line
100·(g/g₀)³ with g the space added per gap and g₀ = 1/measure, so fully
compressing one mark (100) is cheaper than pushing one character out of a
line (≈ 100·(k/(k−1))³), as clreq's 先挤进，后推出 asks. Demerits
(10 + badness)² plus penalties: a URL cut (last resort), a last line
shorter than ``orphan_min`` characters (孤字, clreq §3.5.4), and a loose
line (> ``LOOSE`` em per gap) after a loose line (TeX's adjdemerits).

Sources: Knuth & Plass 1981; clreq §3.1.4 (prohibition, 先挤进后推出),
§3.5 (adjustment priorities); JLREQ §3.8; the research memo's line model.
Returns None when some unit cannot fit any line (the caller then uses the
first-fit breaker, which reports the overfull line).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, compress
from typing import List, Optional, Tuple

from . import classes as C

EPS = 1e-6
INF = float("inf")
SPACE_MAX = 0.5  # em: word spaces stretch to this before gaps between characters (clreq §3.5 expansion 1)


@dataclass(frozen=True)
class LineCosts:
    """The constants of the cost model (see module docstring); one frozen value, shared."""

    line_penalty: float = 10.0  # TeX \\linepenalty: fewer lines are better
    g0_min: float = 0.03  # em per gap at badness 100 is 1/measure, kept inside [g0_min, g0_max]
    g0_max: float = 0.15
    max_slack: float = 3.0  # em: looser candidate lines are only tried when nothing else is left
    loose: float = 0.1  # em per gap: a line this loose after another one costs ``adjacent_loose``
    adjacent_loose: float = 5000.0
    last_resort: float = 10000.0  # a break inside a URL (after "/"), squared penalty
    runt: float = 1e13  # a last line shorter than orphan_min characters (clreq §3.5.4: avoid at almost any cost)
    ragged: float = 1e7  # badness of a non-final line that cannot be spread (one unit): the last choice
    very_loose: float = 0.19  # em per gap: a line looser than this (a reported loose line) costs ``very_loose_cost``
    very_loose_cost: float = 1e6
    fixed_stretch: float = 50.0  # badness of filling word spaces and Han–Latin gaps to ½ em (clreq §3.5 1-2)


COSTS = LineCosts()


def total_fit(cols, flags, measure: float, first_measure: float, orphan_min: int = 2, tracking: float = 0.0,
              costs: LineCosts = COSTS) -> Optional[List[Tuple[int, int]]]:
    """Inclusive (first, last) item ranges of the cheapest set of lines, or None when a unit cannot fit."""
    n = len(flags)
    if n == 0:
        return []
    brk = list(compress(range(n), flags))
    pw = list(accumulate(cols.width, initial=0.0))
    ps = list(accumulate(cols.shrink, initial=0.0))
    pg = list(accumulate(cols.gap_ok, initial=0))
    bw = [pw[b + 1] for b in brk]
    py = _space_stretch(cols)
    lc, rc, ml, mr = cols.cuts()
    nb = len(brk)
    forced = [k for k, b in enumerate(brk) if flags[b] == 3]
    cost = [INF] * nb
    prev = [-1] * nb
    loose = [False] * nb
    fl = flags
    _relax_from(0, -1, 0.0, False, first_measure, forced, brk, bw, pw, ps, pg, py, lc, rc, ml, mr, fl, cols,
                cost, prev, loose, orphan_min, tracking, costs)
    for k in range(nb - 1):
        c = cost[k]
        if c == INF:
            continue  # no line ends here (too close to every reachable start)
        _relax_from(brk[k] + 1, k, c, loose[k], measure, forced, brk, bw, pw, ps, pg, py, lc, rc, ml, mr, fl, cols,
                    cost, prev, loose, orphan_min, tracking, costs)
    if cost[nb - 1] == INF:
        return None
    out = []
    k = nb - 1
    while k >= 0:
        p = prev[k]
        out.append((brk[p] + 1 if p >= 0 else 0, brk[k]))
        k = p
    out.reverse()
    return out


def _space_stretch(cols):
    """Prefix sums over gaps of the fixed stretch (word spaces to ½ em, Han–Latin gaps to ½ em), or None."""
    kinds = cols.kind
    room = cols.latin_room()
    if room is None and C.SPACE not in kinds:
        return None
    per = list(room) if room is not None else [0.0] * len(kinds)
    for k, (kind, w) in enumerate(zip(kinds, cols.width)):
        if kind == C.SPACE and w < SPACE_MAX:
            per[k] += SPACE_MAX - w
    return list(accumulate(per, initial=0.0))


def _relax_from(a, k0, base, was_loose, W, forced, brk, bw, pw, ps, pg, py, lc, rc, ml, mr, fl, cols,
                cost, prev, loose, orphan_min, tracking, costs, window=True):
    """Price every candidate line starting at item a (after break ordinal k0) and relax the breaks it reaches.

    Lines looser than ``costs.max_slack`` are tried only when no other line can start at a (``window`` False).
    """
    pwa, psa, pga = pw[a], ps[a], pg[a]
    lca, mla = lc[a], ml[a]
    g0 = min(max(1.0 / W, costs.g0_min), costs.g0_max) if W > 0 else costs.g0_max
    inv_g0 = 1.0 / g0
    lp, lim_loose, adj = costs.line_penalty, costs.loose, costs.adjacent_loose
    nb = len(brk)
    j = bisect_left(bw, pwa + W - costs.max_slack, k0 + 1) if window else k0 + 1  # shorter: looser than max_slack
    jf = forced[bisect_left(forced, k0 + 1)]  # no line runs past a forced break (the last is always one)
    if jf < j:
        j = jf  # a short last line (or line before a hard break) is fine
    found = False
    while j < nb:
        b = brk[j]
        N = bw[j] - pwa - lca - rc[b]
        if tracking:
            N += tracking * (b - a)
        f = fl[b]
        is_loose = False
        if N > W + EPS:
            Z = ps[b + 1] - psa - mla - mr[b]
            need = N - W
            if need > Z + EPS:
                if N - Z > W + 1.5:
                    break  # every longer line is overfull too
                j += 1
                continue
            r = need / Z
            bad = 100.0 * r * r * r
        elif f == 3:
            bad = 0.0
        else:
            slack = W - N
            bad = 0.0
            if py is not None and b > a:
                Y = py[b] - py[a]
                if Y > 0.0:
                    used = min(slack, Y)
                    slack -= used
                    bad = costs.fixed_stretch * used / Y
            G = pg[b] - pga
            if G > 0:
                g = slack / G * inv_g0
                bad += 100.0 * g * g * g
                is_loose = slack / G > lim_loose
                if slack / G > costs.very_loose:
                    bad += costs.very_loose_cost
            elif slack > EPS:
                bad = costs.ragged
        d = (lp + bad) * (lp + bad)
        if f == 2:
            d += costs.last_resort
        elif f == 3 and orphan_min > 1 and _short_last(cols, a, b, orphan_min):
            d += costs.runt
        if is_loose and was_loose:
            d += adj
        t = base + d
        if t < cost[j]:
            cost[j] = t
            prev[j] = k0
            loose[j] = is_loose
        found = True
        if f == 3:
            break
        j += 1
    if not found and window:
        _relax_from(a, k0, base, was_loose, W, forced, brk, bw, pw, ps, pg, py, lc, rc, ml, mr, fl, cols,
                    cost, prev, loose, orphan_min, tracking, costs, False)


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
