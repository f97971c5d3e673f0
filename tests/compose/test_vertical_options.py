"""Vertical style options from a template style reach the text engine and its metrics cache.

clreq §3.2.3 (tate-chu-yoko for short numbers, rotated Latin), GB/T 15834—2011
(corner brackets for quotes in vertical text): the template keys tcy_digits,
vertical_quotes and upright_acronyms choose them per style.
"""
from dataclasses import replace

import pytest

from layout.compose.typeset import paragraph_style
from layout.model.types import Style
from layout.text import set_paragraph
from layout.text.metrics import metrics_for
from layout.text.style import ParagraphStyle, StyleError
from layout.text.vertical import vertical_style

TEXT = "第128次APEC会议于28日举行“开幕”"
BASE = Style("v", font="song", size=10.0, leading=15.0, writing_mode="vertical-rl")


def orients(style: Style, fontset):
    line = set_paragraph(TEXT, paragraph_style(style), fontset, 1000.0)[0]
    return {t: o for t, o in zip(line.texts, line.orients) if t in "1APE2"}, line


def test_default_options_keep_the_plain_vertical_mode(fontset):
    pstyle = paragraph_style(BASE)
    assert pstyle.writing_mode == "vertical-rl" and pstyle.vertical is None
    got, line = orients(BASE, fontset)
    assert got["1"] == "rotated" and got["2"] == "tcy" and got["A"] == "rotated"  # 128 rotated, 28 tcy


def test_three_digit_tcy(fontset):
    got, _ = orients(replace(BASE, tcy_digits=3), fontset)
    assert got["1"] == "tcy"


def test_zero_rotates_every_number(fontset):
    got, _ = orients(replace(BASE, tcy_digits=0), fontset)
    assert got["2"] == "rotated" and got["1"] == "rotated"


def test_upright_acronyms(fontset):
    got, _ = orients(replace(BASE, upright_acronyms=True), fontset)
    assert got["A"] == "upright" and got["P"] == "upright"


def test_quote_form_picks_corner_brackets_or_the_fonts_vertical_quotes(fontset):
    _, corner = orients(BASE, fontset)
    _, font = orients(replace(BASE, vertical_quotes="font"), fontset)
    i = corner.texts.index("“")
    face = fontset.face("song")
    assert corner.gids[i] == face.vert[face.gid("『")]
    assert font.gids[i] == face.vert[face.gid("“")]  # Noto CJK draws both alike; a font that differs:


class TwoQuoteFace:
    """A face whose vertical quotes differ from its corner brackets."""

    cmap = {"“": 1, "『": 2}
    vert = {1: 11, 2: 12}

    def gid(self, ch):
        return self.cmap.get(ch, 0)

    def has(self, ch):
        return ch in self.cmap


def test_quote_form_with_a_font_whose_quotes_differ():
    from layout.text.vertical import upright_glyph

    assert upright_glyph(TwoQuoteFace(), "“", vertical_style(quotes="corner"))[0] == 12
    assert upright_glyph(TwoQuoteFace(), "“", vertical_style(quotes="font"))[0] == 11


def test_metrics_cache_keeps_one_entry_per_option_set(fontset):
    a = paragraph_style(BASE)
    b = paragraph_style(replace(BASE, tcy_digits=3))
    c = paragraph_style(replace(BASE, tcy_digits=3, vertical_quotes="font"))
    assert {a.writing_mode, b.writing_mode, c.writing_mode} == {"vertical-rl"}
    assert len({a.vertical, b.vertical, c.vertical}) == 3
    ma, mb, mc = (metrics_for(fontset, "song", "regular", s.writing_mode, s.vertical) for s in (a, b, c))
    assert len({id(ma), id(mb), id(mc)}) == 3 and mb.vstyle.tcy_digits == 3 and ma.vstyle.tcy_digits == 2
    assert mc.vstyle.quotes == "font"
    assert metrics_for(fontset, "song", "regular", b.writing_mode, b.vertical) is mb  # cached


def test_replace_keeps_the_options(fontset):
    pstyle = ParagraphStyle(writing_mode="vertical-rl", vertical=vertical_style(tcy_digits=3))
    again = replace(pstyle, indent=0.0)
    assert again.writing_mode == pstyle.writing_mode == "vertical-rl"
    assert again.vertical == pstyle.vertical and again.vertical.tcy_digits == 3
    assert metrics_for(fontset, "song", "regular", again.writing_mode, again.vertical) is \
        metrics_for(fontset, "song", "regular", pstyle.writing_mode, pstyle.vertical)


@pytest.mark.parametrize("kwargs", [{"tcy_digits": 1}, {"quotes": "curly"}, {"tcy_max_width": 3.0}])
def test_bad_options_are_refused(kwargs):
    with pytest.raises(ValueError):
        vertical_style(**kwargs)


def test_unknown_base_mode_is_refused():
    with pytest.raises(StyleError):
        ParagraphStyle(writing_mode="diagonal+tcy3")
