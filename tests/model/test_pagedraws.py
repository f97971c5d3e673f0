"""What a placed PDF page draws when unfolded (layout.model.pagedraws): every path that nests content is
followed, a decompression bomb is measured without being inflated."""
import time
import zlib

import pikepdf

from layout.model.pagedraws import MAX_STREAM, draws_problem


def _form(pdf, content: bytes, resources=None):
    stream = pikepdf.Stream(pdf, content)
    stream.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form, "/BBox": [0, 0, 100, 100]})
    if resources is not None:
        stream.Resources = resources
    return stream


def _doubling(pdf, depth: int = 30):
    """A form that draws the next twice, ``depth`` deep, each with its own resources."""
    inner = _form(pdf, b"0 0 1 1 re f")
    for _ in range(depth):
        inner = _form(pdf, b"/X Do /X Do", pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner)))
    return inner


def _page(pdf, resources, content: bytes):
    pdf.add_blank_page(page_size=(100, 100))
    page = pdf.pages[-1].obj
    page.Resources = resources
    page.Contents = pikepdf.Stream(pdf, content)
    return page


def _problem(page) -> str:
    start = time.perf_counter()
    problem = draws_problem(page)
    assert time.perf_counter() - start < 2
    return problem


def test_forms_without_resources_of_their_own_use_the_pages():
    # Ghostscript looks up a name a form does not define in the resources it inherits
    pdf = pikepdf.new()
    names = pikepdf.Dictionary()
    names["/X30"] = _form(pdf, b"0 0 1 1 re f")
    for k in range(29, -1, -1):
        names[f"/X{k}"] = _form(pdf, f"/X{k + 1} Do /X{k + 1} Do".encode())
    page = _page(pdf, pikepdf.Dictionary(XObject=names), b"/X0 Do")
    assert _problem(page) == "its page nests content more than 12 deep (a crafted or broken PDF)"


def test_forms_nested_through_a_pattern_or_a_soft_mask_are_followed():
    pdf = pikepdf.new()
    pattern = pikepdf.Stream(pdf, b"/X Do")
    pattern.update({"/Type": pikepdf.Name.Pattern, "/PatternType": 1, "/PaintType": 1, "/TilingType": 1,
                    "/BBox": [0, 0, 100, 100], "/XStep": 100, "/YStep": 100,
                    "/Resources": pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=_doubling(pdf)))})
    page = _page(pdf, pikepdf.Dictionary(Pattern=pikepdf.Dictionary(P=pattern)), b"/Pattern cs /P scn 0 0 9 9 re f")
    assert "nests content more than 12 deep" in _problem(page)
    mask = pikepdf.Dictionary(Type=pikepdf.Name.Mask, S=pikepdf.Name.Luminosity, G=_doubling(pdf))
    state = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, SMask=mask))
    page = _page(pdf, pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(G=state)), b"/G gs 0 0 9 9 re f")
    assert "nests content more than 12 deep" in _problem(page)


def test_a_wide_but_shallow_page_is_counted_and_an_ads_few_forms_pass():
    pdf = pikepdf.new()
    inner = _form(pdf, b"0 0 1 1 re f")
    for _ in range(8):  # 8 deep, each drawing the next 4 times: 4^8 = 65,536 draws
        inner = _form(pdf, b" ".join([b"/X Do"] * 4), pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner)))
    page = _page(pdf, pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner)), b"/X Do")
    assert _problem(page).startswith("its page draws more than 20,000 forms, patterns or glyph procedures")
    ad = _page(pdf, pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=_doubling(pdf, 3))), b"/X Do /X Do")
    assert _problem(ad) == ""


def test_a_content_stream_that_inflates_past_the_limit_is_refused_without_inflating_it():
    pdf = pikepdf.new()
    bomb = pikepdf.Stream(pdf, zlib.compress(b"q Q\n" * ((MAX_STREAM // 4) + 1000), 9))
    bomb.Filter = pikepdf.Name.FlateDecode
    bomb.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form, "/BBox": [0, 0, 100, 100]})
    page = _page(pdf, pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=bomb)), b"/X Do")
    assert _problem(page) == "its page has a content stream over 16 MB decoded (a crafted or broken PDF)"


def test_a_type3_glyph_drawing_nested_forms_is_followed():
    # Tf's name is its first operand (the last is the size): the glyph procedures of the font are unfolded
    pdf = pikepdf.new()
    proc = pikepdf.Stream(pdf, b"0 0 d0 /X Do")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, CharProcs=pikepdf.Dictionary(a=proc),
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=_doubling(pdf))))
    page = _page(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)), b"BT /F1 12 Tf (a) Tj (a) Tj ET")
    assert "nests content more than 12 deep" in _problem(page)


def test_a_name_missing_from_a_forms_own_resources_comes_from_its_parents():
    # a form with resources of its own (only /ProcSet here) still draws /X from the page's resources; and the
    # count of a form without resources depends on where it is drawn (not remembered across contexts)
    pdf = pikepdf.new()
    partial = _form(pdf, b"/X Do", pikepdf.Dictionary(ProcSet=[pikepdf.Name.PDF]))
    page = _page(pdf, pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=partial, X=_doubling(pdf))), b"/P Do")
    assert "nests content more than 12 deep" in _problem(page)
    bare = _form(pdf, b"/Y Do")  # /Y undefined on the page, the bomb inside the pattern
    pattern = pikepdf.Stream(pdf, b"/B Do")
    pattern.update({"/Type": pikepdf.Name.Pattern, "/PatternType": 1, "/PaintType": 1, "/TilingType": 1,
                    "/BBox": [0, 0, 9, 9], "/XStep": 9, "/YStep": 9,
                    "/Resources": pikepdf.Dictionary(XObject=pikepdf.Dictionary(B=bare, Y=_doubling(pdf)))})
    page = _page(pdf, pikepdf.Dictionary(XObject=pikepdf.Dictionary(B=bare), Pattern=pikepdf.Dictionary(T=pattern)),
                 b"/B Do /Pattern cs /T scn 0 0 9 9 re f")
    assert "nests content more than 12 deep" in _problem(page)


def test_a_malformed_pattern_type_is_no_crash():
    pdf = pikepdf.new()
    pattern = pikepdf.Stream(pdf, b"0 0 1 1 re f")
    pattern.update({"/Type": pikepdf.Name.Pattern, "/PatternType": pikepdf.Name.Bogus})
    page = _page(pdf, pikepdf.Dictionary(Pattern=pikepdf.Dictionary(T=pattern)), b"/Pattern cs /T scn 0 0 9 9 re f")
    assert _problem(page) == ""
