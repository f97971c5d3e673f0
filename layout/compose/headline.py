"""Headline stacks: 引题 (kicker) / 主题 (headline) / 副题 (subhead) across columns.

clreq §4.1 (generic headings: one size step per level, Hei or bold Song,
horizontal top levels centred, cross-column headings 跨栏标题); newspaper
practice as recorded in the project research notes: the 引题 sits above the
主题, the 副题 below it. No standard fixes the fitting, so the template does:
each level is set at its style's size and, when ``fit`` is on, shrunk as a
whole (never below ``min_scale``) until its widest line fits; a line that is
still too wide is broken, and more than ``max_lines`` lines (or any line still
too wide) is reported, never clipped silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from ..model.types import Box, HeadlineSpec, Style
from ..report import Report
from .typeset import SetLine, break_paragraph, in_mode, scaled, set_single_line

EM_TOP = 0.88  # ideographic em box top above the baseline (CJK fonts: descent 0.12 em)


@dataclass(frozen=True)
class StackLevel:
    """One level of the stack after fitting: its lines, style and scale."""

    role: str  # kicker | headline | subhead
    lines: Tuple[SetLine, ...]
    style: Style
    scale: float


def fit_scale(widths: Sequence[float], measure: float, min_scale: float, fit: bool) -> float:
    """The size factor (<= 1) that makes the widest line fit ``measure``, not below ``min_scale``."""
    widest = max(widths, default=0.0)
    if not fit or widest <= measure or widest <= 0:
        return 1.0
    return max(min_scale, measure / widest)


def fit_level(role: str, texts: Sequence[str], style: Style, spec: HeadlineSpec, measure: float,
              fontset, report: Report, story: str) -> StackLevel:
    """Set one level's lines, shrinking within limits, breaking and reporting when still too big."""
    natural = [set_single_line(t, style, fontset, report) for t in texts]
    scale = fit_scale([ln.width for ln in natural], measure, spec.min_scale, spec.fit)
    st = scaled(style, scale) if scale != 1.0 else style
    lines: List[SetLine] = []
    for text in texts:
        one = set_single_line(text, st, fontset, report)
        lines.extend([one] if one.width <= measure + 0.01 else break_paragraph(text, st, fontset, measure, report, indent=False))
    limit = spec.max_lines if role == "headline" else max(spec.max_lines, len(texts))
    if len(lines) > max(limit, len(texts)) or any(ln.width > measure + 0.5 for ln in lines):
        report.warn(f"headline too big: {story}: the {role} needs {len(lines)} lines at "
                    f"{st.size:.1f} pt (smallest allowed {style.size * spec.min_scale:.1f} pt) in {measure:.0f} pt")
    return StackLevel(role, tuple(lines), st, scale)


def stack_levels(article, spec: HeadlineSpec, measure: float, fontset, report: Report,
                 writing_mode: str = "") -> List[StackLevel]:
    """The kicker, headline and subhead levels an article has (and its template styles), fitted.

    ``writing_mode`` (when given) overrides the styles' own: a stack placed
    ``right`` is set vertical-rl, its ``measure`` then being the strip's height.
    """
    levels = []
    for role, texts, style in (("kicker", article.kicker, spec.kicker), ("headline", article.headline, spec.headline),
                               ("subhead", article.subhead, spec.subhead)):
        if style is not None and writing_mode:
            style = in_mode(style, writing_mode)
        if texts and style is not None:
            levels.append(fit_level(role, texts, style, spec, measure, fontset, report, article.id))
        elif texts:
            report.warn(f"{article.id}: the article has a {role} but the template region defines no {role} style")
    return levels


def stack_height(levels: Sequence[StackLevel]) -> float:
    """Height of the stacked levels from the top of the first em box to the bottom of the last line."""
    return _layout(levels, 0.0)[1]


def _layout(levels: Sequence[StackLevel], top: float) -> Tuple[List[Tuple[SetLine, float, StackLevel]], float]:
    placed, y = [], top
    for i, level in enumerate(levels):
        st = level.style
        if i:
            y += st.space_before
        for j, line in enumerate(level.lines):
            baseline = y + EM_TOP * st.size if j == 0 else placed[-1][1] + st.leading
            placed.append((line, baseline, level))
        y = placed[-1][1] + (1 - EM_TOP) * st.size + st.space_after
    last_after = levels[-1].style.space_after if levels else 0.0
    return placed, y - top - last_after


def place_stack(levels: Sequence[StackLevel], area: Box, align: str = "center") -> list:
    """Glyph runs of the stack laid out from the top of ``area``, each line aligned in its width."""
    placed, _ = _layout(levels, area.y)
    items = []
    for line, baseline, _level in placed:
        items.extend(line.runs(aligned_x(line.width, area, align), baseline))
    return items


def place_vertical_stack(levels: Sequence[StackLevel], area: Box, align: str = "center") -> list:
    """Glyph runs of a vertical stack (clreq §2.4): the first level at the right of ``area``, lines right to left.

    The stack's block direction runs right to left with the same pitches as
    a horizontal stack (em box of the first line, then leadings and the
    levels' space_before); each line is placed along the strip's height by
    ``align``: left = top, center, right = bottom.
    """
    placed, _ = _layout(levels, 0.0)
    items = []
    for line, baseline, level in placed:
        size = level.style.size
        x_centre = area.right - (baseline - EM_TOP * size + size / 2)
        items.extend(line.runs(x_centre, aligned_y(line.width, area, align)))
    return items


def aligned_y(length: float, area: Box, align: str) -> float:
    """Top y of a vertical line of ``length`` placed at the top (left), centre or bottom (right) of ``area``."""
    if align == "center":
        return area.y + max(0.0, (area.h - length) / 2)
    if align == "right":
        return area.y + max(0.0, area.h - length)
    return area.y


def aligned_x(width: float, area: Box, align: str) -> float:
    """Left x of a line of ``width`` aligned left, center or right in ``area``."""
    if align == "center":
        return area.x + (area.w - width) / 2
    if align == "right":
        return area.right - width
    return area.x
