"""Paragraph rules, one test per rule, with examples in the manner of clreq §3.1 / §3.5 and GB/T 15834 §5.1."""
import pytest

from layout.text import ParagraphStyle, StyleError
from layout.text import classes as C

from .helpers import SIZE, line_texts, setp

HAN15 = "中华人民共和国国务院新闻办公室"  # 15 Han characters


def test_justified_lines_fill_the_measure_and_last_line_is_natural(fontset):
    lines, _ = setp(fontset, HAN15 * 3 + "发布", 14)
    for line in lines[:-1]:
        assert line.xs[-1] + line.advances[-1] == pytest.approx(14 * SIZE, abs=1e-6)
    assert lines[-1].is_last and lines[-1].width == pytest.approx(lines[-1].natural)
    assert "".join(line_texts(lines)) == HAN15 * 3 + "发布"


def test_line_end_mark_takes_half_an_em_gb_5_1_10(fontset):
    # 14 Han + "，" fits a 14.5 em line only if the comma at line end is ½ em
    lines, _ = setp(fontset, "一二三四五六七八九十一二三四，五六", 14.5)
    assert line_texts(lines)[0].endswith("四，")
    first = lines[0]
    assert first.xs[-1] == pytest.approx(14 * SIZE)  # the comma's pen right after the 14th character
    assert first.width == pytest.approx(14.5 * SIZE)


def test_opening_bracket_at_line_start_loses_its_blank(fontset):
    lines, _ = setp(fontset, "一二三四五六七八九十“引号里的话”好", 10)
    assert line_texts(lines)[1].startswith("“")
    assert lines[1].xs[0] == pytest.approx(-0.5 * SIZE)  # glyph pen half an em left: the ink starts at 0


def test_indent_is_two_em_by_default(fontset):
    lines, _ = setp(fontset, HAN15, 20, indent=2)
    assert lines[0].xs[0] == pytest.approx(2 * SIZE)
    first_opening, _ = setp(fontset, "“好”" + HAN15, 20, indent=2)
    assert first_opening[0].xs[0] == pytest.approx(1.5 * SIZE)  # opening quote after the indent loses ½ em


@pytest.mark.parametrize("level", ["basic", "gb", "strict"])
def test_no_line_starts_with_a_pause_mark_push_in(fontset, level):
    text = "一二三，四五六七八九十，一二三四五六七八九十。"
    lines, _ = setp(fontset, text, 11, kinsoku=level)
    assert all(t[0] not in C.NOT_START[level] for t in line_texts(lines))
    # pushed in: 10 Han + inner comma reduced to ½ em + line-end comma at ½ em = 11 em
    assert line_texts(lines)[0] == "一二三，四五六七八九十，"
    line = lines[0]
    assert line.xs[4] - line.xs[3] == pytest.approx(0.5 * SIZE)


def test_push_out_when_the_line_has_nothing_to_compress(fontset):
    lines, _ = setp(fontset, "一二三四五六七八九十，一二三", 10)
    assert line_texts(lines)[0] == "一二三四五六七八九"
    assert line_texts(lines)[1].startswith("十，")


def test_push_out_when_nothing_can_be_compressed(fontset):
    text = "一二三四五六七八九十“一二三四五六七八九十"
    lines, _ = setp(fontset, text, 11, kinsoku="strict")
    assert line_texts(lines)[0] == "一二三四五六七八九十"  # the opening quote may not end a line
    assert lines[0].xs[-1] + lines[0].advances[-1] == pytest.approx(11 * SIZE)  # spread (均排)


def test_level_none_lets_a_comma_start_a_line(fontset):
    lines, _ = setp(fontset, "一二三四五六七八九十，一二三", 10, kinsoku="none", punct="plain")
    assert line_texts(lines)[1].startswith("，")


def test_strict_keeps_dash_pair_off_line_start_but_basic_allows_it(fontset):
    text = "一二三四五六七八九十——一二三"
    strict, _ = setp(fontset, text, 10, kinsoku="strict")
    assert not line_texts(strict)[1].startswith("—")
    assert "——" in "".join(line_texts(strict))
    basic, _ = setp(fontset, text, 10, kinsoku="basic")
    assert line_texts(basic)[1].startswith("——")


def test_adjacent_marks_take_one_and_a_half_em(fontset):
    lines, _ = setp(fontset, "他说：“好。”你呢", 30)
    line = lines[0]
    i = line.texts.index("。")
    assert line.xs[i + 1] - line.xs[i] == pytest.approx(0.5 * SIZE)  # 。” : the stop's blank goes
    j = line.texts.index("：")
    assert line.xs[j + 1] - line.xs[j] == pytest.approx(0.5 * SIZE)  # ：“ : one blank of the two goes
    assert line.xs[j + 2] - line.xs[j] == pytest.approx(1.5 * SIZE)  # the pair takes 1.5 em


