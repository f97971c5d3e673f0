"""Content-stream walk: colour spaces actually painted, transparency, overprint state, strokes, images."""
import pikepdf
import pytest

from layout.preflight.content import matmul, min_scale, walk_document
from tests.preflight.rawpdf import form, icc_stream, image, raw_pdf

N = pikepdf.Name


def findings_of(tmp_path, content: bytes, resources=None):
    path = raw_pdf(tmp_path / "t.pdf", content, resources)
    with pikepdf.open(path) as pdf:
        return walk_document(pdf)


def test_rgb_fill_is_flagged_but_unused_rgb_resource_is_not(tmp_path):
    res = {"/ColorSpace": {"/CsRGB": N.DeviceRGB}}
    f = findings_of(tmp_path, b"/CsRGB cs 0 0 0 1 k 0 0 10 10 re f", res)
    assert f.bad_colour == [] and f.painted == {"DeviceCMYK": 1}
    f = findings_of(tmp_path, b"1 0 0 rg 0 0 10 10 re f")
    assert f.bad_colour and "DeviceRGB" in f.bad_colour[0]


def test_colour_set_but_never_painted_is_not_counted(tmp_path):
    f = findings_of(tmp_path, b"1 0 0 rg 0 0 0 1 k 0 0 10 10 re f")
    assert f.bad_colour == []


def test_rgb_inside_a_form_inside_a_form_is_found(tmp_path):
    def outer(pdf):
        inner = form(pdf, b"0 1 0 RG 2 w 0 0 m 5 5 l S")
        return form(pdf, b"/Inner Do", resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Inner=inner)))

    f = findings_of(tmp_path, b"/Outer Do", {"/XObject": {"/Outer": outer}})
    assert len(f.bad_colour) == 1 and "stroke in DeviceRGB" in f.bad_colour[0]


def test_separation_with_rgb_alternate_and_iccbased_are_flagged(tmp_path):
    fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0], C1=[1, 0, 0], N=1)
    res = {"/ColorSpace": {"/Spot": pikepdf.Array([N.Separation, N("/PANTONE 485"), N.DeviceRGB, fn]),
                           "/Icc": lambda pdf: icc_stream(pdf, 3)}}
    f = findings_of(tmp_path, b"/Spot cs 1 scn 0 0 5 5 re f /Icc cs 1 0 0 scn 0 0 5 5 re f", res)
    assert len(f.bad_colour) == 2
    assert "PANTONE" in f.bad_colour[0] and "DeviceRGB" in f.bad_colour[0]
    assert "ICCBased" in f.bad_colour[1]


def test_separation_all_with_cmyk_alternate_is_allowed(tmp_path):
    fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    res = {"/ColorSpace": {"/Reg": pikepdf.Array([N.Separation, N.All, N.DeviceCMYK, fn])}}
    f = findings_of(tmp_path, b"/Reg CS 1 SCN 0.25 w 0 0 m 9 0 l S", res)
    assert f.bad_colour == [] and f.painted == {"Separation /All (DeviceCMYK)": 1}


def test_rgb_and_cmyk_images_and_inline_images(tmp_path):
    res = {"/XObject": {"/Rgb": lambda pdf: image(pdf, N.DeviceRGB, components=3),
                        "/Cmyk": lambda pdf: image(pdf, N.DeviceCMYK)}}
    inline = b"q 10 0 0 10 0 0 cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID \x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80 EI Q"
    f = findings_of(tmp_path, b"q 20 0 0 20 0 0 cm /Rgb Do Q q 20 0 0 20 0 0 cm /Cmyk Do Q " + inline, res)
    assert [b.split(" in ")[0] for b in f.bad_colour] == ["page 1: image /Rgb", "page 1: inline image"]
    assert f.painted["DeviceCMYK"] == 1


def test_effective_image_resolution_uses_the_ctm(tmp_path):
    res = {"/XObject": {"/Im": lambda pdf: image(pdf, N.DeviceCMYK, w=100, h=50)}}
    f = findings_of(tmp_path, b"q 36 0 0 18 0 0 cm /Im Do Q", res)  # 100 px over half an inch
    assert f.images[0][0] == pytest.approx(200.0)
    assert "at -4,25 mm" in f.images[0][2]  # top-left from the trim's top-left (10, 90) in PDF space


