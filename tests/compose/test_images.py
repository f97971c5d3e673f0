"""Images for print: modes, crop, effective ppi (layout/compose/images.py)."""
import pytest
from PIL import Image as PILImage

from layout.compose.images import OUTPUT_ICC, crop_to_aspect, effective_ppi, image_item, limit_ink, max_ink, to_print_mode
from layout.display import PdfGraphic
from layout.model.types import Box


def test_crop_to_aspect_is_centred():
    assert crop_to_aspect((1600, 1000), 1.0) == (300, 0, 1300, 1000)
    assert crop_to_aspect((1000, 1600), 1.0) == (0, 300, 1000, 1300)


def test_effective_ppi_at_placed_size():
    assert effective_ppi((1000, 500), Box(0, 0, 360, 180)) == 200.0
    assert effective_ppi((1000, 400), Box(0, 0, 360, 180)) == 160.0


def test_ink_limit_keeps_black_and_scales_the_colours_together():
    img = PILImage.new("CMYK", (2, 1))
    img.putdata([(255, 255, 255, 255), (200, 100, 50, 100)])  # 400 % and 176 %
    out = limit_ink(img, 240)
    over, under = out.getpixel((0, 0)), out.getpixel((1, 0))
    assert over[3] == 255 and sum(over) <= 612  # 240 % of 255
    assert over[0] == over[1] == over[2]  # equal colours stay equal: the hue is kept
    assert under == (200, 100, 50, 100)  # within the limit: untouched


def test_rgb_goes_through_the_newsprint_profile(tmp_path):
    path = tmp_path / "red.png"
    PILImage.new("RGBA", (400, 200), (255, 0, 0, 255)).save(path)
    item, ppi = image_item(str(path), Box(10, 10, 72, 72), "fill")
    assert item.mode == "CMYK" and item.pixel_size == (200, 200)
    assert len(item.data) == 200 * 200 * 4
    assert ppi == 200.0
    c, m, y, k = item.data[:4]
    assert m > 200 and y > 200 and c < 60  # a press red: magenta and yellow, little cyan
    assert c + m + y + k <= 612
    assert OUTPUT_ICC.is_file()


def test_rgb_with_an_embedded_profile_uses_it():
    from PIL import ImageCms

    plain = PILImage.new("RGB", (4, 4), (40, 120, 200))
    tagged = plain.copy()
    tagged.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()  # not RGB: ignored
    assert to_print_mode(plain).tobytes() == to_print_mode(tagged).tobytes()
    srgb = plain.copy()
    srgb.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert to_print_mode(srgb).tobytes() == to_print_mode(plain).tobytes()  # the embedded sRGB = the default


@pytest.mark.parametrize("ink", [300, 400])
def test_a_heavy_cmyk_photo_is_brought_under_the_ink_limit(tmp_path, ink):
    path = tmp_path / "heavy.tif"
    value = round(ink / 4 * 255 / 100)
    PILImage.new("CMYK", (100, 100), (value, value, value, value)).save(path)
    item, _ = image_item(str(path), Box(0, 0, 36, 36), "fill")
    out = PILImage.frombytes("CMYK", item.pixel_size, item.data)
    assert max_ink(out) <= 240.0
    assert out.getpixel((0, 0))[3] > 150  # re-separated dark: the black plate carries it


def test_an_untagged_cmyk_photo_within_the_limit_is_kept_as_separated(tmp_path):
    path = tmp_path / "light.tif"
    PILImage.new("CMYK", (50, 50), (100, 60, 20, 30)).save(path)
    item, _ = image_item(str(path), Box(0, 0, 36, 36), "fill")
    assert item.data[:4] == bytes([100, 60, 20, 30])


def test_a_tagged_cmyk_photo_is_converted_from_its_profile(tmp_path):
    path = tmp_path / "tagged.tif"
    PILImage.new("CMYK", (50, 50), (100, 60, 20, 30)).save(path, icc_profile=OUTPUT_ICC.read_bytes())
    item, _ = image_item(str(path), Box(0, 0, 36, 36), "fill")
    assert item.mode == "CMYK" and sum(item.data[:4]) <= 612


def _ad_pdf(fontset, path, pages=1):
    from layout.display import Color, GlyphRun, Page, Rect
    from layout.pdf import PdfMeta, write_pdf

    face = fontset.face("song")
    out = []
    for n in range(pages):
        page = Page(200, 100)
        page.add(Rect(0, 0, 200, 100, fill=Color("M20", 0, 0.2, 0, 0)))
        text = f"广告{n + 1}"
        page.add(GlyphRun("song", 20, tuple(face.gid(c) for c in text), tuple((20 + 20 * i, 60) for i in range(len(text))),
                          tuple(text)))
        out.append(page)
    write_pdf(out, fontset, str(path), PdfMeta(title="ad"))
    return path


def test_a_pdf_is_placed_whole_as_a_vector_page(fontset, tmp_path):
    ad = _ad_pdf(fontset, tmp_path / "ad.pdf", pages=2)
    item, ppi = image_item(str(ad), Box(0, 0, 100, 100), "fill", page=2)
    assert isinstance(item, PdfGraphic) and item.page == 2 and ppi == float("inf")
    assert (item.w, item.h) == (100, 50) and item.y == 25  # 2:1, fitted and centred, not cropped
    with pytest.raises(ValueError, match="has no page 3"):
        image_item(str(ad), Box(0, 0, 100, 100), "fill", page=3)


