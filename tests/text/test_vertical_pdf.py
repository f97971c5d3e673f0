"""Vertical glyph runs through the PDF writer, read back independently (pdfplumber, pypdf, poppler).

A test page with brackets, quotes, ——, ……, a year (2018年), a 2-digit date in
tate-chu-yoko (28日), a rotated Latin word (APEC), a URL and a percentage.
Geometry is checked on what the PDF says (text matrices) and on the rendered
pixels (pdftoppm), not on the layout's own numbers. A PNG for a person to look
at is left in tests/output/.
"""
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from layout.display import Page
from layout.fonts import fontset_from_files
from layout.pdf.writer import write_pdf
from layout.text import ParagraphStyle, line_glyph_runs, set_paragraph

from .readback import chars_of, unbroken_ink

DATA = Path(__file__).resolve().parents[1] / "fonts" / "data"
OUT = Path(__file__).resolve().parents[1] / "output"
SIZE = 24.0
LINES = ["他说：“好！”《书名》（注）", "——走……2018年4月28日", "APEC会议在www.apec.org举行", "增长12.5%，50%。完"]
PAGE_W, PAGE_H, TOP = 240.0, 560.0, 40.0
DPI = 144  # 2 px per pt


def vertical_runs(fs, text, size, x, y):
    """Glyph runs of ``text`` set on one vertical line by the shared engine, centre line x, top y."""
    style = ParagraphStyle(size=size, leading=size * 1.6, indent=0.0, align="start", writing_mode="vertical-rl")
    (line,) = set_paragraph(text, style, fs, 1000.0)
    return line_glyph_runs(line, x, y)


def line_x(i):
    """Centre of the i-th line counted from the right (lines run right to left)."""
    return PAGE_W - 40.0 - i * SIZE * 1.6


@pytest.fixture(scope="module")
def page_pdf(tmp_path_factory):
    fs = fontset_from_files({"song": str(DATA / "NotoSerifSC-test.otf"), "hei": str(DATA / "NotoSansSC-test.otf")})
    page = Page(PAGE_W, PAGE_H)
    for i, text in enumerate(LINES):
        for run in vertical_runs(fs, text, SIZE, line_x(i), TOP):
            page.add(run)
    path = tmp_path_factory.mktemp("vpdf") / "vertical-test-page.pdf"
    write_pdf([page], fs, str(path))
    return path


@pytest.fixture(scope="module")
def chars(page_pdf):
    with pdfplumber.open(page_pdf) as pdf:
        return pdf.pages[0].chars


