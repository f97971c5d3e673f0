"""The sheet a page is printed on: trim + bleed + the printer's-mark band, and the largest trim size it allows.

The mark band (Ghent Workgroup practice, layout/compose/marks.py draws it):
crop marks start ``MARK_GAP`` beyond the bleed and are ``MARK_LENGTH`` long;
the slug line sits ``SLUG_GAP`` beyond them, ``SLUG_SIZE`` pt type. The PDF
MediaBox is the trim grown by bleed + that band on every side, and a PDF page
is at most 14,400 pt (ISO 32000-1 Annex C.2), so a trim side is at most
14,400 pt − 2 × (bleed + band). The template check uses this bound so that
what passes ``check`` renders within the PDF limit. The model owns these
numbers (compose imports them; the model never imports compose).
"""
from __future__ import annotations

import math

from .. import units

MARK_LENGTH = 6 * units.MM  # crop mark length (GWG)
MARK_GAP = 2 * units.MM  # from the bleed edge to where the marks start
SLUG_GAP = 1 * units.MM  # between the mark band and the slug text
SLUG_SIZE = 6.0  # pt


def marks_margin_pt() -> float:
    """Room the marks need beyond the bleed on every side, in pt (the MediaBox grows by this)."""
    return MARK_GAP + MARK_LENGTH + SLUG_GAP + SLUG_SIZE * 1.25


def max_trim_side_pt(bleed: float) -> float:
    """The longest trim side whose sheet (bleed and marks on both sides) stays within the PDF page limit, in pt."""
    return units.MAX_PAGE_PT - 2 * (bleed + marks_margin_pt())


def max_trim_side_mm(bleed: float) -> float:
    """``max_trim_side_pt`` in mm, rounded down to 0.1 mm so a side written as that many mm is accepted."""
    return math.floor(max_trim_side_pt(bleed) / units.MM * 10 + 1e-6) / 10
