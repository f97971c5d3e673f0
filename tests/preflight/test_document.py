"""Document-level checks: version, Info/GTS keys, Trapped, /ID, OutputIntent, boxes, fonts."""
import pikepdf
import pytest

from layout.preflight import Limits, document
from layout.preflight.fonts import check_fonts, parse_pdffonts
from tests.preflight.pdfs import good_pdf
from tests.preflight.rawpdf import raw_pdf


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return good_pdf(str(tmp_path_factory.mktemp("doc") / "good.pdf"))


def edited(good, tmp_path, edit, version="1.3"):
    """A copy of the good fixture after ``edit(pdf)``, reopened."""
    out = tmp_path / "edited.pdf"
    with pikepdf.open(good) as pdf:
        edit(pdf)
        pdf.save(out, force_version=version, deterministic_id=True)
    return pikepdf.open(out)


def test_good_fixture_structure_passes(good):
    with pikepdf.open(good) as pdf:
        checks = [document.check_version(pdf, Limits()), document.check_info(pdf), document.check_trapped(pdf),
                  document.check_trailer_id(pdf), document.check_output_intent(pdf), document.check_boxes(pdf),
                  document.check_prohibited(pdf)] + check_fonts(pdf)
    assert [c.name for c in checks if not c.passed] == []
    assert document.check_boxes(pikepdf.open(good)).data["bleed_mm"] == [3.0]


def test_version_above_limit_and_catalog_version(good, tmp_path):
    with edited(good, tmp_path, lambda pdf: None, version="1.4") as pdf:
        assert not document.check_version(pdf, Limits()).passed
    with edited(good, tmp_path, lambda pdf: setattr(pdf.Root, "Version", pikepdf.Name("/1.6"))) as pdf:
        check = document.check_version(pdf, Limits())
        assert not check.passed and "1.6" in check.details


def test_missing_gts_keys_and_wrong_conformance_are_named(good, tmp_path):
    def edit(pdf):
        del pdf.docinfo["/GTS_PDFXVersion"]
        pdf.docinfo["/GTS_PDFXConformance"] = "PDF/X-3:2002"
    with edited(good, tmp_path, edit) as pdf:
        check = document.check_info(pdf)
    assert not check.passed and "GTS_PDFXVersion" in check.details and "PDF/X-3:2002" in check.details


@pytest.mark.parametrize("value", [pikepdf.Name("/Unknown"), "False", None])
def test_trapped_must_be_name_true_or_false(good, tmp_path, value):
    def edit(pdf):
        if value is None:
            del pdf.docinfo["/Trapped"]
        else:
            pdf.docinfo["/Trapped"] = value
    with edited(good, tmp_path, edit) as pdf:
        assert not document.check_trapped(pdf).passed


def test_output_intent_count_and_contents(good, tmp_path):
    def two(pdf):
        pdf.Root.OutputIntents.append(pdf.Root.OutputIntents[0])
    with edited(good, tmp_path, two) as pdf:
        assert "2 GTS_PDFX" in document.check_output_intent(pdf).details

    def unregistered(pdf):
        del pdf.Root.OutputIntents[0]["/RegistryName"]
    with edited(good, tmp_path, unregistered) as pdf:
        check = document.check_output_intent(pdf)
        assert not check.passed and "RegistryName" in check.details

    def rgb_profile(pdf):
        header = bytearray(128)
        header[12:20] = b"mntrRGB "
        header[36:40] = b"acsp"
        pdf.Root.OutputIntents[0].DestOutputProfile = pdf.make_stream(bytes(header), N=3)
    with edited(good, tmp_path, rgb_profile) as pdf:
        check = document.check_output_intent(pdf)
        assert not check.passed and "prtr CMYK" in check.details and "'mntr'" in check.details


def test_boxes_trim_xor_art_and_nesting(tmp_path):
    path = raw_pdf(tmp_path / "b.pdf", b"")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        assert document.check_boxes(pdf).passed
        pdf.pages[0].obj.ArtBox = pikepdf.Array([10, 10, 90, 90])
        assert "both TrimBox and ArtBox" in document.check_boxes(pdf).details
        del pdf.pages[0].obj["/ArtBox"]
        pdf.pages[0].obj.BleedBox = pikepdf.Array([12, 12, 88, 88])
        assert "TrimBox not inside BleedBox" in document.check_boxes(pdf).details
        pdf.pages[0].obj.BleedBox = pikepdf.Array([-5, -5, 105, 105])
        assert "BleedBox not inside MediaBox" in document.check_boxes(pdf).details
        del pdf.pages[0].obj["/TrimBox"]
        assert "no TrimBox" in document.check_boxes(pdf).details


def test_lzw_stream_is_prohibited(tmp_path):
    path = raw_pdf(tmp_path / "l.pdf", b"")
    with pikepdf.open(path) as pdf:
        pdf.make_indirect(pdf.make_stream(b"", Filter=pikepdf.Name.LZWDecode))
        assert "LZW" in document.check_prohibited(pdf).details


