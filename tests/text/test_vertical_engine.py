"""The vertical-rl writing mode inside the composition engine (set_paragraph), on the pinned test fonts."""
import pytest

from layout.text import ParagraphStyle, line_glyph_runs, metrics_for, set_paragraph
from layout.text import classes as C
from layout.text.orientation import ROTATED, TCY, UPRIGHT

SIZE = 10.0


def vstyle(**kw):
    kw.setdefault("han_latin_space", 0.25)  # the tests below measure a ¼ em Han–Latin gap (the default is ⅛)
    return ParagraphStyle(size=SIZE, leading=16, indent=kw.pop("indent", 0.0), writing_mode="vertical-rl", **kw)


def kinds(line):
    return [o or UPRIGHT for o in line.orients]


def test_all_han_line_with_tcy_keeps_every_glyph(fontset):
    (line,) = set_paragraph("我在28日去北京", vstyle(), fontset, 200)
    assert line.texts == list("我在28日去北京")
    assert kinds(line) == [UPRIGHT, UPRIGHT, TCY, TCY, UPRIGHT, UPRIGHT, UPRIGHT, UPRIGHT]
    assert line.xs[2] == line.xs[3]  # tcy glyphs share one em box along the line
    assert line.xs[4] - line.xs[2] == pytest.approx(SIZE)  # the box is 1 em
    assert line.advances[2] + line.advances[3] <= SIZE + 1e-9  # squeezed to at most 1 em across


def test_year_rotated_then_upright_unit_with_gap(fontset):
    (line,) = set_paragraph("在2018年", vstyle(), fontset, 200)
    face = fontset.face("song")
    assert kinds(line) == [UPRIGHT, ROTATED, ROTATED, ROTATED, ROTATED, UPRIGHT]
    rotated = sum(face.advance(face.gid(c)) for c in "2018") * SIZE
    gap = line.xs[5] - line.xs[1] - rotated
    assert gap == pytest.approx(0.25 * SIZE)  # Han–Latin gap, clreq §3.2.2
    assert line.xs[1] - line.xs[0] == pytest.approx(1.25 * SIZE)  # and before the rotated run too


def test_single_letter_upright_full_width_and_no_gap(fontset):
    (line,) = set_paragraph("X光片", vstyle(), fontset, 200)
    face = fontset.face("song")
    assert kinds(line) == [UPRIGHT] * 3
    assert line.gids[0] == face.gid("Ｘ")
    assert line.xs[1] - line.xs[0] == pytest.approx(SIZE)


def test_opening_bracket_at_line_start_loses_its_top_half(fontset):
    (line,) = set_paragraph("「好」", vstyle(), fontset, 200)
    assert line.xs[0] == pytest.approx(-0.5 * SIZE)  # the glyph moves up: its blank top half is cut
    assert line.xs[1] == pytest.approx(0.5 * SIZE)  # the next character follows the inked half


def test_question_mark_keeps_its_full_em_in_vertical(fontset):
    m = metrics_for(fontset, "song", "regular", "vertical-rl")
    assert m.lookup("？")[3:5] == (0.0, 0.0)
    assert m.lookup("：")[3:5] == (0.0, 0.0)
    assert m.lookup("，")[3:5] == (0.0, 0.5)
    assert m.lookup("「")[3:5] == (0.5, 0.0)
    h = metrics_for(fontset, "song", "regular", "horizontal-tb")
    assert h.lookup("？")[4] == 0.5  # horizontally it is compressible


def test_runs_of_a_mixed_line(fontset):
    (line,) = set_paragraph("据APEC统计28日", vstyle(), fontset, 300)
    runs = line_glyph_runs(line, 100.0, 20.0)
    shape = [("".join(r.texts), r.vertical, r.rotation, r.h_scale < 1.0) for r in runs]
    assert shape == [("据", True, 0.0, False), ("APEC", False, 90.0, False), ("统计", True, 0.0, False),
                     ("28", False, 0.0, True), ("日", True, 0.0, False)]
    assert all(p[0] == 100.0 for p in runs[0].positions + runs[2].positions)
    assert runs[1].positions[0][0] == pytest.approx(100.0 - 0.38 * SIZE)  # em-box centre on the line


def test_a_shaped_run_depends_only_on_its_own_item_not_on_what_was_set_before(fontset):
    # the orientation pass keeps shaped runs per metrics; a "." cut from an address (a Latin piece) and a
    # lone "." (a narrow mark) once shared one entry, so whichever was set first decided the other's class
    # (and its break opportunities): a warm process (watch, batch) set text differently from a new one
    from layout.text.segment import Segmenter
    from layout.text.vertical import VerticalGlyphMetrics

    style = ParagraphStyle(writing_mode="vertical-rl")
    address = "见https://verylongdomainname.example.org/x网站"

    def dots(metrics, text):
        seg = Segmenter(metrics, style)
        seg.max_chunk = 3.0  # the address is wider than the measure: cut between characters
        items, _ = seg.segment(text)
        return [it.kind for it in metrics.orient_items(items) if it.text == "."]

    fresh = dots(VerticalGlyphMetrics(fontset, "song"), address)
    warm = VerticalGlyphMetrics(fontset, "song")
    assert dots(warm, "他说.好") == [C.NARROW]
    assert dots(warm, address) == fresh == [C.LATIN, C.LATIN]
