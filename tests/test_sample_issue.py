"""The bundled sample issue (石景山报 2018-04-28), rendered and read back with pdfplumber and poppler.

* every Han character of the extracted front page appears in the PDF, and
  within each article (and the masthead, hotline and greeting boxes) in the
  seed's reading order: the characters painted inside a region, in content
  stream order, are exactly the seed's characters for it;
* the lead story jumps from page 1 to page 2 with both jump lines naming
  the real pages;
* geometry: every region inside the trim, every glyph inside a region;
* page 2's vertical blocks (clreq §2.4): each character once and in order,
  lines right to left with characters top to bottom, the vertical 主题 at a
  block's right reading top to bottom, every glyph inside its block;
* zero overset and zero underset (every block 正好, level feet); a PNG of each page in tests/output/ for a person to look at.
"""
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from layout.model.content import load_issue
from layout.pipeline import render_issue
from layout.report import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "issue-2018-04-28"
SEED = SAMPLE / "seed" / "front-page-extracted.txt"
HAN = re.compile(r"[\u3400-\u9fff]")
HALF_WIDTH_MARKS = set("“‘（《「『〔【”’）》」』，。、；：！？")


def han(text: str) -> str:
    """The Han characters of a text, in order."""
    return "".join(HAN.findall(text))


def seed_between(first: str, last: str) -> str:
    """Seed text from the line starting with ``first`` through the line containing ``last``."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(first)
    return text[start:text.index(last, start) + len(last)]


@pytest.fixture(scope="module")
def sample_fonts():
    """The pinned test subsets for every role the sample's templates use (kai falls back to the serif)."""
    from tests.conftest import sample_fontset_from_pins

    return sample_fontset_from_pins()


@pytest.fixture(scope="module")
def rendered(sample_fonts, tmp_path_factory):
    """The sample rendered with the pinned test fonts: (issue, report, pdf path, out folder)."""
    fontset = sample_fonts
    out = tmp_path_factory.mktemp("sample")
    issue = load_issue(str(SAMPLE / "issue.yaml"))
    report = Report()
    render_issue(issue, fontset, str(out), report)
    return issue, report, out / f"{issue.output_name}.pdf", out


@pytest.fixture(scope="module")
def pdf(rendered):
    with pdfplumber.open(str(rendered[2])) as doc:
        yield doc


def trim_origin(page):
    """(x, top) of the trim box's top-left corner in pdfplumber's coordinates."""
    trim = [float(v) for v in page.page_obj.attrs["TrimBox"]]
    media = [float(v) for v in page.page_obj.attrs["MediaBox"]]
    return trim[0] - media[0], media[3] - trim[3]


def chars_in(page, box):
    """Characters (content-stream order) whose centre lies in a trim-coordinate box."""
    ox, oy = trim_origin(page)
    out = []
    for c in page.chars:
        cx, cy = (c["x0"] + c["x1"]) / 2 - ox, (c["top"] + c["bottom"]) / 2 - oy
        if box.x - 0.5 <= cx <= box.right + 0.5 and box.y - 0.5 <= cy <= box.bottom + 0.5:
            out.append(c)
    return out


def region_han(pdf, issue, page_number, region_id) -> str:
    page = pdf.pages[page_number - 1]
    box = issue.page(page_number).template.region(region_id).box
    return han("".join(c["text"] for c in chars_in(page, box)))


def test_renders_with_zero_overset_and_no_missing_glyphs(rendered):
    _, report, path, out = rendered
    assert report.overset == [] and report.missing_glyphs == [] and report.missing_images == []
    assert report.errors == []
    assert report.underset == [] and report.stale_jumps == []  # level feet, no empty space on either page
    assert {r.region: r.balance for r in report.regions if r.article} == {r: 0 for r in
                                                              ("lead", "second", "continued", "side", "feature", "commentary")}
    assert sorted(p.name for p in out.glob("*.pdf")) == ["20180428-01.pdf", "20180428-02.pdf", "20180428.pdf"]


def test_every_han_character_of_the_seed_is_in_the_pdf(pdf):
    printed = Counter(han("".join(c["text"] for p in pdf.pages for c in p.chars)))
    wanted = Counter(han(SEED.read_text(encoding="utf-8")))
    missing = wanted - printed
    assert not missing, f"characters of the seed missing from the PDF: {dict(missing)}"


def test_masthead_hotline_and_greeting_in_seed_order(pdf, rendered):
    issue = rendered[0]
    assert region_han(pdf, issue, 1, "masthead") == han(seed_between("石景山报", "石景山新闻网"))
    assert region_han(pdf, issue, 1, "hotline") == han(seed_between("●区政府", "●消协"))
    assert region_han(pdf, issue, 1, "greeting") == han(seed_between("祝全区", "快乐"))


