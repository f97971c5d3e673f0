"""PDF pages placed as form XObjects (ads), read back with pdfplumber, pikepdf and preflight."""
import pdfplumber
import pikepdf
import pytest

from layout.display import Color, GlyphRun, Page, PdfGraphic, Rect
from layout.pdf import PdfMeta, render_pdf_bytes, write_pdf
from layout.preflight import preflight

AD_TEXT = "公益广告 ADVERT"


def ad_file(fontset, path, title="ad", rgb=False):
    face = fontset.face("hei")
    page = Page(200, 100)
    page.add(Rect(0, 0, 200, 100, fill=Color("M20", 0, 0.2, 0, 0)))
    gids = tuple(face.gid(c) for c in AD_TEXT)
    x, positions = 10.0, []
    for g in gids:
        positions.append((x, 60.0))
        x += face.advance(g) * 16
    page.add(GlyphRun("hei", 16, gids, tuple(positions), tuple(AD_TEXT)))
    write_pdf([page], fontset, str(path), PdfMeta(title=title))
    if rgb:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.pages[0].contents_add(pdf.make_stream(b"1 0 0 rg 5 5 20 20 re f"))
            pdf.save(path)
    return str(path)


def page_with_ad(ad_path):
    page = Page(300, 300, bleed=8.5)
    page.add(Rect(0, 0, 300, 300, fill=Color("Y10", 0, 0, 0.1, 0)))
    page.add(PdfGraphic(20, 55, 260, 130, ad_path, 1, "ad"))
    return page


@pytest.fixture(scope="module")
def placed(fontset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ads")
    ad = ad_file(fontset, folder / "ad.pdf")
    out = folder / "page.pdf"
    write_pdf([page_with_ad(ad)], fontset, str(out), PdfMeta(title="page with an ad"))
    return str(out)


def test_ad_text_is_in_the_page_text_layer_where_it_was_placed(placed):
    with pdfplumber.open(placed) as pdf:
        page = pdf.pages[0]
        assert AD_TEXT.replace(" ", "") in page.extract_text().replace(" ", "")
        chars = [c for c in page.chars if c["text"] == "公"]
        assert chars and abs(chars[0]["size"] - 16 * 1.3) < 0.05  # scaled 200 pt -> 260 pt
        assert not page.images  # vector, not a raster


def test_ad_is_a_form_xobject_with_its_embedded_fonts(placed):
    with pikepdf.open(placed) as pdf:
        xobjects = pdf.pages[0].Resources.XObject
        form = xobjects.BbG0
        assert form.Subtype == "/Form"
        fonts = form.Resources.Font
        assert fonts and all("/FontFile3" in f.DescendantFonts[0].FontDescriptor or "/FontFile2" in
                             f.DescendantFonts[0].FontDescriptor for f in fonts.values())
        assert pdf.pdf_version == "1.3"


def test_a_page_with_an_ad_passes_preflight_and_is_deterministic(placed, fontset):
    result = preflight(placed)
    assert result.ok, result.format()
    page = page_with_ad(str(placed).replace("page.pdf", "ad.pdf"))
    assert render_pdf_bytes([page], fontset, PdfMeta(title="page with an ad")) == open(placed, "rb").read()


def test_an_rgb_ad_fails_x1a_preflight_naming_the_form(fontset, tmp_path):
    ad = ad_file(fontset, tmp_path / "rgb-ad.pdf", rgb=True)
    out = tmp_path / "page.pdf"
    write_pdf([page_with_ad(ad)], fontset, str(out), PdfMeta(title="rgb ad"))
    result = preflight(str(out))
    bad = result.get("colour-spaces")
    assert not bad.passed and "DeviceRGB" in bad.details and "page 1" in bad.details
