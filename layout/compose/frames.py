"""Text wrap around images: the exclusion an image makes in the article blocks it overlaps.

Newspaper text wraps around images by the column: an image placed over part
of a column removes that band of the column (plus the wrap gap) for its full
measure, and the column's text continues past it. The band is the image box
grown by its wrap gap (``expand``); the column frames split themselves
around it in their own writing mode (``layout.flow.frame.Frame.split``:
below it horizontally, to its left in vertical-rl), and parts thinner than
one line are dropped.
"""
from __future__ import annotations

from ..model.types import Box


def expand(box: Box, gap: float) -> Box:
    """``box`` grown by ``gap`` on every side."""
    return Box(box.x - gap, box.y - gap, box.w + 2 * gap, box.h + 2 * gap)
