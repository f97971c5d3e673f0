"""render.py galley --vertical: the PDF read back with pdfplumber and pypdf, not the engine's data.

Acceptance of the vertical writing issue on the sample body text: tiers (栏)
stacked top to bottom, lines right to left, characters top to bottom;
0 kinsoku violations along the vertical axis, every non-final line's bottom
edge within 0.05 pt of the tier's bottom, every character once and in order
(glyph positions, content stream through ToUnicode, and pypdf's extraction).
"""
import argparse
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from layout import galley
from layout.flow import frame_chain
from layout.text import classes as C
from layout.units import parse_length, parse_page_size

from .readback import chars_of, unbroken_ink

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "seed-body.txt"
SIZE, LEADING = 9.0, 14.0
# Marks whose lower half is blank in vertical text (vhal of the test fonts): at a line's end the
# ink box stops ½ em early. ：；？！ keep a full em in vertical text (clreq §3.1.6), so they are not here.
END_BLANK = set("，。、”’」』）》〉】〗〕］｝")




def run_galley(text_file, out, fonts, *extra):
    parser = argparse.ArgumentParser()
    galley.add_arguments(parser)
    return galley.run(parser.parse_args([str(text_file), "-o", str(out), "--fonts", fonts, *extra]))


def is_vertical_glyph(c):
    """pdfminer gives glyphs of an Identity-V font a negative (downward) advance."""
    return c["adv"] < 0


def axis_span(c, page_h):
    """(start, end) of a char along the vertical axis, from its text matrix and advance in the PDF."""
    if is_vertical_glyph(c):
        start = page_h - c["matrix"][5]  # the vertical origin: top of the em box
        return start, start - c["adv"]
    if tuple(round(v, 3) for v in c["matrix"][:4]) == (0, -1, 1, 0):  # rotated 90° clockwise
        start = page_h - c["matrix"][5]
        return start, start + c["adv"]
    return c["bottom"] - c["size"], c["bottom"]  # tate-chu-yoko: its em box


def pdf_vertical_lines(pdf_path, page, margin, columns, gutter):
    """Per page, per tier, per line (right to left): chars ordered top to bottom; plus the stream text."""
    w, h = page
    frames = frame_chain(w, h, margin, columns, gutter, 1, "vertical-rl")
    out, stream = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for pg in pdf.pages:
            chars = [c for c in pg.chars if c["text"].strip()]
            stream.extend(c["text"] for c in chars)
            for f in frames:
                tier = [c for c in chars if f.y - gutter / 2 <= axis_span(c, h)[0] < f.y + f.h + gutter / 2]
                lines = {}
                for c in tier:
                    k = round((f.x + f.w - SIZE / 2 - (c["x0"] + c["x1"]) / 2) / LEADING)
                    lines.setdefault(k, []).append(c)
                for k in sorted(lines):
                    row = sorted(lines[k], key=lambda c: (round(axis_span(c, h)[0], 2), c["x0"]))
                    out.append((f, row))
    return out, "".join(stream)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, fonts_config):
    out = tmp_path_factory.mktemp("vgalley") / "seed-vertical.pdf"
    code = run_galley(SEED, out, fonts_config, "--vertical", "--page", "A3", "--columns", "5", "--gutter", "4mm",
                      "--margin", "15mm", "--font-size", "9pt", "--leading", "14pt", "--indent", "2em")
    assert code == 0
    return out


@pytest.fixture(scope="module")
def seed_lines(seed_pdf):
    return pdf_vertical_lines(seed_pdf, parse_page_size("A3"), parse_length("15mm"), 5, parse_length("4mm"))


def source_paragraphs():
    return [p.strip().replace(" ", "").replace("\t", "") for p in SEED.read_text(encoding="utf-8").splitlines()
            if p.strip()]


def test_every_character_once_and_in_order(seed_pdf, seed_lines):
    want = "".join(source_paragraphs())
    lines, stream = seed_lines
    assert "".join(c["text"] for _, row in lines for c in row) == want  # positions: tiers, lines right to left
    assert stream == want  # content stream through ToUnicode
    extracted = "".join(p.extract_text() for p in PdfReader(str(seed_pdf)).pages)
    assert "".join(extracted.split()) == want  # pypdf


def _line_bounds(lines):
    paragraphs = source_paragraphs()
    starts, ends, pos = set(), set(), 0
    for p in paragraphs:
        starts.add(pos)
        pos += len(p)
        ends.add(pos)
    pos, out = 0, []
    for frame, row in lines:
        text = "".join(c["text"] for c in row)
        out.append((frame, row, text, pos in starts, pos + len(text) in ends))
        pos += len(text)
    return out


