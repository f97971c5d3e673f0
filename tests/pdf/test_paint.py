"""Glyph-run operators (layout/pdf/paint.py): read back with pdfplumber and pikepdf, not with our own parser."""
import io
import zlib

import pdfplumber
import pikepdf
import pytest

from layout.display import BLACK, Color, GlyphRun, Page, Rect
from layout.pdf import render_pdf_bytes
from layout.pdf.fontembed import FontUse, deflated_program, font_program
from layout.pdf.paint import PageGeometry, RunWriter, Separators, TextState

TEXT = "本报讯记者翟国鑫4月23日至26日，区委书记带领代表团赴青海。APEC 12.5%"
RED = Color("Red", 0, 1, 1, 0)


def justified(face, text, x, y, size=9.0, gap=0.75, h_scale=1.0):
    """A run with ``gap`` pt after every CJK glyph and none after Latin ones (what justification does)."""
    gids, pos = [], []
    for ch in text:
        gid = face.gid(ch)
        gids.append(gid)
        pos.append((x, y))
        x += face.advance(gid) * size * h_scale + (gap if ord(ch) > 0x2E80 else 0.0)
    return GlyphRun("song", size, tuple(gids), tuple(pos), tuple(text), h_scale=h_scale)


def chars_of(data: bytes):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[0].chars


def test_justified_and_scaled_lines_put_every_glyph_where_layout_did(fontset):
    face = fontset.face("song")
    page = Page(400, 300)
    runs = [justified(face, TEXT, 20, 40), justified(face, TEXT, 20, 60, gap=0.0),
            justified(face, "１２３ＡＢ", 20, 80, h_scale=0.5, gap=0.3), justified(face, TEXT, 20, 100, size=7.5, gap=-0.2)]
    for run in runs:
        page.add(run)
    chars = chars_of(render_pdf_bytes([page], fontset))
    expected = [(ch, x, y) for run in runs for ch, (x, y) in zip(run.texts, run.positions)]
    assert "".join(c["text"] for c in chars) == "".join(ch for ch, _, _ in expected)
    for c, (ch, x, y) in zip(chars, expected):
        assert abs(c["x0"] - x) < 0.005, (ch, c["x0"], x)  # TJ adjustments carry 1/100 000 em
        assert abs(c["y1"] - (300 - y) - c["size"] * face.ascent / face.upem) < 0.05 or c["upright"]


def test_fast_path_writes_what_the_glyph_by_glyph_loop_writes(fontset):
    face = fontset.face("song")
    run = justified(face, TEXT, 20, 40)
    use = FontUse(face)
    use.add_run(run.glyphs, run.texts, False)
    vertical = GlyphRun("song", 12, tuple(face.vertical_form(face.gid(c)) for c in "竖排：“五一”"),
                        tuple((370, 30 + 12.5 * i) for i in range(7)), tuple("竖排：“五一”"), vertical=True)
    use.add_run(vertical.glyphs, vertical.texts, True)
    scaled = justified(face, "ＡＢ１２", 20, 80, h_scale=0.75, gap=0.2)
    use.add_run(scaled.glyphs, scaled.texts, False)
    comma = GlyphRun("song", 9, (face.gid(","),), ((300.5, 120.25),), (",",), rotation=90)  # a Latin mark, vertical text
    use.add_run(comma.glyphs, comma.texts, False)
    writer = RunWriter(face, use, {False: ["CJK0H"], True: ["CJK0V"]})
    geom = PageGeometry.of(Page(400, 300))
    for r in (run, vertical, scaled, comma):
        fast = writer.ops(r, geom, TextState())
        assert fast == writer._general_ops(r, geom, TextState())
        assert "><" not in fast, "an adjustment of zero written"
    assert "<" + "".join(writer.hexes[g] for g in run.glyphs[-10:]) + ">" in writer.ops(run, geom, TextState()), \
        "glyphs without a gap share one hex string"


def test_rotated_and_two_baseline_runs_keep_their_positions(fontset):
    face = fontset.face("song")
    page = Page(400, 300)
    line = justified(face, "上标2测试", 20, 40)
    positions = list(line.positions)
    positions[2] = (positions[2][0], positions[2][1] - 3)  # a raised glyph: its own pen line
    raised = GlyphRun("song", 9, line.glyphs, tuple(positions), line.texts)
    page.add(raised)
    latin = "APEC"
    gids = tuple(face.gid(c) for c in latin)
    rotated = GlyphRun("song", 10, gids, tuple((200, 50 + 6 * i) for i in range(4)), tuple(latin), rotation=90)
    page.add(rotated)
    chars = chars_of(render_pdf_bytes([page], fontset))
    got = {c["text"]: c for c in chars}
    assert abs(got["2"]["x0"] - positions[2][0]) < 0.005
    assert abs((got["上"]["bottom"] - got["2"]["bottom"]) - 3) < 0.005
    assert [c["text"] for c in chars if not c["upright"]] == list(latin)


def text_states(data: bytes):
    """(fill operands, font operands) in effect at every TJ, walking the content stream as a viewer does."""
    pdf = pikepdf.open(io.BytesIO(data))
    fill = font = None
    seen = []
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        name = str(operator)
        if name == "k":
            fill = tuple(round(float(v), 4) for v in operands)
        elif name == "Tf":
            font = (str(operands[0]), float(operands[1]))
        elif name == "q" or name == "Q":
            raise AssertionError("no save/restore expected: the walk does not track a state stack")
        elif name == "TJ":
            seen.append((fill, font))
    return seen


