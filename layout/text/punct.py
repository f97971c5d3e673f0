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
  break, 1 = break, 2 = last resort (inside a URL), 3 = forced. A colon that
  is an item of its own (after a Han label: 自来水:68840911) allows a break
  after it like ：; inside 10:30 or a URL it is part of the unit.
"""
from __future__ import annotations

import math
from typing import Iterable, List

from . import classes as C
from .items import Item

MARK_KINDS = frozenset((C.OPEN, C.CLOSE, C.PAUSE, C.STOP, C.QE, C.INTER))
RUN_KINDS = frozenset((C.LATIN, C.DIGIT))
LABEL_COLONS = frozenset((":", "\ufe55"))  # an ASCII or small colon as its own item: never inside a number or URL
ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))
HAN_SPACE_MIN = 0.125  # em: a space between two Han characters may shrink to this in a squeezed line
# a squeezed line may close the Han–Latin gap (issue 10: constant unless the line must be squeezed; clreq §3.5
# reduction 6)
MIN_HAN_LATIN = 0.0

BREAK_NO, BREAK_OK, BREAK_LAST_RESORT, BREAK_FORCED = 0, 1, 2, 3


def style_mark(it: Item, punct: str, compress_stops: bool = False) -> None:
    """Set one mark's cuts, shrink and priority for the house style, in place (idempotent).

    In ``quanjiao`` a mid-line 。？！ keeps its full em unless ``compress_stops`` (clreq §3.5 reduction 7
    is the one some styles forbid): compression stays even from line to line.
    """
    if it.kind not in MARK_KINDS or (it.lcut == 0.0 and it.rcut == 0.0):
        return
    if punct == "plain":
        it.lcut = it.rcut = 0.0
    elif punct == "banjiao" or (punct == "kaiming" and it.kind not in C.KAIMING_FULL):
        it.width -= it.lcut + it.rcut
        it.pen -= it.lcut
        it.lcut = it.rcut = 0.0
    else:
        it.shrink = 0.0 if it.kind in C.KAIMING_FULL and not compress_stops else it.lcut + it.rcut
        it.prio = C.SHRINK_PRIORITY.get(it.kind, 5)


def apply_house_style(items: List[Item], style, special=None) -> None:
    """House style on every mark, then adjacent marks compressed; ``special`` (indices) limits the items looked at.

    Items may be shared (the segmenter's per-character cache): a mark is copied before it is changed.
    """
    indices = range(len(items)) if special is None else special
    marks = [i for i in indices if items[i].kind in MARK_KINDS]
    for i in marks:
        style_mark(items[i], style.punct, style.compress_stops)  # a no-op on marks the segmenter already styled
    if style.punct != "plain":
        _compress_adjacent(items, marks)


def _compress_adjacent(items: List[Item], marks: List[int]) -> None:
    """A pair of adjacent full-width marks takes 1.5 em (clreq §3.1.6.2); ``marks`` are the mark indices in order."""
    for p, i in zip(marks, marks[1:]):
        if p + 1 != i:
            continue
        prev, it = items[p], items[i]
        if prev.rcut > 0.0:  # 。」 ，“ ）（ : the first mark's right blank goes
            items[p] = prev = prev.copy()
            _cut_right(prev, prev.rcut)
        elif prev.lcut > 0.0 and it.lcut > 0.0:  # （“ : the second mark's left blank goes
            items[i] = it = it.copy()
            _cut_left(it, it.lcut)


def _cut_right(it: Item, amount: float) -> None:
    it.width -= amount
    it.rcut -= amount
    it.shrink = max(0.0, it.shrink - amount)


def _cut_left(it: Item, amount: float) -> None:
    it.width -= amount
    it.pen -= amount
    it.lcut -= amount
    it.shrink = max(0.0, it.shrink - amount)


def apply_han_latin_space(items: List[Item], style, special=None) -> None:
    """Put the Han–Latin gap on Latin/number runs next to Han characters; grid mode rounds runs to whole ems.

    Changes run and space items in place (the segmenter makes those fresh for each paragraph); ``special``
    (indices) limits the items looked at.
    """
    gap = style.han_latin_space
    n = len(items)
    for i in range(n) if special is None else special:
        it = items[i]
        kind = it.kind
        if kind == C.SPACE and 0 < i < n - 1:
            a, b = items[i - 1].kind, items[i + 1].kind
            if gap > 0 and ((a == C.HAN and b in RUN_KINDS) or (a in RUN_KINDS and b == C.HAN)):
                it.width = it.lcut = it.rcut = gap
            elif a == C.HAN and b == C.HAN and it.width > HAN_SPACE_MIN:  # a separator (28日 星期六)
                it.shrink, it.prio = it.width - HAN_SPACE_MIN, 2  # clreq §3.5 reduction 2, like a word space
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


def break_flags(items: List[Item], url_cont=frozenset(), special=None) -> List[int]:
    """Break opportunity after each item (0 no, 1 yes, 2 last resort, 3 forced); the last item is forced.

    With ``special`` (indices of every item that is not a plain Han character) only the flags next to those
    are worked out: between two plain Han characters a break is always allowed.
    """
    n = len(items)
    todo: Iterable[int]
    if special is None:
        flags = [BREAK_NO] * n
        todo = range(n - 1)
    else:
        flags = [BREAK_OK] * n
        todo = sorted({j for i in special for j in (i - 1, i) if 0 <= j < n - 1})
    for i in todo:
        f = _flag(items[i], items[i + 1], i + 1 in url_cont)
        flags[i] = BREAK_LAST_RESORT if f == BREAK_OK and i + 1 in url_cont else f
    if n:
        flags[n - 1] = BREAK_FORCED
    return flags


def _flag(a: Item, b: Item, url_continues: bool) -> int:
    """The break opportunity between two adjacent items (clreq §3.1.4 kinsoku, UAX #14 for words)."""
    if a.kind == C.NEWLINE:
        return BREAK_FORCED
    if b.kind == C.SPACE or b.kind == C.NEWLINE or a.no_end or b.no_start:
        return BREAK_NO
    if a.text in LABEL_COLONS and b.kind in ALNUM:
        return BREAK_OK  # a colon standing alone (not in 10:30 or a URL) ends a label, like ：(自来水:68840911)
    if a.kind in ALNUM and b.kind in ALNUM and _joins(a.text[-1], b.text[0]):
        # UAX #14 LB21/LB25: after a hyphen before a letter (2003-L0007), never before a digit (010-8888)
        return BREAK_LAST_RESORT if url_continues or (a.text[-1] == "-" and b.text[0].isalpha()) else BREAK_NO
    return BREAK_OK