def test_lead_story_in_reading_order_across_the_jump(pdf, rendered):
    issue = rendered[0]
    page1 = region_han(pdf, issue, 1, "lead")
    page2 = region_han(pdf, issue, 2, "continued")
    jump_headline = han(seed_between("开展对口支援", "奔小康工作"))  # 接题: the 主题 restated
    assert page1.endswith("下转第版") and page2.startswith(jump_headline + "上接第版")
    headline = han(seed_between("我区党政代表团赴青海省", "奔小康工作"))
    body = han(seed_between("本报讯(记者翟国鑫)", "分别参加上述活动。"))
    assert page1[: -len("下转第版")] + page2[len(jump_headline + "上接第版"):] == headline + body


def test_second_story_in_reading_order_with_its_credit(pdf, rendered):
    issue = rendered[0]
    body = han(seed_between("本报讯(记者徐巍", "不辱使命》。"))
    headline, subhead = han("弘扬劳模精神 争做时代先锋"), han("我区举办庆“五一”主题活动")
    caption = han("图为庆五一主题活动现场（原照片已遗失，此为替代图片）。")
    assert region_han(pdf, issue, 1, "second").replace(caption + "刘粟摄", "") == headline + subhead + body
    assert region_han(pdf, issue, 1, "photo") == caption + "刘粟摄"  # 图为……　刘粟 摄


def test_jump_lines_carry_the_real_page_numbers(pdf):
    text1 = pdf.pages[0].extract_text()
    text2 = pdf.pages[1].extract_text()
    assert "（下转第2版）" in text1.replace(" ", "")
    assert "（上接第1版）" in text2.replace(" ", "")


def test_regions_inside_the_trim_and_glyphs_inside_regions(pdf, rendered):
    issue = rendered[0]
    for number, page in enumerate(pdf.pages, start=1):
        template = issue.page(number).template
        for region in template.regions:
            b = region.box
            assert b.x >= -0.01 and b.y >= -0.01, region.id
            assert b.right <= template.page.width + 0.01 and b.bottom <= template.page.height + 0.01, region.id
        ox, oy = trim_origin(page)
        for c in page.chars:
            x0, x1, top, bottom = c["x0"] - ox, c["x1"] - ox, c["top"] - oy, c["bottom"] - oy
            if x1 < 0 or top > template.page.height or bottom < 0 or x0 > template.page.width:
                continue  # the slug line and marks outside the bleed
            # a full-width mark set half width (clreq §3.1.6) keeps its ink inside while its em box sticks out
            slack = 1 + (c["size"] / 2 if c["text"] in HALF_WIDTH_MARKS else 0)
            inside = [r for r in template.regions if r.box.x - slack <= x0 and x1 <= r.box.right + slack
                      and r.box.y - 1 <= top and bottom <= r.box.bottom + 1]
            assert inside, f"page {number}: {c['text']!r} at ({x0:.1f}, {top:.1f}) lies outside every region"


def test_article_text_keeps_off_the_photo(pdf, rendered):
    issue = rendered[0]
    photo = issue.page(1).template.region("photo").box
    inside = [c["text"] for c in chars_in(pdf.pages[0], photo)]
    assert "".join(inside).replace(" ", "") == "图为庆五一主题活动现场（原照片已遗失，此为替代图片）。刘粟摄"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_png_of_each_page_for_a_person_to_look_at(rendered, output_dir):
    path = rendered[2]
    prefix = output_dir / "sample-page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(prefix)], check=True)
    pngs = sorted(output_dir.glob("sample-page-*.png"))
    assert len(pngs) >= 2 and all(p.stat().st_size > 10_000 for p in pngs)


# -- page 2: vertical blocks in a horizontal page (clreq §2.4) ---------------------------------


def article_han(name: str, head: bool = True) -> str:
    """Han characters of a sample article file: 主题 lines, then the paragraphs."""
    text = (SAMPLE / name).read_text(encoding="utf-8")
    header, body = text.split("---\n", 1)
    heads = [line.split(":", 1)[1] for line in header.splitlines() if line.startswith(("主题", "headline"))]
    return han("".join(heads) if head else body), han(body)


def body_box(pdf, issue, region_id):
    region = issue.page(2).template.region(region_id)
    return region, region.box


def vertical_lines(chars, size_tolerance=2.0):
    """Characters grouped into vertical lines by their centre x (right to left), each top to bottom."""
    lines = []
    for c in sorted(chars, key=lambda c: -(c["x0"] + c["x1"]) / 2):
        cx = (c["x0"] + c["x1"]) / 2
        if lines and abs(lines[-1][0] - cx) <= size_tolerance:
            lines[-1][1].append(c)
        else:
            lines.append((cx, [c]))
    return [(cx, sorted(cs, key=lambda c: c["top"])) for cx, cs in lines]


