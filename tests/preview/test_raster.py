"""PNG output: the hand-made encoder round-trips through Pillow's decoder, pixel for pixel."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from layout.preview.raster import png_bytes, save_png


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA"])
def test_png_decodes_to_the_same_pixels(mode):
    image = Image.new(mode, (37, 23), 0)
    draw = ImageDraw.Draw(image)
    draw.line((0, 0, 36, 22), fill=(200, 30, 10, 128)[: len(mode)] if mode != "L" else 200, width=3)
    draw.rectangle((5, 5, 12, 18), fill=(1, 2, 3, 255)[: len(mode)] if mode != "L" else 77)
    back = Image.open(io.BytesIO(png_bytes(image)))
    assert back.mode == mode and back.size == image.size
    assert back.tobytes() == image.tobytes()


def test_save_png_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "p.png"
    path.write_bytes(b"old")
    save_png(Image.new("RGB", (4, 4), (255, 0, 0)), str(path))
    with Image.open(path) as im:
        assert im.getpixel((1, 1)) == (255, 0, 0)
    assert [p.name for p in tmp_path.iterdir()] == ["p.png"]
