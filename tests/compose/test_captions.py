"""Captions (issue "page makeup for the production desk"): 图为……　刘粟 摄, a missing caption warns.

The caption is broken to the picture's width under it; the credit follows
its last line after a full-width space in its own style ("刘粟摄" printed
"刘粟 摄"), or takes a line of its own at the right when it does not fit.
An image without a caption is a warning; a missing picture's placeholder
is labelled in Chinese. Read back from the PDF with pdfplumber.
"""
from pathlib import Path

import pdfplumber
from PIL import Image

from layout.compose import compose_issue
from layout.compose.regions import credit_text
from layout.model.content import load_issue
from layout.pdf.writer import write_pdf
from layout.report import Report

TEMPLATE = """\
page: {size: 300x300pt, margins: 20pt}
grid: {columns: 1, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt}
  caption: {font: song, size: 8pt, leading: 11pt}
  credit: {font: hei, size: 8pt, leading: 11pt}
regions:
  photo: {kind: image, column: 1, span: 1, top: 0, height: 200pt, image: %s%s, credit_style: credit}
"""


def render(tmp: Path, fontset, caption: str, credit: str = "刘粟摄", image: str = "p.png"):
    """(report, image region box, printed lines as (text, x0, x1, fontnames) top to bottom)."""
    Image.new("L", (900, 600), 128).save(tmp / "p.png")
    extra = "".join(f", {k}: {v}" for k, v in (("caption", caption), ("credit", credit)) if v)
    (tmp / "t.yaml").write_text(TEMPLATE % (image, extra), encoding="utf-8")
    (tmp / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                    "templates: .\npages:\n  - {number: 1, template: t}\n", encoding="utf-8")
    issue = load_issue(str(tmp / "issue.yaml"))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp / "out.pdf"))
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        page = pdf.pages[0]
        attrs = page.page_obj.attrs
        ox = float(attrs.get("TrimBox", attrs["MediaBox"])[0]) - float(attrs["MediaBox"][0])
        rows = {}
        for c in page.chars:
            rows.setdefault(round(c["top"], 1), []).append(c)
    lines = []
    for _, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        lines.append(("".join(c["text"] for c in cs), cs[0]["x0"] - ox, cs[-1]["x1"] - ox, [c["fontname"] for c in cs]))
    return report, issue.page(1).template.region("photo").box, lines


def test_credit_follows_the_caption_on_its_line_in_its_own_face(tmp_path, fontset):
    report, box, lines = render(tmp_path, fontset, "图为活动现场。")
    assert len(lines) == 1
    text, x0, _, fonts = lines[0]
    assert text.replace(" ", "").startswith("图为活动现场。") and text.replace(" ", "").endswith("刘粟摄")
    assert abs(x0 - box.x) < 0.5  # the caption starts at the picture's left edge
    assert "Serif" in fonts[0] and "Sans" in fonts[-1]  # caption in its style, credit in its own
    assert not any("caption" in w for w in report.warnings)


def test_a_long_caption_breaks_and_the_credit_goes_on(tmp_path, fontset):
    caption = ("图为天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"
               "闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光。")
    report, box, lines = render(tmp_path, fontset, caption)
    printed = "".join(t for t, *_ in lines).replace(" ", "")
    assert printed == caption + "刘粟摄" and len(lines) >= 2
    assert all(x1 <= box.right + 4.01 for _, _, x1, _ in lines)  # within the picture's width (a stop may hang half)


def test_an_image_without_caption_warns(tmp_path, fontset):
    report, _, lines = render(tmp_path, fontset, "")
    assert any("photo: the image p.png has no caption" in w for w in report.warnings)
    assert lines[0][0].replace(" ", "") == "刘粟摄"


def test_a_missing_image_is_labelled_in_chinese(tmp_path, fontset):
    report, _, lines = render(tmp_path, fontset, "图为现场。", image="gone.png")
    assert report.missing_images and any(t.startswith("缺图：gone.png") for t, *_ in lines)


def test_credit_text_spaces_the_verb():
    assert credit_text("刘粟摄") == "刘粟 摄" and credit_text("刘粟 摄") == "刘粟 摄"
    assert credit_text("新华社供图") == "新华社 供图" and credit_text("资料图片") == "资料图片"