@pytest.mark.parametrize("punct, width", [("quanjiao", 1.0), ("kaiming", 0.5), ("banjiao", 0.5), ("plain", 1.0)])
def test_house_styles_set_the_comma_width(fontset, punct, width):
    lines, _ = setp(fontset, "甲，乙。丙", 30, punct=punct)
    line = lines[0]
    i = line.texts.index("，")
    assert line.xs[i + 1] - line.xs[i] == pytest.approx(width * SIZE)
    k = line.texts.index("。")
    assert line.xs[k + 1] - line.xs[k] == pytest.approx((0.5 if punct == "banjiao" else 1.0) * SIZE)


def test_plain_style_keeps_line_end_marks_full_width(fontset):
    lines, _ = setp(fontset, "一二三四五六七八九，十", 10, punct="plain")
    assert line_texts(lines)[0] == "一二三四五六七八"  # the comma needs a full em, so 九 goes down with it


@pytest.mark.parametrize("space", [None, 0.125, 0.25])
def test_han_latin_space_eighth_em_by_default_quarter_and_zero(fontset, space):
    # newspaper default ⅛ em (issue 10); ¼ em is clreq §3.2.2's maximum
    kw = {} if space is None else {"han_latin_space": space}
    lines, _ = setp(fontset, "使用Python编程", 30, **kw)
    line = lines[0]
    p, n = line.texts.index("P"), line.texts.index("n")
    want = (space or 0.125) * SIZE
    assert line.xs[p] - (line.xs[p - 1] + line.advances[p - 1]) == pytest.approx(want)
    assert line.xs[n + 1] - (line.xs[n] + line.advances[n]) == pytest.approx(want)
    lines0, _ = setp(fontset, "使用Python编程", 30, han_latin_space=0)
    l0 = lines0[0]
    assert l0.xs[p] == pytest.approx(l0.xs[p - 1] + l0.advances[p - 1])


def test_no_han_latin_space_at_line_start(fontset):
    lines, _ = setp(fontset, "一二三四五六七八九十Python", 10)
    assert line_texts(lines)[1] == "Python"
    assert lines[1].xs[0] == pytest.approx(0.0)


def test_orphan_control_pulls_a_character_down(fontset):
    lines, _ = setp(fontset, HAN15 + "好。", 15)
    assert line_texts(lines)[-1] == "室好。"  # not "好。" alone
    assert sum(1 for ch in line_texts(lines)[-1] if C.char_class(ch) == C.HAN) >= 2
    first = lines[0]
    assert first.xs[-1] + first.advances[-1] == pytest.approx(15 * SIZE)  # previous line spread


def _set_within(fontset, text: str, measure: float):
    """The lines of ``text`` at ``measure`` em, asserting none is overfull or wider and nothing is lost."""
    lines, report = setp(fontset, text, measure)
    assert not report.overfull and not any(line.overfull for line in lines)
    assert all(line.width <= measure * SIZE + 1e-6 for line in lines)
    assert "".join("".join(line.texts) for line in lines) == text
    return lines


def test_a_word_wider_than_the_measure_is_cut_between_letters_not_run_over(fontset):
    # a word never breaks while it fits a line; one wider than the whole measure would run over the next
    # column, so it is cut between two letters as the very last resort (clreq §3.1.5), nothing lost
    lines = _set_within(fontset, "网址ABCDEFGHIJKLMNOPQRSTUVWXYZ好", 6)
    assert len(lines) >= 3  # 26 letters do not fit two 6-em lines
    lines, report = setp(fontset, "网址ABCDEFGH好", 6)  # fits a line: moved whole, never cut
    assert "ABCDEFGH" in "|".join(line_texts(lines)).split("|")[1]


def test_a_number_wider_than_the_measure_is_cut_and_one_that_fits_is_not(fontset):
    lines, report = setp(fontset, "圆周率是3.14159265358979323846264338327950，很长", 6)
    assert not report.overfull and "".join(line_texts(lines)) == "圆周率是3.14159265358979323846264338327950，很长"
    lines, report = setp(fontset, "利润15542.60亿元", 6)
    assert any("15542.60" in t for t in line_texts(lines))


