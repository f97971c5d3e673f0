"""Output profiles: a PDF/X-4 render read back by pikepdf and preflighted; the registry; the X-1a default unchanged."""
import io
import shutil

import pikepdf
import pytest

from layout.display import Color, GlyphRun, Page, Rect
from layout.pdf import PdfMeta, render_pdf_bytes, write_pdf
from layout.pdf.assemble import AssembleError, IssueInfo, assemble_issue
from layout.pdf.profiles import NEWSPRINT_ICC, PDFX1A, PDFX4, PROFILES, get_profile, profile_claimed_by
from layout.preflight import preflight

TEXT = "石景山报讯 PDF/X-4"


def small_page(fontset, number=1):
    face = fontset.face("song")
    page = Page(300, 200, bleed=8.5, number=number)
    page.add(Rect(20, 20, 100, 50, fill=Color("Cyan 30", 0.3, 0, 0, 0)))
    gids = tuple(face.gid(c) for c in TEXT)
    x, positions = 20.0, []
    for g in gids:
        positions.append((x, 100.0))
        x += face.advance(g) * 12
    page.add(GlyphRun("song", 12, gids, tuple(positions), tuple(TEXT)))
    return page


@pytest.fixture(scope="module")
def x4_file(fontset, tmp_path_factory):
    path = tmp_path_factory.mktemp("x4") / "x4.pdf"
    write_pdf([small_page(fontset)], fontset, str(path), PdfMeta(title="X-4 测试", output_profile="pdfx4", date=0))
    return str(path)


def test_registry_names_both_profiles_and_refuses_unknown_ones():
    assert set(PROFILES) == {"pdfx1a", "pdfx4"}
    assert get_profile("pdfx4") is PDFX4 and get_profile(None) is PDFX1A
    assert PDFX4.version_tuple == (1, 6) and PDFX1A.version_tuple == (1, 3)
    assert PDFX4.allows_colour("/ICCBased") and not PDFX1A.allows_colour("/ICCBased")
    assert PDFX4.transparency and not PDFX1A.transparency
    assert profile_claimed_by("PDF/X-4") is PDFX4 and profile_claimed_by("PDF/X-1:2001") is PDFX1A
    with pytest.raises(ValueError, match="pdfx1a, pdfx4"):
        get_profile("pdfx3")


def test_shipped_output_profile_is_a_cmyk_printer_profile():
    data = NEWSPRINT_ICC.read_bytes()
    assert data[12:20] == b"prtrCMYK" and data[36:40] == b"acsp"
    assert (NEWSPRINT_ICC.parent / "LICENSE.txt").is_file()


def test_pdfx4_read_back_by_pikepdf(x4_file):
    with pikepdf.open(x4_file) as pdf:
        assert pdf.pdf_version == "1.6"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFX"
        icc = intents[0].DestOutputProfile.read_bytes()
        assert icc == NEWSPRINT_ICC.read_bytes()
        assert int(intents[0].DestOutputProfile.N) == 4
        with pdf.open_metadata() as xmp:
            assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert xmp["pdf:Trapped"] == "False"
        assert "/ID" in pdf.trailer


def test_pdfx4_passes_preflight_x4_checks_and_fails_x1a_ones(x4_file):
    result = preflight(x4_file, output_profile="pdfx4")
    assert result.ok, result.format()
    assert result.get("xmp-metadata").passed and result.get("pdf-version").passed
    claimed = preflight(x4_file)  # no profile given: the one the file claims
    assert claimed.profile == "pdfx4" and claimed.ok
    strict = preflight(x4_file, output_profile="pdfx1a")
    assert {c.name for c in strict.failures} == {"pdf-version", "info-keys"}


def test_pdfx4_without_embedded_profile_or_xmp_fails(x4_file, tmp_path):
    with pikepdf.open(x4_file) as pdf:
        del pdf.Root.OutputIntents[0]["/DestOutputProfile"]
        del pdf.Root["/Metadata"]
        pdf.save(tmp_path / "bare.pdf")
    result = preflight(str(tmp_path / "bare.pdf"), output_profile="pdfx4")
    failed = {c.name: c.details for c in result.failures}
    assert "embedded DestOutputProfile" in failed["output-intent"]
    assert "no XMP metadata" in failed["xmp-metadata"]


def test_icc_colour_and_transparency_allowed_in_x4_only(x4_file, tmp_path):
    with pikepdf.open(x4_file) as pdf:
        page = pdf.pages[0]
        icc = pdf.make_stream(NEWSPRINT_ICC.read_bytes(), N=4)
        page.Resources.ColorSpace = pikepdf.Dictionary(CS9=pikepdf.Array([pikepdf.Name.ICCBased, icc]))
        page.Resources.ExtGState.GS9 = pikepdf.Dictionary(ca=0.5)
        page.contents_add(pdf.make_stream(b"q /GS9 gs /CS9 cs 0.2 0.4 0 0 scn 10 10 50 50 re f Q"))
        pdf.save(tmp_path / "live.pdf")
    x4 = preflight(str(tmp_path / "live.pdf"), output_profile="pdfx4")
    assert x4.get("colour-spaces").passed and x4.get("transparency").passed, x4.format()
    assert "allowed in PDF/X-4" in x4.get("transparency").details
    x1a = preflight(str(tmp_path / "live.pdf"), output_profile="pdfx1a")
    assert not x1a.get("colour-spaces").passed and not x1a.get("transparency").passed


