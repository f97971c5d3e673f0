"""Underset as loud as overset, and level column feet (齐栏) in balanced article blocks.

Issue "page makeup for the production desk": every text region reports the
body lines it had room for but did not use, with the characters they hold;
``--strict`` fails on it. A balanced block ends its columns on one line of
its grid, the first ones a line lower when the lines do not divide evenly,
counting a jump-in line (上接第N版) in its column. Read back from the PDF with pdfplumber.
"""
import re
from pathlib import Path

import pdfplumber

from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pdf.writer import write_pdf
from layout.report import Report, Underset

HAN = re.compile(r"[\u4e00-\u9fff]")
SIZE, LEADING = 10.0, 15.0
# 3 columns of 100 pt (10 characters a line at 10 pt), 10 + 15 * 9 pt deep: 10 lines a column.
TEMPLATE = """\
page: {size: 360x400pt, margins: 20pt}
grid: {columns: 3, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt, indent: 0}
  jump: {font: hei, size: 10pt, leading: 15pt}
regions:
  block: {kind: article, column: 1, span: 3, top: 0, height: 145pt, columns: 3, gutter: 10pt,
          balance: true, jump_style: jump, headline: {placement: none}}
  first: {kind: article, column: 1, span: 3, top: 200pt, height: 40pt, columns: 3, gutter: 10pt,
          headline: {placement: none}}
"""


def issue_with(tmp: Path, chars: int, continued: bool = False):
    """An issue whose story has ``chars`` Han characters (one paragraph), in ``block`` or jumping into it."""
    (tmp / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp / "a.txt").write_text("---\n" + ("天地玄黄宇宙洪荒日月" * 50)[:chars] + "\n", encoding="utf-8")
    if continued:
        pages = ("  - {number: 1, template: t, slots: {first: a.txt}}\n"
                 "  - {number: 2, template: t, slots: {block: {continued: a}}}\n")
    else:
        pages = "  - {number: 1, template: t, slots: {block: a.txt}}\n"
    (tmp / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 2}\n'
                                    "templates: .\npages:\n" + pages, encoding="utf-8")
    return load_issue(str(tmp / "issue.yaml"))


