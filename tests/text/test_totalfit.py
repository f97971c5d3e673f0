"""The total-fit breaker's shortcuts are exact (layout/text/totalfit.py): the pruned first pass, the one-line
paragraph and the early stop give the breaks of the full search; its line widths are the ones set_line sets.

Random paragraphs of Han, marks, Latin words, word spaces and numbers, at 6..30 em, with tracking from
-0.05 to +0.05 em (copyfit tracks lines tighter), and at -0.4 em, where an item can add less than nothing.
"""
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.text import ParagraphStyle, set_paragraph
from layout.text import paragraph as P
from layout.text import totalfit as TF

TOKENS = list("中国人民大会堂新闻报道发展") * 3 + list("，。、；：？！“”（）《》") + [
    "the ", "of ", "COVID ", "iPhone", " ", "2018", "12.5%", "3000万元", "——", "……", "http://a.cn/x/y"]


def _differs(text, style, fontset, measure_pt):
    """The total fit's breaks and the full search's for one paragraph, when they differ (else None)."""
    p = P.prepare_paragraph(text, style, fontset, measure_pt)
    assert p is not None, "every paragraph checked here has items"
    args = (p.cols, p.flags, p.measure, p.first_measure, style.orphan_min, style.tracking)
    got, full = TF.total_fit(*args), _full_search_ranges(*args)
    return None if got == full else (got, full)


def _full_search_ranges(cols, flags, measure, first_measure, orphan_min, tracking):
    """The breaks of the unpruned search with no early stop (the reference the shortcuts must match)."""
    sums = TF._Sums(cols, flags, tracking, orphan_min, TF.COSTS)
    sums.stop_after, sums.squeezed_min = -math.inf, [-math.inf] * len(sums.nat)  # never stop: price every longer line
    prev = TF._search(sums, first_measure, measure, math.inf)
    return None if prev is None else TF._ranges(prev)


@settings(max_examples=150, deadline=None)
@given(tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=90), measure=st.integers(6, 30),
       tracking=st.sampled_from([-0.4, -0.05, -0.02, 0.0, 0.03, 0.05]), indent=st.sampled_from([0, 2]))
def test_shortcuts_give_the_breaks_of_the_full_search(fontset, tokens, measure, tracking, indent):
    style = ParagraphStyle(size=10, tracking=tracking, indent=indent)
    assert _differs("".join(tokens).strip() or "中", style, fontset, measure * 10.0) is None


ROOT = Path(__file__).resolve().parents[2]
EXTRA = ["i i i i i i", "l", " i ", "i", "https://www.example.com/a/b_c-d.html", "COVID-19", "iPhone 15 Pro", " ",
         "  ", "（", "）", "——", "……", "《新闻》", "2026年", "\u200b", "A", "x86_64"]


def test_shortcuts_match_the_full_search_on_news_paragraphs_even_under_extreme_tracking(fontset):
    # real paragraphs (the sample texts), some with addresses, narrow letters and spaces put in, at 4..30 em;
    # tracking down to -0.45 em, where an item (a word space, an i) adds less than nothing: a stop that
    # assumed otherwise skipped lines that fit (about 1 paragraph in 1,500; CUT_STOP_CASES pins two)
    paras = [p.strip() for f in sorted((ROOT / "samples").rglob("*.txt"))
             for p in f.read_text(encoding="utf-8-sig").splitlines() if len(p.strip()) > 3]
    rng = random.Random(1)
    differ = []
    for _ in range(1500):
        text = list(rng.choice(paras))
        for _ in range(rng.randint(0, 6)):
            text.insert(rng.randrange(len(text) + 1), rng.choice(EXTRA))
        style = ParagraphStyle(tracking=rng.choice([0.0, 0.05, -0.05, -0.1, -0.2, -0.3, -0.35, -0.45]),
                               indent=rng.choice([0.0, 2.0]), orphan_min=rng.choice([1, 2, 3]),
                               han_latin_space=rng.choice([0.0, 0.125, 0.25]))
        measure = style.size * rng.uniform(4, 30)
        if _differs("".join(text), style, fontset, measure):
            differ.append((measure, style.tracking))
    assert differ == []


WORDS = ["新闻", "报道", "COVID", "iPhone", "the", "of", "中国", "发展", "，", "。"]


def test_negative_tracking_never_sets_a_line_wider_than_the_breaker_priced(fontset):
    # every unit here is narrower than 8 em, so no line has to be overfull; a line ending in a word space
    # drops that space and its tracking, and the breaker must price it so (it once counted one gap more:
    # 61 overfull lines in 21,000 at -0.02 em)
    rng = random.Random(7)
    overfull = []
    for _ in range(800):
        words = (rng.choice(WORDS) for _ in range(40))
        text = "".join(w + (" " if w.isascii() or rng.random() < 0.5 else "") for w in words).strip()
        style = ParagraphStyle(size=10, tracking=rng.choice([-0.05, -0.02, -0.01]), indent=0)
        lines = set_paragraph(text, style, fontset, rng.uniform(8.0, 20.0) * 10.0)
        overfull += [line.text for line in lines if line.overfull]
    assert overfull == []


CUT_STOP_CASES = [  # the cut-based early stop alone skipped a line that fit in these (found by such a loop)
    ("数据显示，在41个工业x86_64大类行业中，有32个行业利润总额同比增加；其中，黑色金属冶炼和压延加工业利润增长1.5倍，"
     "电气机械和器材制造业增长3.6%，汽https://www.example.com/a/b_c-d.htmli i i i i i车制造业增长1x86_640.2%。",
     -0.45, 2.0, 2, 126.89719589001945),
    ("“ i iPhone 15 Pro五一COVID-19 i ”i i i i i i快乐", -0.35, 2.0, 1, 68.88146193245028),
]


@pytest.mark.parametrize("text, tracking, indent, orphan_min, measure", CUT_STOP_CASES)
def test_early_stop_is_exact_when_items_add_less_than_nothing(fontset, text, tracking, indent, orphan_min, measure):
    style = ParagraphStyle(tracking=tracking, indent=indent, orphan_min=orphan_min)
    assert _differs(text, style, fontset, measure) is None