@pytest.mark.parametrize("gs, expect", [
    ({"/ca": 0.5}, "alpha"), ({"/CA": 0.99}, "alpha"), ({"/BM": N.Multiply}, "blend mode"),
    ({"/SMask": pikepdf.Dictionary(S=N.Luminosity)}, "soft mask"),
])
def test_transparency_in_extgstate(tmp_path, gs, expect):
    f = findings_of(tmp_path, b"/G0 gs 0 0 5 5 re f", {"/ExtGState": {"/G0": pikepdf.Dictionary(gs)}})
    assert len(f.transparency) == 1 and expect in f.transparency[0]


def test_normal_blend_and_opaque_alpha_are_not_transparency(tmp_path):
    gs = pikepdf.Dictionary(CA=1, ca=1, BM=N.Normal, SMask=N("/None"))
    f = findings_of(tmp_path, b"/G0 gs 0 0 5 5 re f", {"/ExtGState": {"/G0": gs}})
    assert f.transparency == []


def test_image_smask_and_transparency_group_form(tmp_path):
    def masked(pdf):
        return image(pdf, N.DeviceCMYK, extra={"/SMask": image(pdf, N.DeviceGray, components=1)})

    group = pikepdf.Dictionary(S=N.Transparency)
    res = {"/XObject": {"/Im": masked, "/Fm": lambda pdf: form(pdf, b"0 g 0 0 1 1 re f", group=group)}}
    f = findings_of(tmp_path, b"/Im Do /Fm Do", res)
    assert any("SMask" in t for t in f.transparency) and any("transparency group" in t for t in f.transparency)


TEXT = b"BT /F1 9 Tf 10 10 Td (x) Tj ET"


def _font_res():
    return {"/Font": {"/F1": pikepdf.Dictionary(Type=N.Font, Subtype=N.Type1, BaseFont=N.Helvetica)}}


@pytest.mark.parametrize("gs, ok", [
    ({"/op": True, "/OPM": 1}, True),
    ({"/OP": True, "/OPM": 1}, True),  # op defaults to OP
    ({"/op": True}, False),  # OPM 0 knocks out the tint (PDF 1.3 §4.5.6)
    ({"/OPM": 1}, False),
])
def test_overprint_state_in_effect_when_black_text_is_painted(tmp_path, gs, ok):
    res = dict(_font_res(), **{"/ExtGState": {"/G0": pikepdf.Dictionary(gs)}})
    f = findings_of(tmp_path, b"q /G0 gs 0 0 0 1 k " + TEXT + b" Q", res)
    assert f.k_text == 1 and (f.k_text_no_overprint == []) is ok


def test_overprint_is_restored_by_Q(tmp_path):
    res = dict(_font_res(), **{"/ExtGState": {"/G0": pikepdf.Dictionary(op=True, OPM=1)}})
    f = findings_of(tmp_path, b"q /G0 gs Q 0 0 0 1 k " + TEXT, res)
    assert len(f.k_text_no_overprint) == 1


def test_gray_black_text_cannot_overprint_and_rich_black_small_text_is_noted(tmp_path):
    f = findings_of(tmp_path, b"0 g " + TEXT + b" 0.5 0.4 0.4 1 k " + TEXT, _font_res())
    assert "DeviceGray" in f.k_text_no_overprint[0]
    assert f.multi_ink_small_text and "9.0 pt" in f.multi_ink_small_text[0]


def test_thinnest_stroke_accounts_for_form_matrix_and_cm(tmp_path):
    res = {"/XObject": {"/Fm": lambda pdf: form(pdf, b"1 w 0 0 m 10 0 l S", matrix=(0.1, 0, 0, 0.1, 0, 0))}}
    f = findings_of(tmp_path, b"q 2 0 0 2 0 0 cm /Fm Do Q 0.3 w 0 0 m 5 5 l S", res)
    assert f.thinnest_stroke[0] == pytest.approx(0.2)


def test_thin_filled_rectangle_counts_as_a_rule(tmp_path):
    f = findings_of(tmp_path, b"0 0 0 1 k 10 10 80 0.1 re f 0.5 w 0 0 m 5 5 l S")
    assert f.thinnest_stroke[0] == pytest.approx(0.1)


def test_matrix_helpers():
    assert matmul((2, 0, 0, 2, 0, 0), (1, 0, 0, 1, 5, 7)) == (2, 0, 0, 2, 5, 7)
    assert min_scale((3, 0, 0, 0.5, 0, 0)) == pytest.approx(0.5)
    assert min_scale((0, 2, -2, 0, 0, 0)) == pytest.approx(2)  # rotation keeps width