def test_a_pdf_ad_in_an_image_region_reaches_the_page(fontset, tmp_path):
    from layout.model.imagefile import image_file_problem
    from layout.model.types import ImageRef

    ad = _ad_pdf(fontset, tmp_path / "ad.pdf")
    assert image_file_problem(ad) == ""
    items, report = _place(ImageRef(str(ad), page=1))
    assert [type(i).__name__ for i in items] == ["PdfGraphic"] and not report.missing_images
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really")
    assert image_file_problem(broken).startswith("cannot be read as a PDF")


def test_gray_jpeg_stays_gray_and_fit_letterboxes(tmp_path):
    path = tmp_path / "g.jpg"
    PILImage.new("L", (300, 100), 128).save(path)
    item, ppi = image_item(str(path), Box(0, 0, 72, 72), "fit")
    assert item.mode == "L"
    assert (item.w, item.h) == (72, 24) and item.y == 24
    assert ppi == 300.0


def _place(ref):
    from layout.compose.regions import place_image
    from layout.report import Report

    report = Report()
    items = place_image(ref, Box(0, 0, 72, 72), "fill", 200, report, "photo")
    return items, report


def test_an_image_the_model_found_unreadable_becomes_a_placeholder_with_the_reason(tmp_path):
    from layout.display import Image as DisplayImage
    from layout.model.types import ImageRef, Mark

    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    ref = ImageRef(str(path), exists=True, mark=Mark("a.txt", 5, 1), problem="cannot be read as an image (damaged)")
    items, report = _place(ref)
    assert len(items) > 1 and not any(isinstance(i, DisplayImage) for i in items)
    assert report.missing_images == [f"{path} (photo, a.txt:5:1): cannot be read as an image (damaged)"]
    assert report.errors == [] and not report.failed(strict=False) and report.failed(strict=True)


def test_damage_found_only_when_decoding_is_reported_the_same_way(tmp_path):
    from layout.model.imagefile import image_file_problem
    from layout.model.types import ImageRef

    path = tmp_path / "cut.jpg"
    PILImage.effect_noise((200, 200), 50).convert("RGB").save(path, quality=90)
    path.write_bytes(path.read_bytes()[:3000])
    assert image_file_problem(path) == ""  # the header is fine: only decoding finds it
    items, report = _place(ImageRef(str(path)))
    assert len(items) > 1 and report.errors == []
    assert len(report.missing_images) == 1
    assert report.missing_images[0].startswith(f"{path} (photo): cannot be read as an image (image file is truncated")


def test_a_missing_image_keeps_its_short_report_line(tmp_path):
    from layout.model.types import ImageRef, Mark

    items, report = _place(ImageRef(str(tmp_path / "none.png"), exists=False, mark=Mark("i.yaml", 3, 7)))
    assert len(items) > 1 and report.missing_images == [f"{tmp_path / 'none.png'} (photo, i.yaml:3:7)"]


def test_a_damaged_embedded_profile_is_reported_not_guessed(tmp_path):
    img = PILImage.new("RGB", (4, 4), (40, 120, 200))
    bad = bytearray(OUTPUT_ICC.read_bytes()[:128])  # a header only: the tables are missing
    bad[16:20] = b"RGB "
    img.info["icc_profile"] = bytes(bad)
    with pytest.raises(ValueError, match="embedded ICC profile cannot be used"):
        to_print_mode(img)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_photo_far_sharper_than_print_needs_is_resampled_to_300_ppi(tmp_path, fmt):
    # 4000 x 3000 px in a 2 x 1.5 inch frame is 2000 ppi: converted, ink-limited and embedded at 300 ppi
    # (a twentieth of the pixels); a photo under 450 ppi keeps every pixel
    path = tmp_path / f"big.{fmt.lower()}"
    PILImage.effect_noise((4000, 3000), 60).convert("RGB").save(path, fmt)
    item, ppi = image_item(str(path), Box(0, 0, 144, 108), "fill")
    assert item.pixel_size == (600, 450) and abs(ppi - 300) < 1 and len(item.data) == 600 * 450 * 4
    PILImage.effect_noise((800, 600), 60).convert("RGB").save(tmp_path / "ok.png")
    item, ppi = image_item(str(tmp_path / "ok.png"), Box(0, 0, 144, 108), "fill")  # 400 ppi: kept
    assert item.pixel_size == (800, 600) and abs(ppi - 400) < 1


def test_one_bit_line_art_is_never_resampled(tmp_path):
    # a 1-bit scan or bar code keeps its sharp edges (prepress keeps monochrome art at 1200 ppi)
    path = tmp_path / "line.png"
    PILImage.effect_noise((2400, 1800), 80).convert("1").save(path)
    item, ppi = image_item(str(path), Box(0, 0, 144, 108), "fill")
    assert item.pixel_size == (2400, 1800) and abs(ppi - 1200) < 1
