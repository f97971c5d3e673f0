"""Whole-字 measures (issue 10; clreq §3.5: body text sits on a character grid).

A column whose measure is not a whole number of body characters forces every
justified line to be letterspaced a little. ``measure_advice`` says so and
gives the nearest whole counts with the gutter that would produce them;
``snap_gutter`` is the grid option: the gutter that makes the columns whole.
"""
from __future__ import annotations

import math
from typing import List, Optional

from ..records import record

TOLERANCE = 0.01  # 字: a measure this close to a whole count is whole


@record(frozen=True)
class GridFix:
    """A whole character count per column and the gutter (pt) that gives it in the same total width."""

    chars: int
    gutter: float


def chars_per_line(measure_pt: float, size_pt: float) -> float:
    """The measure in body characters (字)."""
    return measure_pt / size_pt


def is_whole(measure_pt: float, size_pt: float) -> bool:
    """True when the measure is a whole number of characters (within ``TOLERANCE``)."""
    zi = chars_per_line(measure_pt, size_pt)
    return abs(zi - round(zi)) <= TOLERANCE


def whole_fixes(total_pt: float, columns: int, gutter_pt: float, size_pt: float) -> List[GridFix]:
    """The nearest whole counts below and above the current column measure, each with its gutter (>= 0)."""
    measure = (total_pt - (columns - 1) * gutter_pt) / columns
    zi = chars_per_line(measure, size_pt)
    out = []
    for count in sorted({math.floor(zi), math.ceil(zi)}):
        if count < 1:
            continue
        if columns == 1:
            if abs(count * size_pt - total_pt) <= TOLERANCE * size_pt:
                out.append(GridFix(count, 0.0))
            continue
        gutter = (total_pt - columns * count * size_pt) / (columns - 1)
        if gutter >= 0:
            out.append(GridFix(count, gutter))
    return out


def snap_gutter(total_pt: float, columns: int, gutter_pt: float, size_pt: float) -> Optional[GridFix]:
    """The grid option: the whole count nearest the current measure whose gutter is closest to the current one."""
    fixes = whole_fixes(total_pt, columns, gutter_pt, size_pt)
    return min(fixes, key=lambda f: abs(f.gutter - gutter_pt)) if fixes else None


def measure_advice(what: str, total_pt: float, columns: int, gutter_pt: float, size_pt: float) -> Optional[str]:
    """A warning when the column measure is not a whole number of 字 (None when it is), with the fixes."""
    measure = (total_pt - (columns - 1) * gutter_pt) / columns
    if is_whole(measure, size_pt):
        return None
    zi = chars_per_line(measure, size_pt)
    fixes = whole_fixes(total_pt, columns, gutter_pt, size_pt)
    hint = "; ".join(f"{f.chars} 字 with a {f.gutter:.2f} pt ({f.gutter * 25.4 / 72:.2f} mm) gutter" for f in fixes)
    return (f"{what}: the measure is {zi:.2f} 字 of {size_pt:g} pt, not a whole number, so every justified line "
            f"is letterspaced a little" + (f"; whole counts: {hint}" if hint else "; change the width or body size"))