def test_a_run_of_dashes_splits_between_pairs_only_to_avoid_a_ragged_line(fontset):
    # clreq §3.1.5: —— is one 2-em unit; a longer run may split between pairs (a last resort)
    lines, report = setp(fontset, "他说——————然后停住了。", 6)
    texts = line_texts(lines)
    assert not report.overfull and not any(line.ragged for line in lines), texts
    for prev, line in zip(texts, texts[1:]):
        if prev.endswith("—") and line.startswith("—"):
            assert (len(prev) - len(prev.rstrip("—"))) % 2 == 0, texts  # never inside a pair
    lines, report = setp(fontset, "他说————然后停住了。", 12)  # fits: the run stays whole
    assert any("————" in t for t in line_texts(lines))
    for measure in (3, 4, 5):  # an odd run: the lone — at its end never starts a line
        texts = line_texts(setp(fontset, "他说———然后", measure)[0])
        assert not any(t.startswith("—") and (len(t) - len(t.lstrip("—"))) % 2 for t in texts), texts


def test_an_address_wider_than_the_measure_breaks_instead_of_running_over(fontset):
    # last resorts in order: after "/", after "." "_" "-", then between any two characters of a too-wide piece
    lines = _set_within(fontset, "网址http://www.example.com/averyveryverylongpathname好", 6)
    assert line_texts(lines)[1:3] == ["www.", "example."]  # each ending in a cut after "."


def test_missing_glyph_is_reported_and_takes_an_em(fontset):
    lines, report = setp(fontset, "甲\U0001F600乙", 10)
    assert [m.char for m in report.missing_glyphs] == ["\U0001F600"]
    assert report.missing_glyphs[0].where.offset == 1
    line = lines[0]
    i = line.texts.index("\U0001F600")
    assert line.gids[i] == 0 and line.xs[i + 1] - line.xs[i] == pytest.approx(SIZE)


def test_hanging_punctuation_when_enabled(fontset):
    text = "一二三四五六七八九十。一二三"
    hung, _ = setp(fontset, text, 10, hanging=True, punct="plain")
    assert line_texts(hung)[0] == "一二三四五六七八九十。"
    assert hung[0].hang == pytest.approx(SIZE)
    off, _ = setp(fontset, text, 10, hanging=False, punct="plain")
    assert line_texts(off)[0] == "一二三四五六七八九"


def test_grid_mode_uses_whole_characters(fontset):
    lines, _ = setp(fontset, HAN15 * 2, 10.6, grid=True)
    assert len(line_texts(lines)[0]) == 10
    assert lines[0].measure == pytest.approx(10 * SIZE)


def test_alignments_of_last_line(fontset):
    c, _ = setp(fontset, "一二三", 10, last_line="center")
    assert c[0].xs[0] == pytest.approx(3.5 * SIZE)
    e, _ = setp(fontset, "一二三", 10, last_line="end")
    assert e[0].xs[0] == pytest.approx(7 * SIZE)


def test_bad_style_values_are_rejected():
    with pytest.raises(StyleError, match="punct"):
        ParagraphStyle(punct="fancy")
    with pytest.raises(StyleError, match="kinsoku"):
        ParagraphStyle(kinsoku="loose")


def test_no_han_latin_space_next_to_chinese_punctuation(fontset):
    # clreq §3.2.2: none after ” or （, none before ，; the date inside the brackets keeps its gaps
    lines, _ = setp(fontset, "他说”2018年（下转第2版），好", 30)
    line = lines[0]
    for k in range(len(line.texts) - 1):
        a, b = line.texts[k], line.texts[k + 1]
        if a in "”（" or b in "，）":
            pen_gap = line.xs[k + 1] - (line.xs[k] + line.advances[k])
            assert pen_gap <= 1e-6, (a, b, pen_gap)


def test_two_em_dash_is_one_glyph_two_em_wide(fontset):
    for mode in ("horizontal-tb",):  # vertical: segment.WHOLE_DASH_IN_VERTICAL
        lines, _ = setp(fontset, "创新工作室——一个新的开始", 20, writing_mode=mode)
        line = lines[0]
        k = line.texts.index("——")
        assert line.advances[k] == pytest.approx(2 * SIZE)  # one glyph drawn 2 em long: no gap inside
        assert line.xs[k + 1] - line.xs[k] == pytest.approx(2 * SIZE)
        assert "".join(line.texts).count("—") == 2  # the text layer still says ——


