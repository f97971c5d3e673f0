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

from dataclasses import replace
from typing import List, Sequence, Tuple

from ..flow import Frame, LineGrid, face_ascent
from ..model.types import Box, HeadlineSpec, Style
from ..records import record
from ..report import Overset, Report
from ..text import HORIZONTAL
from .typeset import SetLine, break_paragraph, in_mode, scaled, set_single_line


@record(frozen=True)
class StackLevel:
    """One level of the stack after fitting: its lines, style, scale and its face's ascent (em)."""

    role: str  # kicker | headline | subhead
    lines: Tuple[SetLine, ...]
    style: Style
    scale: float
    ascent: float  # em box top above the baseline, em (from the face)

    @property
    def grid(self) -> LineGrid:
        """The level's line pitch."""
        return LineGrid(self.style.size, self.style.leading, self.ascent)


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
        lines.extend([one] if one.width <= measure + 0.01 else wrapped_headline(text, st, fontset, measure, report))
    limit = spec.max_lines if role == "headline" else max(spec.max_lines, len(texts))
    if len(lines) > max(limit, len(texts)) or any(ln.width > measure + 0.5 for ln in lines):
        report.warn(f"headline too big: {story}: the {role} needs {len(lines)} lines at "
                    f"{st.size:.1f} pt (smallest allowed {style.size * spec.min_scale:.1f} pt) in {measure:.0f} pt")
    return StackLevel(role, tuple(lines), st, scale, face_ascent(fontset, st.font, st.weight))


PHRASE_BREAK = "\u3000"  # editors separate a headline's phrases with a full-width space: lines break there
MIN_PHRASE_LINE = 0.4  # a line of phrases under this share of the longest (九个字 | 十) is not worth the phrase break


def wrapped_headline(text: str, style: Style, fontset, measure: float, report: Report) -> List[SetLine]:
    """A headline too long for one line, as lines of at most ``measure`` pt: broken between its phrases (at
    PHRASE_BREAK) when that takes no more lines than breaking anywhere and leaves no line under
    MIN_PHRASE_LINE of the longest, else broken evenly (the shortest measure that keeps the number of lines);
    a centred or right-aligned style's lines are set unaligned, for the stack to align each once (a justified
    one keeps its own justification)."""
    plain = replace(style, align="left") if style.align in ("center", "right") else style
    lines = break_paragraph(text, plain, fontset, measure, report, indent=False)
    phrases = [p for p in text.split(PHRASE_BREAK) if p]
    if len(phrases) > 1:
        widths = [set_single_line(p, plain, fontset).width for p in phrases]
        if max(widths) <= measure + 0.01:
            packed = [set_single_line(t, plain, fontset) for t in _pack(phrases, widths, measure, plain, fontset)]
            sizes = [ln.width for ln in packed]
            if len(packed) <= len(lines) and min(sizes) >= MIN_PHRASE_LINE * max(sizes):
                return packed
    if len(lines) < 2 or plain.align == "justify":
        return lines
    lo, hi = max(ln.width for ln in lines) * 0.5, measure  # the shortest measure keeping as many lines
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(break_paragraph(text, plain, fontset, mid, None, indent=False)) == len(lines):
            hi = mid
        else:
            lo = mid
    return break_paragraph(text, plain, fontset, hi, report, indent=False)


def _pack(phrases: Sequence[str], widths: Sequence[float], measure: float, style: Style, fontset) -> List[str]:
    """Phrases joined by PHRASE_BREAK into as few lines of at most ``measure`` pt as greedy packing gives."""
    space = set_single_line(PHRASE_BREAK, style, fontset).width
    lines, current, width = [], [], 0.0
    for phrase, w in zip(phrases, widths):
        if current and width + space + w > measure + 0.01:
            lines.append(PHRASE_BREAK.join(current))
            current, width = [], 0.0
        width += (space if current else 0.0) + w
        current.append(phrase)
    return lines + [PHRASE_BREAK.join(current)]


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


def stack_height(levels: Sequence[StackLevel], writing_mode: str = HORIZONTAL) -> float:
    """Block extent of the stacked levels from the first em box's start to the last line's em box end."""
    return _layout(levels, Frame(0.0, 0.0, 0.0, 0.0, writing_mode))[1]


ROLE_NAMES = {"kicker": "引题", "headline": "主题", "subhead": "副题"}


def trim_stack(levels: Sequence[StackLevel], limit: float,
               writing_mode: str = HORIZONTAL) -> Tuple[List[StackLevel], list]:
    """The stack cut (last lines first) to at most ``limit`` of block extent, and (role, lines cut, lines, characters
    cut) per level cut, in stack order."""
    kept = list(levels)
    dropped: dict = {}
    while kept and stack_height(kept, writing_mode) > limit + 0.01:
        last = kept[-1]
        n, chars = dropped.get(last.role, (0, 0))
        dropped[last.role] = (n + 1, chars + len(last.lines[-1].text))
        kept[-1] = replace(last, lines=last.lines[:-1])
        if not kept[-1].lines:
            kept.pop()
    totals = {lv.role: len(lv.lines) for lv in levels}
    return kept, [(role, n, totals[role], chars) for role, (n, chars) in reversed(list(dropped.items()))]


def report_stack_overset(story: str, cut: Sequence[Tuple[str, int, int, int]], why: str, report: Report) -> None:
    """Headline lines that did not fit, as overset (``--strict`` fails) and a line naming the levels cut."""
    if not cut:
        return
    parts = ", ".join(f"{n} of {total} {ROLE_NAMES.get(role, role)} lines" for role, n, total, _ in cut)
    report.warn(f"headline overset: {story}: {parts} do not fit ({why})")
    report.overset.append(Overset(f"{story} (headline stack)", sum(c[3] for c in cut), sum(c[1] for c in cut)))


def _layout(levels: Sequence[StackLevel], frame: Frame) -> Tuple[List[Tuple[SetLine, float]], float]:
    """(line, signed block coordinate of its origin) for every line from the frame's block start, and the extent."""
    placed: List[Tuple[SetLine, float]] = []
    top = y = frame.block_start
    for i, level in enumerate(levels):
        st = level.style
        anchor = frame.anchor(level.grid)
        if i:
            y += st.space_before
        for j, line in enumerate(level.lines):
            origin = y + anchor * st.size if j == 0 else placed[-1][1] + st.leading
            placed.append((line, origin))
        y = placed[-1][1] + (1 - anchor) * st.size + st.space_after
    last_after = levels[-1].style.space_after if levels else 0.0
    return placed, y - top - last_after


def place_stack(levels: Sequence[StackLevel], area: Box, align: str = "center", writing_mode: str = HORIZONTAL) -> list:
    """Glyph runs of the stack laid out from the block start of ``area``, each line aligned along its measure.

    Horizontal: levels top to bottom, lines aligned left, center or right.
    Vertical-rl (clreq §2.4): the first level at the right of ``area``,
    lines right to left with the same pitches, each placed along the
    strip's height by ``align`` (left = top, center, right = bottom).
    """
    frame = Frame(area.x, area.y, area.w, area.h, writing_mode)
    placed, _ = _layout(levels, frame)
    items = []
    for line, origin in placed:
        items.extend(line.runs(*frame.point(frame.aligned(line.width, align), origin)))
    return items


def aligned_x(width: float, area: Box, align: str) -> float:
    """Left x of a line of ``width`` aligned left, center or right in ``area``."""
    if align == "center":
        return area.x + (area.w - width) / 2
    if align == "right":
        return area.right - width
    return area.x
