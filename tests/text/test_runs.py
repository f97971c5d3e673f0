"""A paragraph prefix in another face (a run-in byline, 电头): its glyphs and widths are that face's.

``set_paragraph(..., runs=[(start, end, face)])`` sets the items of that
range from the run face's metrics at layout time, so Latin letters and
digits, whose widths differ between 黑体 and 宋体, are spaced by the face
they are drawn in; the line's glyph runs split where the face changes.
"""
import pytest

from layout.text import ParagraphStyle, line_glyph_runs, metrics_for, set_paragraph

SIZE = 10.0
BYLINE = "本报记者　Tom Lee"
TEXT = BYLINE + "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"


def _style(font="song"):
    return ParagraphStyle(font=font, size=SIZE, indent=0)


def test_run_items_take_the_run_face_and_its_widths(fontset):
    lines = set_paragraph(TEXT, _style(), fontset, 100 * SIZE, runs=[(0, len(BYLINE), _style("hei"))])
    line = lines[0]
    hei, song = fontset.face("hei").key, fontset.face("song").key
    n = len("本报记者TomLee")  # the byline's drawn glyphs (the spaces draw nothing)
    glyphs = [(f, t, x, a) for f, t, x, a in zip(line.faces, line.texts, line.xs, line.advances)]
    by = [g for g in glyphs if g[1].strip()][:n]
    assert "".join(g[1] for g in by) == "本报记者TomLee"
    assert {g[0] for g in by} == {hei}
    assert all(g[0] == song for g in glyphs if g[1] in "天地玄黄")
    sans = metrics_for(fontset, "hei")
    for _f, t, _x, adv in by:
        assert adv == pytest.approx(sans.lookup(t)[2] * SIZE)  # the run face's advance, not the body's
    for left, right in zip(glyphs, glyphs[1:]):
        assert left[2] + left[3] <= right[2] + 1e-6  # no glyph overlaps the next
    runs = line_glyph_runs(line, 0.0, 0.0)
    assert [r.face for r in runs][:2] == [hei, song]


def test_no_runs_sets_exactly_as_before(fontset):
    plain = set_paragraph(TEXT, _style(), fontset, 12 * SIZE)
    empty = set_paragraph(TEXT, _style(), fontset, 12 * SIZE, runs=[])
    same_face = set_paragraph(TEXT, _style(), fontset, 12 * SIZE, runs=[(0, len(BYLINE), _style())])
    assert plain == empty == same_face


def test_latin_in_the_run_is_wider_in_hei_than_in_song(fontset):
    song = set_paragraph(TEXT, _style(), fontset, 100 * SIZE)[0]
    hei = set_paragraph(TEXT, _style(), fontset, 100 * SIZE, runs=[(0, len(BYLINE), _style("hei"))])[0]
    at = lambda line: line.xs[line.texts.index("天")]  # noqa: E731
    sans, serif = metrics_for(fontset, "hei"), metrics_for(fontset, "song")
    diff = sum(sans.lookup(c)[2] - serif.lookup(c)[2] for c in "TomLee") * SIZE
    assert at(hei) - at(song) == pytest.approx(diff, abs=0.5)


@pytest.mark.parametrize("text", [BYLINE + "天地玄黄", "本报记者　ABC 2018天地玄黄"])
def test_vertical_run_items_keep_the_run_face(fontset, text):
    # vertical text rotates Latin words and sets short numbers tate-chu-yoko, shaping them again: in the
    # run's face, not the paragraph's (a 黑体 byline's letters came out in 宋体)
    def vstyle(font="song"):
        return ParagraphStyle(font=font, size=SIZE, indent=0, writing_mode="vertical-rl")

    byline = text.index("天")
    line = set_paragraph(text, vstyle(), fontset, 100 * SIZE, runs=[(0, byline, vstyle("hei"))])[0]
    hei, song = fontset.face("hei").key, fontset.face("song").key
    drawn = [(f, t) for f, t in zip(line.faces, line.texts) if t.strip()]
    byline_glyphs = [f for f, t in drawn if t not in "天地玄黄"]
    assert byline_glyphs and set(byline_glyphs) == {hei}
    assert {f for f, t in drawn if t in "天地玄黄"} == {song}
