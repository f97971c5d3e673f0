"""Jumps (issue "page makeup for the production desk"): a jump line prints only when the story continues.

* a story that fits its first block prints no 下转 line; its continuation
  block (a stale ``{continued: a}``) prints nothing, is reported as a stale
  continuation and as empty space, and fails ``--strict`` and
  ``render.py check --strict``;
* a real continuation carries a 接题 (the article's 主题 restated) above
  上接第N版, both across the block, then the body.
Read back from the PDF with pdfplumber.
"""
import re
from pathlib import Path

import pdfplumber

from layout.cli import main
from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pdf.writer import write_pdf
from layout.report import Report

HAN = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE = """\
page: {size: 360x400pt, margins: 20pt}
grid: {columns: 3, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt, indent: 0}
  jump: {font: hei, size: 10pt, leading: 15pt, align: right}
  headline: {font: hei, size: 16pt, leading: 20pt}
regions:
  first: {kind: article, column: 1, span: 3, top: 0, height: %s, columns: 3, gutter: 10pt, jump_style: jump}
  block: {kind: article, column: 1, span: 3, top: 200pt, height: 145pt, columns: 3, gutter: 10pt,
          jump_style: jump, headline: {placement: none}}
"""
HEADLINE = "转版测试标题"


def make_issue(tmp: Path, chars: int, first_height: str):
    """A 2-page issue: article ``a`` (``chars`` Han characters) starts in ``first`` and is continued in ``block``."""
    (tmp / "t.yaml").write_text(TEMPLATE % first_height, encoding="utf-8")
    body = ("天地玄黄宇宙洪荒日月" * 60)[:chars]
    (tmp / "a.txt").write_text(f"headline: {HEADLINE}\n---\n{body}\n", encoding="utf-8")
    (tmp / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 2}\ntemplates: .\npages:\n'
        "  - {number: 1, template: t, slots: {first: a.txt}}\n"
        "  - {number: 2, template: t, slots: {block: {continued: a}}}\n", encoding="utf-8")
    return tmp / "issue.yaml"


def render(tmp: Path, fontset, chars: int, first_height: str):
    """(issue, report, pages' chars as (text, top, x0) lists) of the issue rendered and read back."""
    issue = load_issue(str(make_issue(tmp, chars, first_height)))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp / "out.pdf"))
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        pages = [[(c["text"], c["top"], c["x0"]) for c in p.chars] for p in pdf.pages]
    return issue, report, pages


def text(chars) -> str:
    return "".join(c[0] for c in chars)


def test_a_story_that_fits_prints_no_jump_line_and_its_stale_continuation_prints_nothing(tmp_path, fontset):
    issue, report, pages = render(tmp_path, fontset, 60, "150pt")  # 60 characters: 6 lines, the block holds far more
    assert "下转" not in text(pages[0]) and "上接" not in text(pages[1])
    assert not any(HAN.match(c[0]) for c in pages[1]), "the stale continuation block must stay empty"
    assert len(report.stale_jumps) == 1 and "issue.yaml:5:" in report.stale_jumps[0]
    assert [(u.region, u.page, u.lines) for u in report.underset][-1] == ("block", 2, 30)  # 3 × 10 empty lines
    assert report.failed(strict=True) and not report.failed(strict=False)


def test_check_strict_finds_the_stale_continuation(tmp_path, capsys):
    path = make_issue(tmp_path, 60, "150pt")
    assert main(["check", str(path)]) == 0
    assert main(["check", "--strict", str(path)]) == 1
    assert "stale continuation" in capsys.readouterr().err


def test_the_continuation_carries_its_headline_above_the_jump_line(tmp_path, fontset):
    # ``first``: 60 pt deep, a 16 pt headline and 2 body lines per column: the story (220 characters) jumps
    issue, report, pages = render(tmp_path, fontset, 220, "60pt")
    assert report.stale_jumps == [] and report.overset == []
    assert "（下转第2版）" in text(pages[0])
    p2 = sorted(pages[1], key=lambda c: (round(c[1], 1), c[2]))
    rows = {}
    for ch, top, _ in p2:
        rows.setdefault(round(top, 1), []).append(ch)
    lines = ["".join(v) for _, v in sorted(rows.items())]
    assert lines[0] == HEADLINE  # 接题: the 主题 restated, first
    assert lines[1] == "（上接第1版）"  # then the jump line, on its own line across the block
    assert HAN.match(lines[2][0]) and "上接" not in "".join(lines[2:])  # then the body
    head_size = max(c["size"] for c in pdfplumber.open(str(tmp_path / "out.pdf")).pages[1].chars if c["text"] == HEADLINE[0])
    assert head_size > 10.0  # set larger than the body


def test_a_vertical_continuation_gets_its_headline_and_jump_line_too(tmp_path, fontset):
    vertical = TEMPLATE.replace("block: {kind: article, column: 1, span: 3, top: 200pt, height: 145pt, columns: 3,",
                                "block: {kind: article, column: 1, span: 3, top: 200pt, height: 145pt, columns: 2, "
                                "writing_mode: vertical,")
    make_issue(tmp_path, 220, "60pt")
    (tmp_path / "t.yaml").write_text(vertical % "60pt", encoding="utf-8")  # the block set vertical-rl in 2 tiers
    issue = load_issue(str(tmp_path / "issue.yaml"))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp_path / "out.pdf"))
    assert report.overset == [] and report.stale_jumps == []
    with pdfplumber.open(str(tmp_path / "out.pdf")) as pdf:
        chars = pdf.pages[1].chars
    head = [c for c in chars if c["text"] in HEADLINE and c["size"] > 10.5]
    jump = [c for c in chars if c["text"] in "上接"]
    body = [c for c in chars if c["text"] in "天地玄黄" and abs(c["size"] - 10.0) < 0.1]
    assert len(head) == len(HEADLINE) and len(jump) == 2 and body
    assert max(c["bottom"] for c in head) <= min(c["top"] for c in jump + body) + 0.5  # the 接题 above all of it
    assert min(c["x0"] for c in jump) > max(c["x0"] for c in body)  # 上接 the first (rightmost) vertical line
