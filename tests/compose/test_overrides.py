"""Per-issue page adjustments (issue "page makeup for the production desk").

An issue page's ``regions:`` changes its template's regions key by key
(position and span in grid columns and lines, an image's height and crop
focus) and adds named regions of its own (a sixth article), checked like a
template's regions with file:line:column in the issue. Read back from the
PDF with pdfplumber: the text and the picture sit where the page said.
"""
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from layout.compose import compose_issue
from layout.compose.images import crop_to_aspect
from layout.model.content import load_issue, read_issue
from layout.pdf.writer import write_pdf
from layout.report import Report

# 3 grid columns of 100 pt with 10 pt gutters, lines of 15 pt (body leading), type area from (20, 20).
TEMPLATE = """\
page: {size: 360x400pt, margins: 20pt}
grid: {columns: 3, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt, indent: 0}
  caption: {font: song, size: 8pt, leading: 11pt}
regions:
  story: {kind: article, column: 1, span: 2, top: 0, height: 10 lines, headline: {placement: none}}
  photo: {kind: image, column: 3, span: 1, top: 0, height: 10 lines, fit: fill}
"""


def make(tmp: Path, page_regions: str, slots: str = "story: a.txt, photo: {image: p.png, caption: 图为现场。}"):
    """Write the template, an article, a 300 × 100 px picture (left half black, right half white) and the issue."""
    (tmp / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp / "a.txt").write_text("---\n" + "天地玄黄宇宙洪荒日月" * 3 + "\n", encoding="utf-8")
    (tmp / "b.txt").write_text("---\n" + "寒来暑往秋收冬藏" + "\n", encoding="utf-8")
    img = Image.new("L", (300, 100), 255)
    img.paste(0, (0, 0, 150, 100))
    img.save(tmp / "p.png")
    (tmp / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\ntemplates: .\npages:\n'
        "  - number: 1\n    template: t\n" + page_regions + f"    slots: {{{slots}}}\n", encoding="utf-8")
    return tmp / "issue.yaml"


def render(tmp: Path, fontset, page_regions: str, **kw):
    """(issue, report, pdfplumber page data: chars and images with trim-relative positions)."""
    issue = load_issue(str(make(tmp, page_regions, **kw)))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp / "out.pdf"))
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        page = pdf.pages[0]
        attrs = page.page_obj.attrs
        trim = [float(v) for v in attrs.get("TrimBox", attrs["MediaBox"])]
        media = [float(v) for v in attrs["MediaBox"]]
        ox, oy = trim[0] - media[0], media[3] - trim[3]
        chars = [(c["text"], c["x0"] - ox, c["top"] - oy) for c in page.chars]
        images = [(i["x0"] - ox, i["top"] - oy, i["x1"] - ox, i["bottom"] - oy) for i in page.images]
    return issue, report, chars, images


def test_a_page_moves_and_resizes_template_regions(tmp_path, fontset):
    regions = ("    regions:\n"
               "      story: {column: 2, span: 2, top: 4 lines}\n"
               "      photo: {column: 1, span: 1, height: 6 lines}\n")
    issue, report, chars, images = render(tmp_path, fontset, regions)
    assert report.errors == [] and report.overset == []
    story = issue.page(1).template.region("story").box
    assert (story.x, story.y, story.w) == (130.0, 80.0, 210.0)  # column 2 = 20 + 110; 4 lines = 60 pt below 20
    han = [c for c in chars if c[0] in "天地玄黄宇宙洪荒日月"]
    assert min(x for _, x, _ in han) == pytest.approx(130.0, abs=0.5)
    assert min(t for *_, t in han) == pytest.approx(80.0, abs=1.0)
    (x0, top, x1, bottom), = images
    assert (x0, top, x1) == pytest.approx((20.0, 20.0, 120.0), abs=0.5)
    assert bottom < 20 + 6 * 15 - 10  # 6 lines deep, less the caption below the picture


def test_a_page_adds_a_named_region_for_another_article(tmp_path, fontset):
    regions = ("    regions:\n"
               "      extra: {kind: article, column: 1, span: 3, top: 12 lines, height: 3 lines,\n"
               "              headline: {placement: none}}\n")
    issue, report, chars, _ = render(tmp_path, fontset, regions,
                                     slots="story: a.txt, extra: b.txt, photo: {image: p.png, caption: 图为现场。}")
    assert report.errors == []
    extra = [c for c in chars if c[0] in "寒来暑往秋收冬藏"]
    assert len(extra) == 8 and min(t for *_, t in extra) == pytest.approx(20 + 12 * 15, abs=1.0)


def test_an_override_problem_is_named_at_its_place_in_the_issue(tmp_path):
    path = make(tmp_path, "    regions:\n      photo: {column: 4}\n      story: {top: lots}\n")
    _, diags = read_issue(path)
    text = [str(d) for d in diags.sorted() if d.severity == "error"]
    assert any("issue.yaml:7:23: regions.photo.column: column 4" in t for t in text), text  # the value's place
    assert any("issue.yaml:8:20: regions.story.top: expected a length" in t for t in text), text


def test_focus_moves_the_crop_inside_the_picture():
    assert crop_to_aspect((300, 100), 1.0) == (100, 0, 200, 100)  # centred by default
    assert crop_to_aspect((300, 100), 1.0, (0.0, 0.5)) == (0, 0, 100, 100)
    assert crop_to_aspect((300, 100), 1.0, (1.0, 0.5)) == (200, 0, 300, 100)
    assert crop_to_aspect((100, 300), 1.0, (0.5, 0.2)) == (0, 10, 100, 110)


def test_a_page_sets_the_crop_focus_of_a_photo(tmp_path, fontset):
    # the 300 × 100 picture (black left half) cropped to a tall frame: focus at the left keeps the black half
    _, report, _, _ = render(tmp_path, fontset, "    regions:\n      photo: {focus: [0, 0.5]}\n")
    assert report.errors == []
    with pdfplumber.open(str(tmp_path / "out.pdf")) as pdf:
        img = pdf.pages[0].images[0]
        data = img["stream"].get_data()
    assert sum(data) / len(data) < 40  # nearly all black: the left of the picture is what shows


def test_a_page_drops_a_region_with_null(tmp_path, fontset):
    issue, report, chars, images = render(tmp_path, fontset, "    regions:\n      photo: null\n", slots="story: a.txt")
    assert report.errors == [] and images == [] and [r.id for r in issue.page(1).template.regions] == ["story"]