@pytest.fixture(scope="module")
def pixels(page_pdf):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    OUT.mkdir(exist_ok=True)
    stem = OUT / "vertical-test-page"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(page_pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("L")


def origin(c):
    """Text-space origin of a char on the page (x, y down): the vertical origin for vertical fonts."""
    return c["matrix"][4], PAGE_H - c["matrix"][5]


def ink_box(img, box):
    """Bounding box (pt) of dark pixels inside a page box (x0, y0, x1, y1) in pt."""
    k = DPI / 72.0
    crop = img.crop(tuple(round(v * k) for v in box))
    bb = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bb, f"no ink in {box}"
    return tuple(box[i % 2] + bb[i] / k for i in range(4))


def find(chars, text):
    hits = [c for c in chars if c["text"] == text]
    assert hits, f"{text!r} not in the PDF"
    return hits


def test_every_character_once_and_in_order(page_pdf, chars):
    expected = "".join(LINES)
    assert "".join(c["text"] for c in chars) == expected
    extracted = PdfReader(str(page_pdf)).pages[0].extract_text()
    assert "".join(extracted.split()) == expected.replace(" ", "")


def test_latin_runs_are_rotated_clockwise(chars):
    for word in ("APEC", "2018", "www.apec.org", "12.5%", "50%"):
        run = chars_of(chars, word)
        assert all(tuple(round(v, 3) for v in c["matrix"][:4]) == (0, -1, 1, 0) for c in run), word
        assert all(c["upright"] is False for c in run)
        ys = [origin(c)[1] for c in run]
        assert ys == sorted(ys) and len({round(origin(c)[0], 3) for c in run}) == 1  # down one baseline


def test_upright_glyphs_are_unrotated_and_centred(chars):
    for ch in "他好书注走会完":
        (c,) = find(chars, ch)
        assert tuple(round(v, 3) for v in c["matrix"][:4]) == (1, 0, 0, 1)
        assert any(abs(origin(c)[0] - line_x(i)) < 0.01 for i in range(len(LINES)))


def test_full_stop_ink_in_upper_right_of_em_box(chars, pixels):
    (stop,) = find(chars, "。")
    ox, oy = origin(stop)
    x0, y0, x1, y1 = ink_box(pixels, (ox - SIZE / 2, oy, ox + SIZE / 2, oy + SIZE))
    assert x0 >= ox - 0.5 and y1 <= oy + SIZE / 2 + 0.5, (x0, y0, x1, y1, ox, oy)


@pytest.mark.parametrize("mark", "，：！")
def test_pause_marks_on_the_right(chars, pixels, mark):
    for c in find(chars, mark):
        ox, oy = origin(c)
        x0, _, x1, _ = ink_box(pixels, (ox - SIZE / 2, oy, ox + SIZE / 2, oy + SIZE))
        assert (x0 + x1) / 2 > ox, mark


def test_tate_chu_yoko_within_one_em(chars, pixels):
    two, eight, _day = chars_of(chars, "28日")
    assert two["upright"] and eight["upright"] and abs(two["top"] - eight["top"]) < 0.01  # side by side
    assert eight["x1"] - two["x0"] <= SIZE + 0.05
    centre = (two["x0"] + eight["x1"]) / 2
    assert any(abs(centre - line_x(k)) < 0.05 for k in range(len(LINES)))
    x0, _, x1, _ = ink_box(pixels, (centre - SIZE, two["top"], centre + SIZE, two["bottom"]))
    assert x1 - x0 <= SIZE


def test_dash_is_one_unbroken_stroke_along_the_column(chars, pixels):
    """破折号: one rotated bar extracted as ——, 2 em long, centred on the line, its ink without a gap."""
    (dash,) = chars_of(chars, "——")
    assert dash["text"] == "——"
    assert dash["bottom"] - dash["top"] == pytest.approx(2 * SIZE, abs=0.01)
    centre = (dash["x0"] + dash["x1"]) / 2
    assert any(abs(centre - line_x(k)) < 0.05 * SIZE for k in range(len(LINES)))
    box = (centre - SIZE / 2, dash["top"], centre + SIZE / 2, dash["bottom"])
    y0, y1 = unbroken_ink(pixels, box, DPI, vertical=True)
    x0, _, x1, _ = ink_box(pixels, box)
    assert y1 - y0 > 1.6 * SIZE and (y1 - y0) > 8 * (x1 - x0)  # one long vertical bar
    assert abs((x0 + x1) / 2 - centre) < 0.1 * SIZE  # centred on the line


def test_ellipsis_runs_along_the_column(chars, pixels):
    a, b = chars_of(chars, "……")
    (ax, ay), (bx, by) = origin(a), origin(b)
    assert ax == pytest.approx(bx) and by - ay == pytest.approx(SIZE)  # 2 em together
    x0, y0, x1, y1 = ink_box(pixels, (ax - SIZE / 2, ay, ax + SIZE / 2, ay + 2 * SIZE))
    assert (y1 - y0) > 4 * (x1 - x0)  # drawn vertically
    assert abs((x0 + x1) / 2 - ax) < 0.1 * SIZE  # centred on the line


def test_quotes_drawn_as_corner_brackets(chars, pixels):
    (open_q,) = find(chars, "“")
    ox, oy = origin(open_q)
    x0, y0, x1, y1 = ink_box(pixels, (ox - SIZE / 2, oy, ox + SIZE / 2, oy + SIZE))
    assert x1 - x0 > y1 - y0  # a corner bracket lying across the column
    assert y0 > oy + SIZE / 2 - 1  # in the lower half: the blank half faces the previous character


def test_quote_and_corner_bracket_sharing_a_glyph_extract_distinctly(tmp_path):
    fs = fontset_from_files({"song": str(DATA / "NotoSerifSC-test.otf"), "hei": str(DATA / "NotoSansSC-test.otf")})
    text = "“甲”『乙』"
    runs = vertical_runs(fs, text, 12, 50, 10.0)
    gids = [g for r in runs for g in r.glyphs]
    assert gids[0] == gids[3]  # the font's vert form of “ is the one of 『
    page = Page(100, 200)
    for run in runs:
        page.add(run)
    write_pdf([page], fs, str(tmp_path / "q.pdf"))
    with pdfplumber.open(tmp_path / "q.pdf") as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == text


def test_a_run_in_byline_keeps_its_face_in_the_pdf(tmp_path):
    # read back with pdfplumber: the byline's rotated letters and tate-chu-yoko digits are drawn in the byline's
    # 黑体 (Noto Sans SC), the body in 宋体 (Noto Serif SC); they used to come out in the body face
    fs = fontset_from_files({"song": str(DATA / "NotoSerifSC-test.otf"), "hei": str(DATA / "NotoSansSC-test.otf")})
    text = "记者ABC 28日电天地玄黄"
    style = ParagraphStyle(size=SIZE, indent=0.0, align="start", writing_mode="vertical-rl")
    hei = ParagraphStyle(size=SIZE, indent=0.0, align="start", writing_mode="vertical-rl", font="hei")
    (line,) = set_paragraph(text, style, fs, 1000.0, runs=[(0, text.index("天"), hei)])
    page = Page(PAGE_W, PAGE_H)
    for run in line_glyph_runs(line, line_x(0), TOP):
        page.add(run)
    write_pdf([page], fs, str(tmp_path / "byline.pdf"))
    with pdfplumber.open(tmp_path / "byline.pdf") as pdf:
        fonts = {c["text"]: c["fontname"] for c in pdf.pages[0].chars}
    assert all("Sans" in fonts[ch] for ch in "记者ABC28日电"), fonts
    assert all("Serif" in fonts[ch] for ch in "天地玄黄"), fonts
