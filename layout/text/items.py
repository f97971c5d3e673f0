"""The per-unit record the breaker works on, neutral to writing direction.

An ``Item`` is one unbreakable unit (clreq §3.1.5): a Han character, a
punctuation mark, a —— or …… pair, a number with its signs and units, a Latin
word, a URL chunk or a space. All measures are in em along the inline axis:

* ``width``: natural inline extent of the item's box.
* ``lcut`` / ``rcut``: blank at the start / end side of the box that goes
  away when the item starts / ends a line (opening bracket at line start,
  line-end mark at ½ em per GB 5.1.10, Han–Latin gap at line edges).
* ``shrink`` / ``prio``: how much the box can lose mid-line, and its clreq
  §3.5 reduction priority (1 = reduced first).
* ``pen``: where the first glyph's origin sits from the box start; ``offs``
  the further glyph origins from the pen; ``advs`` and ``scales`` per glyph.
* ``orient``: None in horizontal text; vertical text sets "upright",
  "rotated" or "tcy" in its ``orient_items`` pass.
"""
from __future__ import annotations


class Item:
    """One unbreakable unit of a paragraph (see module docstring for the fields)."""

    __slots__ = ("kind", "text", "faces", "gids", "offs", "advs", "scales", "width", "lcut", "rcut",
                 "shrink", "prio", "pen", "no_start", "no_end", "orient", "missing")

    def __init__(self, kind, text, faces, gids, offs, advs, width, scales=None, lcut=0.0, rcut=0.0,
                 shrink=0.0, prio=0, pen=0.0, no_start=False, no_end=False, missing=False):
        self.kind = kind
        self.text = text
        self.faces = faces
        self.gids = gids
        self.offs = offs
        self.advs = advs
        self.scales = scales
        self.width = width
        self.lcut = lcut
        self.rcut = rcut
        self.shrink = shrink
        self.prio = prio
        self.pen = pen
        self.no_start = no_start
        self.no_end = no_end
        self.orient = None
        self.missing = missing

    def copy(self) -> "Item":
        """A shallow copy (items from the per-character cache are shared and must not be changed)."""
        new = Item(self.kind, self.text, self.faces, self.gids, self.offs, self.advs, self.width, self.scales, self.lcut,
                   self.rcut, self.shrink, self.prio, self.pen, self.no_start, self.no_end, self.missing)
        new.orient = self.orient
        return new

    def __repr__(self) -> str:
        return f"Item({self.text!r}, kind={self.kind}, width={self.width:.3f}, lcut={self.lcut}, rcut={self.rcut})"
