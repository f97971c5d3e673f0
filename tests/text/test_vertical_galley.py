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

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "seed-body.txt"
SIZE, LEADING = 9.0, 14.0
# Marks whose lower half is blank in vertical text (vhal of the test fonts): at a line's end the
# ink box stops ½ em early. ：；？！ keep a full em in vertical text (clreq §3.1.6), so they are not here.
END_BLANK = set("，。、”’」』）》〉】〗〕］｝")


@pytest.fixture(scope="module")
def fonts_config(tmp_path_factory):
    from tests.conftest import SANS, SERIF

    path = tmp_path_factory.mktemp("fonts") / "fonts.yaml"
    path.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{SERIF}'}}\n"
                    f"  hei:\n    regular:\n      - {{path: '{SANS}'}}\nfallback: [song, hei]\n", encoding="utf-8")
    return str(path)


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
