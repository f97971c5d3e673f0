"""Column frames of an article block, split around images (text wrap).

Newspaper text wraps around images by the column: an image placed over part
of a column removes that band of the column (plus the wrap gap) for its full
width, and the column's text continues below it. So a column frame becomes
up to two (or more) frames in reading order: the part above each exclusion,
then the part below. Frames shorter than ``min_height`` (one line) are
dropped: they could not hold a line anyway.
"""
from __future__ import annotations

from typing import Iterable, List, Sequence

from ..model.types import Box


def column_boxes(area: Box, columns: int, gutter: float) -> List[Box]:
    """``columns`` equal boxes across ``area`` separated by ``gutter``, left to right."""
    if columns < 1:
        raise ValueError("an article block needs at least one column")
    width = (area.w - (columns - 1) * gutter) / columns
    return [Box(area.x + i * (width + gutter), area.y, width, area.h) for i in range(columns)]


def expand(box: Box, gap: float) -> Box:
    """``box`` grown by ``gap`` on every side."""
    return Box(box.x - gap, box.y - gap, box.w + 2 * gap, box.h + 2 * gap)


def split_around(column: Box, exclusions: Iterable[Box], min_height: float = 0.0) -> List[Box]:
    """The parts of ``column`` not covered by any exclusion band, top to bottom."""
    bands = sorted((e.y, e.bottom) for e in exclusions if _overlaps_horizontally(column, e))
    parts: List[Box] = []
    top = column.y
    for y0, y1 in bands:
        if y1 <= top or y0 >= column.bottom:
            continue
        if y0 > top:
            parts.append(Box(column.x, top, column.w, y0 - top))
        top = max(top, y1)
    if top < column.bottom:
        parts.append(Box(column.x, top, column.w, column.bottom - top))
    return [p for p in parts if p.h >= min_height - 1e-6 and p.h > 0]


def _overlaps_horizontally(column: Box, other: Box, tolerance: float = 0.01) -> bool:
    return column.x < other.right - tolerance and other.x < column.right - tolerance


def wrapped_frames(area: Box, columns: int, gutter: float, exclusions: Sequence[Box],
                   min_height: float = 0.0) -> List[Box]:
    """Every text frame of a block in reading order: column by column, each split around exclusions."""
    frames: List[Box] = []
    for col in column_boxes(area, columns, gutter):
        frames.extend(split_around(col, exclusions, min_height))
    return frames


def tier_boxes(area: Box, tiers: int, gutter: float) -> List[Box]:
    """``tiers`` equal boxes down ``area`` separated by ``gutter``, top to bottom (vertical text's 栏)."""
    if tiers < 1:
        raise ValueError("an article block needs at least one tier")
    height = (area.h - (tiers - 1) * gutter) / tiers
    return [Box(area.x, area.y + i * (height + gutter), area.w, height) for i in range(tiers)]


def split_across(tier: Box, exclusions: Iterable[Box], min_width: float = 0.0) -> List[Box]:
    """The parts of a vertical-text tier not covered by any exclusion, right to left (its reading order).

    In vertical text an image over part of a tier removes the lines it
    crosses for the tier's full height; the text goes on to its left.
    """
    bands = sorted(((e.x, e.right) for e in exclusions if _overlaps_vertically(tier, e)), reverse=True)
    parts: List[Box] = []
    right = tier.right
    for x0, x1 in bands:
        if x0 >= right or x1 <= tier.x:
            continue
        if x1 < right:
            parts.append(Box(x1, tier.y, right - x1, tier.h))
        right = min(right, x0)
    if right > tier.x:
        parts.append(Box(tier.x, tier.y, right - tier.x, tier.h))
    return [p for p in parts if p.w >= min_width - 1e-6 and p.w > 0]


def _overlaps_vertically(tier: Box, other: Box, tolerance: float = 0.01) -> bool:
    return tier.y < other.bottom - tolerance and other.y < tier.bottom - tolerance
