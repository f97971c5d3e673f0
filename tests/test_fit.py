"""``render.py fit``: capacity, length and 还差/超出 N 字 per block, on a made-up issue whose numbers are known.

Each block is 3 columns of 10 characters (100 pt at 10 pt) by 10 lines:
300 characters. Articles of pure Han text (no punctuation, no indent) fill
whole lines, so 250 characters leave 5 lines (50 字) and 350 characters are
50 over.
"""
import json
from pathlib import Path

import pytest

from layout.cli import main

TEMPLATE = """\
page: {size: 360x600pt, margins: 20pt}
grid: {columns: 3, gutter: 10pt}
styles:
  body: {font: song, size: 10pt, leading: 15pt, indent: 0}
regions:
  one: {kind: article, column: 1, span: 3, top: 0, height: 145pt, columns: 3, gutter: 10pt, headline: {placement: none}}
  two: {kind: article, column: 1, span: 3, top: 200pt, height: 145pt, columns: 3, gutter: 10pt, headline: {placement: none}}
  three: {kind: article, column: 1, span: 3, top: 400pt, height: 145pt, columns: 3, gutter: 10pt, headline: {placement: none}}
"""


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    """One page: 250, 300 and 350 characters in the three 300-character blocks."""
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    for name, n in (("short", 250), ("exact", 300), ("long", 350)):
        (tmp_path / f"{name}.txt").write_text("---\n" + ("天地玄黄宇宙洪荒日月" * 40)[:n] + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\ntemplates: .\npages:\n'
        "  - {number: 1, template: t, slots: {one: short.txt, two: exact.txt, three: long.txt}}\n", encoding="utf-8")
    return tmp_path / "issue.yaml"


def rows(out: str) -> dict:
    """region -> its table row's cells (split on runs of two spaces)."""
    found = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().split("  ") if c.strip()]
        if cells and cells[0] in ("one", "two", "three"):
            found[cells[0]] = cells
    return found


def test_fit_prints_capacity_length_and_the_difference(issue, fonts_config, capsys):
    assert main(["fit", str(issue), "--fonts", fonts_config]) == 0
    table = rows(capsys.readouterr().out)
    assert table["one"] == ["one", "short", "300 字 / 30 行", "250 字 / 25 行", "还差 50 字（5 行 empty）"]
    assert table["two"] == ["two", "exact", "300 字 / 30 行", "300 字 / 30 行", "正好"]
    assert table["three"] == ["three", "long", "300 字 / 30 行", "350 字 / 35 行", "超出 50 字（5 行）"]


def test_fit_lines_add_up_when_paragraph_ends_leave_room(tmp_path, fonts_config, capsys):
    """Paragraphs ending mid-line: capacity − length in 字 is more than 还差, but the lines still add up."""
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    text = "\n".join(("天地玄黄宇宙洪荒日月" * 4)[:n] for n in (15, 15, 15, 15))  # 4 paragraphs of 2 lines: 60 字, 8 行
    (tmp_path / "a.txt").write_text("---\n" + text + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\ntemplates: .\npages:\n'
        "  - {number: 1, template: t, slots: {one: a.txt}}\n", encoding="utf-8")
    assert main(["fit", str(tmp_path / "issue.yaml"), "--fonts", fonts_config]) == 0
    out = capsys.readouterr().out
    assert rows(out)["one"] == ["one", "a", "300 字 / 30 行", "60 字 / 8 行", "还差 220 字（22 行 empty）"]
    assert "还差 N 字 = empty lines × characters per line" in out  # why 300 − 60 is not 220


def test_fit_strict_fails_when_a_block_does_not_fit(issue, fonts_config, capsys):
    assert main(["fit", "--strict", str(issue), "--fonts", fonts_config]) == 1
    assert "2 block(s) not fitting" in capsys.readouterr().out


def test_the_render_report_prints_the_page_table(issue, fonts_config, tmp_path, capsys):
    report = tmp_path / "report.json"
    main(["issue", str(issue), "--fonts", fonts_config, "-o", str(tmp_path / "out"), "--no-preflight",
          "--report-json", str(report)])
    table = rows(capsys.readouterr().out)
    assert table["one"][:5] == ["one", "short", "25", "-", "5 行 50 字"]  # lines set, overset, underset
    assert table["three"][:4] == ["three", "long", "30", "50 字"]
    regions = {r["region"]: r for r in json.loads(report.read_text(encoding="utf-8"))["regions"]}
    assert (regions["one"]["capacity_chars"], regions["one"]["length"], regions["one"]["underset_chars"]) == (300, 250, 50)
    assert regions["three"]["overset_chars"] == 50 and "超出 50 字" in regions["three"]["text"]
