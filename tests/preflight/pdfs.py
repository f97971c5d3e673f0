"""Small test PDFs built directly with reportlab + pikepdf (independent of layout.pdf).

``good_pdf``: PDF/X-1a-shaped: 1.3, CMYK only, embedded TrueType with
ToUnicode, 100K text with op + OPM 1 over a 50 % cyan tint, 0.5 pt rule,
300 ppi CMYK image, boxes with 3 mm bleed, GTS keys and one IFRA26 intent.
``bad_pdf``: one of each problem preflight must name.
"""
from __future__ import annotations

import io

import pikepdf
from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

TRIM = (120.0, 90.0)  # points
BLEED = 3 * mm
SLUG = 12 * mm


def _font() -> str:
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    return "Vera"


def _boxes(c: canvas.Canvas) -> tuple:
    ox = oy = SLUG
    trim = (ox, oy, ox + TRIM[0], oy + TRIM[1])
    bleed = (ox - BLEED, oy - BLEED, ox + TRIM[0] + BLEED, oy + TRIM[1] + BLEED)
    c.setTrimBox(trim)
    c.setBleedBox(bleed)
    return trim, bleed


def _cmyk_image(ppi: float, size_pt: float, mode: str = "CMYK") -> ImageReader:
    px = max(2, round(size_pt / 72 * ppi))
    colour = (0, 120, 200, 0) if mode == "CMYK" else (200, 40, 40)
    buf = io.BytesIO()
    PILImage.new(mode, (px, px), colour).save(buf, "TIFF" if mode == "CMYK" else "PNG")
    buf.seek(0)
    return ImageReader(buf)


def _registration_marks(c: canvas.Canvas, trim) -> None:
    from reportlab.lib.colors import CMYKColorSep

    c.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All", alpha=None))
    c.setLineWidth(0.25)
    x0, y0, x1, y1 = trim
    for x in (x0, x1):
        c.line(x, y0 - BLEED - 2, x, y0 - BLEED - 2 - 6 * mm)
        c.line(x, y1 + BLEED + 2, x, y1 + BLEED + 2 + 6 * mm)


def good_pdf(path: str, marks: bool = True) -> str:
    """Write a PDF/X-1a-shaped one-page file that every preflight MUST check accepts."""
    size = (TRIM[0] + 2 * SLUG, TRIM[1] + 2 * SLUG)
    c = canvas.Canvas(path, pagesize=size, initialFontName=_font(), initialFontSize=9, invariant=1)
    c.setTitle("preflight good fixture")
    trim, bleed = _boxes(c)
    c.setFillColorCMYK(0.5, 0, 0, 0)
    c.rect(bleed[0], bleed[1], bleed[2] - bleed[0], 40, stroke=0, fill=1)  # tint into the bleed
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)
    c.setOverprintMask(1)
    c.setFont("Vera", 24)
    c.drawString(trim[0] + 10, trim[1] + 12, "HHHH")
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(0.5)
    c.line(trim[0] + 5, trim[1] + 60, trim[2] - 5, trim[1] + 60)
    c.drawImage(_cmyk_image(300, 20), trim[2] - 30, trim[3] - 25, 20, 20)
    if marks:
        _registration_marks(c, trim)
    c.showPage()
    c.save()
    return add_pdfx_keys(path)


def add_pdfx_keys(path: str) -> str:
    """Add GTS_PDFX Info keys and one IFRA26 OutputIntent, keep PDF 1.3."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1:2001"
        pdf.docinfo["/GTS_PDFXConformance"] = "PDF/X-1a:2001"
        intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                    OutputConditionIdentifier="IFRA26", RegistryName="http://www.color.org",
                                    Info="ISOnewspaper26v4")
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        pdf.save(path, force_version="1.3", deterministic_id=True)
    return path


def bad_pdf(path: str) -> str:
    """RGB image, unembedded Helvetica, 0.1 pt hairline, 320 % ink patch, 50 % alpha, no intent, no TrimBox."""
    c = canvas.Canvas(path, pagesize=(TRIM[0], TRIM[1]))
    c.setFillColorCMYK(0.8, 0.8, 0.6, 1.0)  # 320 %
    c.rect(0, 0, 60, 45, stroke=0, fill=1)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("Helvetica", 10)  # not embedded
    c.drawString(65, 70, "Hello")
    c.setLineWidth(0.1)
    c.line(5, 80, 115, 80)
    c.drawImage(_cmyk_image(300, 20, "RGB"), 90, 10, 20, 20)
    c.setFillAlpha(0.5)
    c.setFillColorCMYK(0, 1, 0, 0, alpha=0.5)
    c.rect(70, 10, 15, 15, stroke=0, fill=1)
    c.showPage()
    c.save()
    return path
