"""layout.model.imagefile: which image files are usable, and why not."""
from PIL import Image as PILImage

from layout.model.imagefile import NOT_FOUND, image_file_problem


def test_good_png_and_jpeg_have_no_problem(tmp_path):
    PILImage.new("RGB", (20, 10), (200, 30, 30)).save(tmp_path / "a.png")
    PILImage.new("L", (20, 10), 90).save(tmp_path / "a.jpg")
    assert image_file_problem(tmp_path / "a.png") == "" and image_file_problem(tmp_path / "a.jpg") == ""


def test_missing_file_and_folder_are_not_found(tmp_path):
    assert image_file_problem(tmp_path / "none.png") == NOT_FOUND
    assert image_file_problem(tmp_path) == NOT_FOUND


def test_damaged_and_truncated_files_say_why(tmp_path):
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    assert image_file_problem(tmp_path / "bad.png") == ("cannot be read as an image "
                                                        "(not a known image format, or the file is damaged)")
    PILImage.new("RGB", (50, 50), (1, 2, 3)).save(tmp_path / "t.png")
    data = (tmp_path / "t.png").read_bytes()
    (tmp_path / "t.png").write_bytes(data[:-20])
    problem = image_file_problem(tmp_path / "t.png")
    assert problem.startswith("cannot be read as an image (") and str(tmp_path) not in problem