def test_colour_and_font_set_once_for_a_column_and_again_after_other_items(fontset):
    face = fontset.face("song")
    page = Page(400, 300)
    for i in range(5):
        page.add(justified(face, TEXT, 20, 40 + 14 * i))
    page.add(Rect(10, 10, 50, 50, fill=Color("Cyan 30", 0.3, 0, 0, 0)))
    page.add(justified(face, TEXT, 20, 140))
    page.add(GlyphRun("song", 12, (face.gid("红"),), ((20, 160),), ("红",), fill=RED))
    page.add(GlyphRun("song", 9, (face.gid("黑"),), ((20, 180),), ("黑",), fill=BLACK))
    data = render_pdf_bytes([page], fontset)
    states = text_states(data)
    black, red = (0.0, 0.0, 0.0, 1.0), (0.0, 1.0, 1.0, 0.0)
    assert [s[0] for s in states] == [black] * 6 + [red, black]
    assert [s[1][1] for s in states] == [9.0] * 6 + [12.0, 9.0]
    pdf = pikepdf.open(io.BytesIO(data))
    content = pdf.pages[0].Contents.read_bytes()
    assert content.count(b" k\n") == 5, "fill set once for the column, by the rect, after it, and per colour change"
    assert content.count(b" Tf\n") == 4


def test_separators_format_each_gap_once_and_drop_gaps_below_a_thousandth_point():
    seps = Separators(-1000 / 9)
    assert seps[0.0] == "" and seps[0.0009] == "" and seps[-0.0009] == ""
    assert seps[1.125] == ">-125<"
    assert seps[0.5] == ">-55.56<"
    assert seps[-0.09] == ">10<"
    assert len(seps) == 6


def test_deflated_program_inflates_to_the_program_and_is_kept_warm(fontset):
    face = fontset.face("song")
    use = FontUse(face)
    use.add_run(tuple(face.gid(c) for c in TEXT), tuple(TEXT), False)
    kind, length, deflated = deflated_program(use)
    again = deflated_program(use)
    assert (kind, zlib.decompress(deflated)) == font_program(use) and length == len(zlib.decompress(deflated))
    assert again[2] is deflated


@pytest.mark.parametrize("vertical", [False, True])
def test_same_pages_same_bytes(fontset, vertical):
    face = fontset.face("song")
    page = Page(400, 300)
    page.add(justified(face, TEXT, 20, 40))
    if vertical:
        page.add(GlyphRun("song", 12, tuple(face.vertical_form(face.gid(c)) for c in "竖排"), ((370, 30), (370, 42)),
                          ("竖", "排"), vertical=True))
    assert render_pdf_bytes([page], fontset) == render_pdf_bytes([page], fontset)


def test_a_glyph_standing_for_two_texts_reads_back_as_each(fontset):
    """.notdef for two missing characters: the second is shown with the ToUnicode variant font."""
    face = fontset.face("song")
    text = "甲龘乙𪚥丙龘"
    assert face.gid("龘") == 0 and face.gid("𪚥") == 0, "the test subset is expected to miss both"
    page = Page(400, 300)
    page.add(justified(face, text, 20, 40))
    page.add(justified(face, "丁戊", 20, 60))  # a line with no variant glyph: the fast path, same fonts
    data = render_pdf_bytes([page], fontset)
    chars = chars_of(data)
    assert "".join(c["text"] for c in chars) == text + "丁戊"
    pdf = pikepdf.open(io.BytesIO(data))
    assert set(pdf.pages[0].Resources.Font.keys()) == {"/CJK0H", "/CJK0H1"}


def test_a_run_made_on_one_line_writes_what_the_same_run_with_positions_writes(fontset):
    # GlyphRun.on_line keeps (along, across) and makes positions only on use: the same run, the same operators
    face = fontset.face("song")
    eager = justified(face, TEXT, 20, 40)
    lazy = GlyphRun.on_line("song", 9.0, eager.glyphs, tuple(x for x, _ in eager.positions), 40, eager.texts)
    vertical = GlyphRun("song", 12, tuple(face.vertical_form(face.gid(c)) for c in "竖排文字"),
                        tuple((370, 30 + 12.5 * i) for i in range(4)), tuple("竖排文字"), vertical=True)
    lazy_vertical = GlyphRun.on_line("song", 12, vertical.glyphs, tuple(30 + 12.5 * i for i in range(4)), 370,
                                     vertical.texts, vertical=True)
    use = FontUse(face)
    for r in (eager, vertical):
        use.add_run(r.glyphs, r.texts, r.vertical)
    writer = RunWriter(face, use, {False: ["CJK0H"], True: ["CJK0V"]})
    geom = PageGeometry.of(Page(400, 300))
    for made, lazy_run in ((eager, lazy), (vertical, lazy_vertical)):
        assert lazy_run.line is not None and "positions" not in lazy_run.__dict__
        assert writer.ops(lazy_run, geom, TextState()) == writer.ops(made, geom, TextState())
        assert "positions" not in lazy_run.__dict__  # the writer read the line, not pairs
        assert lazy_run == made and hash(lazy_run) == hash(made)  # equality makes the positions
        assert lazy_run.positions == made.positions
