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


def _pdf_with_nested_forms(path, depth: int, draws_each: int):
    """A one-page PDF whose page draws a form that draws the next ``draws_each`` times, ``depth`` forms deep."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    inner = pikepdf.Stream(pdf, b"0 0 1 1 re f")
    inner.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form, "/BBox": [0, 0, 100, 100]})
    for _ in range(depth):
        outer = pikepdf.Stream(pdf, b" ".join([b"/X Do"] * draws_each))
        outer.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form, "/BBox": [0, 0, 100, 100],
                      "/Resources": pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner))})
        inner = outer
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner))
    page.obj.Contents = pikepdf.Stream(pdf, b"/X Do")
    pdf.save(path)
    return path


def test_a_placed_pdf_whose_forms_unfold_to_millions_of_draws_is_refused_quickly(tmp_path):
    # 30 forms deep, each drawing the next twice: 2^30 draws, minutes in Ghostscript's ink check
    import time

    start = time.perf_counter()
    deep = image_file_problem(_pdf_with_nested_forms(tmp_path / "deep.pdf", 30, 2))
    wide = image_file_problem(_pdf_with_nested_forms(tmp_path / "wide.pdf", 10, 4))  # 4^10 draws, 10 deep
    assert time.perf_counter() - start < 5
    assert deep.startswith("cannot be used: its page nests content more than 12 deep")
    assert wide.startswith("cannot be used: its page draws more than 20,000 forms, patterns")
    assert image_file_problem(_pdf_with_nested_forms(tmp_path / "ad.pdf", 3, 3)) == ""  # an ad's few forms


def test_an_encrypted_placed_pdf_is_a_problem_not_a_traceback(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "enc.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert image_file_problem(tmp_path / "enc.pdf") == ("cannot be used: it is encrypted (needs a password); "
                                                        "ask for an unprotected PDF")
