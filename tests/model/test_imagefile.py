"""layout.model.imagefile: which image files are usable, and why not."""
from PIL import Image as PILImage

from layout.model.imagefile import NOT_FOUND, image_file_problem


def test_good_png_and_jpeg_have_no_problem(tmp_path):
    PILImage.new("RGB", (20, 10), (200, 30, 30)).save(tmp_path / "a.png")
    PILImage.new("L", (20, 10), 90).save(tmp_path / "a.jpg")
    assert image_file_problem(tmp_path / "a.png") == "" and image_file_problem(tmp_path / "a.jpg") == ""


def test_missing_file_is_not_found_and_a_folder_is_a_folder(tmp_path):
    assert image_file_problem(tmp_path / "none.png") == NOT_FOUND
    assert image_file_problem(tmp_path) == "cannot be used: it is a folder, not an image file"


def test_damaged_and_truncated_files_say_why(tmp_path):
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    assert image_file_problem(tmp_path / "bad.png") == ("cannot be read as an image "
                                                        "(not a known image format, or the file is damaged)")
    PILImage.new("RGB", (50, 50), (1, 2, 3)).save(tmp_path / "t.png")
    data = (tmp_path / "t.png").read_bytes()
    (tmp_path / "t.png").write_bytes(data[:-20])
    problem = image_file_problem(tmp_path / "t.png")
    assert problem.startswith("cannot be read as an image (") and str(tmp_path) not in problem


def test_fifo_is_refused_without_blocking(tmp_path):
    import os

    os.mkfifo(tmp_path / "p.png")
    assert image_file_problem(tmp_path / "p.png") == "cannot be used: it is a FIFO (named pipe), not an image file"


def test_pixel_budget_is_checked_from_the_header_before_decoding(tmp_path, monkeypatch):
    import pytest

    from layout.model import imagefile

    PILImage.new("1", (9000, 6000)).save(tmp_path / "big.png")  # a few KB on disk, 54 million pixels
    assert (tmp_path / "big.png").stat().st_size < 20000
    problem = image_file_problem(tmp_path / "big.png")
    assert "9,000 × 6,000 pixels" in problem and "over the limit of 40 million" in problem

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(PILImage.Image, "load", no_decoding)
    with pytest.raises(imagefile.ImageRefused, match="over the limit"):
        imagefile.open_image(tmp_path / "big.png")
    assert imagefile.pixel_budget_problem((100, 100)) == ""