def test_type0_font_without_tounicode_and_unembedded_cid_font(good, tmp_path):
    names = pikepdf.Name
    desc = pikepdf.Dictionary(Type=names.FontDescriptor, FontName=names("/X"))
    cid = pikepdf.Dictionary(Type=names.Font, Subtype=names.CIDFontType0, BaseFont=names("/X"), FontDescriptor=desc)
    font = pikepdf.Dictionary(Type=names.Font, Subtype=names.Type0, BaseFont=names("/X"),
                              Encoding=names("/Identity-H"), DescendantFonts=[cid])
    path = raw_pdf(tmp_path / "f.pdf", b"BT /F9 9 Tf (ab) Tj ET", {"/Font": {"/F9": font}})
    with pikepdf.open(path) as pdf:
        embedded, unicode = check_fonts(pdf)
    assert not embedded.passed and "X" in embedded.details
    assert not unicode.passed


def test_parse_pdffonts_reads_columns_from_the_right():
    text = ("name                                 type              encoding         emb sub uni object ID\n"
            "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
            "ABCDEF+NotoSerifSC-Regular-With-A-Very-Long-Name CID Type 0C  Identity-H  yes yes yes      9  0\n"
            "Helvetica                            Type 1            Standard         no  no  no       5  0\n")
    rows = parse_pdffonts(text)
    assert [(r["name"], r["emb"], r["uni"]) for r in rows] == [
        ("ABCDEF+NotoSerifSC-Regular-With-A-Very-Long-Name", "yes", "yes"), ("Helvetica", "no", "no")]


def test_icc_output_profile_header():
    def header(cls: bytes, space: bytes, signature: bytes = b"acsp") -> bytes:
        data = bytearray(128)
        data[12:20], data[36:40] = cls + space, signature
        return bytes(data)

    assert document.icc_output_profile_problem(header(b"prtr", b"CMYK")) is None
    assert "'mntr' for 'RGB'" in document.icc_output_profile_problem(header(b"mntr", b"RGB "))
    assert "'prtr' for 'GRAY'" in document.icc_output_profile_problem(header(b"prtr", b"GRAY"))
    assert "not an ICC profile" in document.icc_output_profile_problem(header(b"prtr", b"CMYK", b"xxxx"))
    assert "not an ICC profile" in document.icc_output_profile_problem(b"%PDF-1.3")


def _page_edit(change):
    return lambda pdf: change(pdf, pdf.pages[0].obj)


@pytest.mark.parametrize("change, fragment", [
    (lambda pdf, page: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.URI, URI="http://x.cn")),
     "an open action in the catalog"),
    (lambda pdf, page: page.__setitem__("/AA", pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))), "page 1: additional actions (/AA)"),
    (lambda pdf, page: page.__setitem__("/Annots", pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[60, 60, 90, 80],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="http://x.cn"))])), "a Link annotation inside the BleedBox"),
    (lambda pdf, page: setattr(pdf.Root, "OCProperties", pikepdf.Dictionary(OCGs=[])), "optional content"),
])
def test_actions_annotations_on_the_page_and_layers_are_prohibited(good, tmp_path, change, fragment):
    # ISO 15930 (and the X-1a rules of callas / pdfbox-preflight): no actions or JavaScript, no annotation
    # inside the BleedBox but printer's marks, no optional content in a PDF 1.3 file
    with edited(good, tmp_path, _page_edit(change)) as pdf:
        check = document.check_prohibited(pdf)
    assert not check.passed and fragment in check.details, check.details


def test_a_printers_mark_annotation_outside_the_trim_is_allowed(good, tmp_path):
    def mark(pdf, page):
        page["/Annots"] = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.PrinterMark,
                                                            Rect=[0, 0, 10, 10])])

    with edited(good, tmp_path, _page_edit(mark)) as pdf:
        assert document.check_prohibited(pdf).passed


def test_transfer_functions_and_postscript_found_by_the_walk_are_prohibited(good, tmp_path):
    from layout.preflight.content import walk_document

    def add(pdf, page):
        gs = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, TR=pikepdf.Name.Identity)
        ps = pikepdf.Stream(pdf, b"")
        ps.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.PS})
        page.Resources["/ExtGState"] = pikepdf.Dictionary(GSTR=gs)
        page.Resources["/XObject"] = pikepdf.Dictionary(PS1=ps)
        page.Contents = pikepdf.Stream(pdf, page.Contents.read_bytes() + b"\nq /GSTR gs /PS1 Do Q")

    with edited(good, tmp_path, _page_edit(add)) as pdf:
        found = walk_document(pdf).forbidden
        check = document.check_prohibited(pdf, extra=found)
    assert found == ["page 1: ExtGState /GSTR: a transfer function", "page 1: PostScript XObject /PS1"]
    assert not check.passed and "a transfer function" in check.details and "PostScript XObject" in check.details


def test_parse_pdffonts_reads_a_direct_object_font():
    # a font that is a direct object shows one "[none]" for its object ID: read as embedded, not shifted
    text = ("name                                 type              encoding         emb sub uni object ID\n"
            "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
            "[none]                               Type 3            Custom           yes no  no  [none]\n")
    assert [(r["emb"], r["sub"], r["uni"], r["object"]) for r in parse_pdffonts(text)] == [("yes", "no", "no", "[none]")]


def test_an_outline_items_javascript_and_a_form_fields_action_are_prohibited(good, tmp_path):
    def outline(pdf, page):
        item = pdf.make_indirect(pikepdf.Dictionary(Title="x", A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1")))
        pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=item, Last=item, Count=1))
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Btn, T="go", AA=pikepdf.Dictionary()))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])

    with edited(good, tmp_path, _page_edit(outline)) as pdf:
        check = document.check_prohibited(pdf)
    assert not check.passed
    assert "an outline item with a JavaScript action" in check.details and "a form field with an action (go)" in check.details
