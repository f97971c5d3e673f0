"""Vertical glyphs and metrics on the pinned Noto Serif SC subset (clreq §3.1.2, §3.2.3; GB/T 15834).

Glyph forms are checked on the outlines (fontTools); runs come from the one
paragraph setter (``set_paragraph`` in vertical-rl) and its glyph-run builder.
"""
import dataclasses
from functools import lru_cache
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from layout.fonts import fontset_from_files
from layout.text import ParagraphStyle, line_glyph_runs, metrics_for, set_paragraph
from layout.text.orientation import ROTATED, TCY, UPRIGHT, VerticalStyle
from layout.text.vertical import tcy_scale, upright_glyph

DATA = Path(__file__).resolve().parents[1] / "fonts" / "data"
SERIF = DATA / "NotoSerifSC-test.otf"


@pytest.fixture(scope="module")
def fs():
    return fontset_from_files({"song": str(SERIF), "hei": str(DATA / "NotoSansSC-test.otf")})


@pytest.fixture(scope="module")
def face(fs):
    return fs.face("song")


def vline(fs, text, size=1.0, vertical=None):
    """``text`` set on one vertical line by the shared engine (no indent, no justification)."""
    style = ParagraphStyle(size=size, leading=size * 1.5, indent=0.0, align="start", writing_mode="vertical-rl",
                           vertical=vertical, han_latin_space=0.25)  # a ¼ em Han–Latin gap is measured below
    (line,) = set_paragraph(text, style, fs, 1000.0 * size)
    return line


def kinds(line):
    return [o or UPRIGHT for o in line.orients]


@lru_cache(maxsize=None)
def _font():
    return TTFont(str(SERIF))


def bbox(gid):
    """Glyph outline bounds (xmin, ymin, xmax, ymax) in font units, read independently with fontTools."""
    font = _font()
    gs = font.getGlyphSet()
    pen = BoundsPen(gs)
    gs[font.getGlyphOrder()[gid]].draw(pen)
    return pen.bounds


def in_upper_right(face, gid):
    """True when the outline lies in the right half and above the middle of the vertical em box."""
    x0, y0, x1, y1 = bbox(gid)
    em_top = face.v_origin(gid) * face.upem
    mid_y = em_top - face.upem / 2
    return x0 >= face.upem / 2 and y0 >= mid_y and y1 <= em_top


@pytest.mark.parametrize("mark", "。，、")
def test_pause_and_stop_marks_sit_upper_right(face, mark):
    gid, rotate, shift = upright_glyph(face, mark)
    assert not rotate and shift == (0.0, 0.0)
    assert gid != face.gid(mark), "the vert alternate must be used"
    assert in_upper_right(face, gid)
    assert not in_upper_right(face, face.gid(mark)), "horizontal form sits lower left"


@pytest.mark.parametrize("mark", "；：？！")
def test_other_stop_marks_on_the_right(face, mark):
    gid, rotate, _ = upright_glyph(face, mark)
    x0, y0, x1, y1 = bbox(gid)
    assert not rotate and gid != face.gid(mark)
    assert (x0 + x1) / 2 > face.upem / 2  # right of the centre line, as mainland vertical text wants


def test_quotes_become_corner_brackets(face):
    for quote, corner in zip("“”‘’", "『』「」"):
        gid, _, _ = upright_glyph(face, quote, VerticalStyle(quotes="corner"))
        assert gid == face.vert[face.gid(corner)]
        font_gid, _, _ = upright_glyph(face, quote, VerticalStyle(quotes="font"))
        assert font_gid == face.vert[face.gid(quote)]


def test_brackets_turn(face):
    for ch in "（）《》【】「」":
        gid, rotate, _ = upright_glyph(face, ch)
        x0, y0, x1, y1 = bbox(gid)
        hx0, hy0, hx1, hy1 = bbox(face.gid(ch))
        assert not rotate
        assert (x1 - x0) > (y1 - y0) and (hy1 - hy0) > (hx1 - hx0), ch  # tall becomes wide


def test_dash_pair_is_one_rotated_bar_two_em_long(fs, face):
    line = vline(fs, "——")
    assert kinds(line) == [ROTATED]  # one glyph: the horizontal bar turned with the line
    assert list(line.texts) == ["——"] and line.width == pytest.approx(2.0)  # a tuple or a list (Line)
    assert line.gids[0] == face.gid("\u2015")
    assert line.advances[0] == pytest.approx(2.0)  # drawn along the full 2 em: no gap inside
    x0, y0, x1, y1 = bbox(line.gids[0])
    assert (x1 - x0) > 5 * (y1 - y0)  # a horizontal bar, which the rotation makes vertical


def test_ellipsis_pair_is_two_em_and_vertical(fs):
    line = vline(fs, "……")
    assert line.width == pytest.approx(2.0)
    x0, y0, x1, y1 = bbox(line.gids[0])
    assert (y1 - y0) > 3 * (x1 - x0)


