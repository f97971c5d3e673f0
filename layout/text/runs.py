"""Set lines become display-list GlyphRuns (layout.display).

Horizontal: each glyph's position is its pen point on the baseline,
(origin x + inline offset, baseline y). Consecutive glyphs of one face and
one horizontal scale share a run. Vertical text registers its own builder
in ``layout.text.metrics.register_writing_mode``; ``line_glyph_runs``
dispatches on ``Line.writing_mode``.
"""
from __future__ import annotations

from typing import List, Optional

from ..display import BLACK, Color, GlyphRun
from .metrics import HORIZONTAL, run_builder


def line_glyph_runs(line, x: float, y: float, fill: Optional[Color] = None) -> List[GlyphRun]:
    """GlyphRuns for a Line whose origin is (x, y): the baseline start in horizontal text."""
    if line.writing_mode != HORIZONTAL:
        builder = run_builder(line.writing_mode)
        if builder is None:
            raise ValueError(f"no glyph-run builder registered for writing mode {line.writing_mode!r}")
        return builder(line, x, y, fill)
    return horizontal_runs(line, x, y, fill)


def horizontal_runs(line, x: float, y: float, fill: Optional[Color] = None) -> List[GlyphRun]:
    """Horizontal runs: positions are baseline pen points."""
    colour = fill or line.fill or BLACK
    faces, gids, xs, texts, scales = line.faces, line.gids, line.xs, line.texts, line.scales
    n = len(gids)
    size = line.size
    if n and faces.count(faces[0]) == n and scales.count(scales[0]) == n:  # the usual line: one face, one scale
        return [GlyphRun.on_line(faces[0], size, tuple(gids), xs, y, tuple(texts), colour, False, scales[0], x)]
    runs: List[GlyphRun] = []
    i = 0
    while i < n:
        face, scale = faces[i], scales[i]
        j = i + 1
        while j < n and faces[j] == face and scales[j] == scale:
            j += 1
        runs.append(GlyphRun.on_line(face, size, tuple(gids[i:j]), tuple([x + v for v in xs[i:j]]), y,
                                     tuple(texts[i:j]), colour, h_scale=scale))
        i = j
    return runs
