"""Unbreakable units (clreq §3.1.5): each unit stays whole, every character exactly once."""
import pytest

from layout.text import ParagraphStyle, metrics_for
from layout.text import classes as C
from layout.text.punct import BREAK_LAST_RESORT, break_flags
from layout.text.segment import RESORT_CHAR, RESORT_PIECE, Segmenter


def units(fontset, text, **kw):
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle(**kw))
    items, starts = seg.segment(text)
    assert "".join(i.text for i in items) == text
    assert starts == [sum(len(i.text) for i in items[:k]) for k in range(len(items))]
    return [i.text for i in items]


@pytest.mark.parametrize("unit", ["12.5%", "¥3000", "4·14", "2,686", "Python", "——", "……"])
def test_units_stay_whole(fontset, unit):
    assert unit in units(fontset, f"他说{unit}是的")


@pytest.mark.parametrize("number, word", [("3000", "万元"), ("2686", "户"), ("15542.6", "亿元"), ("30", "日")])
def test_a_measure_word_parts_from_its_number_only_as_a_last_resort(fontset, number, word):
    # the number never breaks (clreq §3.1.5); number | measure word is a last-resort break (JLREQ 3.1.10)
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle())
    items, _ = seg.segment(f"他说{number}{word}是的")
    texts = [i.text for i in items]
    k = texts.index(number)
    assert texts[k + 1:k + 1 + len(word)] == list(word)  # one item per character of the measure word
    flags = break_flags(items, seg.url_cont, seg.special)
    assert flags[k:k + len(word)] == [BREAK_LAST_RESORT] * len(word)  # after the number and inside the word


def test_long_dash_runs_split_into_two_em_pairs(fontset):
    assert units(fontset, "甲————乙") == ["甲", "——", "——", "乙"]


def test_url_and_email_are_cut_into_last_resort_chunks(fontset):
    # a URL after "/" (issue 10), deeper after "." "_" "-"; an e-mail address after "@", "." or "-"
    text = "见http://www.sjs.gov.cn/a-b和li.ming@example.com。"
    got = units(fontset, text)
    assert got == ["见", "http://", "www.", "sjs.", "gov.", "cn/", "a-", "b", "和", "li.", "ming@", "example.", "com", "。"]
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle())
    items, _ = seg.segment(text)
    flags = break_flags(items, seg.url_cont, seg.special)
    assert flags[1:7] == [BREAK_LAST_RESORT] * 6 and flags[9:12] == [BREAK_LAST_RESORT] * 3
    assert seg.resort == {3: RESORT_PIECE, 4: RESORT_PIECE, 5: RESORT_PIECE, 7: RESORT_PIECE}  # not after "/"
    assert seg.tight >= {2, 3, 4, 5, 6, 7, 10, 11, 12}  # never spread inside


def test_an_address_piece_wider_than_the_measure_is_cut_between_characters(fontset):
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle())
    seg.max_chunk = 4.0
    items, _ = seg.segment("见http://averyverylongname.cn")
    texts = [it.text for it in items]
    assert "".join(texts) == "见http://averyverylongname.cn"
    cut = texts.index("a")
    assert texts[cut:cut + 16] == list("averyverylongname.")[:16]
    assert cut not in seg.resort and cut in seg.url_cont  # the cut after "/" is the ordinary last resort
    assert all(seg.resort[k] == RESORT_CHAR for k in range(cut + 1, cut + 17)) and seg.resort[cut + 18] == RESORT_PIECE


def test_doubled_question_exclamation_is_one_em(fontset):
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle())
    items, _ = seg.segment("真的？！")
    qe = items[-1]
    assert qe.text == "？！" and qe.kind == C.QE and qe.width == pytest.approx(1.0)
    items, _ = seg.segment("真的？？？")
    assert sum(i.width for i in items if i.kind == C.QE) == pytest.approx(2.0)  # three take 2 em


def test_dash_pair_is_two_em_whatever_the_glyph_width(fontset):
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle())
    items, _ = seg.segment("——")
    assert items[0].width == pytest.approx(2.0)


def test_a_repeated_number_or_word_is_a_new_item_each_time(fontset):
    # runs are kept per font and style and handed out as copies: a later pass may change one run's widths
    # and cuts (Han–Latin space, grid) without touching any other
    style = ParagraphStyle(han_latin_space=0.25)
    seg = Segmenter(metrics_for(fontset, "song"), style)
    first = [it for it in seg.segment("共有2018名Python学员")[0] if it.text in ("2018", "Python")]
    again = [it for it in seg.segment("又有2018名Python学员")[0] if it.text in ("2018", "Python")]
    assert [it.text for it in first] == [it.text for it in again] == ["2018", "Python"]
    for a, b in zip(first, again):
        assert a is not b
        assert (a.gids, a.offs, a.advs, a.width) == (b.gids, b.offs, b.advs, b.width)
        a.width += 1.0
        assert a.width != b.width


def test_the_run_cache_is_bounded(fontset, monkeypatch):
    import layout.text.segment as S

    monkeypatch.setattr(S, "RUN_CACHE_MAX", 5)
    seg = Segmenter(metrics_for(fontset, "song"), ParagraphStyle(han_latin_space=0.125))
    seg.runs.clear()  # the metrics (and their caches) are shared with earlier tests: a run found there is no insert
    for n in range(40):
        seg.segment(f"第{n}号")
        assert len(seg.runs) <= 5
