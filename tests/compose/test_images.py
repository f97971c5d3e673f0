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
