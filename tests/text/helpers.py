"""Helpers for text tests: set a paragraph with the pinned test fonts and look at its lines."""
from layout.report import Report
from layout.text import ParagraphStyle, set_paragraph

SIZE = 10.0


def setp(fontset, text, measure_em, **style):
    """Lines and report for ``text`` at ``measure_em`` ems of 10 pt (indent 0 unless given)."""
    style.setdefault("indent", 0)
    st = ParagraphStyle(size=SIZE, **style)
    report = Report()
    return set_paragraph(text, st, fontset, measure_em * SIZE, report), report


def line_texts(lines):
    """The source text of each line, spaces at the line ends removed."""
    return ["".join(l.texts).strip() for l in lines]


def ink_right(line, glyph=-1):
    """Right edge (pt) of a glyph's box as drawn, counting a trimmed mark as its half."""
    return line.xs[glyph] + line.advances[glyph]
