"""Flow: set paragraphs into a chain of frames (columns across pages).

Lines sit on a line grid (clreq §3.6, no space between paragraphs): the
first line's em box touches the frame's block-start edge and every further
line is one leading further on; a line goes into a frame only if its em box
ends inside. The geometry is the frame's own (``frame.py``: capacity, line
origin, cut, split, in either writing mode, with the ascent of the
paragraph's face); this module only counts lines.

``flow`` returns the placed lines per frame and, when the chain is full, a
``Leftover`` (overset characters and lines, plus the ``resume`` point) that a
second ``flow`` call can continue from in another chain: jump lines (转版).
"""
from __future__ import annotations

from dataclasses import field, replace
from typing import Dict, List, Optional, Sequence, Tuple, Union

from ..records import record
from ..report import Overset, Report, Where
from ..text import Line, ParagraphStyle, line_glyph_runs, set_paragraph
from ..text.metrics import HORIZONTAL
from ..text.paragraph import report_line
from .frame import DIRECTIONS, Frame, LineGrid, face_ascent, line_grid

__all__ = ["Frame", "LineGrid", "Paragraph", "PlacedLine", "Resume", "Leftover", "FlowResult", "flow",
           "frame_chain", "placed_runs", "all_placed_runs", "paragraph_grid", "face_ascent", "line_grid", "DIRECTIONS"]


def paragraph_grid(style: ParagraphStyle, fontset) -> LineGrid:
    """The line grid of a paragraph style: its size, line height and its face's ascent."""
    return line_grid(style.size, style.line_height, fontset, style.font, style.weight)


@record(frozen=True)
class Paragraph:
    """Text of one paragraph with its style and where it came from."""

    text: str
    style: ParagraphStyle
    where: Where = Where()
    runs: tuple = ()  # (start, end, face) ranges set in another face (a run-in byline): set_paragraph's runs


@record(frozen=True)
class Resume:
    """Where flowing continues: paragraph index and character offset inside it."""

    paragraph: int = 0
    offset: int = 0


@record(slots=True)
class PlacedLine:
    """A set line at its origin: horizontal baseline start, or vertical top-centre of the line."""

    line: Line
    x: float
    y: float
    paragraph: int
    frame: int


@record
class Leftover:
    """What did not fit: characters and lines (at the last frame's measure), and where to resume."""

    chars: int
    lines: int
    resume: Resume
    pending: List[Line] = field(default_factory=list, repr=False)  # lines already set for the resume paragraph
    pending_measure: float = 0.0


@record
class FlowResult:
    """Placed lines per frame, plus the leftover (None when everything fit)."""

    frames: List[List[PlacedLine]]
    leftover: Optional[Leftover]

    @property
    def lines(self) -> List[PlacedLine]:
        """Every placed line in reading order."""
        return [pl for f in self.frames for pl in f]


def frame_chain(page_w: float, page_h: float, margin: float, columns: int, gutter: float, pages: int,
                writing_mode: str = HORIZONTAL, first_page: int = 0) -> List[Frame]:
    """Equal columns (horizontal) or stacked tiers 栏 (vertical) inside the margins of ``pages`` pages."""
    frames = []
    part = DIRECTIONS[writing_mode].part if writing_mode in DIRECTIONS else "c"
    for p in range(first_page, first_page + pages):
        area = Frame(margin, margin, page_w - 2 * margin, page_h - 2 * margin, writing_mode, p)
        frames += [replace(f, name=f"p{p + 1}{part}{c + 1}") for c, f in enumerate(area.divide(columns, gutter))]
    return frames


def flow(paragraphs: Sequence[Union[Paragraph, Tuple[str, ParagraphStyle]]], frames: Sequence[Frame], fontset, *,
         report: Optional[Report] = None, balance: bool = False, start: Union[Resume, Leftover, None] = None,
         story: str = "", measure_overset: bool = True) -> FlowResult:
    """Place the paragraphs' lines into the frames in order; return placed lines per frame and the leftover.

    With ``measure_overset=False`` (a caller that will continue the rest anyway) the leftover's ``lines``
    is -1 and no Overset is reported, which saves setting the rest of the story.
    """
    paras = [p if isinstance(p, Paragraph) else Paragraph(p[0], p[1]) for p in paragraphs]
    report = report if report is not None else Report()
    resume = start.resume if isinstance(start, Leftover) else (start or Resume())
    pending = start.pending if isinstance(start, Leftover) else []
    pending_measure = start.pending_measure if isinstance(start, Leftover) else 0.0
    out: List[List[PlacedLine]] = [[] for _ in frames]
    pi, offset = resume.paragraph, resume.offset
    lines, measure = pending, pending_measure
    fi, k = 0, 0
    grid = _grids(fontset)
    while pi < len(paras):
        para = paras[pi]
        if fi >= len(frames):
            break
        frame = frames[fi]
        if not lines or abs(measure - frame.measure) > 1e-6:
            lines, measure = _set(para, offset, frame, fontset, report, first_time=not lines and offset == 0), frame.measure
            if not lines:
                pi, offset, lines = pi + 1, 0, []
                continue
        g = grid(para.style)
        cap = frame.capacity(g)
        take = max(0, min(len(lines), cap - k))
        placed = out[fi]
        for line, (x, y) in zip(lines[:take], frame.line_origins(k, take, g)):
            placed.append(PlacedLine(line, x, y, pi, fi))
            if line.overfull or line.ragged:
                report_line(report, line, story or para.where.file or "text")
            offset = line.end
        k += take
        lines = lines[take:]
        if not lines:
            pi, offset = pi + 1, 0
        if k >= cap and (lines or pi < len(paras)):
            fi, k = fi + 1, 0
    leftover = None
    if pi < len(paras):
        leftover = _leftover(paras, pi, offset, lines, measure, frames, fontset, measure_overset)
        if measure_overset:
            report.overset.append(Overset(story or paras[0].where.file or "text", leftover.chars, leftover.lines))
    if balance and leftover is None:
        _balance(out, frames, paras, grid)
    return FlowResult(out, leftover)


