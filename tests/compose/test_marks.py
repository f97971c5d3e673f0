"""Printer's marks: geometry outside the bleed, registration colour, slug text, reproducible stamp."""
import shutil
import subprocess

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.compose.marks import MARK_LENGTH, MARK_WIDTH, MM, marks_margin_pt, page_digest, page_marks, render_stamp, slug_line
from layout.display import BLACK, REGISTRATION, Color, GlyphRun, Page, Rect, Rule


def extent(item, face=None):
    """(x0, y0, x1, y1) of an item including half the stroke or the glyphs' ascent/descent."""
    if isinstance(item, Rule):
        h = item.width / 2
        return (min(item.x1, item.x2) - h, min(item.y1, item.y2) - h, max(item.x1, item.x2) + h, max(item.y1, item.y2) + h)
    xs = [p[0] for p in item.positions]
    ys = [p[1] for p in item.positions]
    right = xs[-1] + face.advance(item.glyphs[-1]) * item.size
    return (xs[0], min(ys) - face.ascent / face.upem * item.size, right, max(ys) - face.descent / face.upem * item.size)


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@settings(max_examples=80, deadline=None)
@given(w=st.floats(200, 1200), h=st.floats(200, 1600), bleed=st.floats(0, 20))
def test_every_mark_is_outside_the_bleed_and_inside_the_media_box(fontset, w, h, bleed):
    face = fontset.face("hei")
    page = Page(w, h, bleed=bleed)
    bleed_box = (-bleed, -bleed, w + bleed, h + bleed)
    m = bleed + marks_margin_pt()
    media = (-m, -m, w + m, h + m)
    items = page_marks(page, "石景山报  2018-04-28  第1版  render 0123456789", face)
    assert any(isinstance(i, GlyphRun) for i in items)
    for item in items:
        box = extent(item, face)
        assert not overlaps(box, bleed_box), (item, box, bleed_box)
        assert media[0] <= box[0] and media[1] <= box[1] and box[2] <= media[2] and box[3] <= media[3], (item, box)


def test_crop_marks_are_6mm_quarter_point_registration_on_the_trim_lines():
    page = Page(300, 400, bleed=3 * MM)
    crops = [i for i in page_marks(page) if isinstance(i, Rule) and (i.x1 in (0, 300) or i.y1 in (0, 400))]
    crops = [r for r in crops if (r.x1 == r.x2 and r.x1 in (0, 300)) or (r.y1 == r.y2 and r.y1 in (0, 400))]
    assert len(crops) == 8
    for r in crops:
        assert r.stroke == REGISTRATION and r.stroke.name == "All" and r.width == MARK_WIDTH
        assert abs(r.x2 - r.x1) + abs(r.y2 - r.y1) == pytest.approx(MARK_LENGTH)
        assert min(abs(r.x1 - 150), abs(r.y1 - 200)) > 100  # on the corner lines, not the centre targets


def test_registration_targets_sit_on_the_middle_of_each_side():
    page = Page(300, 400, bleed=8)
    rules = page_marks(page)
    vertical_arms = sorted((r.y1 + r.y2) / 2 for r in rules if r.x1 == r.x2 == 150)
    horizontal_arms = sorted((r.x1 + r.x2) / 2 for r in rules if r.y1 == r.y2 == 200)
    assert len(vertical_arms) == 2 and vertical_arms[0] < -8 and vertical_arms[1] > 408  # top and bottom targets
    assert len(horizontal_arms) == 2 and horizontal_arms[0] < -8 and horizontal_arms[1] > 308  # left and right
    assert all(r.stroke == REGISTRATION for r in rules)


def test_slug_text_drops_missing_characters_and_reads_back_in_order(fontset):
    face = fontset.face("hei")
    text = "石景山报 2018-04-28 第36期" + "\U0001F600"
    run = next(i for i in page_marks(Page(300, 300, 8), text, face) if isinstance(i, GlyphRun))
    assert "".join(run.texts) == text[:-1]
    assert run.fill == REGISTRATION and run.face == face.key
    xs = [p[0] for p in run.positions]
    assert xs == sorted(xs) and xs[0] == 0


