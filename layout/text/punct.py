"""Punctuation width adjustment, Han–Latin spacing and break opportunities.

* House styles (clreq §3.1.6; xeCJK/ctex names): ``quanjiao`` every mark one
  em, adjacent marks compressed so a pair takes 1.5 em; ``kaiming`` 。？！
  full, other marks ½ em; ``banjiao`` every mark ½ em; ``plain`` no
  adjustment at all (the full grid look).
* Adjacent marks: a closing mark's right blank goes before another mark; an
  opening mark loses its left blank after another opening mark.
* Han–Latin gap (clreq §3.2.2): ``han_latin_space`` em between Han and
  Latin/digits, none at line edges (it is a line-edge cut), never next to
  punctuation. In grid mode a Latin run is widened to whole ems.
* Break opportunities per clreq §3.1.4 kinsoku at the style's level: 0 = no
  break, 1 = break, 2 = last resort (inside a URL), 3 = forced.
"""
from __future__ import annotations

import math
from typing import List

from . import classes as C
from .items import Item

MARK_KINDS = frozenset((C.OPEN, C.CLOSE, C.PAUSE, C.STOP, C.QE, C.INTER))
RUN_KINDS = frozenset((C.LATIN, C.DIGIT))
ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))
MIN_HAN_LATIN = 0.125  # the gap may shrink to ⅛ em (clreq §3.5 reduction priority 6)

BREAK_NO, BREAK_OK, BREAK_LAST_RESORT, BREAK_FORCED = 0, 1, 2, 3


def apply_house_style(items: List[Item], style) -> None:
    """Set each mark's cuts and shrink for the house style, then compress adjacent marks (in place)."""
    punct = style.punct
    prio_of = C.SHRINK_PRIORITY
    for it in items:
        if it.kind not in MARK_KINDS or (it.lcut == 0.0 and it.rcut == 0.0):
            continue
        if punct == "plain":
            it.lcut = it.rcut = 0.0
            continue
        if punct == "banjiao" or (punct == "kaiming" and it.kind not in C.KAIMING_FULL):
            it.width -= it.lcut + it.rcut
            it.pen -= it.lcut
            it.lcut = it.rcut = 0.0
            continue
        it.shrink = it.lcut + it.rcut
        it.prio = prio_of.get(it.kind, 5)
    if punct != "plain":
        _compress_adjacent(items)


def _compress_adjacent(items: List[Item]) -> None:
    """A pair of adjacent full-width marks takes 1.5 em (clreq §3.1.6.2)."""
    prev = None
    for it in items:
        if it.kind not in MARK_KINDS:
            prev = None
            continue
        if prev is not None:
            if prev.rcut > 0.0:  # 。」 ，“ ）（ : the first mark's right blank goes
                _cut_right(prev, prev.rcut)
            elif prev.lcut > 0.0 and it.lcut > 0.0:  # （“ : the second mark's left blank goes
                _cut_left(it, it.lcut)
        prev = it


def _cut_right(it: Item, amount: float) -> None:
    it.width -= amount
    it.rcut -= amount
    it.shrink = max(0.0, it.shrink - amount)


def _cut_left(it: Item, amount: float) -> None:
    it.width -= amount
    it.pen -= amount
    it.lcut -= amount
    it.shrink = max(0.0, it.shrink - amount)


def apply_han_latin_space(items: List[Item], style) -> None:
    """Put the Han–Latin gap on Latin/number runs next to Han characters; grid mode rounds runs to whole ems."""
    gap = style.han_latin_space
    n = len(items)
    for i, it in enumerate(items):
        kind = it.kind
        if kind == C.SPACE and gap > 0 and 0 < i < n - 1:
            a, b = items[i - 1].kind, items[i + 1].kind
            if (a == C.HAN and b in RUN_KINDS) or (a in RUN_KINDS and b == C.HAN):
                it.width = it.lcut = it.rcut = gap
            continue
        if kind not in RUN_KINDS:
            continue
        if style.grid:
            extra = math.ceil(it.width - 1e-6) - it.width
            it.width += extra
            it.pen += extra / 2
            continue
        if gap <= 0:
            continue
        if i > 0 and _ends_han(items[i - 1], -1) and not _ends_han(it, 0):
            it.width += gap
            it.pen += gap
            it.lcut += gap
            it.shrink += max(0.0, gap - MIN_HAN_LATIN)
            it.prio = 6
        if i < n - 1 and _ends_han(items[i + 1], 0) and not _ends_han(it, -1):
            it.width += gap
            it.rcut += gap
            it.shrink += max(0.0, gap - MIN_HAN_LATIN)
            it.prio = 6


def _ends_han(item: Item, end: int) -> bool:
    """True when the item's first (end=0) or last (end=-1) character is a Han character."""
    kind = item.kind
    if kind == C.HAN:
        return True
    return kind in RUN_KINDS and C.char_class(item.text[end]) == C.HAN


def _joins(left: str, right: str) -> bool:
    """True when two adjacent characters of Latin/number runs belong together (UAX #14 AL/NU/IS × AL/NU)."""
    cls = C.char_class
    return cls(left) in ALNUM and cls(right) in ALNUM


def break_flags(items: List[Item], url_cont=frozenset()) -> List[int]:
    """Break opportunity after each item (0 no, 1 yes, 2 last resort, 3 forced); the last item is forced."""
    n = len(items)
    flags = [BREAK_NO] * n
    for i in range(n - 1):
        a = items[i]
        b = items[i + 1]
        if a.kind == C.NEWLINE:
            flags[i] = BREAK_FORCED
        elif b.kind == C.SPACE or b.kind == C.NEWLINE or a.no_end or b.no_start:
            continue
        elif a.kind in ALNUM and b.kind in ALNUM and _joins(a.text[-1], b.text[0]):
            if i + 1 in url_cont:
                flags[i] = BREAK_LAST_RESORT
        else:
            flags[i] = BREAK_OK
    if n:
        flags[n - 1] = BREAK_FORCED
    return flags
