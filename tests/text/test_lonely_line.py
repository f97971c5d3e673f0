"""A non-final line holding a single unit (clreq §3.5 justification, §3.5.4 orphans).

clreq §3.5: every line but the last is justified, and a non-final line left short by kinsoku is set
均排 (its characters spread evenly). 均排 spreads the gaps *between* characters, so a line of one
character has nothing to spread: it would stay ragged, flush to neither edge (centring it or pushing it
to the far edge would be inventing a rule clreq does not give). So the breaker avoids such a line with
the remedy clreq §3.5.4 gives for a 孤字 last line: pull the previous line's last unit(s) down to it,
at the previous line's last ordinary break, and set both lines justified (均排 where they are short).
"""
import pytest

from .helpers import SIZE, line_texts, setp

TEXT = "问号叹号连用？！还有！？以及？？和！！！，最后是？！？！。"


def test_plain_style_at_six_em_leaves_no_character_alone_on_a_non_final_line(fontset):
    # first-fit alone: … 和！！！，最 / 后 / 是？！？！。 (是？！？！。 is exactly 6 em and cannot take 后)
    lines, report = setp(fontset, TEXT, 6, punct="plain", indent=2)
    texts = line_texts(lines)
    assert "".join(texts) == TEXT and not report.overfull
    assert texts[-3:] == ["和！！！，", "最后", "是？！？！。"]
    for line in lines[:-1]:
        assert line.units >= 2, line_texts([line])
        assert line.xs[-1] + line.advances[-1] == pytest.approx(6 * SIZE, abs=1e-6)  # flush: justified / 均排
    short = lines[-2]  # 最后 set 均排: 最 at the start, 后 at the far edge
    assert short.xs[0] == pytest.approx(0.0) and short.xs[1] == pytest.approx(5 * SIZE)


def test_the_previous_line_gives_its_last_character(fontset):
    # indent 2: 甲乙丙丁 / 后 / 是？！？！。 (后 + 是？！？！。 would be 7 em) is never chosen: a lone 后 cannot be
    # spread; the total fit prefers 甲乙 / 丙丁后 / 是？！？！。 (the first-fit breaker gives 甲乙丙 / 丁后)
    lines, _ = setp(fontset, "甲乙丙丁后是？！？！。", 6, punct="plain", indent=2)
    assert line_texts(lines) == ["甲乙", "丙丁后", "是？！？！。"]
    assert all(line.width == pytest.approx(line.measure) for line in lines)
    first, _ = setp(fontset, "甲乙丙丁后是？！？！。", 6, punct="plain", indent=2, breaker="first-fit")
    assert line_texts(first) == ["甲乙丙", "丁后", "是？！？！。"]


def test_a_lone_unit_stays_at_the_line_start_when_nothing_can_be_pulled(fontset):
    # indent 4: the first line holds 甲乙 only and would keep one unit: 后 stays alone, at the line start
    lines, report = setp(fontset, "甲乙后是？！？！。", 6, punct="plain", indent=4)
    assert line_texts(lines) == ["甲乙", "后", "是？！？！。"]
    assert lines[1].xs == [0.0] and lines[1].ragged == pytest.approx(5 * SIZE)
    assert report.warnings == ["ragged line in text: '后' is 50.00 pt short of the measure (a lone unit cannot be justified)"]
    assert not lines[0].ragged and not lines[2].ragged


def test_other_alignments_keep_first_fit_breaks(fontset):
    # a centred line is not spread, so a lone unit is no defect there
    lines, _ = setp(fontset, "甲乙丙丁后是？！？！。", 6, punct="plain", indent=2, align="center")
    assert line_texts(lines) == ["甲乙丙丁", "后", "是？！？！。"]