def test_han_latin_gaps_stretch_before_gaps_between_characters(fontset):
    # clreq §3.5 expansion 2: the gaps around 2018 grow toward ½ em first; the Han characters stay solid
    lines, _ = setp(fontset, "一二三四五六2018七八九十一二三四五六七八九十", 12)
    line = lines[0]
    assert line_texts(lines)[0] == "一二三四五六2018七八九"
    han = [line.xs[k + 1] - line.xs[k] - line.advances[k] for k in range(len(line.texts) - 1)
           if C.char_class(line.texts[k]) == C.HAN and C.char_class(line.texts[k + 1]) == C.HAN]
    assert max(han) == pytest.approx(0.0, abs=1e-6) and line.spread == 0.0
    six, two, eight, seven = (line.texts.index(c) for c in "六28七")
    before = line.xs[two] - line.xs[six] - line.advances[six]
    after = line.xs[seven] - line.xs[eight] - line.advances[eight]
    assert before == pytest.approx(after) and 0.25 * SIZE < before <= 0.5 * SIZE + 1e-6
    assert line.xs[-1] + line.advances[-1] == pytest.approx(12 * SIZE)


def test_word_space_takes_the_shares_of_both_its_gaps_when_spreading(fontset):
    # clreq §3.5: word spaces to ½ em first, then every gap equally; the gaps on both sides of a word space
    # widen the space, so an address after Han text opens a wider separation and the Han stays tighter
    text = "一二三四五六 <http://www.sjs.gov.cn>"
    wide, _ = setp(fontset, text, 40)
    lines, _ = setp(fontset, text, 12.5)
    line = lines[0]
    assert line_texts(lines)[0].endswith("<http://")

    def separation(ln):
        six, lt = ln.texts.index("六"), ln.texts.index("<")
        return ln.xs[lt] - ln.xs[six] - ln.advances[six]

    han = [line.xs[k + 1] - line.xs[k] - line.advances[k] for k in range(5)]
    assert min(han) == pytest.approx(max(han)) and han[0] > 0.01 * SIZE
    assert separation(line) == pytest.approx(max(separation(wide[0]), 0.5 * SIZE) + 2 * han[0])
    assert line.xs[-1] + line.advances[-1] == pytest.approx(12.5 * SIZE)


def test_mid_line_full_stop_never_compressed_in_quanjiao_unless_asked(fontset):
    # issue 10 / clreq §3.5 reduction 7: 。 mid-line keeps its em in 全角 (compression stays even);
    # 一二三四五。六七八九十一 is 12 em and fits 11.5 em only by halving the 。
    text = "一二三四五。六七八九十一二三四五六七八九十"
    lines, _ = setp(fontset, text, 11.5)
    first = lines[0]
    k = first.texts.index("。")
    assert first.xs[k + 1] - first.xs[k] >= SIZE - 1e-6  # its full em (the line may be spread, never squeezed)
    assert line_texts(lines)[0] != "一二三四五。六七八九十一"
    squeezed, _ = setp(fontset, text, 11.5, compress_stops=True)
    assert line_texts(squeezed)[0] == "一二三四五。六七八九十一"
    k = squeezed[0].texts.index("。")
    assert squeezed[0].xs[k + 1] - squeezed[0].xs[k] == pytest.approx(0.5 * SIZE)


@pytest.mark.parametrize("pair", ["？！", "！？", "？？", "！！"])
def test_vertical_question_exclamation_pair_is_tate_chu_yoko_in_one_em(fontset, pair):
    # GB/T 15834 5.1.2: a doubled ？！ takes one 字; in vertical text the two sit side by side across the column
    lines, _ = setp(fontset, f"真的吗{pair}是的", 20, writing_mode="vertical-rl")
    line = lines[0]
    k = line.texts.index(pair[0])
    assert line.texts[k:k + 2] == list(pair)  # the text layer keeps the source marks
    assert line.orients[k:k + 2] == ["tcy", "tcy"]
    assert line.xs[k] == line.xs[k + 1]  # one em box for both
    assert line.xs[k + 2] - line.xs[k] == pytest.approx(SIZE)  # the next character one em further down
    assert sum(line.advances[k:k + 2]) <= SIZE + 1e-6  # both fit across the column


def test_a_postfix_sign_binds_to_its_number_without_a_han_latin_gap(fontset):
    # JLREQ cl-25: ℃ ％ ‰ stay attached to the number; only a measure word (万元) is spaced like Han text
    lines, _ = setp(fontset, "气温38.5℃以上，增长12.5％左右，投资3000万元，98℉", 30)
    line = lines[0]
    texts, xs, advs = list(line.texts), list(line.xs), list(line.advances)

    def gap_before(ch, nth=0):
        k = [i for i, t in enumerate(texts) if t == ch][nth]
        return xs[k] - (xs[k - 1] + advs[k - 1])

    assert abs(gap_before("℃")) < 1e-6 and abs(gap_before("％")) < 1e-6 and abs(gap_before("℉")) < 1e-6
    assert abs(gap_before("万") - 0.125 * SIZE) < 1e-6  # the ⅛ em Han–Latin gap before a measure word
