"""Ink problems named by image, page and position; a 300 % CMYK photo placed through compose passes (issue 16)."""
import re
import shutil

import pytest
from PIL import Image as PILImage

from layout.compose.images import image_item
from layout.display import Image, Page
from layout.model.types import Box
from layout.pdf import PdfMeta, write_pdf
from layout.preflight import Limits, preflight

pytestmark = pytest.mark.skipif(not shutil.which("gs"), reason="the ink check renders with Ghostscript")
HEAVY = (191, 191, 191, 191)  # 300 % total ink


def heavy_photo(tmp_path):
    path = tmp_path / "heavy.tif"
    PILImage.new("CMYK", (400, 300), HEAVY).save(path)
    return path


def test_an_overinked_image_is_named_with_its_page_position_and_a_fix(fontset, tmp_path):
    page = Page(300, 300, bleed=8.5)
    data = bytes(HEAVY) * (40 * 30)
    page.add(Image(50, 100, 100, 75, mode="CMYK", pixel_size=(40, 30), data=data))  # raw pixels, not managed
    out = tmp_path / "raw.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="raw"))
    ink = preflight(str(out), Limits(dpi=36)).get("total-ink")
    assert ink.passed is False
    assert "max 300 % on page 1" in ink.details
    found = re.search(r"at (\d+)-(\d+) mm across, (\d+)-(\d+) mm down from the trim's top-left", ink.details)
    expected = (17.6, 52.9, 35.3, 61.7)  # 50-150 pt across, 100-175 pt down, within one 36 dpi pixel (0.7 mm)
    assert found and all(abs(int(v) - e) <= 1.5 for v, e in zip(found.groups(), expected)), ink.details
    assert "in image" in ink.details and "(40x30 px)" in ink.details
    assert "newsprint output profile" in ink.details


def test_a_300_percent_cmyk_photo_placed_through_compose_passes(fontset, tmp_path):
    item, _ = image_item(str(heavy_photo(tmp_path)), Box(50, 100, 100, 75), "fill")
    page = Page(300, 300, bleed=8.5)
    page.add(item)
    out = tmp_path / "managed.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="managed"))
    result = preflight(str(out), Limits(dpi=36))
    assert result.get("total-ink").passed, result.get("total-ink").details
    assert result.ok, result.format()


def test_an_rgb_photo_placed_through_compose_passes(fontset, tmp_path):
    path = tmp_path / "rgb.png"
    PILImage.effect_noise((300, 200), 80).convert("RGB").save(path)
    item, _ = image_item(str(path), Box(20, 20, 150, 100), "fill")
    page = Page(300, 300, bleed=8.5)
    page.add(item)
    out = tmp_path / "rgb.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="rgb"))
    result = preflight(str(out), Limits(dpi=36))
    assert item.mode == "CMYK" and result.ok, result.format()


def test_low_resolution_names_page_position_and_says_what_to_do(fontset, tmp_path):
    page = Page(300, 300)
    page.add(Image(10, 10, 200, 100, mode="L", pixel_size=(40, 20), data=bytes(800)))
    out = tmp_path / "low.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="low"))
    check = preflight(str(out), Limits(dpi=36)).get("image-resolution")
    assert check.passed is False
    assert "page 1" in check.details and "mm" in check.details and "40x20 px" in check.details
    assert "use a larger original or place it smaller" in check.details


def test_ink_over_the_limit_in_artwork_is_not_blamed_on_an_image_elsewhere(fontset, tmp_path):
    # the over-limit pixels of a 400 % box far from the photo used to be reported "in image ..." because the
    # box around all over-limit pixels touched it; now each placement is named only for pixels inside it
    from layout.display import Color, Rect

    page = Page(300, 300, bleed=8.5)
    page.add(Image(50, 100, 100, 75, mode="CMYK", pixel_size=(40, 30), data=bytes(HEAVY) * (40 * 30)))
    page.add(Rect(200, 220, 60, 40, fill=Color("rich", 1.0, 1.0, 1.0, 1.0)))
    out = tmp_path / "two.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="two"))
    ink = preflight(str(out), Limits(dpi=36)).get("total-ink")
    assert ink.passed is False and "max 400 % on page 1" in ink.details
    image_part, art_part = ink.details.split("; ")[1:3]
    assert "in image" in image_part and "(40x30 px)" in image_part
    assert art_part.endswith("in artwork or text (no image there)") and "image" not in art_part.split(", in ")[0]
    found = re.search(r"at (\d+)-(\d+) mm across, (\d+)-(\d+) mm down", art_part)
    expected = (70.6, 91.7, 77.6, 91.7)  # 200-260 pt across, 220-260 pt down
    assert found and all(abs(int(v) - e) <= 1.5 for v, e in zip(found.groups(), expected)), art_part


def test_a_file_without_bleedbox_is_inked_within_its_trim_not_its_crop_marks(fontset, tmp_path):
    # Ghostscript's -dUseBleedBox falls back to the MediaBox, where the registration marks are 400 %
    import pikepdf

    from layout.compose.marks import page_marks
    from layout.model.sheet import marks_margin_pt

    page = Page(300, 300, bleed=8.5)
    for item in page_marks(page):  # crop marks and registration targets in Separation /All, outside the bleed
        page.add(item)
    out = tmp_path / "marks.pdf"
    write_pdf([page], fontset, str(out), PdfMeta(title="marks", marks_margin=marks_margin_pt()))
    assert preflight(str(out), Limits(dpi=36)).get("total-ink").passed  # with its BleedBox
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        del pdf.pages[0].obj["/BleedBox"]
        pdf.save(out)
    ink = preflight(str(out), Limits(dpi=36)).get("total-ink")
    assert ink.passed, ink.details
