"""An imported article's picture: written next to it from the PDF, or listed to review, never a missing file.

PDF pages are made with reportlab (an RGB picture stored losslessly, Flate),
read back by the importer's own PDF reader (pdfplumber); the written PNG is
compared pixel for pixel with the picture placed on the page.
"""
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from layout.model.article import parse_article
from layout.model.errors import Diagnostics
from layout.reprint.model import Article, Imported, PageInfo, Piece, Review, Where
from layout.reprint.pdfsource import read_pdf_source
from layout.reprint.photos import RENDER_DPI, write_photos
from layout.reprint.writer import article_text, write_import, write_log

PAGE = (595.0, 842.0)


def _picture() -> Image.Image:
    """A deterministic RGB picture: a gradient with a square, so a shifted or recoloured copy differs."""
    image = Image.new("RGB", (120, 80))
    image.putdata([(x * 2, y * 3, (x + y) % 256) for y in range(80) for x in range(120)])
    image.paste((250, 20, 20), (30, 20, 60, 50))
    return image


def _page_with_picture(path: Path, size=(240.0, 160.0), source=None) -> tuple:
    """A page with body text and the picture at (100, 100) pt from the top-left; returns its rect."""
    pdf = canvas.Canvas(str(path), pagesize=PAGE, invariant=1)
    pdf.setFont("Helvetica", 9)
    for i in range(20):
        pdf.drawString(72, PAGE[1] - 400 - 12 * i, "text line %d of the body" % i)
    pdf.drawImage(source or ImageReader(_picture()), 100, PAGE[1] - 100 - size[1], width=size[0], height=size[1])
    pdf.showPage()
    pdf.save()
    return (100.0, 100.0, 100.0 + size[0], 100.0 + size[1])


def _imported(path: Path) -> Imported:
    result = Imported(str(path))
    for info, _pieces in read_pdf_source(path, 0, result):
        result.pages.append(info)
    return result


def _captioned(result: Imported, rect) -> Article:
    article = Article(id="article-01", headline=["标题"], caption="老人们在食堂就餐", credit="孙浩摄", pages=[1],
                      paragraphs=[Piece("正文。", [])], photo=(1, rect) if rect else None)
    result.articles.append(article)
    return article


def test_embedded_picture_written_as_png_pixel_for_pixel(tmp_path):
    rect = _page_with_picture(tmp_path / "page.pdf")
    result = _imported(tmp_path / "page.pdf")
    assert result.pages[0].images == [rect]
    article = _captioned(result, rect)
    write_photos(result, tmp_path)
    assert article.image == "article-01-photo.png" and not result.review
    written = Image.open(tmp_path / article.image)
    assert written.size == (120, 80)
    assert written.convert("RGB").tobytes() == _picture().tobytes()


def test_jpeg_picture_written_as_png_of_the_same_size(tmp_path):
    jpeg = tmp_path / "photo.jpg"
    _picture().save(jpeg, format="JPEG", quality=95)
    rect = _page_with_picture(tmp_path / "page.pdf", source=str(jpeg))
    result = _imported(tmp_path / "page.pdf")
    assert result.pages[0].streams[rect]["filters"][-1] == "DCTDecode"  # reportlab embeds the JPEG as it is
    article = _captioned(result, rect)
    write_photos(result, tmp_path)
    written = Image.open(tmp_path / article.image)
    assert written.format == "PNG" and written.size == (120, 80)
    assert written.convert("RGB").tobytes() == Image.open(jpeg).convert("RGB").tobytes()


def test_stretched_picture_is_rendered_at_300_dpi(tmp_path):
    rect = _page_with_picture(tmp_path / "page.pdf", size=(240.0, 60.0))  # 3:2 picture shown at 4:1
    result = _imported(tmp_path / "page.pdf")
    article = _captioned(result, rect)
    write_photos(result, tmp_path)
    written = Image.open(tmp_path / article.image)
    assert abs(written.size[0] - 240 * RENDER_DPI / 72) <= 2 and abs(written.size[1] - 60 * RENDER_DPI / 72) <= 2
    left = written.convert("RGB").getpixel((5, written.size[1] // 2))
    assert left[0] < 40 and left[2] > 20  # the gradient's dark left edge, not a blank page


def _text_import() -> Imported:
    return Imported("page.txt", paper={"name": "晨光日报", "date": "2026-03-02", "number": "45"}, pages=[PageInfo(0)])


def test_no_picture_means_no_image_line_and_a_review_item(tmp_path):
    result = _text_import()
    article = _captioned(result, None)
    write_import(result, tmp_path)
    text = (tmp_path / "article-01.txt").read_text(encoding="utf-8")
    assert "image:" not in text and "caption:" not in text and not list(tmp_path.glob("*.png"))
    parsed = parse_article(text, tmp_path / "article-01.txt", diags := Diagnostics())
    assert parsed.image is None and not diags.errors
    log = (tmp_path / "IMPORT.md").read_text(encoding="utf-8")
    review = log.split("## To review")[1].split("## Changes")[0]
    assert "老人们在食堂就餐 / 孙浩摄" in review and "article-01" in review
    assert article.image == "" and article_text(article).startswith("headline: 标题\n---")


def test_issue_yaml_header_counts_the_review_list_of_import_md(tmp_path):
    result = _text_import()
    _captioned(result, None)
    write_import(result, tmp_path)
    result.review.append(Review(Where(1), "a doubt found after the first write (the overset check)"))
    write_log(result, tmp_path)
    header = (tmp_path / "issue.yaml").read_text(encoding="utf-8").splitlines()[0]
    log = (tmp_path / "IMPORT.md").read_text(encoding="utf-8")
    listed = log.split("## To review")[1].split("## Changes")[0].count("- [ ]")
    assert listed == len(result.review) >= 2
    assert f"{listed} to review" in header and f"## To review ({listed})" in log
