"""A small file that decodes to a huge image becomes a placeholder and a report line, never a decode."""
from PIL import Image as PILImage

from layout.compose.regions import place_image
from layout.model.types import Box, ImageRef
from layout.report import Report


def test_image_over_the_pixel_budget_is_a_placeholder_and_reported(tmp_path):
    PILImage.new("1", (9000, 6000)).save(tmp_path / "bomb.png")
    report = Report()
    items = place_image(ImageRef(str(tmp_path / "bomb.png")), Box(0, 0, 200, 100), "fill", 200, report, "region photo")
    assert items and all(type(i).__name__ in ("Rect", "Rule") for i in items)
    assert len(report.missing_images) == 1 and "over the limit of 40 million" in report.missing_images[0]
    assert "region photo" in report.missing_images[0]


def test_fifo_image_is_a_placeholder_not_a_block(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.png")
    report = Report()
    place_image(ImageRef(str(tmp_path / "pipe.png")), Box(0, 0, 200, 100), "fill", 200, report, "region photo")
    assert len(report.missing_images) == 1
