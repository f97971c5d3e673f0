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


def test_a_run_in_byline_with_latin_is_set_in_its_own_face_at_its_own_widths(tmp_path, fontset):
    """Latin in a 黑体 run-in byline: every byline glyph in the byline face, none overlapping its neighbour."""
    byline = "本报记者　Tom Lee"
    (tmp_path / "t.yaml").write_text(TEMPLATE % "", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"byline: {byline}\n---\n天地玄黄宇宙洪荒日月" + "宇宙洪荒" * 12 + "\n",
                                    encoding="utf-8")
    (tmp_path / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                         "templates: .\npages:\n  - {number: 1, template: t, slots: {block: a.txt}}\n",
                                         encoding="utf-8")
    report = Report()
    write_pdf(compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report), fontset,
              str(tmp_path / "out.pdf"))
    assert report.overset == [] and report.missing_glyphs == []
    assert not any("run-in byline" in w for w in report.warnings), report.warnings
    with pdfplumber.open(str(tmp_path / "out.pdf")) as pdf:
        chars = pdf.pages[0].chars
    top = min(c["top"] for c in chars)
    first = sorted((c for c in chars if abs(c["top"] - top) < 0.5), key=lambda c: c["x0"])
    shown = [c for c in first if not c["text"].isspace()]
    n = len(byline.replace("　", "").replace(" ", ""))
    assert "".join(c["text"] for c in shown[:n]) == "本报记者TomLee"
    assert all("Sans" in c["fontname"] for c in shown[:n]), [c["fontname"] for c in shown[:n]]
    assert all("Serif" in c["fontname"] for c in shown[n:]) and shown[n]["text"] == "天"
    for left, right in zip(first, first[1:]):
        assert left["x1"] <= right["x0"] + 0.01, (left["text"], left["x1"], right["text"], right["x0"])


def test_a_run_in_byline_of_another_colour_keeps_its_colour(tmp_path, fontset):
    """The byline style's colour applies to the run-in byline only; the body text keeps the body colour."""
    (tmp_path / "t.yaml").write_text("swatches: {red: [0, 100, 100, 0]}\n"
                                    + (TEMPLATE % "").replace("font: hei}", "font: hei, color: red}"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"byline: {BYLINE}\n---\n天地玄黄宇宙洪荒日月\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                         "templates: .\npages:\n  - {number: 1, template: t, slots: {block: a.txt}}\n",
                                         encoding="utf-8")
    write_pdf(compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, Report()), fontset,
              str(tmp_path / "out.pdf"))
    with pdfplumber.open(str(tmp_path / "out.pdf")) as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
    colours = {c["text"]: tuple(c["non_stroking_color"] or ()) for c in chars}
    assert colours["李"] != colours["天"] and colours["本"] == colours["李"]
    assert "Sans" in next(c["fontname"] for c in chars if c["text"] == "李")