def _set(para: Paragraph, offset: int, frame: Frame, fontset, report: Report, first_time: bool) -> List[Line]:
    """Set a paragraph (or its rest from ``offset``, without indent) at the frame's measure."""
    style = para.style
    text = para.text[offset:] if offset else para.text
    if offset:
        style = replace(style, indent=0.0)
    scratch = Report()
    where = Where(para.where.file, para.where.paragraph, para.where.offset + offset, para.where.line)
    runs = [(max(0, a - offset), b - offset, f) for a, b, f in para.runs if b > offset]
    lines = set_paragraph(text, style, fontset, frame.measure, scratch, where, runs)
    if first_time:
        report.missing_glyphs.extend(scratch.missing_glyphs)
        report.loose_lines.extend(scratch.loose_lines)
    if offset:
        for line in lines:
            line.start += offset
            line.end += offset
    return lines


def _leftover(paras, pi: int, offset: int, lines: List[Line], measure: float, frames, fontset,
              count_lines: bool = True) -> Leftover:
    """Count the overset: characters left and the lines they take at the last frame's measure."""
    if not count_lines:
        return Leftover(-1, -1, Resume(pi, offset), list(lines), measure)
    chars = sum(1 for ch in paras[pi].text[offset:] if not ch.isspace())
    n_lines = len(lines)
    if not lines and frames:
        n_lines = len(_set(paras[pi], offset, frames[-1], fontset, Report(), False))
    for p in paras[pi + 1:]:
        chars += sum(1 for ch in p.text if not ch.isspace())
        if frames:
            n_lines += len(set_paragraph(p.text, p.style, fontset, frames[-1].measure, runs=p.runs))
    return Leftover(chars, n_lines, Resume(pi, offset), list(lines), measure)


def _grids(fontset):
    """A lookup of paragraph styles' line grids, each worked out once per flow."""
    known: Dict[tuple, LineGrid] = {}

    def grid(style: ParagraphStyle) -> LineGrid:
        key = (style.font, style.weight, style.size, style.line_height)
        if key not in known:
            known[key] = paragraph_grid(style, fontset)
        return known[key]
    return grid


def _balance(out: List[List[PlacedLine]], frames: Sequence[Frame], paras, grid) -> None:
    """Even out the lines over the last page's columns (horizontal pages balance, clreq §2.4)."""
    used = [i for i, f in enumerate(out) if f]
    if not used:
        return
    last = frames[used[-1]]
    group = [i for i in range(len(frames)) if frames[i].page == last.page and abs(frames[i].depth - last.depth) < 1e-6]
    placed = [pl for i in group for pl in out[i]]
    if len(group) < 2 or not placed:
        return
    base, extra = divmod(len(placed), len(group))
    counts = [base + (1 if n < extra else 0) for n in range(len(group))]
    for i in group:
        out[i] = []
    it = iter(placed)
    for fi, count in zip(group, counts):
        for k in range(count):
            pl = next(it)
            pl.x, pl.y = frames[fi].line_origin(k, grid(paras[pl.paragraph].style))
            pl.frame = fi
            out[fi].append(pl)


def placed_runs(pl: PlacedLine, fill=None):
    """Display GlyphRuns of a placed line."""
    return line_glyph_runs(pl.line, pl.x, pl.y, fill)


def all_placed_runs(placed: Sequence[PlacedLine], fill=None) -> list:
    """Display GlyphRuns of placed lines, in order (``placed_runs`` of each, one call for all)."""
    out: list = []
    for pl in placed:
        out += line_glyph_runs(pl.line, pl.x, pl.y, fill)
    return out
