"""Vertical glyphs and metrics on the pinned Noto Serif SC subset (clreq §3.1.2, §3.2.3; GB/T 15834)."""
import dataclasses
from functools import lru_cache
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from layout.fonts import fontset_from_files
from layout.text.orientation import ROTATED, TCY, UPRIGHT, VerticalStyle
from layout.text.vertical import (PlacedUnit, char_advances, line_runs, shape_vertical, tcy_scale,
                                  upright_glyph, vertical_trim)

DATA = Path(__file__).resolve().parents[1] / "fonts" / "data"
SERIF = DATA / "NotoSerifSC-test.otf"


@pytest.fixture(scope="module")
def face():
    fs = fontset_from_files({"song": str(SERIF), "hei": str(DATA / "NotoSansSC-test.otf")})
    return fs.face("song")


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


def test_dash_pair_is_two_em_and_vertical(face):
    units = shape_vertical("——", face)
    assert [u.kind for u in units] == [UPRIGHT, UPRIGHT]
    assert sum(u.advance for u in units) == pytest.approx(2.0)
    x0, y0, x1, y1 = bbox(units[0].gids[0])
    assert (y1 - y0) > 5 * (x1 - x0)  # a vertical bar


def test_ellipsis_pair_is_two_em_and_vertical(face):
    units = shape_vertical("……", face)
    assert sum(u.advance for u in units) == pytest.approx(2.0)
    x0, y0, x1, y1 = bbox(units[0].gids[0])
    assert (y1 - y0) > 3 * (x1 - x0)


def test_tcy_fits_one_em(face):
    (unit, day) = shape_vertical("28日", face)
    assert unit.kind == TCY and unit.advance == 1.0
    natural = face.advance(face.gid("2")) + face.advance(face.gid("8"))
    assert natural > 1.0  # this font's digits need squeezing
    assert sum(unit.widths) * unit.scale <= 1.0 + 1e-9
    assert unit.scale == pytest.approx(1.0 / natural)
    assert day.kind == UPRIGHT and day.advance == pytest.approx(1.0)


def test_tcy_scale_never_widens():
    assert tcy_scale(0.6) == 1.0
    assert tcy_scale(1.5) == pytest.approx(2 / 3)
    assert tcy_scale(1.5, 0.9) * 1.5 == pytest.approx(0.9)


def test_year_rotated_advance_is_horizontal_width(face):
    units = shape_vertical("2018年", face)
    assert units[0].kind == ROTATED and (units[0].start, units[0].end) == (0, 4)
    assert units[0].advance == pytest.approx(sum(face.advance(face.gid(c)) for c in "2018"))
    assert units[0].gids == tuple(face.gid(c) for c in "2018")


def test_apec_rotated_or_upright(face):
    (apec,) = shape_vertical("APEC", face)
    assert apec.kind == ROTATED and apec.advance == pytest.approx(sum(face.advance(face.gid(c)) for c in "APEC"))
    upright = shape_vertical("APEC", face, VerticalStyle(upright_acronyms=True))
    assert [u.kind for u in upright] == [UPRIGHT] * 4
    assert [u.gids[0] for u in upright] == [face.gid(chr(ord(c) + 0xFEE0)) for c in "APEC"]  # full width
    assert all(u.advance == pytest.approx(1.0) for u in upright)


def test_vhal_trims_brackets_not_colons(face):
    open_gid, _, _ = upright_glyph(face, "「")
    close_gid, _, _ = upright_glyph(face, "」")
    assert vertical_trim(face, open_gid) == (0.5, -0.5)  # blank half above: move up, advance shrinks
    assert vertical_trim(face, close_gid) == (0.0, -0.5)
    for mark in "：；？！":
        assert vertical_trim(face, upright_glyph(face, mark)[0]) == (0.0, 0.0)  # 1 em in vertical


def test_fallbacks_without_vert(face):
    bare = dataclasses.replace(face, vert={})
    gid, rotate, shift = upright_glyph(bare, "。")
    assert gid == face.gid("。") and not rotate and shift == (0.6, 0.6)
    x0, y0, x1, y1 = bbox(gid)
    assert x0 + shift[0] * face.upem >= face.upem / 2 and y0 + shift[1] * face.upem >= 380
    dash = shape_vertical("—", bare)
    assert dash[0].kind == ROTATED and dash[0].advance == pytest.approx(face.advance(face.gid("—")))


def test_every_character_covered_once(face):
    text = "2018年4月28日，APEC会议在https://www.apec.org举行，增长12.5%。“好”——……"
    units = shape_vertical(text, face)
    assert "".join(text[u.start:u.end] for u in units) == text
    assert len(char_advances(units)) == len(text)


def test_line_runs_geometry(face):
    text = "在28日APEC会"
    units = shape_vertical(text, face)
    size, x_c, y = 10.0, 100.0, 50.0
    placed = []
    for u in units:
        placed.append(PlacedUnit(u, y, text[u.start:u.end]))
        y += u.advance * size
    runs = line_runs(face, size, x_c, placed)
    assert [(r.vertical, r.rotation, r.h_scale != 1.0) for r in runs] == [
        (True, 0.0, False), (False, 0.0, True), (True, 0.0, False), (False, 90.0, False), (True, 0.0, False)]
    tcy, rot = runs[1], runs[3]
    tcy_width = (tcy.positions[-1][0] - tcy.positions[0][0]) + face.advance(tcy.glyphs[-1]) * size * tcy.h_scale
    assert tcy_width <= size + 1e-9
    assert tcy.positions[0][0] + tcy_width / 2 == pytest.approx(x_c)
    assert tcy.positions[0][1] == pytest.approx(60.0 + 0.88 * size)  # baseline of the em box starting at 60
    assert all(p[0] == rot.positions[0][0] for p in rot.positions)  # pen points down one rotated baseline
    assert rot.positions[1][1] - rot.positions[0][1] == pytest.approx(face.advance(face.gid("A")) * size)
    assert rot.positions[0] == pytest.approx((x_c - 0.38 * size, 80.0))
    assert runs[0].positions == ((x_c, 50.0),)
    assert "".join("".join(r.texts) for r in runs) == text
