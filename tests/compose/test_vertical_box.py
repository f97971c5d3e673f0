"""Vertical boxes go through the one paragraph setter (issue: one vertical path).

A vertical (竖排) box sets its lines with ``set_paragraph`` like every other
text: the style's vertical options (``tcy_digits``: clreq §3.2.3
tate-chu-yoko), kinsoku and punctuation compression, the fallback faces, and
the report (a character no font has is listed in ``report.missing_glyphs``,
never drawn silently as glyph 0). Read back from the PDF with pdfplumber.
"""

import pdfplumber
import pytest

from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pdf.writer import write_pdf
from layout.report import Report

TEMPLATE = """\
page: {size: 200x200pt, margins: 10pt}
grid: {columns: 2, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt}
  rotated: {font: song, size: 12pt, leading: 18pt, tcy_digits: 0}
  tcy: {font: song, size: 12pt, leading: 18pt, tcy_digits: 2}
regions:
  rotated_box: {kind: box, column: 1, span: 1, top: 0, height: 150pt, writing_mode: vertical,
                lines: [{text: "第12号", style: rotated}]}
  tcy_box: {kind: box, column: 2, span: 1, top: 0, height: 150pt, writing_mode: vertical,
            lines: [{text: "第12号", style: tcy}, {text: "甲\\U00020000乙", style: tcy}]}
"""
ISSUE = """\
paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}
templates: .
pages:
  - {number: 1, template: t}
"""


@pytest.fixture(scope="module")
def rendered(fontset, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vbox")
    (tmp / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    issue = load_issue(str(tmp / "issue.yaml"))
    report = Report()
    pages = compose_issue(issue, fontset, report)
    write_pdf(pages, fontset, str(tmp / "p.pdf"))
    with pdfplumber.open(str(tmp / "p.pdf")) as pdf:
        chars = pdf.pages[0].chars
    return issue.page(1).template, report, chars


def digits_in(chars, box):
    inside = [c for c in chars if box.x <= (c["x0"] + c["x1"]) / 2 <= box.right]
    return [c for c in inside if c["text"] in "12"]


def test_tcy_digits_zero_sets_no_tate_chu_yoko(rendered):
    template, _, chars = rendered
    one, two = digits_in(chars, template.region("rotated_box").box)
    for c in (one, two):  # rotated 90° clockwise, one after the other down the line
        assert tuple(round(v, 3) for v in c["matrix"][:4]) == (0, -1, 1, 0) and not c["upright"]
    assert two["top"] > one["top"] + 1 and abs(two["x0"] - one["x0"]) < 0.01


def test_tcy_digits_two_sets_twelve_side_by_side(rendered):
    template, _, chars = rendered
    one, two = digits_in(chars, template.region("tcy_box").box)
    assert one["upright"] and two["upright"]
    assert abs(one["top"] - two["top"]) < 0.01 and two["x0"] > one["x0"]  # side by side on one row
    assert two["x1"] - one["x0"] <= 12 + 0.05  # within one em


def test_a_character_no_font_has_is_reported(rendered):
    _, report, chars = rendered
    missing = [m for m in report.missing_glyphs if m.char == "\U00020000"]
    assert len(missing) == 1, report.missing_glyphs
    assert "t.yaml" in str(missing[0].where)  # where the line came from, to fix it
    assert {"甲", "乙"} <= {c["text"] for c in chars}
