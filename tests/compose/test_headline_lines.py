"""A 主题 too long for one line wraps between its phrases (at the full-width space editors put between them),
or evenly when it has none; a centred headline's every line is centred once (layout/compose/headline.py)."""
from layout.compose.headline import wrapped_headline
from layout.model.types import Style
from layout.report import Report

CENTRED = Style("headline", font="hei", size=20.0, leading=24.0, align="center")


def _texts(lines):
    return [ln.text for ln in lines]


def test_a_headline_wraps_between_its_phrases(fontset):
    lines = wrapped_headline("全区经济运行平稳向好　地区生产总值同比增长　一般公共预算收入稳步增长", CENTRED, fontset, 460.0,
                             Report())
    assert _texts(lines) == ["全区经济运行平稳向好　地区生产总值同比增长", "一般公共预算收入稳步增长"]


def test_a_headline_without_phrases_wraps_into_lines_of_even_length(fontset):
    text = "地区生产总值同比增长七点二个百分点一般公共预算收入增长十一点八个百分点"  # 35 characters, 20 a line
    lines = wrapped_headline(text, CENTRED, fontset, 400.0, Report())
    assert "".join(_texts(lines)) == text and [len(t) for t in _texts(lines)] == [18, 17]  # not 20 / 15


def test_wrapped_lines_start_at_their_origin_so_the_stack_centres_each_once(fontset):
    # set_line used to centre each line in the measure too, and the stack centred that again: the second
    # line of a centred headline stood 145 pt right of the page's centre
    for line in wrapped_headline("全区经济运行平稳向好　一般公共预算收入稳步增长", CENTRED, fontset, 300.0, Report()):
        first = min(x for run in line.runs_rel for x, _ in run.positions)
        assert abs(first) < 0.01 and line.width < 300.0


def test_phrase_breaks_never_take_more_lines_or_leave_a_lone_character(fontset):
    # three phrases of 6 in 10.5-em lines: phrase breaks take 3 lines, breaking anywhere 2: the 2 lines win;
    # 九个字 | 十: the lone last phrase is not worth it either
    lines = wrapped_headline("一二三四五六　七八九十一二　甲乙丙丁戊己", CENTRED, fontset, 210.0, Report())
    assert len(lines) == 2
    lines = wrapped_headline("一二三四五六七八九　十", CENTRED, fontset, 190.0, Report())
    assert [len(t) for t in _texts(lines)] != [9, 1]
