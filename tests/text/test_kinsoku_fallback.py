"""When nothing legal fits (clreq §3.1.4): keep the prohibited mark with its neighbour and report the line overfull.

Only a run of marks that cannot fit any line whole (like a long 。』」…, or 多》》…》 more than ½ em
over) may fall back to level "none" locally, and then only between two of its marks. A single mark
beside an unbreakable unit (a number, a date range) never breaks a prohibition silently.
"""
import pytest

from layout.text import classes as C

from .helpers import SIZE, line_texts, setp


def _no_kinsoku_break(lines, level="strict"):
    texts = line_texts(lines)
    for prev, line in zip(texts, texts[1:]):
        assert line[0] not in C.NOT_START[level], (prev, line)
        assert prev[-1] not in C.NOT_END[level], (prev, line)


def test_opening_bracket_stays_with_an_over_wide_date_range(fontset):
    # 《2017-2018》 is wider than 4.5 em: that line is overfull, 《 is never left alone, 》 never starts a line
    # (a measure word after a number may part from it as a last resort, so the range is closed by 》 here)
    lines, report = setp(fontset, "布的《2017-2018》报告", 4.5)
    _no_kinsoku_break(lines)
    over = [line for line in lines if line.overfull]
    assert ["".join(line.texts) for line in over] == ["《2017-2018》"]
    assert [o.text for o in report.overfull] == ["《2017-2018》"]
    assert report.overfull[0].excess == pytest.approx(over[0].width - 4.5 * SIZE) and report.overfull[0].excess > 0
    assert not any(line.relaxed for line in lines)


def test_a_date_range_wider_than_the_column_is_cut_between_digits_with_its_brackets_kept(fontset):
    # vertically the rotated range alone is wider than 4.5 em: it is cut between two digits (the very last
    # resort) instead of running over the next tier; 《 still opens its first piece and 》 closes the last
    lines, report = setp(fontset, "布的《2017-2018》报告", 4.5, writing_mode="vertical-rl")
    _no_kinsoku_break(lines)
    assert not report.overfull and not any(line.overfull for line in lines)
    texts = line_texts(lines)
    assert "".join(texts) == "布的《2017-2018》报告"
    assert any(t.startswith("《2") for t in texts) and not any(t.endswith("《") for t in texts)


@pytest.mark.parametrize("punct", ["quanjiao", "kaiming", "banjiao"])
def test_comma_stays_with_an_over_wide_number_in_every_house_style(fontset, punct):
    lines, report = setp(fontset, "利润总额15542.60000，同比增长", 6, punct=punct)
    _no_kinsoku_break(lines)
    assert "15542.60000，" in line_texts(lines)
    assert [o.text for o in report.overfull] == ["15542.60000，"]


def test_plain_style_keeps_the_full_stop_with_its_run_and_reports_it(fontset):
    # plain: 是？！？！。 is 6 em whole, no mark can shrink: 0.02 em overfull, reported, 。 not at line start
    lines, report = setp(fontset, "最后是？！？！。", 5.98, punct="plain")
    _no_kinsoku_break(lines)
    assert line_texts(lines)[-1] == "是？！？！。"
    assert [o.text for o in report.overfull] == ["是？！？！。"]
    assert report.overfull[0].excess == pytest.approx(0.02 * SIZE, abs=1e-6)


def test_a_run_of_marks_wider_than_the_line_still_breaks_between_two_marks(fontset):
    marks = "。』」）》，" * 4  # 24 marks that may not start a line: no legal break inside, wider than 10 em
    lines, report = setp(fontset, "中" + marks + "国", 10)
    assert not report.overfull and "".join(line_texts(lines)) == "中" + marks + "国"
    texts = line_texts(lines)
    relaxed = [k for k, line in enumerate(lines) if line.relaxed]
    assert relaxed, texts
    for k in relaxed:  # the local fallback cuts inside the run of marks, never beside 中 or 国
        assert C.char_class(texts[k][-1]) != C.HAN and C.char_class(texts[k + 1][0]) != C.HAN


@pytest.mark.parametrize("mode", ["horizontal-tb", "vertical-rl"])
def test_a_run_of_closing_marks_with_its_character_wider_than_the_line_breaks_between_two_marks(fontset, mode):
    # 多》》…》: twenty ½-em 》 fill 10 em alone, 多 makes it 11 em; kept whole the line would run a whole em
    # over the next column, so the run is cut between two of its marks (never between 多 and 》)
    text = "书名号很多" + "》" * 20
    lines, report = setp(fontset, text, 10, writing_mode=mode)
    texts = line_texts(lines)
    assert not report.overfull and "".join(texts) == text, texts
    cut = [k for k, line in enumerate(lines) if line.relaxed]
    assert cut and all(texts[k].endswith("》") and texts[k + 1].startswith("》") for k in cut), texts
    assert not any(t.startswith("》") and k - 1 not in cut for k, t in enumerate(texts) if k), texts


def test_no_line_starts_with_an_ideographic_space(fontset):
    # U+3000 is UAX #14 class BA: a break goes after it, so no continuation line opens with a blank em that
    # reads as a paragraph indent
    text = "全角空格测试：甲　乙　丙　丁　戊　己　庚　辛　壬　癸　子　丑　寅　卯　辰　巳"
    for measure in (5, 6, 7, 8, 9):
        lines, _ = setp(fontset, text, measure)
        texts = ["".join(line.texts) for line in lines]
        assert "".join(texts) == text
        assert not any(t.startswith("\u3000") for t in texts[1:]), (measure, texts)