def test_no_slug_without_a_face_or_text(fontset):
    assert not any(isinstance(i, GlyphRun) for i in page_marks(Page(300, 300, 8), "slug"))
    assert not any(isinstance(i, GlyphRun) for i in page_marks(Page(300, 300, 8), "", fontset.face("hei")))


def test_slug_line_and_reproducible_stamp():
    digest = "ab" * 32
    assert render_stamp(digest, env={}) == "abababab" + "ab"
    assert render_stamp(digest, env={"SOURCE_DATE_EPOCH": "1524873600"}) == "2018-04-28T00:00Z ababababab"
    assert render_stamp(digest, env={"SOURCE_DATE_EPOCH": "junk"}) == "ababababab"
    assert slug_line("石景山报", "2018-04-28", "1", "x") == "石景山报  2018-04-28  第1版  render x"


def test_page_digest_follows_content_not_identity():
    a, b = Page(300, 300, 8), Page(300, 300, 8)
    for p in (a, b):
        p.add(Rule(0, 0, 10, 10))
    assert page_digest(a) == page_digest(b)
    b.add(Rect(0, 0, 1, 1, fill=BLACK))
    assert page_digest(a) != page_digest(b)


@pytest.fixture(scope="module")
def marked_pdf(fontset, tmp_path_factory):
    from layout.pdf import PdfMeta, write_pdf

    face = fontset.face("hei")
    page = Page(200, 150, bleed=3 * MM)
    page.add(Rect(-3 * MM, -3 * MM, 100, 60, fill=Color("Cyan 40", 0.4, 0, 0, 0)))
    page.add(Rule(10, 100, 190, 100, width=0.5))
    slug = slug_line("石景山报", "2018-04-28", "1", render_stamp(page_digest(page), env={}))
    page.items += page_marks(page, slug, face)
    path = tmp_path_factory.mktemp("marks") / "marked.pdf"
    write_pdf([page], fontset, str(path), PdfMeta(title="marks", marks_margin=marks_margin_pt()))
    return str(path), slug


def test_writer_output_with_marks_has_room_and_passes_preflight(marked_pdf):
    from layout.preflight import Limits, preflight

    path, _ = marked_pdf
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        media, bleed = [float(v) for v in page.MediaBox], [float(v) for v in page.BleedBox]
    assert bleed[0] - media[0] == pytest.approx(marks_margin_pt(), abs=0.01)
    result = preflight(path, Limits(dpi=36))
    assert result.ok, result.format()
    assert any("Separation /All" in label for label in result.get("colour-spaces").data["painted"])
    if shutil.which("gs"):  # the 400 % marks lie outside the BleedBox: the worst ink is the 100 K rule
        assert result.get("total-ink").data["max"] == pytest.approx(100, abs=1.5)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_slug_is_extractable_text(marked_pdf):
    path, slug = marked_pdf
    text = subprocess.run(["pdftotext", "-q", path, "-"], capture_output=True, text=True, check=True).stdout
    assert slug.split("  ")[0] in text and "render" in text


@pytest.mark.skipif(not shutil.which("gs"), reason="ghostscript not installed")
def test_marks_print_on_every_plate_outside_the_bleed(marked_pdf, tmp_path):
    """Rendered on the MediaBox the marks are 400 % (all four plates); inside the BleedBox they are absent."""
    import numpy as np
    from PIL import Image

    path, _ = marked_pdf
    out = tmp_path / "media.tif"
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", "-r72",
                    f"-sOutputFile={out}", path], check=True)
    px = np.asarray(Image.open(out)).astype(int)
    full = (px == 255).all(axis=2)
    assert full.sum() > 50  # crop marks, targets and slug on all four plates
    m = round(marks_margin_pt())
    inner = full[m + 1:-m - 1, m + 1:-m - 1]  # the BleedBox in pixels at 72 dpi
    assert not inner.any()
