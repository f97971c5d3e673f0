"""Doubtful imports exit 1 and say why first; bylines a line break or a run-in hid; generated regions stay on the grid."""
import subprocess
import sys
from pathlib import Path

from layout.reprint.confidence import page_doubts
from layout.reprint.importer import import_source
from layout.reprint.model import Imported, PageInfo
from layout.reprint.templategen import grid_rect

ROOT = Path(__file__).resolve().parents[2]

PAGE = """晨光日报
2026年3月2日 星期一 第45期 本期{pages}版

老街换新颜
本报讯（记者王一鸣
通讯员赵小芳）3月1日，城南老街改造工程完工，街面铺上了青石板。

書香滿社區
本報記者　陳思源走進東湖社區圖書室，十幾位老人正在讀報。
"""
SECOND_PAGE = "\f大桥合龙\n本报讯（记者刘洋）2日上午，跨江大桥顺利合龙。\n"


def _import(tmp_path, text):
    source = tmp_path / "page.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "render.py"), "import", str(source), "-o", str(out), "--no-verify"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    return run, out


def test_split_dianto_and_run_in_byline(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(PAGE.format(pages=1), encoding="utf-8")
    result = import_source(source)
    first, second = result.articles
    assert first.byline == "本报讯（记者王一鸣　通讯员赵小芳）"  # the U+3000 the line end took is back
    assert first.paragraphs[0].text.startswith("3月1日，")
    assert (second.headline, second.byline) == (["書香滿社區"], "本報記者　陳思源")
    assert second.paragraphs[0].text.startswith("走進東湖")


def test_more_pages_than_the_masthead_says_is_doubtful(tmp_path):
    run, out = _import(tmp_path, PAGE.format(pages=1) + SECOND_PAGE)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "DOUBTFUL" in run.stdout and "本期1版" in run.stderr
    log = (out / "IMPORT.md").read_text(encoding="utf-8")
    review = log.split("## To review")[1]
    assert review.split("- [ ]")[1].strip().startswith("p1: DOUBTFUL: the masthead says 本期1版")


def test_masthead_page_count_agrees(tmp_path):
    run, out = _import(tmp_path, PAGE.format(pages=2) + SECOND_PAGE)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "DOUBTFUL" not in (out / "IMPORT.md").read_text(encoding="utf-8")


def test_extra_issue_pages_are_doubtful():
    result = Imported("x", paper={"pages": "2"}, pages=[PageInfo(0), PageInfo(1)])
    page_doubts(result, 2)
    assert not result.problems
    page_doubts(result, 4)
    assert result.problems and "4 pages for 2 source page(s)" in result.problems[0]
    assert result.review[0].what.startswith("DOUBTFUL")


def test_generated_region_stays_inside_the_type_area():
    grid = {"columns": 6, "gutter": 9.0, "col": 108.0, "leading": 14.0, "lines": 72}
    # a caption at the foot of the page reaches past the last whole grid line
    column, span, top, height = grid_rect((100.0, 1000.0, 300.0, 1030.0), grid, (77.0, 0.0))
    assert top + height <= 72 and top <= 71 and height >= 1
    assert (column, span) == (1, 2)