def test_no_kinsoku_violation_along_the_vertical_axis(seed_lines):
    prev = ""
    lines = _line_bounds(seed_lines[0])
    assert len(lines) > 100
    for _frame, _row, text, para_start, para_end in lines:
        if not para_start:
            assert text[0] not in C.NOT_START["strict"], f"line starts with {text[0]!r}: {text}"
            assert not text.startswith(("——", "……")), text
            assert not (prev.endswith("—") and text.startswith("—")) and not (prev.endswith("…") and text.startswith("…"))
        if not para_end:
            assert text[-1] not in C.NOT_END["strict"], f"line ends with {text[-1]!r}: {text}"
        prev = text


def test_non_final_lines_reach_the_tier_bottom(seed_lines):
    h = parse_page_size("A3")[1]
    justified = 0
    for frame, row, text, _start, para_end in _line_bounds(seed_lines[0]):
        if para_end or all(ch.isascii() for ch in text):
            continue
        last = row[-1]
        end = axis_span(last, h)[1] - (SIZE / 2 if last["text"] in END_BLANK else 0.0)
        assert abs(end - (frame.y + frame.h)) <= 0.05, (text, end, frame.y + frame.h)
        justified += 1
    assert justified > 80


def test_lines_run_right_to_left_and_tiers_top_to_bottom(seed_lines):
    lines = seed_lines[0]
    by_frame = {}
    for frame, row in lines:
        by_frame.setdefault(frame.name, []).append(row)
    names = list(by_frame)
    assert names == sorted(names, key=lambda n: int(n.split("t")[1]))[:len(names)]
    for rows in by_frame.values():
        centres = [sum((c["x0"] + c["x1"]) / 2 for c in row) / len(row) for row in rows]
        assert centres == sorted(centres, reverse=True)


def test_report_line(tmp_path, fonts_config, capsys):
    assert run_galley(SEED, tmp_path / "v.pdf", fonts_config, "--vertical") == 0
    out = capsys.readouterr().out
    assert "0 overfull line(s), 0 missing glyph(s)" in out


# -- a test page with every vertical feature, set by the engine -------------------------------------------
PAGE_TEXT = ("他说：“这是‘测试’（一）。”——真的吗……《人民日报》2018年4月28日报道，APEC会议在"
             "https://www.apec.org/about举行，增长12.5%，达到3000万元！\n"
             "第二段：28日上午，X光和A股？G20峰会、New York Times都报道了。\n")
PAGE_SIZE, PAGE_LEADING = 14.0, 22.0
DPI = 144


@pytest.fixture(scope="module")
def test_page(tmp_path_factory, fonts_config):
    folder = tmp_path_factory.mktemp("vpage")
    src = folder / "page.txt"
    src.write_text(PAGE_TEXT, encoding="utf-8")
    out = folder / "vertical-galley-page.pdf"
    assert run_galley(src, out, fonts_config, "--vertical", "--page", "120x160mm", "--columns", "1",
                      "--font-size", "14pt", "--leading", "22pt", "--margin", "10mm") == 0
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
        page_h = float(pdf.pages[0].height)
    return out, chars, page_h


@pytest.fixture(scope="module")
def page_pixels(test_page):
    import shutil
    import subprocess

    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    out_dir = ROOT / "tests" / "output"
    out_dir.mkdir(exist_ok=True)
    stem = out_dir / "vertical-galley-page"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(test_page[0]), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("L")


def _ink(img, box):
    k = DPI / 72.0
    bb = img.crop(tuple(round(v * k) for v in box)).point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bb, f"no ink in {box}"
    return tuple(box[i % 2] + bb[i] / k for i in range(4))


def _run_of(chars, word, nth=0):
    return chars_of(chars, word, nth)


def test_page_text_in_order(test_page):
    _, chars, _ = test_page
    assert "".join(c["text"] for c in chars) == PAGE_TEXT.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("word", ["APEC", "2018", "https://www.apec.", "12.5%", "3000", "G20", "New", "Times"])
def test_page_latin_and_long_numbers_rotated(test_page, word):
    run = _run_of(test_page[1], word)
    assert all(tuple(round(v, 3) for v in c["matrix"][:4]) == (0, -1, 1, 0) for c in run), word


