"""Outsider's acceptance of `render.py galley` on new newspaper texts (samples/qa/), read back with pdfplumber.

Passing tests document what holds; `xfail(strict=True)` tests document defects
found by QA and flip to failures (XPASS) once fixed, so the marker must then go.
"""
import time

import pytest

from tests.qa import pdfcheck as P
from tests.qa.helpers import FONTS, QA_SAMPLES, galley_file, galley_measure, render

P_SIZE = 9.0
CLEAN_TEXTS = ["xinhua-news.txt", "commentary.txt", "punct-positions.txt", "bom-crlf.txt", "only-punct.txt"]


def _assert_clean(src, r, lines, geo, level="strict", plain=False, vertical=False):
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    text = src.read_text(encoding="utf-8-sig")
    assert "".join(line.text for line in lines) == P.source_chars(text)
    assert P.kinsoku_violations(lines, text, level) == []
    if not vertical:
        assert P.ragged_lines(lines, text, geo, P_SIZE, plain=plain) == []


CASES = [pytest.param(n, v, id=f"{n}-{'v' if v else 'h'}") for n in CLEAN_TEXTS for v in (False, True)]


@pytest.mark.parametrize("name,vertical", CASES)
def test_news_texts_every_char_once_no_kinsoku_flush(tmp_path, name, vertical):
    src = QA_SAMPLES / name
    r, lines, geo = galley_file(src, tmp_path / "o.pdf", vertical=vertical)
    _assert_clean(src, r, lines, geo, vertical=vertical)
    pages, sizes = P.read_pages(tmp_path / "o.pdf")
    assert P.outside_glyphs(pages, sizes, geo, 4 * P.MM, P_SIZE, vertical, 15 * P.MM) == []


@pytest.mark.parametrize("punct,level", [("kaiming", "gb"), ("banjiao", "basic"), ("plain", "strict"),
                                         ("quanjiao", "basic")])
def test_house_styles_and_levels_on_commentary(tmp_path, punct, level):
    src = QA_SAMPLES / "commentary.txt"
    r, lines, geo = galley_file(src, tmp_path / "o.pdf", "--punct", punct, "--kinsoku", level, page="A4", columns=3)
    _assert_clean(src, r, lines, geo, level=level, plain=punct == "plain")


def test_missing_glyphs_are_reported_with_code_point_and_place(tmp_path):
    r, _, _ = galley_file(QA_SAMPLES / "rare-chars.txt", tmp_path / "o.pdf", page="A4", columns=3)
    assert r.returncode == 0
    assert "U+2A6A5" in r.stdout and "rare-chars.txt, line 1" in r.stdout
    assert render("galley", QA_SAMPLES / "rare-chars.txt", "-o", tmp_path / "s.pdf", "--fonts",
                  FONTS, "--strict").returncode == 1


def test_twenty_thousand_char_paragraph_is_fast_and_complete(tmp_path):
    unit = "国家统计局发布数据显示，一季度规模以上工业企业利润同比增长12.5%，“新动能”加快成长——"
    src = tmp_path / "long.txt"
    src.write_text((unit * (20000 // len(unit) + 1))[:20000] + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    r, lines, geo = galley_file(src, tmp_path / "o.pdf")
    assert time.perf_counter() - t0 < 10
    _assert_clean(src, r, lines, geo)


def test_preflight_passes_on_a_galley(tmp_path):
    r, _, _ = galley_file(QA_SAMPLES / "xinhua-news.txt", tmp_path / "o.pdf")
    assert r.returncode == 0
    pf = render("preflight", tmp_path / "o.pdf")
    assert pf.returncode == 0 and "=> OK" in pf.stdout, pf.stdout[-500:]


# ---- defects ---------------------------------------------------------------------------------

def test_missing_glyphs_keep_their_own_unicode_in_text_layer(tmp_path):
    _, lines, _ = galley_measure(tmp_path, "扩展B区的𠀀和𪚥都是汉字。\n", 20)
    assert "".join(line.text for line in lines) == "扩展B区的𠀀和𪚥都是汉字。"


def test_vertical_corner_brackets_extract_as_themselves(tmp_path):
    _, lines, _ = galley_measure(tmp_path, "他说“好”，又说「独家」和『深度』。\n", 20, vertical=True)
    assert "".join(line.text for line in lines) == "他说“好”，又说「独家」和『深度』。"


@pytest.mark.parametrize("punct", ["kaiming", "banjiao"])
def test_no_comma_at_line_start_after_long_number(tmp_path, punct):
    text = "全国规模以上工业企业实现利润总额15542.6亿元，同比增长12.5%。\n"
    r, lines, _ = galley_measure(tmp_path, text, 6, "--punct", punct)
    assert P.kinsoku_violations(lines, text) == [] or "overfull" in r.stdout.split("overfull line(s)")[-1]


@pytest.mark.parametrize("vertical", [pytest.param(False, id="h"), pytest.param(True, id="v")])
def test_opening_bracket_never_alone_on_a_line(tmp_path, vertical):
    text = "论坛发布的《2017-2018年度区域创新发展报告》显示\n"
    r, lines, _ = galley_measure(tmp_path, text, 5.98, vertical=vertical)
    assert "".join(line.text for line in lines) == P.source_chars(text)
    assert P.kinsoku_violations(lines, text) == []


def test_plain_style_never_starts_a_line_with_full_stop(tmp_path):
    text = "问号叹号连用？！还有！？以及？？和！！！，最后是？！？！。\n"
    r, lines, _ = galley_measure(tmp_path, text, 5.98, "--punct", "plain")
    assert P.kinsoku_violations(lines, text) == [] or "0 overfull" not in r.stdout


def test_galley_output_path_is_a_folder(tmp_path):
    (tmp_path / "out.pdf").mkdir()
    r = render("galley", QA_SAMPLES / "commentary.txt", "-o", tmp_path / "out.pdf", "--fonts", FONTS)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "out.pdf" in r.stderr