def test_tcy_fits_one_em(fs, face):
    line = vline(fs, "28日")
    assert kinds(line) == [TCY, TCY, UPRIGHT]
    natural = face.advance(face.gid("2")) + face.advance(face.gid("8"))
    assert natural > 1.0  # this font's digits need squeezing
    assert line.scales[0] == pytest.approx(1.0 / natural)
    assert line.advances[0] + line.advances[1] <= 1.0 + 1e-9
    assert line.xs[2] - line.xs[0] == pytest.approx(1.0)  # the tcy box is 1 em along the line


def test_tcy_scale_never_widens():
    assert tcy_scale(0.6) == 1.0
    assert tcy_scale(1.5) == pytest.approx(2 / 3)
    assert tcy_scale(1.5, 0.9) * 1.5 == pytest.approx(0.9)


def test_year_rotated_advance_is_horizontal_width(fs, face):
    line = vline(fs, "2018年")
    assert kinds(line)[:4] == [ROTATED] * 4
    assert list(line.gids[:4]) == [face.gid(c) for c in "2018"]
    assert line.xs[3] + line.advances[3] - line.xs[0] == pytest.approx(sum(face.advance(face.gid(c)) for c in "2018"))


def test_apec_rotated_or_upright(fs, face):
    line = vline(fs, "APEC")
    assert kinds(line) == [ROTATED] * 4
    assert line.width == pytest.approx(sum(face.advance(face.gid(c)) for c in "APEC"))
    upright = vline(fs, "APEC", vertical=VerticalStyle(upright_acronyms=True))
    assert kinds(upright) == [UPRIGHT] * 4
    assert list(upright.gids) == [face.gid(chr(ord(c) + 0xFEE0)) for c in "APEC"]  # full width
    assert upright.width == pytest.approx(4.0)


def test_vhal_trims_brackets_not_colons(fs):
    m = metrics_for(fs, "song", "regular", "vertical-rl")
    assert m.lookup("「")[3:5] == (0.5, 0.0)  # blank half above the opening bracket
    assert m.lookup("」")[3:5] == (0.0, 0.5)
    for mark in "：；？！":
        assert m.lookup(mark)[3:5] == (0.0, 0.0)  # 1 em in vertical (clreq §3.1.6)


def test_fallbacks_without_vert(face):
    bare = dataclasses.replace(face, vert={})
    gid, rotate, shift = upright_glyph(bare, "。")
    assert gid == face.gid("。") and not rotate and shift == (0.6, 0.6)
    x0, y0, x1, y1 = bbox(gid)
    assert x0 + shift[0] * face.upem >= face.upem / 2 and y0 + shift[1] * face.upem >= 380
    gid, rotate, _ = upright_glyph(bare, "—")
    assert rotate and gid == face.gid("—")  # no vertical form: the dash turns with the line


def test_every_character_covered_once(fs):
    text = "2018年4月28日，APEC会议在https://www.apec.org举行，增长12.5%。“好”——……"
    line = vline(fs, text)
    assert "".join(line.texts) == text


def test_line_runs_geometry(fs, face):
    size, x_c, y = 10.0, 100.0, 50.0
    line = vline(fs, "在28日APEC会", size)
    runs = line_glyph_runs(line, x_c, y)
    assert [(r.vertical, r.rotation, r.h_scale != 1.0) for r in runs] == [
        (True, 0.0, False), (False, 0.0, True), (True, 0.0, False), (False, 90.0, False), (True, 0.0, False)]
    tcy, rot = runs[1], runs[3]
    tcy_width = (tcy.positions[-1][0] - tcy.positions[0][0]) + face.advance(tcy.glyphs[-1]) * size * tcy.h_scale
    assert tcy_width <= size + 1e-9
    assert tcy.positions[0][0] + tcy_width / 2 == pytest.approx(x_c)
    ascent, descent = face.ascent / face.upem, face.descent / face.upem
    assert tcy.positions[0][1] == pytest.approx(60.0 + ascent * size)  # baseline of the em box starting at 60
    assert all(p[0] == rot.positions[0][0] for p in rot.positions)  # pen points down one rotated baseline
    assert rot.positions[1][1] - rot.positions[0][1] == pytest.approx(face.advance(face.gid("A")) * size)
    # the rotated baseline lies where the em box centre is: (ascent + descent) / 2 left of the centre line
    assert rot.positions[0][0] == pytest.approx(x_c - (ascent + descent) / 2 * size)
    assert rot.positions[0][1] == pytest.approx(runs[2].positions[0][1] + size + 0.25 * size)  # Han–Latin gap
    assert runs[0].positions == ((x_c, 50.0),)
    assert "".join("".join(r.texts) for r in runs) == "在28日APEC会"
