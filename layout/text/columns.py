"""A paragraph's item fields as parallel lists (a speed device, no rule lives here).

Setting a line needs the widths, pens, shrinks and classes of its items and,
for the usual one-glyph items, their glyph fields. Reading those once per
paragraph with C-level ``map`` calls and letting each line take slices is
faster than walking the ``Item`` objects line by line. Plain Han characters (every
item the segmenter did not list in ``special``) have pen 0, shrink 0 and class HAN,
so those columns are filled in only at the special items.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, List

from . import classes as C
from .items import Item

# clreq §3.5 expansion 3: every gap between characters equally, never inside a unit or beside a connector or
# solidus. A word space, already stretched to ½ em, takes the shares of the gaps on both its sides: the
# separation before an address or a Latin word widens before the Han text around it does (issue 10).
_NO_GAP_BEFORE = C.NO_EXPAND_BESIDE
_NO_GAP_AFTER = C.NO_EXPAND_BESIDE
_ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))  # neighbours inside a word, number or URL take no space
_CLASSES = range(len(C.CLASS_NAMES))
_RUNS = frozenset((C.LATIN, C.DIGIT))
_HANS = frozenset((C.HAN, C.IDSP))
LATIN_GAP_MAX = 0.5  # em: a Han–Latin gap grows up to this before gaps between characters (clreq §3.5)
ASCII_OPENING, ASCII_CLOSING = "<([{", ">)]}"  # Western brackets: their Han side is a Han–Western gap
# GAP_OK[left][right]: may justification space go between items of these classes (clreq §3.5)?
GAP_OK = [[a not in _NO_GAP_AFTER and b not in _NO_GAP_BEFORE and not (a in _ALNUM and b in _ALNUM)
           for b in _CLASSES] for a in _CLASSES]


class Columns:
    """Parallel per-item lists of one paragraph (``adv_pt``: first-glyph advances in pt at ``size``)."""

    __slots__ = ("width", "pen", "shrink", "kind", "gap_ok", "clusters", "face0", "gid0", "adv_pt", "text",
                 "items", "special", "latin_gap", "_latin", "resort")

    def __init__(self, items: List[Item], size: float, special=None, latin_gap: float = 0.0) -> None:
        # list comprehensions: Python 3.11 specialises the slot reads, faster than map(attrgetter(...))
        self.width = [it.width for it in items]
        # tuples: a line's glyph fields are slices of these, and a slice of a tuple is the tuple the
        # display list keeps (no second copy per line)
        self.face0 = tuple([it.faces[0] for it in items])
        self.gid0 = tuple([it.gids[0] for it in items])
        self.adv_pt = tuple([it.advs[0] * size for it in items])
        self.text = tuple([it.text for it in items])
        if special is None:
            special = range(len(items))
            self.pen, self.shrink, self.kind = [it.pen for it in items], [it.shrink for it in items], [it.kind for it in items]
            kinds = self.kind
            self.gap_ok = [GAP_OK[x][y] for x, y in zip(kinds, kinds[1:])] + [False]
        else:  # a plain Han character (every item not in ``special``) has pen 0, shrink 0 and class HAN
            self.pen, self.shrink, self.kind = _plain_or_special(items, special)
            self.gap_ok = _gaps_near_special(self.kind, special)
        self.clusters = [i for i in special if len(items[i].gids) != 1 or items[i].scales is not None]
        self.items, self.special = items, special
        self.latin_gap = latin_gap
        self._latin: Any = False  # the latin_room column once computed (None: no Han–Western gap)
        self.resort: dict = {}  # item index -> deeper last-resort level of the break before it (segment.RESORT_*)

    def latin_room(self):
        """Per gap (after item k): how far a Han–Western gap may grow toward ½ em (clreq §3.5), None if none.

        Western: a Latin word, a number (natural gap ``latin_gap``), or an ASCII bracket opening toward
        Latin text after a Han character / closing it before one (no natural gap).
        """
        if self._latin is False:
            room = None
            kinds, ok, n = self.kind, self.gap_ok, len(self.kind)
            # a Han–Western gap touches a Western item, and every Western item is a special one
            for i in [i for i in self.special if kinds[i] in _ALNUM]:
                for k in (i - 1, i):
                    if 0 <= k < n - 1 and ok[k]:
                        grow = self._western_gap_room(k)
                        if grow > 0.0:
                            room = room or [0.0] * n
                            room[k] = grow
            self._latin = room
        return self._latin

    def _western_gap_room(self, k: int) -> float:
        """How far the gap between items k and k+1 may grow as a Han–Western gap (0 when it is none)."""
        left, right = self.kind[k], self.kind[k + 1]
        if left in _HANS:
            west, side = k + 1, ASCII_OPENING
        elif right in _HANS:
            west, side = k, ASCII_CLOSING
        else:
            return 0.0
        if self.kind[west] in _RUNS:
            return max(0.0, LATIN_GAP_MAX - self.latin_gap)
        return LATIN_GAP_MAX if self.kind[west] == C.NARROW and self.text[west] in side else 0.0

    def single_glyphs(self, a: int, b: int) -> bool:
        """True when items a..b-1 are all one unscaled glyph each."""
        k = bisect_left(self.clusters, a)
        return k == len(self.clusters) or self.clusters[k] >= b


def _plain_or_special(items: List[Item], special):
    """Pen, shrink and class columns: the plain Han values, then the special items' own values."""
    n = len(items)
    pen, shrink, kind = [0.0] * n, [0.0] * n, [C.HAN] * n
    for i in special:
        it = items[i]
        pen[i], shrink[i], kind[i] = it.pen, it.shrink, it.kind
    return pen, shrink, kind


def _gaps_near_special(kinds, special):
    """The gap_ok column when only the gaps touching a special item can differ from Han–Han (always allowed)."""
    n = len(kinds)
    gap_ok = [GAP_OK[C.HAN][C.HAN]] * n
    for i in special:
        for k in (i - 1, i):
            if 0 <= k < n - 1:
                gap_ok[k] = GAP_OK[kinds[k]][kinds[k + 1]]
    if n:
        gap_ok[n - 1] = False
    return gap_ok
