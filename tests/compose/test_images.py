"""Images for print: modes, crop, effective ppi (layout/compose/images.py)."""
from PIL import Image as PILImage

from layout.compose.images import crop_to_aspect, effective_ppi, image_item, rgb_to_cmyk_gcr
from layout.model.types import Box


def test_crop_to_aspect_is_centred():
    assert crop_to_aspect((1600, 1000), 1.0) == (300, 0, 1300, 1000)
    assert crop_to_aspect((1000, 1600), 1.0) == (0, 300, 1000, 1300)


def test_effective_ppi_at_placed_size():
    assert effective_ppi((1000, 500), Box(0, 0, 360, 180)) == 200.0
    assert effective_ppi((1000, 400), Box(0, 0, 360, 180)) == 160.0


def test_rgb_becomes_cmyk_with_full_gcr_and_limited_ink():
    img = PILImage.new("RGB", (3, 1))
    img.putdata([(0, 0, 128), (255, 0, 0), (20, 20, 20)])
    out = rgb_to_cmyk_gcr(img)
    cmyk = [out.getpixel((x, 0)) for x in range(3)]
    for px in cmyk:
        assert sum(px) <= 2 * 255
    assert cmyk[2][:3] == (0, 0, 0) and cmyk[2][3] == 235


def test_rgb_png_is_cropped_and_converted(tmp_path):
    path = tmp_path / "red.png"
    PILImage.new("RGBA", (400, 200), (255, 0, 0, 255)).save(path)
    item, ppi = image_item(str(path), Box(10, 10, 72, 72), "fill")
    assert item.mode == "CMYK" and item.pixel_size == (200, 200)
    assert len(item.data) == 200 * 200 * 4
    assert ppi == 200.0
    assert item.data[:4] == bytes([0, 255, 255, 0])


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
