"""ParagraphStyle (layout/text/style.py): values of other numeric types are given the declared types, so the
compiled text modules (which check them) and pure Python set the same lines; wrong values are StyleErrors."""
from fractions import Fraction

import numpy as np
import pytest

from layout.text import ParagraphStyle, StyleError, set_paragraph

TEXT = "中国人民经济发展，社会科学技术文化教育。" * 4 + "iPhone 15 Pro和COVID-19。"


def _lines(lines):
    return [(line.text, round(line.width, 6), line.xs[:3]) for line in lines]


@pytest.mark.parametrize("odd, plain", [
    (dict(orphan_min=2.0), dict(orphan_min=2)),
    (dict(orphan_min=np.int64(3)), dict(orphan_min=3)),
    (dict(hanging=1, align="start"), dict(hanging=True, align="start")),
    (dict(grid=np.bool_(True)), dict(grid=True)),
    (dict(compress_stops=0), dict(compress_stops=False)),
    (dict(han_latin_space=np.float32(0.25)), dict(han_latin_space=0.25)),
    (dict(size=9, indent=Fraction(1, 2), tracking=0), dict(size=9.0, indent=0.5, tracking=0.0)),
])
def test_other_number_types_set_the_lines_of_the_declared_ones(fontset, odd, plain):
    got, want = ParagraphStyle(**odd), ParagraphStyle(**plain)
    assert got == want and all(type(getattr(got, k)) is type(getattr(want, k)) for k in plain)
    assert _lines(set_paragraph(TEXT, got, fontset, 100.0)) == _lines(set_paragraph(TEXT, want, fontset, 100.0))


@pytest.mark.parametrize("bad, message", [
    (dict(orphan_min=2.5), "orphan_min must be a whole number"),
    (dict(orphan_min=True), "orphan_min must be a whole number"),
    (dict(hanging="yes"), "hanging must be true or false"),
    (dict(grid=None), "grid must be true or false"),
    (dict(size="9"), "size must be a number"),
    (dict(tracking=True), "tracking must be a number"),
    (dict(tracking=float("inf")), "tracking must be a finite number"),
    (dict(leading=float("nan")), "leading must be a finite number"),
])
def test_values_of_no_such_type_are_style_errors(bad, message):
    with pytest.raises(StyleError, match=message):
        ParagraphStyle(**bad)


def test_runs_may_be_lists_and_numpy_offsets(fontset):
    hei = ParagraphStyle(font="hei")
    as_tuples = set_paragraph(TEXT, ParagraphStyle(), fontset, 100.0, runs=[(0, 4, hei)])
    as_lists = set_paragraph(TEXT, ParagraphStyle(), fontset, 100.0, runs=[[np.int64(0), np.int64(4), hei]])
    assert _lines(as_lists) == _lines(as_tuples)
    assert as_lists[0].faces[0] != set_paragraph(TEXT, ParagraphStyle(), fontset, 100.0)[0].faces[0]