@pytest.mark.parametrize("nth", [0, 1])
def test_page_tate_chu_yoko_two_digits(test_page, nth):
    _, chars, page_h = test_page
    two, eight, day = _run_of(chars, "28日", nth)
    for c in (two, eight):
        assert c["adv"] > 0 and tuple(round(v, 3) for v in c["matrix"][:4]) == (1, 0, 0, 1)  # upright, horizontal
    assert abs(two["bottom"] - eight["bottom"]) < 0.01 and two["x1"] <= eight["x0"] + 0.01  # side by side
    assert eight["x1"] - two["x0"] <= PAGE_SIZE + 0.05  # never wider than 1 em
    assert (two["x0"] + eight["x1"]) / 2 == pytest.approx(day["matrix"][4], abs=0.05)  # centred on the line
    assert axis_span(day, page_h)[0] == pytest.approx(two["bottom"], abs=0.05)  # one em box, then 日


def test_page_single_letters_upright(test_page):
    for word in ("X光", "A股"):
        c = _run_of(test_page[1], word)[0]
        assert is_vertical_glyph(c) and tuple(round(v, 3) for v in c["matrix"][:4]) == (1, 0, 0, 1)


def test_page_full_stop_upper_right(test_page, page_pixels):
    _, chars, page_h = test_page
    for c in [c for c in chars if c["text"] in "。，"]:
        ox, oy = c["matrix"][4], page_h - c["matrix"][5]
        # the lower half may hold the next mark or glyph when the mark is compressed (。” takes 1.5 em, ，A 1.5 em):
        # look at the upper half, short of its last half point
        _ink(page_pixels, (ox, oy, ox + PAGE_SIZE / 2, oy + PAGE_SIZE / 2))  # ink upper right
        k = DPI / 72.0
        upper_left = page_pixels.crop(tuple(round(v * k) for v in (ox - PAGE_SIZE / 2, oy, ox - 0.5, oy + PAGE_SIZE / 2 - 0.5)))
        assert upper_left.point(lambda v: 255 if v < 128 else 0).getbbox() is None, c["text"]


def test_page_dash_is_one_unbroken_vertical_stroke(test_page, page_pixels):
    """破折号 (GB/T 15834 §4.15): one glyph extracted as ——, 2 em down the column, ink with no gap."""
    _, chars, page_h = test_page
    (dash,) = _run_of(chars, "——")
    assert dash["text"] == "——"
    top, bottom = dash["top"], dash["bottom"]
    assert bottom - top == pytest.approx(2 * PAGE_SIZE, abs=0.01)
    centre = (dash["x0"] + dash["x1"]) / 2
    box = (centre - PAGE_SIZE / 2, top, centre + PAGE_SIZE / 2, bottom)
    y0, y1 = unbroken_ink(page_pixels, box, DPI, vertical=True)
    assert y1 - y0 > 1.6 * PAGE_SIZE  # one bar over the 2 em but the font's side bearings
    assert (y0 - top) == pytest.approx(bottom - y1, abs=1.0)  # centred in its 2 em
    x0, _, x1, _ = _ink(page_pixels, box)
    assert y1 - y0 > 8 * (x1 - x0)  # a vertical bar


def test_page_ellipsis_vertical_two_em(test_page, page_pixels):
    _, chars, page_h = test_page
    a, b = _run_of(chars, "……")
    assert is_vertical_glyph(a) and is_vertical_glyph(b)
    (sa, ea), (sb, eb) = axis_span(a, page_h), axis_span(b, page_h)
    assert sb == pytest.approx(ea, abs=0.01) and eb - sa == pytest.approx(2 * PAGE_SIZE, abs=0.01)
    x0, y0, x1, y1 = _ink(page_pixels, (a["matrix"][4] - PAGE_SIZE / 2, sa, a["matrix"][4] + PAGE_SIZE / 2, eb))
    assert y1 - y0 > 4 * (x1 - x0)


def test_page_quotes_are_corner_brackets(test_page, page_pixels):
    _, chars, page_h = test_page
    (open_q,) = [c for c in chars if c["text"] == "“"]
    ox, oy = open_q["matrix"][4], page_h - open_q["matrix"][5]
    x0, y0, x1, y1 = _ink(page_pixels, (ox - PAGE_SIZE / 2, oy, ox + PAGE_SIZE / 2, oy + PAGE_SIZE))
    assert x1 - x0 > y1 - y0 and y0 > oy + PAGE_SIZE / 2 - 1  # 『 lying across the column, in its lower half