@pytest.mark.parametrize("region_id,name", [("side", "editor-note.txt"), ("commentary", "commentary.txt")])
def test_vertical_blocks_extract_once_each_in_order(pdf, rendered, region_id, name):
    issue = rendered[0]
    headline, body = article_han(name)
    assert region_han(pdf, issue, 2, region_id) == headline + body


def test_vertical_block_lines_run_right_to_left_characters_top_to_bottom(pdf, rendered):
    """In content-stream order, each body line is right of the next and its characters go down the page."""
    issue = rendered[0]
    page = pdf.pages[1]
    region = issue.page(2).template.region("side")
    ox, _ = trim_origin(page)
    body = [c for c in chars_in(page, region.box) if c["size"] < region.body.size + 0.5 and HAN.match(c["text"])]
    assert len(body) > 100
    lines = vertical_lines(body)
    assert len(lines) >= 6
    # stream order visits the lines from right to left: the x of successive characters only jumps left
    xs = [(c["x0"] + c["x1"]) / 2 for c in body]
    jumps = [b - a for a, b in zip(xs, xs[1:]) if abs(b - a) > 2]
    assert jumps and all(j < 0 for j in jumps)
    for _, cs in lines:
        assert [c["top"] for c in cs] == sorted(c["top"] for c in cs)
        in_stream = [c for c in body if c in cs]
        assert [c["top"] for c in in_stream] == sorted(c["top"] for c in in_stream)
    pitches = [a[0] - b[0] for a, b in zip(lines, lines[1:])]
    assert all(abs(p - region.body.leading) < 0.6 for p in pitches), pitches  # one leading per line


@pytest.mark.parametrize("region_id", ["side", "feature", "commentary"])
def test_vertical_headline_at_the_right_reads_top_to_bottom(pdf, rendered, region_id):
    issue = rendered[0]
    page = pdf.pages[1]
    region = issue.page(2).template.region(region_id)
    head_size = region.headline.headline.size
    chars = chars_in(page, region.box)
    head = [c for c in chars if c["size"] > region.body.size + 1 and HAN.match(c["text"])]
    body = [c for c in chars if c["size"] <= region.body.size + 0.5 and HAN.match(c["text"])]
    name = {"side": "editor-note.txt", "feature": "vertical-headline.txt", "commentary": "commentary.txt"}[region_id]
    assert han("".join(c["text"] for c in head)) == article_han(name)[0]
    assert len({round((c["x0"] + c["x1"]) / 2) for c in head}) == 1  # one vertical line
    assert [c["top"] for c in head] == sorted(c["top"] for c in head)
    assert all(c["x1"] - c["x0"] <= head_size * 1.05 for c in head)  # upright, one em wide
    assert min(c["x0"] for c in head) > max(c["x1"] for c in body)  # the stack is right of the text


def test_feature_body_is_horizontal_beside_its_vertical_headline(pdf, rendered):
    issue = rendered[0]
    page = pdf.pages[1]
    region = issue.page(2).template.region("feature")
    _, body = article_han("vertical-headline.txt")
    body_chars = [c for c in chars_in(page, region.box) if c["size"] <= region.body.size + 0.5]
    assert han("".join(c["text"] for c in body_chars)) == body
    first_line = [c for c in body_chars if abs(c["top"] - body_chars[0]["top"]) < 0.5]
    assert len(first_line) > 5 and [c["x0"] for c in first_line] == sorted(c["x0"] for c in first_line)


@pytest.mark.parametrize("region_id", ["side", "feature", "commentary"])
def test_page2_glyphs_inside_their_block(pdf, rendered, region_id):
    """Every glyph painted for a block lies within the block's box (the ink, not just the centre)."""
    issue = rendered[0]
    page = pdf.pages[1]
    box = issue.page(2).template.region(region_id).box
    ox, oy = trim_origin(page)
    grown = type(box)(box.x - 8, box.y - 8, box.w + 16, box.h + 16)
    for c in chars_in(page, grown):
        x0, x1, top, bottom = c["x0"] - ox, c["x1"] - ox, c["top"] - oy, c["bottom"] - oy
        assert box.x - 0.5 <= x0 and x1 <= box.right + 0.5 and box.y - 0.5 <= top and bottom <= box.bottom + 0.5, \
            (region_id, c["text"], x0, top)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_png_of_page_2_at_proof_resolution(rendered, output_dir):
    prefix = output_dir / "sample-page-2-vertical"
    subprocess.run(["pdftoppm", "-r", "110", "-f", "2", "-l", "2", "-singlefile", "-png", str(rendered[2]), str(prefix)],
                   check=True)
    assert (output_dir / "sample-page-2-vertical.png").stat().st_size > 50_000
