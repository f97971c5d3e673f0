"""A top headline stack stops above wrapped images (it is never drawn under a photo) and the lines cut are overset."""
from __future__ import annotations

import pdfplumber
from PIL import Image

from layout.model.content import load_issue
from layout.pipeline import render_issue
from layout.report import Report

TEMPLATE = """\
page: {size: 230x400pt, margins: 10pt}
grid: {columns: 2, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 12pt, indent: 2em}
  headline: {font: hei, size: 20pt, leading: 24pt, align: center}
regions:
  story:
    kind: article
    column: 1
    span: 2
    top: 0
    height: 300pt
    columns: 2
    gutter: 10pt
    headline: {placement: top, headline_style: headline}
  photo:
    kind: image
    column: 2
    span: 1
    top: 96pt
    height: 100pt
    source: story
    wrap: true
    wrap_gap: 0pt
    fit: fill
"""


def write_case(tmp_path, headlines: int):
    """One article with ``headlines`` 主题 lines and a photo wrapped into the right column 96 pt down."""
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    Image.new("RGB", (400, 400), (120, 120, 120)).save(tmp_path / "p.png", dpi=(300, 300))
    head = "".join("主题: 社区食堂老人吃饭\n" for _ in range(headlines))
    (tmp_path / "a.txt").write_text(head + "图片: p.png\n---\n" + "天地玄黄宇宙洪荒" * 20 + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\noutput: case\n'
        "pages:\n  - {number: 1, template: t, slots: {story: a.txt}}\n", encoding="utf-8")
    return load_issue(str(tmp_path / "issue.yaml"))


def render(tmp_path, headlines: int, fontset):
    """Render the case; (report, the 20 pt headline characters, the page's images) read back with pdfplumber."""
    report = Report()
    render_issue(write_case(tmp_path, headlines), fontset, str(tmp_path / "out"), report, marks=False)
    with pdfplumber.open(str(tmp_path / "out" / "case.pdf")) as pdf:
        page = pdf.pages[0]
        heads = [c for c in page.chars if round(c["size"]) == 20]
        return report, heads, page.images


def test_a_tall_stack_stops_above_the_wrapped_photo_and_reports_the_cut_lines(tmp_path, fontset):
    report, heads, images = render(tmp_path, 6, fontset)
    assert len(images) == 1 and heads
    img = images[0]
    under = [c for c in heads if c["x1"] > img["x0"] and c["x0"] < img["x1"] and c["bottom"] > img["top"]]
    assert under == []
    assert len(heads) == 4 * 8  # 24 pt pitch: four lines above the photo 96 pt down, two cut
    lines = [w for w in report.warnings if w.startswith("headline overset: a: 2 of 6 主题 lines")]
    assert lines and any(str(o).startswith("overset: a (headline stack): 16 characters, 2 lines") for o in report.overset)
    assert report.failed(strict=True)


def test_a_stack_that_clears_the_photo_reports_nothing(tmp_path, fontset):
    report, heads, images = render(tmp_path, 2, fontset)
    assert len(heads) == 2 * 8
    assert not any("headline overset" in w for w in report.warnings)
    assert not any("headline stack" in str(o) for o in report.overset)