def render(tmp: Path, fontset, chars: int, continued: bool = False):
    """(report, per-column list of line tops of the block's page) read back from the PDF."""
    issue = issue_with(tmp, chars, continued)
    report = Report()
    pages = compose_issue(issue, fontset, report)
    write_pdf(pages, fontset, str(tmp / "out.pdf"))
    box = issue.page(len(pages)).template.region("block").box
    cols = [[] for _ in range(3)]
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        page = pdf.pages[-1]
        trim = [float(v) for v in page.page_obj.attrs.get("TrimBox", page.page_obj.attrs["MediaBox"])]
        media = [float(v) for v in page.page_obj.attrs["MediaBox"]]
        ox, oy = trim[0] - media[0], media[3] - trim[3]
        for c in page.chars:
            x, top = (c["x0"] + c["x1"]) / 2 - ox, c["top"] - oy
            if HAN.match(c["text"]) and box.y - 1 <= top <= box.bottom:
                i = min(2, max(0, int((x - box.x) // 110)))
                if round(top, 1) not in cols[i]:
                    cols[i].append(round(top, 1))
    return report, [sorted(c) for c in cols]


def test_balanced_block_ends_its_columns_level_and_reports_the_rest(tmp_path, fontset):
    report, cols = render(tmp_path, fontset, 200)  # 20 lines of 10: 7 / 7 / 6 in three columns of 10
    assert [len(c) for c in cols] == [7, 7, 6]
    assert cols[0][-1] == cols[1][-1]  # level feet
    assert report.underset == [Underset("a", "block", 10, 100, 1)]
    assert report.failed(strict=True) and not report.failed(strict=False)
    assert "underset: a (page 1, region block): 10 empty lines, room for 100 more characters" in report.problems()


def test_a_short_story_spreads_over_every_column_one_line_apart(tmp_path, fontset):
    # 4 lines in 3 columns: 2 / 1 / 1, not 2 / 2 / 0 (an empty column beside a balanced block); 2 lines: 1 / 1 / 0
    report, cols = render(tmp_path, fontset, 40)
    assert [len(c) for c in cols] == [2, 1, 1] and cols[1][0] == cols[2][0] == cols[0][0]
    report, cols = render(tmp_path, fontset, 20)
    assert [len(c) for c in cols] == [1, 1, 0]
    report, cols = render(tmp_path, fontset, 230)  # 23 lines: 8 / 8 / 7
    assert [len(c) for c in cols] == [8, 8, 7]


def test_a_full_block_reports_no_underset(tmp_path, fontset):
    report, cols = render(tmp_path, fontset, 300)  # 30 lines: every column full
    assert [len(c) for c in cols] == [10, 10, 10]
    assert report.underset == [] and not report.failed(strict=True), report.strict_reasons()


def test_overset_is_not_underset(tmp_path, fontset):
    report, _ = render(tmp_path, fontset, 400)
    assert report.overset and report.underset == []


def test_jump_line_counts_in_its_column(tmp_path, fontset):
    # page 1: 3 + 3 + 2 lines (the last column gives a line to the jump-out line) hold 80 characters;
    # page 2 takes the other 130 (13 lines) below the jump-in line: 14 lines, level at 5 / 5 / 4
    # (the old per-frame balancing set 1 + 5 / 5 / 3: the first column one line longer)
    report, cols = render(tmp_path, fontset, 210, continued=True)
    assert [len(c) for c in cols] == [5, 5, 4]
    assert cols[0][0] < cols[1][0] + 0.5 and cols[0][-1] == cols[1][-1]  # same top line, feet level
    assert report.underset == [Underset("a", "block", 16, 160, 2)]


def loose_block(tmp: Path, fontset, leading_max: str):
    """One column of 10 lines (10 + 15 * 9 = 145 pt) holding 8 lines of text, copyfit leading [0, leading_max]."""
    template = TEMPLATE.replace("columns: 3, gutter: 10pt,\n          balance: true",
                                "columns: 1, gutter: 10pt,\n          copyfit: {leading: [0pt, %s]}" % leading_max)
    template = template.replace("column: 1, span: 3, top: 0", "column: 1, span: 1, top: 0")
    (tmp / "t.yaml").write_text(template, encoding="utf-8")
    (tmp / "a.txt").write_text("---\n" + "天地玄黄宇宙洪荒日月" * 8 + "\n", encoding="utf-8")
    (tmp / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                    "templates: .\npages:\n  - {number: 1, template: t, slots: {block: a.txt}}\n",
                                    encoding="utf-8")
    issue = load_issue(str(tmp / "issue.yaml"))
    report = Report()
    write_pdf(compose_issue(issue, fontset, report), fontset, str(tmp / "out.pdf"))
    with pdfplumber.open(str(tmp / "out.pdf")) as pdf:
        tops = sorted({round(c["top"], 2) for c in pdf.pages[0].chars if HAN.match(c["text"])})
    return issue.page(1).template.region("block").box, report, tops


def test_copyfit_loosens_the_leading_within_its_limit_to_fill_the_block(tmp_path, fontset):
    # 2 lines left empty at 15 pt; the loosest leading within +4 pt that holds the 8 lines: 19 pt (143 pt deep)
    box, report, tops = loose_block(tmp_path, fontset, "4pt")
    steps = [b - a for a, b in zip(tops, tops[1:])]
    assert len(tops) == 8 and all(abs(s - 19.0) < 0.01 for s in steps), steps
    assert tops[-1] - tops[0] + SIZE <= box.h + 0.5  # the last em box still inside the block
    assert any("a set with leading +4.00 pt" in w for w in report.warnings), report.warnings
    assert report.underset == [] and report.overset == []


def test_copyfit_stops_at_its_limit_and_reports_what_is_still_empty(tmp_path, fontset):
    # +1 pt only: 16 pt leading, the column holds 1 + (145 - 10) // 16 = 9 lines, one stays empty
    _, report, tops = loose_block(tmp_path, fontset, "1pt")
    assert all(abs(b - a - 16.0) < 0.01 for a, b in zip(tops, tops[1:]))
    assert report.underset == [Underset("a", "block", 1, 10, 1)]
