"""A vertical page (page.writing_mode: vertical) holding a horizontal box, and vertical blocks' flow rules.

clreq §2.4: vertical text runs top to bottom, lines right to left, long
texts in 栏 tiers stacked top to bottom. The page's article inherits the
page's writing mode; the hotline box says ``writing_mode: horizontal``.
Read back with pdfplumber.
"""
import math
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pipeline import render_issue
from layout.report import Report

DATA = Path(__file__).resolve().parent / "data" / "vertical-page"
HAN = re.compile(r"[\u3400-\u9fff]")


def han(text):
    return "".join(HAN.findall(text))


@pytest.fixture(scope="module")
def rendered(fontset, tmp_path_factory):
    out = tmp_path_factory.mktemp("vertical-page")
    issue = load_issue(str(DATA / "issue.yaml"))
    report = Report()
    render_issue(issue, fontset, str(out), report)
    with pdfplumber.open(str(out / "vertical.pdf")) as doc:
        page = doc.pages[0]
        trim = [float(v) for v in page.page_obj.attrs["TrimBox"]]
        media = [float(v) for v in page.page_obj.attrs["MediaBox"]]
        ox, oy = trim[0] - media[0], media[3] - trim[3]
        chars = [dict(c, x0=c["x0"] - ox, x1=c["x1"] - ox, top=c["top"] - oy, bottom=c["bottom"] - oy) for c in page.chars]
    return issue, report, chars, out


def inside(chars, box):
    return [c for c in chars if box.x - 0.5 <= (c["x0"] + c["x1"]) / 2 <= box.right + 0.5
            and box.y - 0.5 <= (c["top"] + c["bottom"]) / 2 <= box.bottom + 0.5]


def test_page_default_is_vertical_and_the_box_is_horizontal(rendered):
    issue, report, _, _ = rendered
    t = issue.page(1).template
    assert t.region("story").writing_mode == "vertical-rl" and t.region("note").writing_mode == "vertical-rl"
    assert t.region("hotline").writing_mode == "horizontal-tb"
    assert report.overset == [] and report.errors == [] and report.missing_glyphs == []


def test_vertical_article_in_tiers_reads_in_order(rendered):
    issue, _, chars, _ = rendered
    region = issue.page(1).template.region("story")
    text = (DATA / "story.txt").read_text(encoding="utf-8")
    head, body = text.split("---\n")
    got = inside(chars, region.box)
    assert han("".join(c["text"] for c in got)) == han(head.split(":", 1)[1]) + han(body)
    body_chars = [c for c in got if c["size"] < 11 and HAN.match(c["text"])]
    tier_h = (region.box.h - region.gutter) / 2
    slack = 1.5  # pdfplumber places a vertical glyph's box by the font's per-glyph vertical origin (VORG)
    upper = [c for c in body_chars if c["bottom"] <= region.box.y + tier_h + slack]
    lower = [c for c in body_chars if c["top"] >= region.box.y + tier_h + region.gutter - slack]
    assert upper and lower and len(upper) + len(lower) == len(body_chars)  # nothing in the gutter between tiers
    assert body_chars.index(lower[0]) > body_chars.index(upper[-1])  # the upper tier is read first


def test_three_digit_tate_chu_yoko_from_the_style(rendered):
    issue, _, chars, _ = rendered
    region = issue.page(1).template.region("story")
    got = inside(chars, region.box)
    text = "".join(c["text"] for c in got)
    i = text.index("128")
    digits = got[i:i + 3]
    # tcy: side by side on one row, together no wider than 1 em (tcy_digits: 3 in the body style)
    assert max(abs(d["top"] - digits[0]["top"]) for d in digits) < 0.5
    assert digits[2]["x1"] - digits[0]["x0"] <= 10.0 + 0.2


def test_horizontal_box_inside_the_vertical_page(rendered):
    issue, _, chars, _ = rendered
    box = issue.page(1).template.region("hotline").box
    got = inside(chars, box)
    assert "".join(c["text"] for c in got) == "服务热线：12345供电热线：95598"
    first = [c for c in got if abs(c["top"] - got[0]["top"]) < 0.5]
    assert len(first) == len("服务热线：12345")
    assert [c["x0"] for c in first] == sorted(c["x0"] for c in first)  # left to right on one baseline
    for c in got:
        assert box.x <= c["x0"] and c["x1"] <= box.right and box.y <= c["top"] and c["bottom"] <= box.bottom


def test_vertical_box_follows_the_page(rendered):
    issue, _, chars, _ = rendered
    box = issue.page(1).template.region("note").box
    got = [c for c in inside(chars, box) if HAN.match(c["text"])]
    assert han("".join(c["text"] for c in got)) == "竖排附注第号"
    first = got[:4]
    assert len({round((c["x0"] + c["x1"]) / 2) for c in first}) == 1  # one vertical line


def test_vertical_overset_counts_characters_and_lines(tmp_path, fontset):
    """Overset in a vertical block: the same numbers as horizontal, along the other axis."""
    (tmp_path / "t.yaml").write_text(
        "page: {size: 200x300pt, margins: 10pt, writing_mode: vertical}\n"
        "grid: {columns: 1, gutter: 10pt}\n"
        "styles:\n  body: {font: song, size: 10pt, leading: 20pt, indent: 0}\n"
        "regions:\n  story: {kind: article, column: 1, span: 1, top: 0, height: 100pt, headline: {placement: none}}\n",
        encoding="utf-8")
    (tmp_path / "a.txt").write_text("---\n" + "天地玄黄宇宙洪荒日月" * 30 + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\ntemplates: .\n'
        "pages:\n  - {number: 1, template: t, slots: {story: a.txt}}\n", encoding="utf-8")
    report = Report()
    compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report)
    per_line = 10  # 100 pt tall lines of 10 pt characters
    lines = 1 + int((180 - 10) // 20)  # 180 pt wide block, one em then one leading per line
    left = 300 - lines * per_line
    assert [(o.story, o.chars, o.lines) for o in report.overset] == [("a", left, math.ceil(left / per_line))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_png_of_the_vertical_page(rendered, output_dir):
    subprocess.run(["pdftoppm", "-r", "60", "-singlefile", "-png", str(rendered[3] / "vertical.pdf"),
                    str(output_dir / "vertical-page")], check=True)
    assert (output_dir / "vertical-page.png").stat().st_size > 10_000
