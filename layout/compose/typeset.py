"""The compose stage's door to the text stage: set lines, get widths, make glyph runs.

Everything the composer needs from ``layout.text`` goes through this module,
so regions (masthead, headlines, boxes, article blocks) deal in ``SetLine``s:
a line of text already broken and justified, with its natural width, that
can be turned into display-list ``GlyphRun``s at any pen position.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from ..display import GlyphRun
from ..model import styleprops
from ..model.types import VERTICAL, Style
from ..records import record
from ..report import Report, Where
from ..text import ParagraphStyle, line_glyph_runs, set_paragraph

UNBOUNDED = 1.0e6  # pt: a measure no single line reaches


@record(frozen=True)
class SetLine:
    """One composed line: glyphs with offsets from the line's start, its width and source range."""

    runs_rel: Tuple[GlyphRun, ...]  # positions relative to (0, baseline 0)
    width: float  # advance width actually used, pt
    start: int = 0  # source offsets text[start:end]
    end: int = 0
    text: str = ""

    def runs(self, x: float, baseline: float) -> List[GlyphRun]:
        """The line's glyph runs with the pen placed at (x, baseline)."""
        return [replace(r, positions=tuple((px + x, py + baseline) for px, py in r.positions)) for r in self.runs_rel]


def scaled(style: Style, factor: float) -> Style:
    """``style`` with size, leading and tracking multiplied by ``factor`` (headline fitting)."""
    return replace(style, size=style.size * factor, leading=style.leading * factor, tracking=style.tracking * factor)


def set_single_line(text: str, style: Style, fontset, report: Optional[Report] = None,
                    where: Where = Where()) -> SetLine:
    """``text`` as one unbroken line at its natural width (no justification)."""
    if not text:
        return SetLine((), 0.0, 0, 0, "")
    pstyle = replace(paragraph_style(style), indent=0.0, align="start", last_line="start")
    lines = set_paragraph(text, pstyle, fontset, UNBOUNDED, report, where)
    return _from_line(lines[0], text) if lines else SetLine((), 0.0, 0, 0, "")


def text_width(text: str, style: Style, fontset) -> float:
    """Natural width of ``text`` set on one line in ``style``, pt."""
    return set_single_line(text, style, fontset).width


def break_paragraph(text: str, style: Style, fontset, measure: float, report: Optional[Report] = None,
                    where: Where = Where(), indent: bool = True, lead_in: Optional[Tuple[str, Style]] = None) -> List[SetLine]:
    """``text`` broken into lines of ``measure`` pt (first line indented when ``indent``).

    ``lead_in`` (text, style) is set before ``text`` in its own style: the 电头
    (本报讯（记者…）) at the start of a story's first paragraph. Source offsets
    of the lines count the lead-in's characters first.
    """
    pstyle = paragraph_style(style)
    if not indent:
        pstyle = replace(pstyle, indent=0.0)
    prefix = lead_in[0] if lead_in else ""
    full = prefix + text
    runs = [(0, len(prefix), paragraph_style(lead_in[1]))] if prefix and lead_in[1] is not style else None
    lines = set_paragraph(full, pstyle, fontset, measure, report, where, runs)  # the lead-in in its own face
    out = [_from_line(ln, full) for ln in lines]
    if runs and lead_in[1].color != style.color:
        out = [replace(ln, runs_rel=tuple(recolour_runs(ln.runs_rel, ln.start, len(prefix), lead_in[1].color)))
               for ln in out]
    return out


def in_mode(style: Style, writing_mode: str) -> Style:
    """``style`` set in ``writing_mode`` (a block's writing mode overrides its styles' own)."""
    return style if style.writing_mode == writing_mode else replace(style, writing_mode=writing_mode)


def vertical_options(style: Style):
    """The text stage's VerticalStyle for a template style's vertical keys (None: all defaults)."""
    return _vertical_style(styleprops.text_fields(style)[1])


def _vertical_style(options):
    if options == styleprops.vertical_defaults():
        return None
    from ..text.vertical import vertical_style

    return vertical_style(**options)


def paragraph_style(style: Style) -> ParagraphStyle:
    """The text stage's ParagraphStyle for a template style: each registry property mapped to its
    ParagraphStyle field (pt lengths become em where the text stage wants em); vertical options
    go into a VerticalStyle when the style is set vertically."""
    plain, vertical = styleprops.text_fields(style)
    if style.writing_mode == VERTICAL:
        plain["vertical"] = _vertical_style(vertical)
    return ParagraphStyle(**plain)


def _from_line(line, text: str) -> SetLine:
    runs = tuple(line_glyph_runs(line, 0.0, 0.0, line.fill))
    return SetLine(runs, line.width, line.start, line.end, text[line.start:line.end])


def recolour_runs(line_runs: Sequence[GlyphRun], start: int, count: int, color) -> List[GlyphRun]:
    """Glyph runs of a line starting at source offset ``start``, those before ``count`` filled with ``color``.

    The 电头 (byline) is set in its own face by the text stage (a run of the
    paragraph); only its colour, when its style has another, is applied here.
    """
    if start >= count:
        return list(line_runs)
    runs, offset = [], start
    for run in line_runs:
        n = sum(len(t) for t in run.texts)
        if offset + n <= count:
            runs.append(replace(run, fill=color))
        elif offset < count:
            runs.extend(_split_run(run, count - offset, color))
        else:
            runs.append(run)
        offset += n
    return runs


def _split_run(run: GlyphRun, chars: int, color) -> List[GlyphRun]:
    k, seen = 0, 0
    while k < len(run.texts) and seen + len(run.texts[k]) <= chars:
        seen += len(run.texts[k])
        k += 1
    head = replace(run, glyphs=run.glyphs[:k], positions=run.positions[:k], texts=run.texts[:k], fill=color)
    rest = replace(run, glyphs=run.glyphs[k:], positions=run.positions[k:], texts=run.texts[k:])
    return [r for r in (head, rest) if r.glyphs]
