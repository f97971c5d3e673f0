"""Byline placement (issue "page makeup for the production desk"): run-in, own-line, end; set in its own face.

``run-in`` sets the byline in front of the first line (the news 电头);
``own-line`` on a line of its own above the text; ``end`` in brackets
after the last paragraph, right-aligned by default. Read back from the PDF
with pdfplumber: line order, alignment and the byline's face (黑体 = the
pinned Noto Sans SC subset) against the body's (宋体 = Noto Serif SC).
"""
import re
from pathlib import Path

import pdfplumber

from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pdf.writer import write_pdf
from layout.report import Report

HAN = re.compile(r"[\u4e00-\u9fff]")
BYLINE = "本报记者　李明"
TEMPLATE = """\
page: {size: 300x300pt, margins: 20pt}
grid: {columns: 1, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt, indent: 0}
  byline: {based_on: body, font: hei}
regions:
  block: {kind: article, column: 1, span: 1, top: 0, height: 200pt, columns: 1, byline_style: byline,
          headline: {placement: none}%s}
"""


def lines_of(tmp: Path, fontset, extra: str):
    """(block box, [(text, x0, x1, fontnames)] per printed line, top to bottom) for the byline settings ``extra``."""
    (tmp / "t.yaml").write_text(TEMPLATE % extra, encoding="utf-8")
    (tmp / "a.txt").write_text(f"byline: {BYLINE}\n---\n" + "天地玄黄宇宙洪荒日月" * 6 + "\n", encoding="utf-8")
    (tmp / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                    "templates: .\npages:\n  - {number: 1, template: t, slots: {block: a.txt}}\n",
                                    encoding="utf-8")
    issue = load_issue(str(tmp / "issue.yaml"))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp / "out.pdf"))
    assert report.overset == [] and report.missing_glyphs == []
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        page = pdf.pages[0]
        attrs = page.page_obj.attrs
        ox = float(attrs.get("TrimBox", attrs["MediaBox"])[0]) - float(attrs["MediaBox"][0])
        rows = {}
        for c in page.chars:
            rows.setdefault(round(c["top"], 1), []).append(c)
    out = []
    for _, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        out.append(("".join(c["text"] for c in cs), cs[0]["x0"] - ox, cs[-1]["x1"] - ox, {c["fontname"] for c in cs}))
    return issue.page(1).template.region("block").box, out


def test_run_in_byline_starts_the_first_line(tmp_path, fontset):
    _, lines = lines_of(tmp_path, fontset, "")
    assert lines[0][0].startswith(BYLINE.replace("　", "")) or lines[0][0].startswith(BYLINE)


def test_own_line_byline_stands_above_the_text_in_its_face(tmp_path, fontset):
    box, lines = lines_of(tmp_path, fontset, ", byline_placement: own-line")
    assert lines[0][0].replace(" ", "") in (BYLINE, BYLINE.replace("　", ""))
    assert lines[1][0].startswith("天地玄黄")
    assert all("Sans" in f for f in lines[0][3]) and all("Serif" in f for f in lines[1][3])
    assert abs(lines[0][1] - box.x) < 0.5  # left by default


def test_own_line_byline_centred_when_asked(tmp_path, fontset):
    box, lines = lines_of(tmp_path, fontset, ", byline_placement: own-line, byline_align: center")
    left, right = lines[0][1] - box.x, box.right - lines[0][2]
    assert abs(left - right) < 1.0 and left > 50


def test_end_byline_in_brackets_after_the_text_right_aligned(tmp_path, fontset):
    box, lines = lines_of(tmp_path, fontset, ", byline_placement: end")
    assert lines[0][0].startswith("天地玄黄")
    last = lines[-1]
    assert last[0].replace(" ", "") in ("（" + BYLINE + "）", "（" + BYLINE.replace("　", "") + "）")
    # right-aligned: the closing bracket is compressed to half an em at the line end, so its advance
    # (what pdfplumber reports as x1) reaches half an em (5 pt) past the measure
    assert -0.5 < last[2] - box.right <= 5.01 and last[1] > box.x + box.w / 2
    assert any("Sans" in f for f in last[3])


def test_a_run_in_byline_with_latin_in_another_face_is_warned(tmp_path, fontset):
    (tmp_path / "t.yaml").write_text(TEMPLATE % "", encoding="utf-8")
    (tmp_path / "a.txt").write_text("byline: 本报讯（记者Li Ming）\n---\n天地玄黄宇宙洪荒日月\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                         "templates: .\npages:\n  - {number: 1, template: t, slots: {block: a.txt}}\n",
                                         encoding="utf-8")
    report = Report()
    compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report)
    assert any("run-in byline" in w and "byline_placement: own-line" in w for w in report.warnings), report.warnings