def test_x1a_stays_the_default_and_the_profiles_differ_only_where_they_must(fontset):
    default = render_pdf_bytes([small_page(fontset)], fontset, PdfMeta(title="t", date=0))
    explicit = render_pdf_bytes([small_page(fontset)], fontset, PdfMeta(title="t", date=0, output_profile="pdfx1a"))
    assert default == explicit
    assert default.startswith(b"%PDF-1.3") and b"/Metadata" not in default and b"PDF/X-4" not in default


def test_assembled_x4_issue_keeps_profile_xmp_and_version(fontset, tmp_path):
    files = []
    for n in (1, 2):
        path = str(tmp_path / f"p{n}.pdf")
        write_pdf([small_page(fontset, n)], fontset, path, PdfMeta(title=f"p{n}", output_profile="pdfx4", date=0))
        files.append(path)
    out = str(tmp_path / "issue.pdf")
    assemble_issue(files, out, IssueInfo("石景山报 2018-04-28 第36期"), ["1", "2"])
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6"
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == NEWSPRINT_ICC.read_bytes()
        with pdf.open_metadata() as xmp:
            assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert xmp["dc:title"] == "石景山报 2018-04-28 第36期"
    result = preflight(out, output_profile="pdfx4")
    assert result.ok, result.format()
    assemble_issue(files, str(tmp_path / "checked.pdf"), IssueInfo("t"), ["1", "2"], output_profile="pdfx4")
    with pytest.raises(AssembleError, match="not PDF/X-1a:2001"):
        assemble_issue(files, str(tmp_path / "wrong.pdf"), IssueInfo("t"), ["1", "2"], output_profile="pdfx1a")


@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript not installed")
def test_pdfx4_renders_in_ghostscript(x4_file, tmp_path):
    import subprocess

    proc = subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", x4_file],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "rror" not in proc.stderr, proc.stderr


def test_pdfx4_is_deterministic_and_its_id_is_its_own(fontset):
    meta = PdfMeta(title="t", date=0, output_profile="pdfx4")
    a = render_pdf_bytes([small_page(fontset)], fontset, meta)
    assert a == render_pdf_bytes([small_page(fontset)], fontset, meta)
    x1a = render_pdf_bytes([small_page(fontset)], fontset, PdfMeta(title="t", date=0))
    with pikepdf.open(io.BytesIO(a)) as x4, pikepdf.open(io.BytesIO(x1a)) as x1:
        assert bytes(x4.trailer.ID[0]) != bytes(x1.trailer.ID[0])


def test_pdfx4_page_with_a_placed_pdf_and_a_photo_passes_x4_preflight(fontset, tmp_path):
    from PIL import Image as PILImage

    from layout.compose.images import image_item
    from layout.display import PdfGraphic
    from layout.model.types import Box

    ad = str(tmp_path / "ad.pdf")
    write_pdf([small_page(fontset)], fontset, ad, PdfMeta(title="ad", output_profile="pdfx4"))
    photo = tmp_path / "photo.png"
    PILImage.effect_noise((200, 150), 60).convert("RGB").save(photo)
    page = small_page(fontset)
    page.add(PdfGraphic(150, 20, 120, 80, ad))
    item, _ = image_item(str(photo), Box(150, 110, 100, 75), "fill")
    page.add(item)
    out = str(tmp_path / "page.pdf")
    write_pdf([page], fontset, out, PdfMeta(title="x4 page", output_profile="pdfx4"))
    result = preflight(out, output_profile="pdfx4")
    assert result.ok, result.format()
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6" and "/Metadata" in pdf.Root


@pytest.mark.parametrize("output_profile", ["pdfx1a", "pdfx4"])
def test_a_given_icc_profile_is_named_by_its_own_description_not_the_default_condition(fontset, output_profile):
    # --icc-profile SWOP.icc embedded the SWOP profile under the IFRA26 identifier: a press would read the
    # OutputIntent as coldset newsprint. A given profile is the condition: Custom, with its description
    from PIL import ImageCms

    page = Page(200, 200, bleed=8.5)
    page.add(Rect(10, 10, 50, 50, fill=Color("cyan", 1.0, 0, 0, 0)))
    data = render_pdf_bytes([page], fontset, PdfMeta(title="icc", icc_profile=str(NEWSPRINT_ICC),
                                                      output_profile=output_profile))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        intent = pdf.Root.OutputIntents[0]
        described = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(NEWSPRINT_ICC))).strip()
        assert str(intent.OutputConditionIdentifier) == "Custom" and "/RegistryName" not in intent
        assert str(intent.Info) == described and described and "/DestOutputProfile" in intent
