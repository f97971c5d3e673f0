"""Chinese text composition: clreq line breaking, punctuation adjustment, justification.

Public API: ``ParagraphStyle``, ``set_paragraph(text, style, fontset, measure_pt,
report=None, where=None, runs=None) -> list[Line]`` (``runs``: (start, end,
face) spans set in another face, e.g. a run-in byline), ``Line``, ``line_glyph_runs(line, x, y)``,
and the writing-mode hook ``register_writing_mode`` / ``metrics_for``.
"""
from .items import Item
from .line import Line, PlacedGlyph
from .metrics import HORIZONTAL, VERTICAL, GlyphMetrics, metrics_for, register_writing_mode
from .paragraph import set_paragraph
from .runs import line_glyph_runs
from .style import ParagraphStyle, StyleError

__all__ = ["HORIZONTAL", "VERTICAL", "GlyphMetrics", "Item", "Line", "ParagraphStyle", "PlacedGlyph", "StyleError",
           "line_glyph_runs", "metrics_for", "register_writing_mode", "set_paragraph"]
